import type { Kysely, RawBuilder } from 'kysely';
import type { Worker } from 'node:worker_threads';
import type { AreaCounts } from '../../../shared/domain/indicators';
import { AppError, isErrorCode } from '../../../shared/errors';
import { startWorker } from '../app/workers';
import type { Logger } from '../app/log';
import type { Database, Db } from '../db/schema';
import type { CountingState, OffThreadStats, PastBedsStats } from './state';
import { isCurrent, loadAreaCounts, sumDistricts, type AreaCountsResult, type AreaCountsSource, type AreaInfo } from './tallies';

// Reads that take seconds nationally (a past date not stored, the audit's first scans) run on a worker
// thread with its own read-only connection (countWorker.ts), so the core, which answers one request at a
// time, keeps answering; SQLite's WAL lets the worker read while the core writes. The worker reads each
// request in one transaction and returns the change sequence it saw, so whatever is kept from it is
// labelled with the state it was read from. A database in memory, a call inside a transaction (whose
// writes the worker cannot see), a file too small to be worth it and any other source are read here.
// See docs/derived-data.md for the full picture.

export type CountRequest = { job: number; dbPath: string } & (
  | { kind: 'areas'; asOf: string; level: 'district' | 'street' }
  | { kind: 'rows'; statements: { sql: string; parameters: readonly unknown[] }[] }
);

export type CountReply = { job: number } & (
  | { ok: true; seq: number; areas: AreaInfo[]; counts: Map<string, AreaCounts>; pastBeds: PastBedsStats['last'] }
  | { ok: true; seq: number; rows: unknown[][] }
  | { ok: false; code: string | null; message: string; details?: unknown }
);

/** The counts of `loadAreaCounts`, with the change sequence they were counted at when the worker counted them. */
export type CountedAreas = AreaCountsResult & { seq: number | null };
type WorkerCount = AreaCountsResult & { seq: number; pastBeds: PastBedsStats['last'] };

const IDLE_MS = 10 * 60 * 1000;

/**
 * Below this many beds (about twice Beijing's 120,000) a count or a scan takes well under half a second and
 * stays on the core's thread, where it is also quicker: the worker's own page cache starts cold (the
 * beijing bench's first view of a date not stored: 117 ms here, 290 ms on a worker already started).
 */
export const OFF_THREAD_MIN_BEDS = 250_000;

/** Whether the database is large enough for its long reads to go to the worker. */
async function largeEnough(db: Kysely<Database>, minBeds: number): Promise<boolean> {
  if (minBeds <= 0) return true;
  const row = await db.selectFrom('district_bed_counters').select((eb) => eb.fn.sum<number>('beds').as('beds')).executeTakeFirst();
  return Number(row?.beds ?? 0) >= minBeds;
}

/** Rows of read-only statements, with the change sequence they were read at when the worker read them. */
export interface ReadRows {
  seq: number | null;
  rows: unknown[][];
}

type Reply = Extract<CountReply, { ok: true }>;
type Pending = { resolve: (r: Reply) => void; reject: (e: unknown) => void };

export class CountWorker {
  private worker: Worker | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private nextJob = 1;
  private kept = false;
  private readonly pending = new Map<number, Pending>();
  /** Counts asked for again while running (the report and the trend ask for the same date) share one. */
  private readonly running = new Map<string, Promise<WorkerCount>>();

  constructor(
    private readonly dbPath: string,
    readonly logger: Logger,
    readonly minBeds: number,
    private readonly stats: OffThreadStats,
  ) {}

  count(asOf: string, level: 'district' | 'street'): Promise<WorkerCount> {
    const key = `${asOf}|${level}`;
    let p = this.running.get(key);
    if (!p) {
      p = this.send({ kind: 'areas', asOf, level })
        .then((m) => {
          if (!('areas' in m)) throw new WorkerDied('unexpected reply');
          const districtCounts = m.areas.filter((a) => a.level === 'district').map((d) => m.counts.get(d.code)!);
          // The districts' running sums are a class, which does not cross threads: added up again here.
          return { areas: m.areas, counts: m.counts, cityTotals: sumDistricts(districtCounts), seq: m.seq, pastBeds: m.pastBeds };
        })
        .finally(() => this.running.delete(key));
      this.running.set(key, p);
    }
    return p;
  }

  async rows(statements: { sql: string; parameters: readonly unknown[] }[]): Promise<ReadRows> {
    const m = await this.send({ kind: 'rows', statements });
    if (!('rows' in m)) throw new WorkerDied('unexpected reply');
    return { seq: m.seq, rows: m.rows };
  }

  /** Starts the worker and opens its connection now, and keeps it while the process lives. */
  async warm(): Promise<void> {
    this.kept = true;
    await this.rows([{ sql: 'SELECT 1', parameters: [] }]);
  }

  stop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
  }

  private send(request: DistributiveOmit<CountRequest, 'job' | 'dbPath'>): Promise<Reply> {
    const worker = this.acquire();
    const job = this.nextJob++;
    this.stats.sent++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(job, { resolve, reject });
      worker.postMessage({ ...request, job, dbPath: this.dbPath } as CountRequest);
    });
  }

  private acquire(): Worker {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.worker) {
      this.worker.ref();
      return this.worker;
    }
    const worker = startWorker(__dirname, 'countWorker');
    worker.on('message', (m: CountReply) => this.receive(m));
    // A worker that dies fails its counts (they are made here instead) and is started afresh next time.
    const died = (reason: unknown) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(new WorkerDied(reason));
      this.pending.clear();
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(`exit ${code}`));
    this.worker = worker;
    return worker;
  }

  private receive(m: CountReply): void {
    const p = this.pending.get(m.job);
    if (!p) return;
    this.pending.delete(m.job);
    if (m.ok) {
      p.resolve(m);
    } else if (m.code && isErrorCode(m.code)) {
      p.reject(new AppError(m.code, m.message, m.details));
    } else {
      p.reject(new WorkerDied(m.message));
    }
    if (this.pending.size === 0 && this.worker) this.rest(this.worker);
  }

  /** An idle worker does not keep the process alive, and stops after ten idle minutes unless kept. */
  private rest(worker: Worker): void {
    worker.unref();
    if (this.kept) return;
    this.idleTimer = setTimeout(() => {
      if (this.worker === worker) this.stop();
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

class WorkerDied extends Error {
  constructor(readonly reason: unknown) {
    super(`count worker failed: ${String(reason)}`);
  }
}

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
