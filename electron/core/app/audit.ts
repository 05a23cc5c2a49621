import type { CoreContext, Trx } from './context';
import { newId } from './ids';
import { auditHash, lastAuditHash } from './auditChain';

export interface AuditInput {
  action: string;
  entity: string;
  entityId: string;
  summary?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit entry inside the caller's transaction, so a change and its record commit together. */
export async function writeAudit(trx: Trx, ctx: CoreContext, entry: AuditInput): Promise<void> {
  const row = {
    id: newId(),
    at: ctx.now().toISOString(),
    actor_id: ctx.actor.id,
    actor_name: ctx.actor.name,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    summary: entry.summary ?? null,
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
  // Chained to the entry before it (auditChain.ts); the write transaction keeps the two in order.
  const prev = await lastAuditHash(trx);
  await trx
    .insertInto('audit_log')
    .values({ ...row, prev_hash: prev, hash: auditHash(prev, row) })
    .execute();
}

/**
 * What an edit changed, for the log's summary: 额定床位数 2 → 3；性别限制 不限 → 仅限女性. Only fields whose
 * shown value changed are listed; an auditor reading the log should not need the record's history to
 * know what the edit did. Empty values read （空）.
 */
export function changeList(fields: [label: string, before: string | number | null, after: string | number | null][]): string {
  const shown = (v: string | number | null) => (v === null || v === '' ? '（空）' : String(v));
  return fields
    .filter(([, a, b]) => shown(a) !== shown(b))
    .map(([label, a, b]) => `${label} ${shown(a)} → ${shown(b)}`)
    .join('；');
}

/** Runs one user action as one transaction: all of it is written, or none of it. */
export function inTransaction<T>(ctx: CoreContext, work: (trx: Trx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(work);
}
