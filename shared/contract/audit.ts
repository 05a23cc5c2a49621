import { z } from 'zod';
import { channel } from './define';
import { pageInput } from '../schemas/common';
import type { FilePayload, Page } from '../schemas/common';

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  summary: string | null;
  before: unknown;
  after: unknown;
}

// ---------- the channels ----------

export const auditContract = {
  'audit.list': channel(
    z.object({ entity: z.string().optional(), entityId: z.string().optional(), ...pageInput }),
  ).returns<Page<AuditEntry>>(),
  /** The whole audit log as CSV (UTF-8 with BOM), each entry with its hash; the export is itself audited. */
  'audit.export': channel(z.object({})).returns<FilePayload>(),
  'audit.verify': channel(z.object({})).returns<{ entries: number; firstBroken: { seq: number; id: string; at: string; reason: string } | null }>(),
};
