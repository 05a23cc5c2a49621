import type { Kysely } from 'kysely';
import type { Worker } from 'node:worker_threads';
import type { AreaCounts } from '../../../shared/domain/indicators';
import { AppError, isErrorCode } from '../../../shared/errors';
import { startWorker } from '../app/workers';
import type { Logger } from '../app/log';
import type { Database } from '../db/schema';
import type { OffThreadStats, PastBedsStats } from './stats';
import { sumDistricts, type AreaCountsResult, type AreaInfo } from './tallies';

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
export async function largeEnough(db: Kysely<Database>, minBeds: number): Promise<boolean> {
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

export class WorkerDied extends Error {
  constructor(readonly reason: unknown) {
    super(`count worker failed: ${String(reason)}`);
  }
}
