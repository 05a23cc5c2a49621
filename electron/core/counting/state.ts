import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Logger } from '../app/log';
import type { IndicatorAreaRow, QualityIssueKind, TargetAttainmentRow } from '../../../shared/contract';
import type { AreaCounts } from '../../../shared/domain/indicators';
import type { BuildProgress } from './checkpoints';
import type { CountWorker } from './workerClient';
import type { OffThreadStats, PastBedsStats } from './stats';
import { Recent } from './remember';

export type { OffThreadStats, PastBedsStats } from './stats';
import { fastSourceFor } from './rollback';
import type { AreaCountsSource, AreaInfo, CityTotals } from './tallies';

// What the engine and the features built on it keep between calls, for one core (one CoreContext, one
// database connection): created with the context and dropped with it, so two cores in one process (the
// tests, the benchmark's stock core) never see each other's memories or statistics. The count worker's
// thread keeps its own (countWorker.ts). See docs/derived-data.md.

/** Dates and option sets whose district report is kept in memory (each entry is a few MB nationally). */
export const MAX_REPORTS = 6;

/** One date's and option set's district report kept in memory (memo.ts). */
export interface ReportEntry {
  seq: number;
  city: AreaInfo;
  districts: AreaInfo[];
  areaOf: Map<string, AreaInfo>;
  counts: Map<string, AreaCounts>;
  rows: Map<string, IndicatorAreaRow>;
  /**
   * The districts' tallies added up: a refresh takes a district's old tallies out and puts its new ones in.
   * Null until the first refresh when the city's counts came whole from the checkpoint store.
   */
  cityTotals: CityTotals | null;
}

export interface MemoStats {
  /**
   * How the last call was answered: from memory, by recounting some districts, from the checkpoint store
   * (recounting the districts written since it was stored), or in full.
   */
  last: 'hit' | 'incremental' | 'stored' | 'full';
  recounted: number;
}

/**
 * A report's target judgements, with the rows they read (features/indicators/service.ts). Rows kept in
 * memory stay the same objects until their area is recounted, so the next report of the same date and
 * options judges again only the targets reading a row that is a new object.
 */
export interface Judged {
  targetsKey: string;
  rows: IndicatorAreaRow[];
  targets: TargetAttainmentRow[];
  /** Per row position, the indexes in `targets` of the judgements that read that row. */
  readers: number[][];
}

/** One row the data-quality audit reports (features/quality/service.ts). */
export interface AuditRow {
  district_code: string | null;
  entity_id: string;
  message: string;
  link: string;
}

/** One audit check's rows for the whole country, per district, and the change sequence they are true at. */
export interface KeptCheck {
  seq: number;
  byDistrict: Map<string, AuditRow[]>;
}

/** One audit check's count, first rows and counts per district. */
export interface ListedCheck {
  count: number;
  rows: AuditRow[];
  districts: Record<string, number>;
}

/** The audit's memory (features/quality/service.ts explains each part). */
export interface AuditMemory {
  /**
   * By date. Every row is kept (the national audit reports about 160,000), tens of MB, so two dates:
   * today's and the one last exported.
   */
  keptByDate: Recent<Map<QualityIssueKind, KeptCheck>>;
  /** The overlap check, and a one-district audit's checks while the whole country's are not kept, per (date, district, limit). */
  remembered: Recent<{ seq: number; kinds: Map<QualityIssueKind, ListedCheck> }>;
  /** The stays found overlapping at the last full scan or check by id; null until the first. */
  overlapsFound: readonly string[] | null;
  stats: { fullChecks: number; districtChecks: number; overlapScans: number };
}

export interface CountingState {
  /**
   * The tally source reports use: `fast` unless a test or the benchmark swaps in another (the recount,
   * naiveSource) to compare.
   */
  source: AreaCountsSource;
  /** The fast source of this core (rollback.ts), which records in `pastBeds` where past dates came from. */
  readonly fast: AreaCountsSource;
  readonly reports: Recent<ReportEntry>;
  readonly memoStats: MemoStats;
  readonly pastBeds: PastBedsStats;
  readonly offThread: OffThreadStats;
  /** The worker for what users wait for, and one for the dates stored ahead of time (workerClient.ts). */
  workers: { users: CountWorker; background: CountWorker } | null;
  /** What the background builder of stored dates is counting now (background.ts). */
  building: BuildProgress | null;
  /** The last report's target judgements per date and options, as many as `reports` keeps. */
  readonly judged: Recent<Judged>;
  readonly audit: AuditMemory;
}

export function createCountingState(): CountingState {
  const pastBeds: PastBedsStats = { last: null };
  const fast = fastSourceFor(pastBeds);
  return {
    source: fast,
    fast,
    reports: new Recent(MAX_REPORTS),
    memoStats: { last: 'full', recounted: 0 },
    pastBeds,
    offThread: { last: null, sent: 0 },
    workers: null,
    building: null,
    judged: new Recent(MAX_REPORTS),
    audit: { keptByDate: new Recent(2), remembered: new Recent(4), overlapsFound: null, stats: { fullChecks: 0, districtChecks: 0, overlapScans: 0 } },
  };
}

/**
 * What the background builder needs of the core that runs it (the core's context has all of it), named
 * here so the engine does not depend on the context that holds it.
 */
export interface CountingHost {
  db: Kysely<Database>;
  counting: CountingState;
  readOnly: boolean;
  logger: Logger;
  now(): Date;
}
