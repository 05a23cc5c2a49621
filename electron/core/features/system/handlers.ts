import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pkg from '../../../../package.json';
import { AppError } from '../../../../shared/errors';
import { WAITING_RULES_SETTING, type AuditEntry } from '../../../../shared/contract';
import { waitingPriorityRulesSchema } from '../../../../shared/domain/waitingPriority';
import { OPTIONS_SETTING } from '../indicators/service';
import type { HandlerMap } from '../../app/handler';
import type { CoreContext } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import { todayIn } from '../../app/time';
import { timestampForFile } from '../../db/migrate';

export async function readSetting<T>(ctx: CoreContext, key: string, fallback: T): Promise<T> {
  const row = await ctx.db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value_json) as T) : fallback;
}

/**
 * Settings a screen depends on are checked before they are written: a bad value is refused with the
 * reason and nothing is stored, instead of breaking the screen that reads it later. null removes the value
 * (the documented default applies again). Indicator options have their own channel, which also refreshes
 * the reports that depend on them, so they are refused here.
 */
function checkSetting(key: string, value: unknown): void {
  if (key === OPTIONS_SETTING) {
    throw new AppError('VALIDATION', `设置“${key}”请在“指标口径”设置中修改（indicators.options.set）`, { field: 'key' });
  }
  if (key === WAITING_RULES_SETTING && value !== null && value !== undefined) {
    const parsed = waitingPriorityRulesSchema.safeParse(value);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new AppError('VALIDATION', `轮候优先规则无效：${first?.message ?? ''}${first?.path.length ? `（${first.path.join('.')}）` : ''}，未保存`, {
        field: first?.path[0] === undefined ? 'value' : String(first.path[0]),
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
  }
}

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
  'settings.get': async (ctx, input) => ({ key: input.key, value: await readSetting<unknown>(ctx, input.key, null) }),
  'settings.set': (ctx, input) =>
    inTransaction(ctx, async (trx) => {
      checkSetting(input.key, input.value);
      const before = await trx.selectFrom('settings').select('value_json').where('key', '=', input.key).executeTakeFirst();
      const value_json = JSON.stringify(input.value ?? null);
      await trx
        .insertInto('settings')
        .values({ key: input.key, value_json, updated_at: ctx.now().toISOString() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: ctx.now().toISOString() }))
        .execute();
      await writeAudit(trx, ctx, {
        action: 'settings.set',
        entity: 'setting',
        entityId: input.key,
        summary: `修改设置 ${input.key}`,
        before: before ? JSON.parse(before.value_json) : undefined,
        after: input.value,
      });
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
