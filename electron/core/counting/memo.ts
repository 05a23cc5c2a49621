import type { Kysely } from 'kysely';
import type { IndicatorAreaRow } from '../../../shared/contract';
import { bedSources, computeIndicators, emptyAreaCounts, type AreaCounts, type IndicatorOptions } from '../../../shared/domain/indicators';
import type { Database } from '../db/schema';
import {
  CITY_CODE,
  cityCountsFrom,
  sumDistricts,
  type CityTotals,
  areasFor,
  cityArea,
  isCurrent,
  loadDistrictCounts,
  type AreaCountsSource,
  type AreaInfo,
} from './tallies';
import { changeSeq } from './remember';
import type { CountingState, ReportEntry } from './state';
import { countAreas } from './offThread';
import { MAX_RECOUNTED_DISTRICTS, readCheckpoint, storeServes, writeCheckpoint, writtenSince } from './checkpoints';

// The district report kept in memory between calls (the core's CountingState.reports). A call reads the
// change sequence, recounts only the districts stamped since by writes reaching back to the date, and
// swaps their tallies in the city's running sums. Nothing the database has not confirmed is trusted: an
// unknown or rolled-back sequence, an area change ('*') or too many changed districts mean a full count.
// Equality with a full recount after random writes: tests/core/memo.test.ts and the benchmark. See
// docs/derived-data.md for the full picture.

/** Forgets every report kept in memory (the benchmark uses it to time cold calls). */
export function forgetReports(state: CountingState): void {
  state.reports.clear();
}

/** An area's report row: the indicators computed from its tallies. */
export function areaRow(a: AreaInfo, counts: AreaCounts | undefined, asOf: string, options: IndicatorOptions): IndicatorAreaRow {
  return {
    areaCode: a.code,
    areaName: a.name,
    level: a.level,
    parentCode: a.level === 'street' ? a.parentCode : null,
    values: computeIndicators(counts ?? emptyAreaCounts(a.code, asOf), options),
    bedSources: bedSources(counts ?? emptyAreaCounts(a.code, asOf), options),
  };
}

/**
 * The city row then every district row, as of `asOf` with `options`, from memory where the database
 * confirms nothing changed. `db` must not be a transaction: rows computed from uncommitted writes must
 * not outlive them.
 */
export async function districtRows(
  state: CountingState,
  db: Kysely<Database>,
  asOf: string,
  options: IndicatorOptions,
  source: AreaCountsSource,
): Promise<IndicatorAreaRow[]> {
  const key = `${asOf}|${JSON.stringify(options)}`;
  const seq = await changeSeq(db);
  const stats = state.memoStats;
  let entry = state.reports.get(key);
  if (entry && entry.seq === seq) {
    stats.last = 'hit';
    stats.recounted = 0;
  } else if (entry && entry.seq < seq) {
    const changed = [...(await writtenSince(db, entry.seq, asOf)).keys()];
    if (changed.includes('*') || changed.length > MAX_RECOUNTED_DISTRICTS) entry = undefined;
    else await refresh(state, db, entry, changed, seq, asOf, options, source);
  } else {
    entry = undefined;
  }
  if (!entry) {
    entry = await full(state, db, asOf, options, source, seq);
  }
  state.reports.set(key, entry);
  return [entry.rows.get(CITY_CODE)!, ...entry.districts.map((d) => entry.rows.get(d.code)!)];
}

async function full(state: CountingState, db: Kysely<Database>, asOf: string, options: IndicatorOptions, source: AreaCountsSource, seq: number): Promise<ReportEntry> {
  const past = !(await isCurrent(db, asOf));
  const fromStore = past ? await fromCheckpoint(state, db, asOf, source, seq) : undefined;
  // A past date's full count runs on the count worker, which says which state it counted (a write made
  // meanwhile comes after it, so it is recounted at the next view).
  const counted = fromStore ? undefined : await countAreas(state, db, asOf, 'district', source);
  const at = counted?.seq ?? seq;
  const { areas, counts, cityTotals } = fromStore ?? counted!;
  const districts = areas.filter((a) => a.level === 'district');
  if (!fromStore) {
    if (past) await writeCheckpoint(db, asOf, at, [...districts.map((d) => counts.get(d.code)!), counts.get(CITY_CODE)!]);
    state.memoStats.last = 'full';
    state.memoStats.recounted = districts.length;
  }
  const rows = new Map<string, IndicatorAreaRow>();
  for (const a of areas) rows.set(a.code, areaRow(a, counts.get(a.code), asOf, options));
  const city = areas.find((a) => a.level === 'city')!;
  return { seq: at, city, districts, areaOf: new Map(districts.map((d) => [d.code, d])), counts, rows, cityTotals };
}

/**
 * A past date's counts from the checkpoint store (checkpoints.ts), recounting the districts written since
 * they were stored and writing them back; undefined when nothing is stored or too much changed to
 * recount one by one.
 */
async function fromCheckpoint(state: CountingState, db: Kysely<Database>, asOf: string, source: AreaCountsSource, seq: number) {
  const districts = await areasFor(db, 'district');
  const saved = await readCheckpoint(db, asOf, districts.map((d) => d.code), CITY_CODE);
  if (!saved || !storeServes(saved.stale.length)) return undefined;
  const { counts, stale } = saved;
  const recounted = [];
  for (const code of stale) {
    const c = await loadDistrictCounts(db, asOf, code, source);
    counts.set(code, c);
    recounted.push(c);
  }
  state.memoStats.last = 'stored';
  state.memoStats.recounted = recounted.length;
  let cityTotals: CityTotals | null = null;
  if (saved.city) {
    counts.set(CITY_CODE, saved.city);
  } else {
    const districtCounts = districts.map((d) => counts.get(d.code)!);
    cityTotals = sumDistricts(districtCounts);
    const city = await cityCountsFrom(db, asOf, cityTotals, districtCounts);
    counts.set(CITY_CODE, city);
    recounted.push(city);
  }
  if (recounted.length) await writeCheckpoint(db, asOf, seq, recounted);
  return { areas: [await cityArea(db), ...districts], counts, cityTotals };
}

async function refresh(
  state: CountingState,
  db: Kysely<Database>,
  entry: ReportEntry,
  changed: string[],
  seq: number,
  asOf: string,
  options: IndicatorOptions,
  source: AreaCountsSource,
): Promise<void> {
  let recounted = 0;
  // Summed now, from the counts as they were, when the city came whole from the store.
  const totals = (entry.cityTotals ??= sumDistricts(entry.districts.map((d) => entry.counts.get(d.code)!)));
  for (const code of changed) {
    const area = entry.areaOf.get(code);
    // Codes of no listed district (the city's own population, an unlisted area) only touch the city.
    if (!area) continue;
    const counts = await loadDistrictCounts(db, asOf, code, source);
    totals.add(entry.counts.get(code)!, -1);
    totals.add(counts, 1);
    entry.counts.set(code, counts);
    entry.rows.set(code, areaRow(area, counts, asOf, options));
    recounted++;
  }
  const city = await cityCountsFrom(db, asOf, totals, entry.districts.map((d) => entry.counts.get(d.code)!));
  entry.counts.set(CITY_CODE, city);
  entry.rows.set(CITY_CODE, areaRow(entry.city, city, asOf, options));
  if (!(await isCurrent(db, asOf))) {
    await writeCheckpoint(db, asOf, seq, [...changed.filter((c) => entry.areaOf.has(c)).map((c) => entry.counts.get(c)!), city]);
  }
  entry.seq = seq;
  state.memoStats.last = 'incremental';
  state.memoStats.recounted = recounted;
}
