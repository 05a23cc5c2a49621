import type { AuditEntry } from '../../../../shared/contract';
import type { FilePayload, Page } from '../../../../shared/schemas/common';
import { beijingTime } from '../../../../shared/domain/calendar';
import type { CoreContext } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import { timestampForFile } from '../../db/migrate';
import { toCsvBytes } from '../../files/csv';

export async function listAudit(ctx: CoreContext, input: { entity?: string; entityId?: string; offset: number; limit: number }): Promise<Page<AuditEntry>> {
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
}

/** The whole audit log as CSV, oldest first, each entry with its hash (what `audit export` writes too). */
async function auditCsv(ctx: CoreContext): Promise<Buffer> {
  const rows = await ctx.db.selectFrom('audit_log').select(['seq', 'at', 'actor_name', 'action', 'entity', 'entity_id', 'summary', 'hash']).orderBy('seq').execute();
  const header = ['序号', '时间', '操作人', '操作', '对象', '对象编号', '摘要', '校验值'];
  return toCsvBytes([header, ...rows.map((r) => [r.seq, beijingTime(r.at), r.actor_name, r.action, r.entity, r.entity_id, r.summary ?? '', r.hash ?? ''])]);
}

export async function exportAudit(ctx: CoreContext): Promise<FilePayload> {
  const bytes = await auditCsv(ctx);
  if (!ctx.readOnly) await inTransaction(ctx, (trx) => writeAudit(trx, ctx, { action: 'audit.export', entity: 'audit', entityId: 'all', summary: '导出审计日志' }));
  return { fileName: `审计日志-${timestampForFile(ctx.now())}.csv`, mime: 'text/csv', dataBase64: bytes.toString('base64') };
}
