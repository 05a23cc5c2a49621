import type { HandlerMap } from '../../app/handler';
import type { CoreContext } from '../../app/context';
import type { ParsedInput } from '../../../../shared/contract';
import {
  definitions,
  drill,
  readOptions,
  report,
  setOptions,
  trend,
} from './service';
import { buildCheckpoints, changeSeq, checkpointStatus, loadAreaCounts } from '../../counting';

/**
 * One past date stored now: a date with many districts to count is counted at once on this connection
 * (the CLI's precount, where nothing else waits on the process), not district by district between users'
 * requests as the app's background does.
 */
function precount(ctx: CoreContext, input: ParsedInput<'indicators.precount'>): Promise<{ districtsCounted: number }> {
  return buildCheckpoints(ctx.db, [input.asOf], {
    wholeDate: async (d) => {
      const seq = await changeSeq(ctx.db);
      return { counts: (await loadAreaCounts(ctx.db, d, 'district', ctx.counting.fast)).counts, seq };
    },
  });
}

/**
 * The last drill-down's whole list, per core, while the data stand still (the change sequence moves with
 * every write the indicators read) and the question and the options are the same: turning the drawer's
 * pages does not count the list again (a country's 406,000 facilities take seconds to count).
 */
const lastDrill = new WeakMap<object, { key: string; result: Awaited<ReturnType<typeof drill>> }>();

async function drillKept(ctx: CoreContext, input: ParsedInput<'indicators.drillPage'>): ReturnType<typeof drill> {
  const seq = ctx.db.isTransaction ? -1 : await changeSeq(ctx.db);
  const key = JSON.stringify([input.asOf, input.areaCode, input.indicatorId, await readOptions(ctx.db), seq]);
  const kept = lastDrill.get(ctx.counting);
  if (seq >= 0 && kept?.key === key) return kept.result;
  const result = await drill(ctx, input);
  if (seq >= 0) lastDrill.set(ctx.counting, { key, result });
  return result;
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
    const { indicatorId, rows } = await drillKept(ctx, input);
    return { indicatorId, total: rows.length, rows: rows.slice(input.offset, input.offset + input.limit) };
  },
  'indicators.trend': trend,
  'indicators.checkpoints': checkpointStatus,
  'indicators.precount': precount,
  'indicators.options.get': (ctx) => readOptions(ctx.db),
  'indicators.options.set': setOptions,
} satisfies Partial<HandlerMap>;
