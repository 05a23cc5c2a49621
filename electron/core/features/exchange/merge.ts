import { AppError, isErrorCode, ERROR_MESSAGES } from '../../../../shared/errors';
import { EXCHANGE_TABLES, type ExchangeProblem, type ExchangeRecordNote, type ExchangeReport, type ExchangeTable, type ExchangeTableCounts } from '../../../../shared/contract';
import type { CoreContext } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import type BetterSqlite3 from 'better-sqlite3';
import { scopeOf, storedColumns, type ExchangePackage } from './package';
import { BOOKKEEPING, recordLabel, TABLE_SPECS, type LabelContext, type Row, type TableSpec } from './tables';
import { Ownership } from './ownership';
import type { ExchangeSender } from '../../../../shared/contract';

const MAX_PROBLEMS = 200;
const MAX_NOTES = 100;
/** Records the audit entry lists with before and after; past that it counts them (a 200-home import adds 200,000). */
const MAX_AUDITED = 2000;

/**
 * The sender's side of a merge (handlers.ts): called in the merge's transaction with this file's ids of
 * the package's facilities, before anything is committed. It may refuse (a changed key not accepted), and
 * on an import it pins the key; what it returns goes into the report and the audit entry.
 */
export type SenderCheck = (facilityIds: string[], apply: boolean) => { sender: ExchangeSender; audit: Record<string, unknown> };

interface AuditedRecord {
  table: ExchangeTable;
  key: string;
  label: string;
  before: Row | null;
  after: Row;
}

class Rollback extends Error {
  constructor(readonly report: ExchangeReport) {
    super('rollback');
  }
}

/**
 * What a unique index refusing a package's record means here, by the columns SQLite names. (Open stays,
 * admissions and leaves that collide are refused earlier, by the overlap triggers: OVERLAP below.)
 */
const UNIQUE_MEANINGS: Record<string, string> = {
  'beds.room_id, beds.number': '本机该房间已有同号的在用床位（可能是本机另行录入的床位）',
  'facilities.name': '本机已有同名的另一机构',
  'facilities.credit_code': '本机已有使用该统一社会信用代码的另一机构',
  'waiting_applications.facility_id, waiting_applications.elder_id': '该老人在本机已有一条正在轮候的申请',
  'family_care_beds.elder_id': '本机中该老人另有一张未撤床的家庭照护床位',
  'bed_outages.bed_id': '本机中该床位另有一条未结束的停用维修记录',
};

// An exchange deletes nothing: a record the sender has since removed (an admission withdrawn, the first
// stay of a same-day transfer) still stands here and overlaps what replaced it.
const OVERLAP = '本机已有与之时段重叠的记录（若对方撤销或改动过这条记录，本机仍保留的旧记录也会与之冲突）';

/** A refused write in the user's words: the trigger's own code when it has one, else the kind of constraint. */
function problemMessage(err: unknown): { message: string; detail?: string } {
  const text = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown })?.code;
  const prefix = text.split(':')[0]!.trim();
  if (prefix === 'STAY_CONFLICT' || prefix === 'BED_OCCUPIED') return { message: `${ERROR_MESSAGES[prefix]}：${OVERLAP}`, detail: text };
  if (isErrorCode(prefix)) return { message: ERROR_MESSAGES[prefix], detail: text };
  if (typeof code === 'string') {
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return { message: UNIQUE_MEANINGS[text.replace(/^UNIQUE constraint failed: /, '')] ?? '与本机另一条记录重复（同名、同号或同一日期）', detail: text };
    }
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return { message: '引用的记录在交换包和本机中都不存在', detail: text };
    if (code === 'SQLITE_CONSTRAINT_NOTNULL') return { message: '缺少必填的内容', detail: text };
    if (code === 'SQLITE_CONSTRAINT_CHECK') return { message: '取值不符合要求（日期、代码或先后顺序）', detail: text };
    if (code.startsWith('SQLITE_CONSTRAINT')) return { message: '与本机数据冲突', detail: text };
    if (code === 'SQLITE_MISMATCH') return { message: '取值类型不正确', detail: text };
  }
  throw err;
}

const same = (a: unknown, b: unknown) => a === b || (a == null && b == null);

/** Facilities after their parents, areas after theirs: a record is written after the one it names. */
function writeOrder(table: ExchangeTable, rows: Row[]): Row[] {
  if (table === 'areas') return [...rows].sort((a, b) => String(a.code).length - String(b.code).length);
  if (table !== 'facilities') return rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Row[] = [];
  const seen = new Set<unknown>();
  const visit = (r: Row, depth: number) => {
    if (seen.has(r.id) || depth > rows.length) return;
    const parent = r.parent_id == null ? undefined : byId.get(r.parent_id);
    if (parent) visit(parent, depth + 1);
    seen.add(r.id);
    out.push(r);
  };
  for (const r of rows) visit(r, 0);
  return out;
}

type Prepare = (text: string) => BetterSqlite3.Statement<unknown[]>;

/** This file's copy of a record: by key, else by one of the table's natural keys. */
function findLocal(prepare: Prepare, spec: TableSpec, row: Row): Row | undefined {
  const by = (columns: string[]) =>
    prepare(`SELECT * FROM ${spec.name} WHERE ${columns.map((c) => `"${c}" = ?`).join(' AND ')}`).get(...columns.map((c) => row[c])) as Row | undefined;
  if (spec.key.every((k) => row[k] != null)) {
    const found = by(spec.key);
    if (found) return found;
  }
  for (const natural of spec.natural ?? []) {
    if (!natural.every((c) => row[c] != null)) continue;
    const found = by(natural);
    if (found) return found;
  }
  return undefined;
}

/**
 * Writes a package into this file, table by table in one transaction: a record not here is added; one
 * here (by key, or by natural key: a facility by credit code or name, an elder by ID number, a room by
 * building and number) is compared and, when it differs, updated or kept by the table's rule
 * (tables.ts). Nothing is deleted: records of the package's facilities that only this file has are
 * counted for the preview. Any record that cannot be written is a problem, and then nothing is written;
 * a preview always rolls back.
 */
export async function mergePackage(ctx: CoreContext, pkg: ExchangePackage, fileName: string, apply: boolean, checkSender?: SenderCheck): Promise<ExchangeReport> {
  const sqlite = ctx.sqlite;
  // One compiled statement per text: a package of a large home has tens of thousands of rows.
  const statements = new Map<string, BetterSqlite3.Statement<unknown[]>>();
  const prepare: Prepare = (text) => {
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = sqlite.prepare(text)));
    return statement;
  };
  try {
    return await inTransaction(ctx, async (trx) => {
      const elderNames = new Map((pkg.tables.elders ?? []).map((e) => [e.id, String(e.name ?? '')]));
      const facilityNames = new Map((pkg.tables.facilities ?? []).map((f) => [f.id, String(f.name ?? '')]));
      // A record naming someone the package does not carry (a refused one, say) is labelled with this file's name.
      const localName = (table: string, id: unknown) => (prepare(`SELECT name FROM ${table} WHERE id = ?`).pluck().get(id) as string | undefined) ?? '';
      const names: LabelContext = {
        elderName: (id) => elderNames.get(id as string) ?? localName('elders', id),
        facilityName: (id) => facilityNames.get(id as string) ?? localName('facilities', id),
      };
      const keyMaps = new Map<ExchangeTable, Map<string, string>>();
      const keysWritten = new Map<ExchangeTable, Set<string>>();
      const tables: ExchangeTableCounts[] = [];
      const problems: ExchangeProblem[] = [];
      const updatedNotes: ExchangeRecordNote[] = [];
      const keptNotes: ExchangeRecordNote[] = [];
      /** Package keys of records that could not be written, by table. */
      const failed = new Map<ExchangeTable, Set<string>>();
      const ownership = new Ownership(prepare, pkg, (table, id) => keyMaps.get(table)?.get(id) ?? id, ctx.now());
      const audited: AuditedRecord[] = [];
      let unaudited = 0;
      const audit = (r: AuditedRecord) => (audited.length < MAX_AUDITED ? audited.push(r) : unaudited++);
      const keyOf = (spec: TableSpec, row: Row) => spec.key.map((k) => String(row[k])).join('|');
      const pick = (row: Row, columns: string[]) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));

      for (const spec of TABLE_SPECS) {
        const title = EXCHANGE_TABLES[spec.name];
        const rows = writeOrder(spec.name, pkg.tables[spec.name] ?? []);
        const columns = new Set(storedColumns(sqlite, spec.name));
        const counts: ExchangeTableCounts = { table: spec.name, title, inPackage: rows.length, added: 0, updated: 0, unchanged: 0, kept: 0, localOnly: 0 };
        const keys = new Set<string>();
        keysWritten.set(spec.name, keys);
        const map = new Map<string, string>();
        keyMaps.set(spec.name, map);
        const updates: { original: Row; row: Row; local: Row; label: string; changed: string[] }[] = [];
        const inserts: { original: Row; row: Row; label: string }[] = [];
        const failedHere = new Set<string>();
        failed.set(spec.name, failedHere);
        const markFailed = (row: Row) => {
          if (spec.key.length === 1) failedHere.add(String(row[spec.key[0]!]));
        };
        const problem = (label: string, message: string, detail?: string, notOwned?: true) => {
          if (problems.length < MAX_PROBLEMS) problems.push({ table: spec.name, title, label, message, ...(detail ? { detail } : {}), ...(notOwned ? { notOwned } : {}) });
        };

        for (const original of rows) {
          const label = recordLabel(spec.name, original, names);
          const unknown = Object.keys(original).filter((c) => !columns.has(c));
          if (unknown.length) {
            problem(label, `含有本机不认识的字段（${unknown.join('、')}），交换包可能来自更新版本的 CareBeds`);
            markFailed(original);
            continue;
          }
          const row: Row = { ...original };
          // A record whose own reference could not be written fails with it: one problem is reported, not its consequences.
          if (Object.entries(spec.refs ?? {}).some(([column, target]) => typeof row[column] === 'string' && failed.get(target)?.has(row[column] as string))) {
            markFailed(original);
            continue;
          }
          for (const [column, target] of Object.entries(spec.refs ?? {})) {
            const value = row[column];
            if (typeof value === 'string') row[column] = keyMaps.get(target)?.get(value) ?? value;
          }
          const local = findLocal(prepare, spec, row);
          if (local && spec.key.length === 1) {
            const k = spec.key[0]!;
            if (local[k] !== row[k]) {
              map.set(String(original[k]), String(local[k]));
              row[k] = local[k]!;
            }
          }
          const changed = local ? Object.keys(row).filter((c) => !BOOKKEEPING.has(c) && !spec.derived?.includes(c) && !same(row[c], local[c])) : [];
          const refusal = ownership.refusal(spec.name, original, row, local, changed.length > 0);
          if (refusal) {
            problem(label, refusal, undefined, true);
            markFailed(original);
            continue;
          }
          keys.add(spec.key.map((k) => String(row[k])).join('|'));
          if (!local) {
            inserts.push({ original, row, label });
            continue;
          }
          if (changed.length === 0) {
            counts.unchanged++;
            continue;
          }
          const packageWins = spec.policy === 'package' || (spec.policy === 'newer' && String(row.updated_at ?? '') > String(local.updated_at ?? ''));
          if (packageWins) updates.push({ original, row, local, label, changed: spec.policy === 'newer' ? [...changed, 'updated_at'] : changed });
          else {
            counts.kept++;
            if (keptNotes.length < MAX_NOTES) keptNotes.push({ table: spec.name, title, label });
          }
        }

        // Updates first: a stay ended in the package frees its bed before the next stay there is added.
        for (const u of updates) {
          try {
            prepare(`UPDATE ${spec.name} SET ${u.changed.map((c) => `"${c}" = ?`).join(', ')} WHERE ${spec.key.map((k) => `"${k}" = ?`).join(' AND ')}`)
              .run(...u.changed.map((c) => u.row[c]), ...spec.key.map((k) => u.row[k]));
            counts.updated++;
            if (updatedNotes.length < MAX_NOTES) updatedNotes.push({ table: spec.name, title, label: u.label });
            audit({ table: spec.name, key: keyOf(spec, u.row), label: u.label, before: pick(u.local, u.changed), after: pick(u.row, u.changed) });
          } catch (err) {
            const { message, detail } = problemMessage(err);
            problem(u.label, message, detail);
            markFailed(u.original);
          }
        }
        for (const i of inserts) {
          const cols = Object.keys(i.row);
          try {
            prepare(`INSERT INTO ${spec.name} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => i.row[c]));
            counts.added++;
            audit({ table: spec.name, key: keyOf(spec, i.row), label: i.label, before: null, after: i.row });
          } catch (err) {
            const { message, detail } = problemMessage(err);
            problem(i.label, message, detail);
            markFailed(i.original);
          }
        }
        tables.push(counts);
      }

      const facilityIds = pkg.facilities.map((f) => keyMaps.get('facilities')?.get(f.id) ?? f.id);
      // What this file holds of the package's facilities that the package does not, counted by SQLite
      // against the package's keys (ids and category names contain no '|').
      for (const counts of tables) {
        const spec = TABLE_SPECS.find((s) => s.name === counts.table)!;
        const key = spec.key.map((k) => `"${k}"`).join(" || '|' || ");
        counts.localOnly = sqlite
          .prepare(`SELECT count(*) FROM ${counts.table} WHERE ${scopeOf(counts.table)} AND ${key} NOT IN (SELECT value FROM json_each(:keys))`)
          .pluck()
          .get({ ids: JSON.stringify(facilityIds), keys: JSON.stringify([...keysWritten.get(counts.table)!]) }) as number;
      }

      const checked = checkSender?.(facilityIds, apply && problems.length === 0);
      const report: ExchangeReport = {
        fileName,
        createdAt: pkg.createdAt,
        facilities: pkg.facilities.map((f) => ({ id: keyMaps.get('facilities')?.get(f.id) ?? f.id, name: f.name })),
        tables,
        problems,
        updated: updatedNotes,
        kept: keptNotes,
        applied: apply && problems.length === 0,
        ...(checked ? { sender: checked.sender } : {}),
      };
      if (!report.applied) throw new Rollback(report);
      const added = tables.reduce((n, t) => n + t.added, 0);
      const updated = tables.reduce((n, t) => n + t.updated, 0);
      const kept = tables.reduce((n, t) => n + t.kept, 0);
      await writeAudit(trx, ctx, {
        action: 'exchange.import',
        entity: 'exchange',
        entityId: facilityIds[0] ?? '',
        summary: `导入交换包 ${fileName}（${pkg.facilities.map((f) => f.name).join('、')}）：新增 ${added} 条，更新 ${updated} 条，保留本机 ${kept} 条${checked?.sender.fingerprint ? `；发送方密钥 ${checked.sender.fingerprint}` : ''}${checked?.sender.keyStatus === 'changed' ? '（已确认接受新的密钥）' : ''}`,
        // Every record added or changed, before and after (changed columns of an update, the whole row of an addition).
        before: { records: audited.filter((r) => r.before).map(({ table, key, label, before }) => ({ table, key, label, before })) },
        after: {
          fileName,
          createdAt: pkg.createdAt,
          ...checked?.audit,
          tables: tables.map(({ table, added, updated, unchanged, kept, localOnly }) => ({ table, added, updated, unchanged, kept, localOnly })),
          records: audited.map(({ table, key, label, before, after }) => ({ table, key, label, action: before ? 'updated' : 'added', after })),
          unlisted: unaudited,
        },
      });
      return report;
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
    if (apply) {
      // Records the sender does not own come first: they say the package itself is not to be trusted.
      const notOwned = err.report.problems.find((p) => p.notOwned);
      const first = notOwned ?? err.report.problems[0];
      const code = notOwned ? 'EXCHANGE_NOT_OWNED' : 'EXCHANGE_CONFLICT';
      throw new AppError(
        code,
        `${ERROR_MESSAGES[code]}：共 ${err.report.problems.length} 处${first ? `，如 ${first.title}“${first.label}”：${first.message}` : ''}`,
        { report: err.report },
      );
    }
    return err.report;
  }
}
