import type { HandlerMap } from '../../app/handler';
import type { CoreContext } from '../../app/context';
import type { ParsedInput } from '../../../../shared/contract';
import type { FilePayload } from '../../../../shared/schemas/common';
import { buildReport } from '../indicators/service';
import { qualityReport } from '../quality/service';
import { planningProjection } from '../planning/service';
import { exportFile } from './service';

export async function exportIndicators(ctx: CoreContext, input: ParsedInput<'exports.indicators'>): Promise<FilePayload> {
  const rep = await buildReport(ctx.counting, ctx.db, ctx.now(), { asOf: input.asOf, level: input.level });
  if (input.format === 'csv') return exportFile(rep, { format: 'csv' });
  const quality = await qualityReport(ctx.counting, ctx.db, { asOf: input.asOf, limit: 5000 });
  const planning = await planningProjection(ctx, { years: [2025, 2030] });
  return exportFile(rep, { format: 'xlsx', quality, planning });
}

export const exportHandlers = {
  'exports.indicators': exportIndicators,
} satisfies Partial<HandlerMap>;
