import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Sqlite } from '../db/connection';
import type { JobRegistry } from '../import/jobs';
import type { Logger } from './log';
import type { CountingState } from '../counting';
import type { Access, Scope } from './access';
import type { SessionStore } from './sessions';

export interface Actor {
  id: string;
  name: string;
}

export { consoleLogger, silentLogger, type Logger } from './log';
/** Starts and stops serving the LAN over HTTPS (http/lan.ts); present where the process can serve the UI. */
export interface LanControl {
  start(): Promise<{ port: number; fingerprint: string }>;
  stop(): Promise<void>;
}


/** Everything a service needs, passed explicitly so tests can fix the clock and the actor. */
export interface CoreContext {
  db: Kysely<Database>;
  sqlite: Sqlite;
  dbPath: string;
  actor: Actor;
  /** Current instant; injected so tests and back-dated checks are deterministic. */
  now(): Date;
  logger: Logger;
  schemaVersion: string;
  /** The file was not writable when opened: reads work, every write fails as DATABASE_READ_ONLY. */
  readOnly: boolean;
  jobs: JobRegistry;
  /** What the counting engine and the indicators keep between calls for this core (counting/state.ts). */
  counting: CountingState;
  /** Every call but the public ones needs a signed-in session (the HTTP host and the desktop window). */
  requireSession: boolean;
  /** The caller's rights; null for the system itself (the CLI as the file's owner, tests) with every right. */
  access: Access | null;
  /** The caller's scope for the running channel's permission, for lists to filter by in SQL; null = everything. */
  scope: Scope | null;
  /** The running call's session token, if any (auth.logout ends it). */
  session: string | null;
  /** Where the running call came from (an HTTP client's address), for the audit of logins. */
  address: string | null;
  sessions: SessionStore;
  /** scrypt's cost as log2 N: 17 in production; tests lower it (a login costs ~0.3 s at 17). */
  scryptLog2N: number;
  /** Set while this core serves the LAN over HTTPS: the port and the certificate's fingerprint (设置 shows it). */
  lan: { port: number; fingerprint: string } | null;
  /** How this process serves the LAN, if it can (the desktop app's core process); null in the CLI and tests. */
  lanControl: LanControl | null;
}

// Declared with the schema; re-exported here where the core's features have always found it.
export type { Trx } from '../db/schema';

export const LOCAL_ACTOR: Actor = { id: 'local', name: '本机用户' };
/** Who the CLI acts as: the operating-system user who can open the file (the file's permissions protect it). */
export const cliActor = (osUser: string): Actor => ({ id: `cli:${osUser}`, name: `命令行（${osUser}）` });
