import type { HandlerMap } from '../../app/handler';
import type { CoreContext } from '../../app/context';
import type { ParsedInput } from '../../../../shared/contract';
import type { FilePayload } from '../../../../shared/schemas/common';
import {
  buildReport,
  createTarget,
  definitions,
  deleteTarget,
  drill,
  listTargets,
  readOptions,
  report,
  setOptions,
  trend,
  updateTarget,
} from './service';
import { audit, qualityReport } from './quality';
import { exportFile } from './export';
import { checkpointStatus } from '../../counting';
import { planningProjection } from '../planning/service';

export async function exportIndicators(ctx: CoreContext, input: ParsedInput<'exports.indicators'>): Promise<FilePayload> {
  const rep = await buildReport(ctx.counting, ctx.db, ctx.now(), { asOf: input.asOf, level: input.level });
  const quality = input.format === 'xlsx' ? await qualityReport(ctx.counting, ctx.db, { asOf: input.asOf, limit: 5000 }) : null;
  const planning = input.format === 'xlsx' ? await planningProjection(ctx, { years: [2025, 2030] }) : undefined;
  return exportFile(rep, quality ?? { asOf: input.asOf, counts: {} as never, issues: [], byDistrict: {} as never }, input.format, planning);
}

export const indicatorHandlers = {
  // A district account reads the rows of its districts (and their streets): the figures are counted for
  // the whole city once and kept, so the report is narrowed here rather than counted per account.
  'indicators.report': async (ctx, input) => {
    const full = await report(ctx, input);
    const scope = ctx.scope;
    if (!scope) return full;
    const inScope = (code: string) => scope.districts.has(code.slice(0, 6)) && code.length >= 6 && code.slice(2, 6) !== '0000';
    return { ...full, rows: full.rows.filter((r) => r.level !== 'city' && inScope(r.areaCode)), targets: full.targets.filter((t) => inScope(t.areaCode)) };
  },
  'indicators.definitions': definitions,
  'indicators.drill': drill,
  // The whole list is counted (its order needs every row) and only the page is sent: a city's 2,000
  // facilities were 420 KB to transfer, parse and hold for a drawer that shows 50.
  'indicators.drillPage': async (ctx, input) => {
    const { indicatorId, rows } = await drill(ctx, input);
    return { indicatorId, total: rows.length, rows: rows.slice(input.offset, input.offset + input.limit) };
  },
  'indicators.trend': trend,
  'indicators.checkpoints': checkpointStatus,
  'indicators.options.get': (ctx) => readOptions(ctx.db),
  'indicators.options.set': setOptions,
  'targets.list': listTargets,
  'targets.create': createTarget,
  'targets.update': updateTarget,
  'targets.delete': deleteTarget,
  'quality.audit': audit,
  'exports.indicators': exportIndicators,
} satisfies Partial<HandlerMap>;
