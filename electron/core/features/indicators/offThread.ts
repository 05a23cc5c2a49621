import type { Kysely } from 'kysely';
import type { Worker } from 'node:worker_threads';
import type { AreaCounts } from '../../../../shared/domain/indicators';
import { AppError, isErrorCode } from '../../../../shared/errors';
import { startWorker } from '../../app/workers';
import type { Logger, Trx } from '../../app/context';
import type { Database } from '../../db/schema';
import { fastSource, pastBedsStats } from './asof';
import { isCurrent, loadAreaCounts, sumDistricts, type AreaCountsResult, type AreaCountsSource, type AreaInfo } from './tallies';

// Counting a past date that is not stored takes seconds nationally (2.8–5.9 s from a stored date nearby,
// 25 s with none), and the core answers one request at a time on one thread: before, an admission or a
// page of the resident list asked for meanwhile waited until the count was done. So such counts run on a
// worker thread with its own read-only connection (countWorker.ts); SQLite's WAL lets it read while the
// core's thread writes. The worker reads in one transaction and returns the change sequence it saw, so
// the report kept in memory and the stored date are labelled with the state they were counted from, and a
// write made meanwhile is recounted at the next view like any other. A database in memory, a call inside
// a transaction (whose writes the worker cannot see) and any other source are counted here.

export interface CountRequest {
  job: number;
  dbPath: string;
  asOf: string;
  level: 'district' | 'street';
}

export type CountReply = { job: number } & (
  | { ok: true; seq: number; areas: AreaInfo[]; counts: Map<string, AreaCounts>; pastBeds: (typeof pastBedsStats)['last'] }
  | { ok: false; code: string | null; message: string; details?: unknown }
);

/** Where the last counts were made, and how many counts were sent to a worker (the tests read them). */
export const offThreadStats: { last: 'worker' | 'here' | null; sent: number } = { last: null, sent: 0 };

/** The counts of `loadAreaCounts`, with the change sequence they were counted at when the worker counted them. */
export type CountedAreas = AreaCountsResult & { seq: number | null };

const IDLE_MS = 10 * 60 * 1000;

type Pending = { resolve: (r: CountedAreas) => void; reject: (e: unknown) => void };

class CountWorker {
  private worker: Worker | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private nextJob = 1;
  private readonly pending = new Map<number, Pending>();
  /** Counts asked for again while running (the report and the trend ask for the same date) share one. */
  private readonly running = new Map<string, Promise<CountedAreas>>();

  constructor(
    private readonly dbPath: string,
    readonly logger: Logger,
  ) {}

  count(asOf: string, level: 'district' | 'street'): Promise<CountedAreas> {
    const key = `${asOf}|${level}`;
    let p = this.running.get(key);
    if (!p) {
      p = this.send(asOf, level).finally(() => this.running.delete(key));
      this.running.set(key, p);
    }
    return p;
  }

  stop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
  }

  private send(asOf: string, level: 'district' | 'street'): Promise<CountedAreas> {
    const worker = this.acquire();
    const job = this.nextJob++;
    offThreadStats.sent++;
    return new Promise<CountedAreas>((resolve, reject) => {
      this.pending.set(job, { resolve, reject });
      worker.postMessage({ job, dbPath: this.dbPath, asOf, level } satisfies CountRequest);
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
      pastBedsStats.last = m.pastBeds;
      const districtCounts = m.areas.filter((a) => a.level === 'district').map((d) => m.counts.get(d.code)!);
      // The districts' running sums are a class, which does not cross threads: added up again here.
      p.resolve({ areas: m.areas, counts: m.counts, cityTotals: sumDistricts(districtCounts), seq: m.seq });
    } else if (m.code && isErrorCode(m.code)) {
      p.reject(new AppError(m.code, m.message, m.details));
    } else {
      p.reject(new WorkerDied(m.message));
    }
    if (this.pending.size === 0 && this.worker) this.rest(this.worker);
  }

  /** An idle worker does not keep the process alive, and stops after ten idle minutes. */
  private rest(worker: Worker): void {
    worker.unref();
    this.idleTimer = setTimeout(() => {
      if (this.worker === worker) this.stop();
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}

class WorkerDied extends Error {
  constructor(readonly reason: unknown) {
    super(`count worker failed: ${String(reason)}`);
  }
}

const workers = new WeakMap<object, CountWorker>();

/** Past dates of this database (a file) are counted on a worker thread from now on. */
export function countOffThread(db: Kysely<Database>, dbPath: string, logger: Logger): void {
  if (dbPath !== ':memory:') workers.set(db, new CountWorker(dbPath, logger));
}

/** Stops the database's worker (the core is closing). */
export function stopCountWorker(db: Kysely<Database>): void {
  workers.get(db)?.stop();
  workers.delete(db);
}

/**
 * `loadAreaCounts`, on the worker for a past date when the database has one and the source is the fast
 * one; here otherwise (the current date comes from the maintained counters, under a second nationally),
 * or when the worker fails for a reason other than the data.
 */
export async function countAreas(
  db: Kysely<Database> | Trx,
  asOf: string,
  level: 'district' | 'street',
  source: AreaCountsSource,
): Promise<CountedAreas> {
  const worker = source === fastSource && !db.isTransaction ? workers.get(db) : undefined;
  if (worker && !(await isCurrent(db, asOf))) {
    try {
      const counted = await worker.count(asOf, level);
      offThreadStats.last = 'worker';
      return counted;
    } catch (err) {
      if (!(err instanceof WorkerDied)) throw err;
      worker.logger.warn('统计线程出错，改在数据服务线程统计', err.reason);
    }
  }
  offThreadStats.last = 'here';
  return { ...(await loadAreaCounts(db, asOf, level, source)), seq: null };
}
