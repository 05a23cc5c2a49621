import crypto from 'node:crypto';

/**
 * Every algorithm an exchange package uses, and nothing else does: signing (Ed25519), encryption to a
 * receiver (X25519 + HKDF-SHA256 → AES-256-GCM, a fresh sender key per package), encryption under a
 * passphrase (scrypt → AES-256-GCM) and key fingerprints (SHA-256). Kept in this one module so that the
 * national algorithms (SM2 signing and key agreement, SM3, SM4) can replace them here, with a new scheme
 * name in the package header, without touching how packages are built or merged.
 */

export const SIGNATURE_BYTES = 64;
export const RECEIVER_SCHEME = 'x25519-hkdf-sha256-aes-256-gcm';
export const PASSPHRASE_SCHEME = 'scrypt-aes-256-gcm';

// DER prefixes that turn a raw 32-byte public key into SubjectPublicKeyInfo (RFC 8410).
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');

export interface KeyPairBytes {
  /** Raw 32-byte public key. */
  publicKey: Buffer;
  /** PKCS#8 DER private key. */
  privateKey: Buffer;
}

function generate(kind: 'ed25519' | 'x25519'): KeyPairBytes {
  const pair = crypto.generateKeyPairSync(kind as 'ed25519');
  return {
    publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32),
    privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }),
  };
}
export const generateSigningKeys = () => generate('ed25519');
export const generateBoxKeys = () => generate('x25519');

const publicKey = (prefix: Buffer, raw: Uint8Array) => {
  if (raw.length !== 32) throw new Error('public key must be 32 bytes');
  return crypto.createPublicKey({ key: Buffer.concat([prefix, raw]), format: 'der', type: 'spki' });
};
const privateKey = (der: Uint8Array) => crypto.createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });

/** SHA-256 of the raw public key, upper-case hex: what the user compares and what a pin stores. */
export const fingerprint = (rawPublicKey: Uint8Array) => crypto.createHash('sha256').update(rawPublicKey).digest('hex').toUpperCase();

/** A fingerprint as shown: 16 groups of four hex digits (3F2A 9C01 …), read out over the phone. */
export const groupedFingerprint = (hex: string) => hex.match(/.{1,4}/g)?.join(' ') ?? hex;

export const sign = (data: Uint8Array, signingPrivateKey: Uint8Array) => crypto.sign(null, data, privateKey(signingPrivateKey));

export function verify(data: Uint8Array, signature: Uint8Array, signingPublicKey: Uint8Array): boolean {
  try {
    return crypto.verify(null, data, publicKey(ED25519_SPKI, signingPublicKey), signature);
  } catch {
    return false;
  }
}

function gcmEncrypt(key: Buffer, plain: Uint8Array, aad: Uint8Array, iv: Buffer): Buffer {
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** Null when the key is wrong or a byte changed (GCM authenticates). */
function gcmDecrypt(key: Buffer, data: Uint8Array, aad: Uint8Array, iv: Uint8Array): Buffer | null {
  if (data.length < 16) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(data.subarray(data.length - 16)));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

const HKDF_INFO = Buffer.from('carebeds-exchange v2 ' + RECEIVER_SCHEME);

function receiverKey(shared: Buffer, ephemeralPublic: Uint8Array, receiverPublic: Uint8Array): Buffer {
  // Both public keys in the salt bind the key to this exchange and this receiver.
  return Buffer.from(crypto.hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, receiverPublic]), HKDF_INFO, 32));
}

/** The sender's half: a fresh X25519 key per package, so nothing the sender keeps opens a package it sent. */
export function receiverEncryption(receiverBoxPublicKey: Uint8Array) {
  const ephemeral = generateBoxKeys();
  const shared = crypto.diffieHellman({ privateKey: privateKey(ephemeral.privateKey), publicKey: publicKey(X25519_SPKI, receiverBoxPublicKey) });
  const key = receiverKey(shared, ephemeral.publicKey, receiverBoxPublicKey);
  const iv = crypto.randomBytes(12);
  return {
    ephemeralPublicKey: ephemeral.publicKey,
    iv,
    encrypt: (plain: Uint8Array, aad: Uint8Array) => gcmEncrypt(key, plain, aad, iv),
  };
}

export function receiverDecrypt(
  box: { privateKey: Uint8Array; publicKey: Uint8Array },
  ephemeralPublicKey: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  aad: Uint8Array,
): Buffer | null {
  let shared: Buffer;
  try {
    shared = crypto.diffieHellman({ privateKey: privateKey(box.privateKey), publicKey: publicKey(X25519_SPKI, ephemeralPublicKey) });
  } catch {
    return null;
  }
  return gcmDecrypt(receiverKey(shared, ephemeralPublicKey, box.publicKey), data, aad, iv);
}

/** scrypt cost: N = 2^15 takes about 0.1 s and 32 MB; a package may ask for up to 2^20, never more. */
export const SCRYPT_DEFAULT = { N: 2 ** 15, r: 8, p: 1 };
const SCRYPT_MAX_N = 2 ** 20;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

function passphraseKey(passphrase: string, salt: Uint8Array, params: ScryptParams): Buffer {
  if (!Number.isInteger(params.N) || params.N < 2 ** 14 || params.N > SCRYPT_MAX_N || params.r < 1 || params.r > 16 || params.p < 1 || params.p > 4) {
    throw new Error('scrypt parameters out of range');
  }
  return crypto.scryptSync(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 });
}

export function passphraseEncryption(passphrase: string, params: ScryptParams = SCRYPT_DEFAULT) {
  const salt = crypto.randomBytes(16);
  const iv = crypto.randomBytes(12);
  const key = passphraseKey(passphrase, salt, params);
  return { salt, iv, params, encrypt: (plain: Uint8Array, aad: Uint8Array) => gcmEncrypt(key, plain, aad, iv) };
}

export function passphraseDecrypt(passphrase: string, salt: Uint8Array, params: ScryptParams, iv: Uint8Array, data: Uint8Array, aad: Uint8Array): Buffer | null {
  return gcmDecrypt(passphraseKey(passphrase, salt, params), data, aad, iv);
}
