import { createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import { EXCHANGE_TABLES, type ExchangeTable } from '../../../../shared/contract';
import type { Sqlite } from '../../db/connection';
import type { Row } from './tables';

export const PACKAGE_FORMAT = 'carebeds-exchange';
export const PACKAGE_VERSION = 1;

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
 * admitted, kept waiting or served with a family care bed. Compressed JSON: a station's package is a few
 * hundred kilobytes and fits in an e-mail or on a USB stick.
 */
export function buildPackage(sqlite: Sqlite, facilityIds: string[], createdAt: string): { bytes: Buffer; pkg: ExchangePackage } {
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
  return { bytes: gzipSync(Buffer.from(JSON.stringify(pkg), 'utf8')), pkg };
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

/** Reads a package file; anything that is not one is refused with a message, before any lookup. */
export async function readPackage(bytes: Uint8Array): Promise<ExchangePackage> {
  const invalid = () => new AppError('EXCHANGE_FILE_INVALID', '不是 CareBeds 交换包（.cbx），或文件已损坏：无法解压或解析');
  let size: number;
  try {
    size = await inflatedSize(bytes, PACKAGE_INFLATED_MAX_BYTES);
  } catch {
    throw invalid();
  }
  if (size > PACKAGE_INFLATED_MAX_BYTES) throw packageTooLarge();
  let json: unknown;
  try {
    // The cap again, so this inflation can never outgrow what was just counted.
    json = JSON.parse(gunzipSync(bytes, { maxOutputLength: PACKAGE_INFLATED_MAX_BYTES }).toString('utf8'));
  } catch (err) {
    if (err instanceof RangeError && (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw packageTooLarge();
    throw invalid();
  }
  const parsed = packageSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('EXCHANGE_FILE_INVALID', `交换包内容不完整或格式不正确（${first ? first.path.join('.') : ''}）`);
  }
  if (parsed.data.version > PACKAGE_VERSION) {
    throw new AppError('EXCHANGE_FILE_INVALID', `交换包由更新版本的 CareBeds 生成（格式版本 ${parsed.data.version}），请先升级本机的 CareBeds`);
  }
  return parsed.data as ExchangePackage;
}
