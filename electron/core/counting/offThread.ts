import type { Kysely, RawBuilder } from 'kysely';
import type { AreaCounts } from '../../../shared/domain/indicators';
import type { Logger } from '../app/log';
import type { Database, Db } from '../db/schema';
import type { CountingState } from './state';
import { isCurrent, loadAreaCounts, type AreaCountsSource } from './tallies';
import { CountWorker, largeEnough, OFF_THREAD_MIN_BEDS, WorkerDied, type CountedAreas, type ReadRows } from './workerClient';

// The core's use of its count workers (workerClient.ts): which worker a read goes to, and the fallback to
// the core's own thread. See docs/derived-data.md for the full picture.
/**
 * Long reads of the core's database (the file at `dbPath`) go to a worker thread from now on, when it holds
 * at least `minBeds` beds (0: always, as the tests ask): one worker for what users wait for, and one for
 * the dates the background stores ahead of time, so that a user's count never queues behind one of those.
 */
export function countOffThread(state: CountingState, dbPath: string, logger: Logger, minBeds = OFF_THREAD_MIN_BEDS): void {
  if (dbPath === ':memory:') return;
  state.workers = { users: new CountWorker(dbPath, logger, minBeds, state.offThread), background: new CountWorker(dbPath, logger, minBeds, state.offThread) };
}

/**
 * The core's worker for users (or the background), when it has one, `db` is not a transaction (whose writes
 * the worker cannot see) and the database is large enough to use it.
 */
async function workerFor(state: CountingState, db: Db, which: 'users' | 'background' = 'users'): Promise<CountWorker | undefined> {
  const worker = db.isTransaction ? undefined : state.workers?.[which];
  return worker && (await largeEnough(db as Kysely<Database>, worker.minBeds)) ? worker : undefined;
}

/**
 * Starts the core's worker ahead of its first use and keeps it: what the serving hosts do, so that the
 * first past date viewed does not wait for it (0.13–0.16 s in the desktop build, about 0.3 s run from
 * source through tsx, then a connection whose page cache is cold). A failure is left to the first use.
 */
export async function warmCountWorker(state: CountingState, db: Kysely<Database>): Promise<void> {
  try {
    await (await workerFor(state, db))?.warm();
  } catch {
    // The first count will try again, and count here if the worker still fails.
  }
}

/** Stops the core's workers (the core is closing); long reads are made here from now on. */
export function stopCountWorker(state: CountingState): void {
  state.workers?.users.stop();
  state.workers?.background.stop();
  state.workers = null;
}

/**
 * A past date's counts for every district and the city, counted on the background's worker, for storing
 * the date ahead of time (background.ts); null when the core has no worker, the file is too small, or the
 * worker fails (the caller then counts district by district on the core's thread, as before).
 */
export async function countInBackground(
  state: CountingState,
  db: Kysely<Database>,
  asOf: string,
): Promise<{ counts: Map<string, AreaCounts>; seq: number } | null> {
  const worker = await workerFor(state, db, 'background');
  return (worker && (await onWorker(worker, (w) => w.count(asOf, 'district')))) ?? null;
}

/**
 * `work` on `worker`; undefined when the worker failed for a reason other than the data (logged), so that
 * the caller does the work on the core's thread instead. A problem with the data (an AppError) is thrown.
 */
async function onWorker<T>(worker: CountWorker, work: (w: CountWorker) => Promise<T>): Promise<T | undefined> {
  try {
    return await work(worker);
  } catch (err) {
    if (!(err instanceof WorkerDied)) throw err;
    worker.logger.warn('统计线程出错，改在数据服务线程统计', err.reason);
    return undefined;
  }
}

/**
 * `loadAreaCounts`, on the worker for a past date when the core has one (and the file is large enough) and the
 * source is the fast one; here otherwise (the current date comes from the maintained counters, under a
 * second nationally), or when the worker fails for a reason other than the data.
 */
export async function countAreas(
  state: CountingState,
  db: Db,
  asOf: string,
  level: 'district' | 'street',
  source: AreaCountsSource,
): Promise<CountedAreas> {
  const worker = source === state.fast && !(await isCurrent(db, asOf)) ? await workerFor(state, db) : undefined;
  const fromWorker = worker && (await onWorker(worker, (w) => w.count(asOf, level)));
  if (fromWorker) {
    const { pastBeds, ...counted } = fromWorker;
    state.pastBeds.last = pastBeds;
    state.offThread.last = 'worker';
    return counted;
  }
  state.offThread.last = 'here';
  return { ...(await loadAreaCounts(db, asOf, level, source)), seq: null };
}

/**
 * Runs read-only statements on the worker, in one read transaction, when the core has one (and the file is
 * large enough) and `db` is not a transaction; here otherwise, or when the worker fails for a reason
 * other than the data. For scans that take seconds nationally (the audit's).
 */
export async function readAway(state: CountingState, db: Db, queries: readonly RawBuilder<unknown>[]): Promise<ReadRows> {
  const worker = await workerFor(state, db);
  const statements = () => queries.map((q) => q.compile(db)).map(({ sql, parameters }) => ({ sql, parameters }));
  const read = worker && (await onWorker(worker, (w) => w.rows(statements())));
  if (read) {
    state.offThread.last = 'worker';
    return read;
  }
  state.offThread.last = 'here';
  const rows: unknown[][] = [];
  for (const q of queries) rows.push((await q.execute(db)).rows as unknown[]);
  return { seq: null, rows };
}
