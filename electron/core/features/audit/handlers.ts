import type { HandlerMap } from '../../app/handler';
import { verifyAuditChain } from '../../app/auditChain';
import { exportAudit, listAudit } from './service';

export const auditHandlers = {
  'audit.list': listAudit,
  'audit.verify': (ctx) => verifyAuditChain(ctx.db),
  'audit.export': exportAudit,
} satisfies Partial<HandlerMap>;
