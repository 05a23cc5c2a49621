import type { Sqlite } from '../../db/connection';
import { fingerprint, generateBoxKeys, generateSigningKeys } from './crypto';

/** This installation's keys (migration 0019), made the first time a package is exported or read. */
export interface OwnKeys {
  signPublic: Buffer;
  signPrivate: Buffer;
  boxPublic: Buffer;
  boxPrivate: Buffer;
  fingerprint: string;
}

/** This installation's key pair when it has made one, without making it (a read, for opening a package). */
export function existingOwnKeys(sqlite: Sqlite): OwnKeys | null {
  const row = sqlite.prepare('SELECT sign_public, sign_private, box_public, box_private FROM exchange_own_key WHERE id = 1').get() as
    | { sign_public: Buffer; sign_private: Buffer; box_public: Buffer; box_private: Buffer }
    | undefined;
  return row ? { signPublic: row.sign_public, signPrivate: row.sign_private, boxPublic: row.box_public, boxPrivate: row.box_private, fingerprint: fingerprint(row.sign_public) } : null;
}

/**
 * This installation's key pair, made on first use: called only once a package is about to be sealed, so
 * a refused request writes nothing.
 */
export function ownKeys(sqlite: Sqlite, now: string): OwnKeys {
  const existing = existingOwnKeys(sqlite);
  if (existing) return existing;
  const s = generateSigningKeys();
  const b = generateBoxKeys();
  // OR IGNORE: another process that made its pair first wins, and both then use that one.
  sqlite
    .prepare('INSERT OR IGNORE INTO exchange_own_key (id, sign_public, sign_private, box_public, box_private, created_at) VALUES (1, ?, ?, ?, ?, ?)')
    .run(s.publicKey, s.privateKey, b.publicKey, b.privateKey, now);
  return existingOwnKeys(sqlite)!;
}

export interface PinnedKey {
  fingerprint: string;
  signPublic: Buffer;
  boxPublic: Buffer;
}

/** The keys pinned to the given facilities, by facility (a facility never seen in a package has none). */
export function pinsOf(sqlite: Sqlite, facilityIds: string[]): Map<string, PinnedKey> {
  const rows = sqlite
    .prepare(
      `SELECT p.facility_id, k.fingerprint, k.sign_public, k.box_public FROM exchange_key_pins p JOIN exchange_keys k ON k.fingerprint = p.fingerprint
       WHERE p.facility_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(facilityIds)) as { facility_id: string; fingerprint: string; sign_public: Buffer; box_public: Buffer }[];
  return new Map(rows.map((r) => [r.facility_id, { fingerprint: r.fingerprint, signPublic: r.sign_public, boxPublic: r.box_public }]));
}

/**
 * Whom a package of these facilities is encrypted to: the one key that sent packages of every one of them
 * (a station's package goes back to the bureau whose package named it). None when a facility has no pin
 * or the pins differ: the export then needs a passphrase.
 */
export function receiverFor(sqlite: Sqlite, facilityIds: string[]): PinnedKey | null {
  const pins = pinsOf(sqlite, facilityIds);
  const keys = new Set([...pins.values()].map((p) => p.fingerprint));
  if (pins.size !== facilityIds.length || keys.size !== 1) return null;
  return pins.get(facilityIds[0]!)!;
}

/** Remembers the sender's key and pins it to the package's facilities (in the import's transaction). */
export function pinKey(sqlite: Sqlite, key: { signPublic: Buffer; boxPublic: Buffer }, facilityIds: string[], now: string, by: string): void {
  const fp = fingerprint(key.signPublic);
  sqlite
    .prepare(
      `INSERT INTO exchange_keys (fingerprint, sign_public, box_public, first_seen_at, last_seen_at, accepted_by) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (fingerprint) DO UPDATE SET box_public = excluded.box_public, last_seen_at = excluded.last_seen_at`,
    )
    .run(fp, key.signPublic, key.boxPublic, now, now, by);
  const pin = sqlite.prepare(
    `INSERT INTO exchange_key_pins (facility_id, fingerprint, pinned_at, pinned_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (facility_id) DO UPDATE SET fingerprint = excluded.fingerprint, pinned_at = excluded.pinned_at, pinned_by = excluded.pinned_by
     WHERE exchange_key_pins.fingerprint <> excluded.fingerprint`,
  );
  for (const id of facilityIds) pin.run(id, fp, now, by);
}
