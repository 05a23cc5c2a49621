import type { CheckpointStatus, ParsedInput } from '../../../shared/contract';
import type { CountingHost } from './state';
import { todayIn } from '../app/time';
import { buildCheckpoints, checkpointDates, opensFromStore, storedDates } from './checkpoints';
import { isCurrent } from './tallies';
import { startsFromStored } from './rollback';
import { countInBackground, warmCountWorker } from './offThread';

// Counting past dates ahead of time in the host that serves users (the app's core process, or the
// browser-mode server), so the dates auditors compare open from the store at first view. On a file large
// enough for the count worker (offThread.ts), a date with many districts to count is counted whole on a
// worker; otherwise, and for a few stale districts, work is done district by district on the core's
// thread, yielding to pending requests between districts (setImmediate), so a user's request waits at
// most for one district (about 25 ms nationally). It stops with the host. See docs/derived-data.md.

export async function checkpointStatus(ctx: CountingHost, input: ParsedInput<'indicators.checkpoints'>): Promise<CheckpointStatus> {
  const stored = await storedDates(ctx.db);
  const asOf = input.asOf;
  // "Stored" only when the first view will indeed come from the store: a date the background stopped
  // building half-way, or one most of whose districts were written since, is still counted in full.
  if (!asOf) return { building: ctx.counting.building, stored, date: null };
  let date: CheckpointStatus['date'];
  if (await isCurrent(ctx.db, asOf)) date = { asOf, state: 'current' };
  else if (await opensFromStore(ctx.db, asOf)) date = { asOf, state: 'stored' };
  else {
    // Not stored, but counted from a stored date nearby: only the changes between the two are read.
    const from = await startsFromStored(ctx.db, asOf, stored);
    date = from ? { asOf, state: 'near', from } : { asOf, state: 'not_stored' };
  }
  return { building: ctx.counting.building, stored, date };
}

/**
 * Starts the count worker after at most 2 s, and counts `checkpointDates(today)` after `delayMs`, then
 * again every `everyMs` (a backdated write makes its district stale on the stored dates from its month
 * on; a run where nothing changed only reads the stamps). Returns a function that stops it.
 */
export function startCheckpointBuilder(ctx: CountingHost, delayMs = 10_000, everyMs = 10 * 60_000): () => void {
  // A read-only file cannot store what is counted; its dates are counted when shown instead.
  if (ctx.readOnly) return () => {};
  let stopped = false;
  let timer: NodeJS.Timeout;
  // The worker that counts dates not stored (offThread.ts) is started early too, after the first screen.
  const warmTimer = setTimeout(() => void warmCountWorker(ctx.counting, ctx.db), Math.min(delayMs, 2_000));
  const run = () => {
    const today = todayIn(ctx.now());
    buildCheckpoints(ctx.db, checkpointDates(today), {
      pause: () => new Promise((resolve) => setImmediate(resolve)),
      // A large file's whole dates are counted on a worker, from the date stored before it: nationally
      // 0.7–33 s each, 151 s for all 32 from nothing, where district by district took 36–80 s a date.
      wholeDate: (asOf) => countInBackground(ctx.counting, ctx.db, asOf),
      progress: (p) => (ctx.counting.building = p),
      stopped: () => stopped,
    })
      .then(({ districtsCounted }) => {
        if (districtsCounted) ctx.logger.info(`历史快照已预先统计：${districtsCounted} 个区·日期`);
      })
      .catch((err: unknown) => {
        // Derived data only: a failure leaves those dates to be counted when first viewed.
        if (!stopped) ctx.logger.error('预先统计历史快照失败', err);
      })
      .finally(() => {
        ctx.counting.building = null;
        if (!stopped) timer = setTimeout(run, everyMs);
      });
  };
  timer = setTimeout(run, delayMs);
  return () => {
    stopped = true;
    clearTimeout(warmTimer);
    clearTimeout(timer);
  };
}
