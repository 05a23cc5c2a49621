import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pkg from '../../../../package.json';
import { AppError } from '../../../../shared/errors';
import type { AuditEntry } from '../../../../shared/contract';
import type { HandlerMap } from '../../app/handler';
import type { CoreContext } from '../../app/context';
import { inTransaction } from '../../app/audit';
import { readSetting, writeSetting } from '../../app/settings';
import { todayIn } from '../../app/time';
import { timestampForFile } from '../../db/migrate';

/** Copies the live database with SQLite's online backup API: safe while the app is writing (WAL). */
export async function backupTo(ctx: CoreContext, outFile: string): Promise<{ path: string; bytes: number }> {
  if (ctx.dbPath === ':memory:') throw new AppError('BACKUP_FAILED', '内存数据库无法备份');
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  try {
    // SQLite's backup copies nothing (0 pages, no file) while this same connection holds a write
    // transaction, as an import does for seconds while it reads its file. So wait for the connection the
    // way every query does, through Kysely's connection lock: the backup then holds the finished import.
    const result = await ctx.db.connection().execute(() => ctx.sqlite.backup(outFile));
    if (result.totalPages === 0 || !fs.existsSync(outFile)) throw new Error('没有复制任何数据页');
  } catch (err) {
    throw new AppError('BACKUP_FAILED', `备份失败：${(err as Error).message}`);
  }
  return { path: outFile, bytes: fs.statSync(outFile).size };
}

export const systemHandlers = {
  'system.info': async (ctx) => ({
    appVersion: pkg.version,
    schemaVersion: ctx.schemaVersion,
    dbPath: ctx.dbPath,
    readOnly: ctx.readOnly,
    today: todayIn(ctx.now()),
    actor: ctx.actor,
  }),
  'audit.list': async (ctx, input) => {
    let q = ctx.db.selectFrom('audit_log');
    if (input.entity) q = q.where('entity', '=', input.entity);
    if (input.entityId) q = q.where('entity_id', '=', input.entityId);
    const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('seq', 'desc').limit(input.limit).offset(input.offset).execute();
    const entries: AuditEntry[] = rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      summary: r.summary,
      before: r.before_json ? JSON.parse(r.before_json) : null,
      after: r.after_json ? JSON.parse(r.after_json) : null,
    }));
    return { rows: entries, total, offset: input.offset, limit: input.limit };
  },
  'settings.get': async (ctx, input) => ({ key: input.key, value: await readSetting<unknown>(ctx.db, input.key, null) }),
  // Keys with a channel of their own are refused by the contract (SETTINGS_WITH_OWN_CHANNEL).
  'settings.set': (ctx, input) =>
    inTransaction(ctx, async (trx) => {
      await writeSetting(trx, ctx, input.key, input.value, { action: 'settings.set', summary: `修改设置 ${input.key}` });
      return { key: input.key, value: input.value ?? null };
    }),
  'backup.create': async (ctx) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-backup-')), `carebeds-${timestampForFile(ctx.now())}.sqlite`);
    const { path: written } = await backupTo(ctx, file);
    const data = fs.readFileSync(written);
    fs.rmSync(path.dirname(written), { recursive: true, force: true });
    return { fileName: path.basename(written), mime: 'application/vnd.sqlite3', dataBase64: data.toString('base64') };
  },
} satisfies Partial<HandlerMap>;
