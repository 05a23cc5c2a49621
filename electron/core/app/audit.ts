import type { CoreContext, Trx } from './context';

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
  await trx
    .insertInto('audit_log')
    .values({
      id: crypto.randomUUID(),
      at: ctx.now().toISOString(),
      actor_id: ctx.actor.id,
      actor_name: ctx.actor.name,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      summary: entry.summary ?? null,
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

/** Runs one user action as one transaction: all of it is written, or none of it. */
export function inTransaction<T>(ctx: CoreContext, work: (trx: Trx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(work);
}
