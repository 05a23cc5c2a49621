import { createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import { EXCHANGE_TABLES, type ExchangeTable } from '../../../../shared/contract';
import type { Sqlite } from '../../db/connection';
import type { Row } from './tables';
import {
  fingerprint, passphraseDecrypt, passphraseEncryption, PASSPHRASE_SCHEME, receiverDecrypt, receiverEncryption, RECEIVER_SCHEME, sign, SIGNATURE_BYTES, verify,
  groupedFingerprint,
} from './crypto';
import type { OwnKeys, PinnedKey } from './keys';

export const PACKAGE_FORMAT = 'carebeds-exchange';
export const PACKAGE_VERSION = 2;

export interface ExchangePackage {
  format: typeof PACKAGE_FORMAT;
  version: number;
  createdAt: string;
  facilities: { id: string; name: string }[];
  tables: Partial<Record<ExchangeTable, Row[]>>;
}

const cell = z.union([z.string(), z.number(), z.null()]);
const packageSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  version: z.number().int(),
  createdAt: z.string(),
  facilities: z.array(z.object({ id: z.string(), name: z.string() })),
  tables: z.partialRecord(z.enum(Object.keys(EXCHANGE_TABLES) as [ExchangeTable, ...ExchangeTable[]]), z.array(z.record(z.string(), cell))),
});

/** The columns a table stores (generated ones such as `district_code` are left out: the file computes them). */
export function storedColumns(sqlite: Sqlite, table: string): string[] {
  return (sqlite.prepare(`SELECT name, hidden FROM pragma_table_xinfo(?)`).all(table) as { name: string; hidden: number }[])
    .filter((c) => c.hidden === 0)
    .map((c) => c.name);
}

/**
 * Which records of a table belong to the given facilities, as SQL over `:ids` (a JSON array). The same
 * scopes pick what a package carries and, on the receiving side, what this file has that the package
 * does not.
 */
const SCOPES: Record<ExchangeTable, string> = {
  facilities: `id IN (SELECT value FROM json_each(:ids))`,
  areas: `code IN (
      WITH RECURSIVE used(code) AS (
        SELECT area_code FROM facilities WHERE id IN (SELECT value FROM json_each(:ids))
        UNION SELECT area_code FROM family_care_beds WHERE provider_facility_id IN (SELECT value FROM json_each(:ids))
        UNION SELECT a.parent_code FROM areas a JOIN used u ON a.code = u.code WHERE a.parent_code IS NOT NULL
      ) SELECT code FROM used)`,
  facility_status_history: `facility_id IN (SELECT value FROM json_each(:ids))`,
  star_ratings: `facility_id IN (SELECT value FROM json_each(:ids))`,
  buildings: `facility_id IN (SELECT value FROM json_each(:ids))`,
  rooms: `building_id IN (SELECT id FROM buildings WHERE facility_id IN (SELECT value FROM json_each(:ids)))`,
  beds: `facility_id IN (SELECT value FROM json_each(:ids))`,
  bed_attributes: `bed_id IN (SELECT id FROM beds WHERE facility_id IN (SELECT value FROM json_each(:ids)))`,
  bed_outages: `bed_id IN (SELECT id FROM beds WHERE facility_id IN (SELECT value FROM json_each(:ids)))`,
  elders: `id IN (
      SELECT elder_id FROM admissions WHERE facility_id IN (SELECT value FROM json_each(:ids))
      UNION SELECT elder_id FROM waiting_applications WHERE facility_id IN (SELECT value FROM json_each(:ids))
      UNION SELECT elder_id FROM family_care_beds WHERE provider_facility_id IN (SELECT value FROM json_each(:ids)))`,
  elder_categories: `elder_id IN (SELECT id FROM elders WHERE ${'%ELDERS%'})`,
  elder_contacts: `elder_id IN (SELECT id FROM elders WHERE ${'%ELDERS%'})`,
  assessments: `elder_id IN (SELECT id FROM elders WHERE ${'%ELDERS%'})`,
  waiting_applications: `facility_id IN (SELECT value FROM json_each(:ids))`,
  admissions: `facility_id IN (SELECT value FROM json_each(:ids))`,
  stays: `facility_id IN (SELECT value FROM json_each(:ids))`,
  stay_leaves: `admission_id IN (SELECT id FROM admissions WHERE facility_id IN (SELECT value FROM json_each(:ids)))`,
  family_care_beds: `provider_facility_id IN (SELECT value FROM json_each(:ids))`,
  staff: `facility_id IN (SELECT value FROM json_each(:ids))`,
  staff_trainings: `staff_id IN (SELECT id FROM staff WHERE facility_id IN (SELECT value FROM json_each(:ids)))`,
};

export function scopeOf(table: ExchangeTable): string {
  return SCOPES[table].replace('%ELDERS%', SCOPES.elders);
}

/** Every record the given facilities hold, table by table, as stored. */
export function collectRecords(sqlite: Sqlite, facilityIds: string[]): Record<ExchangeTable, Row[]> {
  const out = {} as Record<ExchangeTable, Row[]>;
  for (const table of Object.keys(EXCHANGE_TABLES) as ExchangeTable[]) out[table] = scopedRows(sqlite, table, facilityIds);
  return out;
}

function scopedRows(sqlite: Sqlite, table: ExchangeTable, facilityIds: string[]): Row[] {
  const columns = storedColumns(sqlite, table).map((c) => `"${c}"`).join(', ');
  return sqlite.prepare(`SELECT ${columns} FROM ${table} WHERE ${scopeOf(table)}`).all({ ids: JSON.stringify(facilityIds) }) as Row[];
}

/**
 * The package of the given facilities: their registry entries (and any parent facility, so the
 * receiver can place them), their buildings, rooms and beds with history, and every elder they have
 * admitted, kept waiting or served with a family care bed. Compressed JSON (a station's package is a few
 * hundred kilobytes), then sealed by sealPackage.
 */
export function buildPackage(sqlite: Sqlite, facilityIds: string[], createdAt: string): { plain: Buffer; pkg: ExchangePackage } {
  const found = sqlite
    .prepare(`SELECT id, name FROM facilities WHERE id IN (SELECT value FROM json_each(?)) ORDER BY name`)
    .all(JSON.stringify(facilityIds)) as { id: string; name: string }[];
  const missing = facilityIds.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw new AppError('FACILITY_NOT_FOUND', `机构不存在：${missing.join('、')}`, { missing });
  // A facility's parent travels with it (the receiver needs it for the link), not the parent's records.
  const withParents = new Set(facilityIds);
  for (let grew = true; grew; ) {
    grew = false;
    const parents = sqlite
      .prepare(`SELECT DISTINCT parent_id FROM facilities WHERE id IN (SELECT value FROM json_each(?)) AND parent_id IS NOT NULL`)
      .pluck()
      .all(JSON.stringify([...withParents])) as string[];
    for (const p of parents) if (!withParents.has(p)) (withParents.add(p), (grew = true));
  }
  const tables = collectRecords(sqlite, facilityIds);
  const parentsOnly = [...withParents].filter((id) => !facilityIds.includes(id));
  if (parentsOnly.length) {
    tables.facilities.unshift(...scopedRows(sqlite, 'facilities', parentsOnly));
    const codes = new Set(tables.areas.map((a) => a.code));
    tables.areas.push(...scopedRows(sqlite, 'areas', parentsOnly).filter((a) => !codes.has(a.code)));
  }
  const pkg: ExchangePackage = { format: PACKAGE_FORMAT, version: PACKAGE_VERSION, createdAt, facilities: found, tables };
  return { plain: gzipSync(Buffer.from(JSON.stringify(pkg), 'utf8')), pkg };
}

/**
 * How large a package may be once inflated. A few MB of gzip can inflate to gigabytes (a gzip bomb), and
 * inflated whole that aborts the process. Measured on the beijing benchmark file: the 200 largest homes
 * (225,180 records) are 3.0 MB compressed and 67 MB of JSON, every facility of the city (2,078, 521,864
 * records) 7.0 MB and 155 MB. 256 MB passes all of Beijing with room to spare, and stays well under what
 * one JSON string may hold (V8: about 512 million characters) and what parsing it into records needs.
 */
export const PACKAGE_INFLATED_MAX_BYTES = 256 * 1024 * 1024;

function packageTooLarge(): AppError {
  return new AppError(
    'EXCHANGE_FILE_TOO_LARGE',
    `交换包解压后超过 ${PACKAGE_INFLATED_MAX_BYTES / 1024 / 1024} MB，可能已损坏或不是 CareBeds 交换包；机构很多时请分几次导出`,
  );
}

/**
 * How many bytes the package inflates to, counted as it inflates and not kept, stopping past `cap`. So a
 * bomb is refused having held a megabyte at a time, not the cap's worth, before the real inflation.
 */
async function inflatedSize(bytes: Uint8Array, cap: number): Promise<number> {
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  gunzip.end(bytes);
  let size = 0;
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > cap) {
      gunzip.destroy();
      break;
    }
  }
  return size;
}

/*
 * A version-2 file: MAGIC, the header's length (4 bytes, big-endian), the header (JSON), the encrypted
 * payload (AES-256-GCM ciphertext of the gzip JSON, then its tag; the magic, length and header are its
 * associated data), then the sender's Ed25519 signature over every byte before it. Signing the file's
 * exact bytes rather than a canonical form of the plaintext means the signature is checked first, before
 * anything is decrypted, decompressed or parsed, and it covers the header too: no one can swap the
 * sender's receiving key (where the answer will be encrypted to) or the encryption parameters.
 */
const MAGIC = Buffer.from('CBX\x00', 'latin1');
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const headerSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  version: z.number().int(),
  signer: b64,
  replyTo: b64,
  encryption: z.discriminatedUnion('scheme', [
    z.object({ scheme: z.literal(RECEIVER_SCHEME), recipient: z.string(), ephemeral: b64, iv: b64 }),
    z.object({ scheme: z.literal(PASSPHRASE_SCHEME), salt: b64, N: z.number().int(), r: z.number().int(), p: z.number().int(), iv: b64 }),
  ]),
});
type Header = z.infer<typeof headerSchema>;

export type SealTo = { receiver: PinnedKey } | { passphrase: string };

/** Signs and encrypts a built package, to the receiver's key or under a passphrase. */
export function sealPackage(plain: Buffer, own: OwnKeys, to: SealTo): Buffer {
  const enc = 'receiver' in to ? receiverEncryption(to.receiver.boxPublic) : passphraseEncryption(to.passphrase);
  const header: Header = {
    format: PACKAGE_FORMAT,
    version: PACKAGE_VERSION,
    signer: own.signPublic.toString('base64'),
    replyTo: own.boxPublic.toString('base64'),
    encryption:
      'receiver' in to
        ? { scheme: RECEIVER_SCHEME, recipient: to.receiver.fingerprint, ephemeral: (enc as ReturnType<typeof receiverEncryption>).ephemeralPublicKey.toString('base64'), iv: enc.iv.toString('base64') }
        : { scheme: PASSPHRASE_SCHEME, salt: (enc as ReturnType<typeof passphraseEncryption>).salt.toString('base64'), ...(enc as ReturnType<typeof passphraseEncryption>).params, iv: enc.iv.toString('base64') },
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const prefix = Buffer.concat([MAGIC, length, headerBytes]);
  const body = Buffer.concat([prefix, enc.encrypt(plain, prefix)]);
  return Buffer.concat([body, sign(body, own.signPrivate)]);
}

export interface OpenedPackage {
  pkg: ExchangePackage;
  /** The signer's keys; null for a version-1 package (unsigned, read only when allowed). */
  sender: { signPublic: Buffer; boxPublic: Buffer; fingerprint: string } | null;
  encryption: 'receiver' | 'passphrase' | 'none';
}

const invalid = (why: string) => new AppError('EXCHANGE_FILE_INVALID', `不是 CareBeds 交换包（.cbx），或文件已损坏：${why}`);

/**
 * Reads a package file: signature first, then decryption, then the content. Anything that is not a
 * package, is altered, is for another receiver or needs a passphrase is refused before any lookup.
 */
export async function openPackage(bytes: Uint8Array, own: OwnKeys | null, opts: { passphrase?: string; allowUnsigned?: boolean }): Promise<OpenedPackage> {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.subarray(0, 2).equals(GZIP_MAGIC)) {
    if (!opts.allowUnsigned) throw new AppError('EXCHANGE_UNSIGNED');
    return { pkg: await parsePlain(file, 1), sender: null, encryption: 'none' };
  }
  if (file.length < MAGIC.length + 4 + SIGNATURE_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) throw invalid('文件头不正确');
  const headerLength = file.readUInt32BE(MAGIC.length);
  const bodyEnd = file.length - SIGNATURE_BYTES;
  const payloadStart = MAGIC.length + 4 + headerLength;
  if (payloadStart > bodyEnd) throw invalid('文件不完整');
  let header: Header;
  try {
    const raw = JSON.parse(file.subarray(MAGIC.length + 4, payloadStart).toString('utf8')) as { version?: unknown };
    if (typeof raw.version === 'number' && raw.version > PACKAGE_VERSION) {
      throw new AppError('EXCHANGE_FILE_INVALID', `交换包由更新版本的 CareBeds 生成（格式版本 ${raw.version}），请先升级本机的 CareBeds`);
    }
    header = headerSchema.parse(raw);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw invalid('文件头无法解析');
  }
  const signer = Buffer.from(header.signer, 'base64');
  const replyTo = Buffer.from(header.replyTo, 'base64');
  const body = file.subarray(0, bodyEnd);
  if (signer.length !== 32 || replyTo.length !== 32 || !verify(body, file.subarray(bodyEnd), signer)) throw new AppError('EXCHANGE_SIGNATURE_INVALID');
  const aad = file.subarray(0, payloadStart);
  const data = file.subarray(payloadStart, bodyEnd);
  const e = header.encryption;
  let plain: Buffer | null;
  if (e.scheme === RECEIVER_SCHEME) {
    // No key pair yet: nothing can have been encrypted to this installation.
    const mine = own !== null && e.recipient === own.fingerprint;
    plain = mine ? receiverDecrypt({ privateKey: own.boxPrivate, publicKey: own.boxPublic }, Buffer.from(e.ephemeral, 'base64'), Buffer.from(e.iv, 'base64'), data, aad) : null;
    if (!plain) {
      throw new AppError('EXCHANGE_NOT_RECIPIENT', `该交换包是加密发给另一台电脑的（接收方密钥指纹 ${groupedFingerprint(e.recipient)}；本机为 ${own ? groupedFingerprint(own.fingerprint) : '尚无密钥'}），本机无法解密`);
    }
  } else {
    if (!opts.passphrase) throw new AppError('EXCHANGE_PASSPHRASE_REQUIRED');
    try {
      plain = passphraseDecrypt(opts.passphrase, Buffer.from(e.salt, 'base64'), e, Buffer.from(e.iv, 'base64'), data, aad);
    } catch {
      throw invalid('口令加密参数不正确');
    }
    if (!plain) throw new AppError('EXCHANGE_PASSPHRASE_WRONG');
  }
  return {
    pkg: await parsePlain(plain, PACKAGE_VERSION),
    sender: { signPublic: signer, boxPublic: replyTo, fingerprint: fingerprint(signer) },
    encryption: e.scheme === RECEIVER_SCHEME ? 'receiver' : 'passphrase',
  };
}

/** The gzip JSON inside: a version-1 file is nothing else; a version-2 file holds it encrypted. */
async function parsePlain(bytes: Buffer, version: number): Promise<ExchangePackage> {
  let size: number;
  try {
    size = await inflatedSize(bytes, PACKAGE_INFLATED_MAX_BYTES);
  } catch {
    throw invalid('无法解压或解析');
  }
  if (size > PACKAGE_INFLATED_MAX_BYTES) throw packageTooLarge();
  let json: unknown;
  try {
    // The cap again, so this inflation can never outgrow what was just counted.
    json = JSON.parse(gunzipSync(bytes, { maxOutputLength: PACKAGE_INFLATED_MAX_BYTES }).toString('utf8'));
  } catch (err) {
    if (err instanceof RangeError && (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw packageTooLarge();
    throw invalid('无法解压或解析');
  }
  const parsed = packageSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('EXCHANGE_FILE_INVALID', `交换包内容不完整或格式不正确（${first ? first.path.join('.') : ''}）`);
  }
  if (parsed.data.version > PACKAGE_VERSION) {
    throw new AppError('EXCHANGE_FILE_INVALID', `交换包由更新版本的 CareBeds 生成（格式版本 ${parsed.data.version}），请先升级本机的 CareBeds`);
  }
  // A version-2 content in a bare gzip file would pass for a signed package that lost its signature.
  if (parsed.data.version !== version) throw invalid(`格式版本 ${parsed.data.version} 与文件结构不符`);
  return parsed.data as ExchangePackage;
}
