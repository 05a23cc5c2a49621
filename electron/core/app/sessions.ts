import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing (scrypt from node:crypto). The stored form names its own parameters
 * (`scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`), so a file keeps working if the cost is raised later and a
 * test's cheaper hashes verify like any other.
 */
export const PRODUCTION_SCRYPT_LOG2N = 17;

function scrypt(password: string, salt: Buffer, log2n: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2n;
  // scrypt needs 128·N·r bytes; Node's default cap (32 MB) is below what N = 2^17 takes.
  const maxmem = 128 * N * r * p + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, 32, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, log2n = PRODUCTION_SCRYPT_LOG2N): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, log2n, 8, 1);
  return `scrypt$${log2n}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, log2n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), Number(log2n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

interface Session {
  accountId: string;
  lastSeen: number;
}

/**
 * Sessions live in the serving process's memory only: bound to this server, gone when it stops. The
 * store keeps a token's hash, so a memory dump shows no usable token.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  private static key(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  create(accountId: string, now: number): string {
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(SessionStore.key(token), { accountId, lastSeen: now });
    return token;
  }

  /** The session's account, touching it; null (and the session ended) once it was idle `idleMs`. */
  use(token: string, now: number, idleMs: number): { accountId: string } | 'expired' | null {
    const key = SessionStore.key(token);
    const session = this.sessions.get(key);
    if (!session) return null;
    if (now - session.lastSeen > idleMs) {
      this.sessions.delete(key);
      return 'expired';
    }
    session.lastSeen = now;
    return { accountId: session.accountId };
  }

  end(token: string): void {
    this.sessions.delete(SessionStore.key(token));
  }

  /** Ends every session of an account (disabled, password reset, roles changed), or all but `except` (its own password change). */
  endAll(accountId: string, except?: string | null): void {
    const kept = except ? SessionStore.key(except) : null;
    for (const [key, s] of this.sessions) if (s.accountId === accountId && key !== kept) this.sessions.delete(key);
  }
}
