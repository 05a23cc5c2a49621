import type { CoreContext, Trx } from './context';
import { writeAudit } from './audit';
import type { Db } from '../db/schema';

/** A stored setting's value, or `fallback` when none is stored. */
export async function readSetting<T>(db: Db, key: string, fallback: T): Promise<T> {
  const row = await db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value_json) as T) : fallback;
}

/**
 * Stores a setting in the caller's transaction, with its audit entry (the stored value before, unless the
 * caller names a clearer one). null or undefined removes it, so whatever default the reader has applies.
 */
export async function writeSetting(
  trx: Trx,
  ctx: CoreContext,
  key: string,
  value: unknown,
  audit: { action: string; summary: string; before?: unknown },
): Promise<void> {
  const before = 'before' in audit ? audit.before : await readSetting<unknown>(trx, key, undefined);
  if (value === null || value === undefined) {
    await trx.deleteFrom('settings').where('key', '=', key).execute();
  } else {
    const value_json = JSON.stringify(value);
    const updated_at = ctx.now().toISOString();
    await trx
      .insertInto('settings')
      .values({ key, value_json, updated_at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at }))
      .execute();
  }
  await writeAudit(trx, ctx, { action: audit.action, entity: 'setting', entityId: key, summary: audit.summary, before, after: value ?? null });
}
