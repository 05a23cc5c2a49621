import { sql, type Kysely } from 'kysely';
import { addMonths, endOfMonth, endOfQuarter, format, parseISO, startOfMonth, subMonths } from 'date-fns';
import type { AreaCounts, AreaPopulation, PopulationFigure } from '../../../shared/domain/indicators';
import type { CheckpointStatus } from '../../../shared/contract';
import type { Database, Db } from '../db/schema';
import { changeSeq } from './remember';
import { areasFor, CITY_CODE, cityCountsFrom, isCurrent, loadDistrictCounts, naiveSource, sumDistricts } from './tallies';

// Tallies of past dates kept on disk (tally_checkpoints), per district, with the change sequence they
// were counted at. A stored row is trusted only as far as the write stamps confirm: a district stamped
// since by a write reaching back to the date, an area change ('*'), a row of another format or a missing
// district is counted again. See docs/derived-data.md for the full picture.

/**
 * Bump when the tally definitions (tallies.ts, rollback.ts, db/asOf.ts) or this encoding change: rows of another format
 * are treated as missing, so an upgrade never serves numbers counted by old rules.
 */
export const CHECKPOINT_FORMAT = 3;

/**
 * Above this many districts to recount one by one, one set-based count of every district is cheaper: a
 * stored date with more stale districts is not used, and the report memo recounts in full.
 */
export const MAX_RECOUNTED_DISTRICTS = 64;

/** Whether a stored date with `stale` districts to recount serves (else it is counted in full). */
export const storeServes = (stale: number) => stale <= MAX_RECOUNTED_DISTRICTS;

/** A stored date's districts: the still-true counts, and the districts that must be counted again. */
export interface StoredCounts {
  counts: Map<string, AreaCounts>;
  stale: string[];
  /**
   * The city's counts (the districts' summed, stored under the city's code) when still true: every
   * district is, none was stored after the city, and the city's own population was not written since.
   * Saves summing 98,000 tally rows on a national first view.
   */
  city: AreaCounts | null;
}

/**
 * The stored counts of `asOf` for `districts`, or null when nothing usable is stored. A district is
 * stale when its row is missing, of another format, or older than the district's latest stamp (or an
 * area change stamped '*').
 */
export async function readCheckpoint(db: Db, asOf: string, districts: readonly string[], cityCode?: string): Promise<StoredCounts | null> {
  const wanted = cityCode ? [...districts, cityCode] : [...districts];
  let q = db.selectFrom('tally_checkpoints').select(['district_code', 'seq', 'counts']).where('as_of', '=', asOf).where('format', '=', CHECKPOINT_FORMAT);
  // A few areas (a trend of one district) by key; every area of the date (a report) in one range read.
  if (wanted.length <= 50) q = q.where('district_code', 'in', wanted);
  const rows = await q.execute();
  if (rows.length === 0) return null;
  const outdated = await outdatedTest(db, asOf, rows);
  const byCode = new Map(rows.map((r) => [r.district_code, r]));
  const counts = new Map<string, AreaCounts>();
  const stale: string[] = [];
  for (const code of districts) {
    const row = byCode.get(code);
    if (!row || outdated(code, Number(row.seq))) stale.push(code);
    else counts.set(code, decodeCounts(code, asOf, row.counts));
  }
  const cityRow = cityCode ? byCode.get(cityCode) : undefined;
  const newestDistrict = districts.reduce((m, code) => Math.max(m, Number(byCode.get(code)?.seq ?? Infinity)), -1);
  const cityTrue = cityRow && stale.length === 0 && Number(cityRow.seq) >= newestDistrict && !outdated(cityCode!, Number(cityRow.seq));
  return { counts, stale, city: cityTrue ? decodeCounts(cityCode!, asOf, cityRow.counts) : null };
}

/**
 * The districts of `asOf` that would have to be counted (see readCheckpoint), without reading the stored
 * counts themselves: what the builder checks for every date each time it runs. Null when nothing of the
 * current format is stored for the date.
 */
export async function staleDistricts(db: Db, asOf: string, districts: readonly string[]): Promise<string[] | null> {
  const rows = await db
    .selectFrom('tally_checkpoints')
    .select(['district_code', 'seq'])
    .where('as_of', '=', asOf)
    .where('format', '=', CHECKPOINT_FORMAT)
    .execute();
  if (rows.length === 0) return null;
  const outdated = await outdatedTest(db, asOf, rows);
  const seqOf = new Map(rows.map((r) => [r.district_code, Number(r.seq)]));
  return districts.filter((code) => {
    const seq = seqOf.get(code);
    return seq === undefined || outdated(code, seq);
  });
}

/**
 * Whether stored date `asOf` serves, as the report's first view and a roll from it decide, without
 * decoding the stored counts: what the indicators page tells users before they wait.
 */
export async function opensFromStore(db: Db, asOf: string): Promise<boolean> {
  const stale = await staleDistricts(db, asOf, (await areasFor(db, 'district')).map((d) => d.code));
  return stale !== null && storeServes(stale.length);
}

/**
 * The areas written since change sequence `seq` by writes that reach back to `asOf`'s month or earlier
 * (dated stamps, migration 0014), each with its newest such stamp; '*' when the areas themselves changed. A write stamped from a later month cannot change the tallies of `asOf`. The report
 * memo and the stored dates both ask this.
 */
export async function writtenSince(db: Db, seq: number, asOf: string): Promise<Map<string, number>> {
  const stamps = await db
    .selectFrom('district_dated_versions')
    .select((eb) => ['district_code', eb.fn.max('seq').as('seq')])
    .where('seq', '>', seq)
    .where('from_month', '<=', asOf.slice(0, 7))
    .groupBy('district_code')
    .execute();
  // An area change is stamped as district '*' from every month (migration 0018).
  return new Map(stamps.map((v) => [v.district_code, Number(v.seq)]));
}

/** Whether an area's row of `asOf` stored at `seq` is outdated: see writtenSince. */
async function outdatedTest(db: Db, asOf: string, rows: readonly { seq: number }[]): Promise<(code: string, seq: number) => boolean> {
  const written = await writtenSince(db, rows.reduce((m, r) => Math.min(m, Number(r.seq)), Infinity), asOf);
  const areaChange = written.get('*') ?? -1;
  return (code, seq) => (written.get(code) ?? -1) > seq || areaChange > seq;
}

/** Stores districts' counts of `asOf`, counted at change sequence `seq` (read before counting). */
export async function writeCheckpoint(db: Db, asOf: string, seq: number, counts: Iterable<AreaCounts>): Promise<void> {
  const values = [...counts].map((c) => ({ as_of: asOf, district_code: c.areaCode, format: CHECKPOINT_FORMAT, seq, counts: encodeCounts(c) }));
  // 5 columns per row: stay far below SQLite's 32,766 bound parameters per statement.
  for (let i = 0; i < values.length; i += 1000) {
    await db
      .insertInto('tally_checkpoints')
      .values(values.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.columns(['as_of', 'district_code']).doUpdateSet((eb) => ({
          format: eb.ref('excluded.format'),
          seq: eb.ref('excluded.seq'),
          counts: eb.ref('excluded.counts'),
        })),
      )
      .execute();
  }
}

/**
 * The dates stored, with how many areas each holds and whether it holds them all (every district now
 * listed, and the city): a date the background stopped building half-way is not complete.
 */
export async function storedDates(db: Db): Promise<CheckpointStatus['stored']> {
  const { rows } = await sql<{ as_of: string; n: number; present: number; total: number }>`
    SELECT c.as_of, count(*) AS n,
      sum(c.district_code = ${CITY_CODE} OR c.district_code IN (SELECT code FROM areas WHERE level = 'district')) AS present,
      (SELECT count(*) FROM areas WHERE level = 'district') + 1 AS total
    FROM tally_checkpoints c WHERE c.format = ${CHECKPOINT_FORMAT}
    GROUP BY c.as_of ORDER BY c.as_of`.execute(db);
  return rows.map((r) => ({ asOf: r.as_of, districts: Number(r.n), complete: Number(r.present) === Number(r.total) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding. Nationally a date's counts are 98,000 tally rows; as JSON objects they take 15 MB and 140 ms
// to parse, as flat arrays of values about a third of that. Field order is fixed by the lists below.

type Flat = (string | number | null)[];

const POPULATION_FIELDS = ['residentTotal', 'resident60Plus', 'resident65Plus', 'registered60Plus', 'registered65Plus'] as const;

function flatten<T>(rows: readonly T[], fields: readonly (keyof T)[]): Flat {
  const out: Flat = [];
  for (const r of rows) for (const f of fields) out.push(r[f] as string | number | null);
  return out;
}

/** Rows back from a flat list, `width` values each; `make` names the fields (spelled out: see GroupSums). */
function unflatten<T>(flat: Flat, width: number, make: (f: Flat, i: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < flat.length; i += width) out.push(make(flat, i));
  return out;
}

const BED_FIELDS = ['facilityKind', 'facilityStatus', 'category', 'beds', 'nursingBeds', 'reserveBeds', 'occupiedBeds'] as const;
const FAMILY_FIELDS = ['providerKind', 'providerStatus', 'beds'] as const;
const DECLARED_FIELDS = ['facilityKind', 'facilityStatus', 'facilities', 'beds', 'nursingBeds', 'reserveBeds', 'shortTermBeds', 'residents'] as const;
const FACILITY_FIELDS = ['kind', 'status', 'medicalService', 'facilities', 'approvedBeds', 'facilitiesWithoutApprovedBeds'] as const;
const RATING_FIELDS = ['kind', 'status', 'stars', 'facilities'] as const;
const CENTER_FIELDS = ['streetCode', 'status'] as const;
const STAFF_FIELDS = ['facilityStatus', 'recorded', 'caregivers', 'certified'] as const;

type C = AreaCounts;
const makeBed = (f: Flat, i: number): C['beds'][number] => ({
  facilityKind: f[i] as never, facilityStatus: f[i + 1] as never, category: f[i + 2] as never,
  beds: f[i + 3] as number, nursingBeds: f[i + 4] as number, reserveBeds: f[i + 5] as number, occupiedBeds: f[i + 6] as number,
});
const makeFamily = (f: Flat, i: number): C['familyCareBeds'][number] => ({ providerKind: f[i] as never, providerStatus: f[i + 1] as never, beds: f[i + 2] as number });
const makeDeclared = (f: Flat, i: number): C['declared'][number] => ({
  facilityKind: f[i] as never, facilityStatus: f[i + 1] as never, facilities: f[i + 2] as number, beds: f[i + 3] as number,
  nursingBeds: f[i + 4] as number, reserveBeds: f[i + 5] as number, shortTermBeds: f[i + 6] as number, residents: f[i + 7] as number,
});
const makeFacility = (f: Flat, i: number): C['facilities'][number] => ({
  kind: f[i] as never, status: f[i + 1] as never, medicalService: f[i + 2] as never,
  facilities: f[i + 3] as number, approvedBeds: f[i + 4] as number, facilitiesWithoutApprovedBeds: f[i + 5] as number,
});
const makeRating = (f: Flat, i: number): C['ratings'][number] => ({ kind: f[i] as never, status: f[i + 1] as never, stars: f[i + 2] as number, facilities: f[i + 3] as number });
const makeStaff = (f: Flat, i: number): C['staff'][number] => ({ facilityStatus: f[i] as never, recorded: f[i + 1] as number, caregivers: f[i + 2] as number, certified: f[i + 3] as number });
const makeCenter = (f: Flat, i: number): C['careCenterStreets'][number] => ({ streetCode: f[i] as string, status: f[i + 1] as never });

export function encodeCounts(c: AreaCounts): string {
  return JSON.stringify([
    flatten(c.beds, BED_FIELDS),
    flatten(c.familyCareBeds, FAMILY_FIELDS),
    flatten(c.facilities, FACILITY_FIELDS),
    flatten(c.ratings, RATING_FIELDS),
    c.streetCount,
    flatten(c.careCenterStreets, CENTER_FIELDS),
    POPULATION_FIELDS.map((f) => (c.population[f] ? [c.population[f]!.value, c.population[f]!.year] : null)),
    flatten(c.staff, STAFF_FIELDS),
    c.tekunCentralCare ? [c.tekunCentralCare.decided, c.tekunCentralCare.needing, c.tekunCentralCare.inStay] : null,
    flatten(c.declared, DECLARED_FIELDS),
  ]);
}

export function decodeCounts(areaCode: string, asOf: string, text: string): AreaCounts {
  const [beds, family, facilities, ratings, streetCount, centers, population, staff, tekun, declared] = JSON.parse(text) as [
    Flat, Flat, Flat, Flat, number | null, Flat, ([number, number] | null)[], Flat, [number, number, number] | null, Flat,
  ];
  const pop = {} as Record<keyof AreaPopulation, PopulationFigure | null>;
  POPULATION_FIELDS.forEach((f, i) => (pop[f] = population[i] ? { value: population[i]![0], year: population[i]![1] } : null));
  return {
    areaCode,
    asOf,
    beds: unflatten(beds, BED_FIELDS.length, makeBed),
    familyCareBeds: unflatten(family, FAMILY_FIELDS.length, makeFamily),
    declared: unflatten(declared, DECLARED_FIELDS.length, makeDeclared),
    facilities: unflatten(facilities, FACILITY_FIELDS.length, makeFacility),
    ratings: unflatten(ratings, RATING_FIELDS.length, makeRating),
    streetCount,
    careCenterStreets: unflatten(centers, CENTER_FIELDS.length, makeCenter),
    population: pop,
    staff: unflatten(staff, STAFF_FIELDS.length, makeStaff),
    tekunCentralCare: tekun ? { decided: tekun[0], needing: tekun[1], inStay: tekun[2] } : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Building ahead of time.

/**
 * The past dates worth storing before anyone asks: every quarter end since the 14th five-year plan's
 * baseline (2020-12-31) and every month end of the last year, up to yesterday. Auditors compare these;
 * any other date is stored the first time it is viewed.
 */
export function checkpointDates(today: string): string[] {
  const dates = new Set<string>();
  for (let d = endOfQuarter(new Date(2020, 11, 1)); format(d, 'yyyy-MM-dd') < today; d = endOfQuarter(addMonths(startOfMonth(d), 3))) {
    dates.add(format(d, 'yyyy-MM-dd'));
  }
  const start = startOfMonth(subMonths(parseISO(today), 12));
  for (let d = endOfMonth(start); format(d, 'yyyy-MM-dd') < today; d = endOfMonth(addMonths(startOfMonth(d), 1))) {
    dates.add(format(d, 'yyyy-MM-dd'));
  }
  return [...dates].sort().reverse();
}

export type BuildProgress = NonNullable<CheckpointStatus['building']>;

/**
 * Counts and stores `dates` district by district, skipping districts already stored and still true, and
 * awaiting `pause()` between districts so that a host serving users (the app's core) answers them in
 * between: one district of a national dataset takes about 25 ms, a whole date district by district 50–80
 * s. A date with many districts to count goes to `wholeDate` when given (the host's count worker; the
 * CLI's own thread), which counts it at once from a stored date nearby or the counters. Safe to stop at
 * any point: what is stored stays usable.
 */
export async function buildCheckpoints(
  db: Kysely<Database>,
  dates: readonly string[],
  hooks: {
    pause?: () => Promise<void>;
    progress?: (p: BuildProgress) => void;
    stopped?: () => boolean;
    /**
     * Every district's and the city's counts of a date, counted at once (with the change sequence they
     * were counted at), or null to count district by district: used when more than `wholeAbove` districts
     * are to be counted (default MAX_RECOUNTED_DISTRICTS).
     */
    wholeDate?: (asOf: string) => Promise<{ counts: Map<string, AreaCounts>; seq: number } | null>;
    wholeAbove?: number;
  } = {},
): Promise<{ districtsCounted: number }> {
  let districtsCounted = 0;
  const codes = (await areasFor(db, 'district')).map((d) => d.code);
  for (const [i, asOf] of dates.entries()) {
    if (await isCurrent(db, asOf)) continue;
    // The city's row is checked with its districts: it is summed again only when something was stale.
    const outdated = (await staleDistricts(db, asOf, [...codes, CITY_CODE])) ?? [...codes, CITY_CODE];
    if (outdated.length === 0) continue;
    const stale = outdated.filter((code) => code !== CITY_CODE);
    if (hooks.stopped?.()) return { districtsCounted };
    if (hooks.wholeDate && stale.length > (hooks.wholeAbove ?? MAX_RECOUNTED_DISTRICTS)) {
      hooks.progress?.({ asOf, datesDone: i, dates: dates.length, districtsDone: 0, districts: stale.length, whole: true });
      const whole = await hooks.wholeDate(asOf);
      // (An area listed since the count began is missing from it: then district by district.)
      const rows = [...codes, CITY_CODE].map((c) => whole?.counts.get(c));
      if (whole && rows.every((r) => r !== undefined)) {
        await writeCheckpoint(db, asOf, whole.seq, rows as AreaCounts[]);
        districtsCounted += stale.length;
        await hooks.pause?.();
        continue;
      }
    }
    for (const [j, code] of stale.entries()) {
      if (hooks.stopped?.()) return { districtsCounted };
      hooks.progress?.({ asOf, datesDone: i, dates: dates.length, districtsDone: j, districts: stale.length, whole: false });
      const seq = await changeSeq(db);
      // One district of a past date: every source recounts it (the fast paths serve all districts at once),
      // and naming the recount here keeps this file free of rollback.ts, which reads stored dates.
      await writeCheckpoint(db, asOf, seq, [await loadDistrictCounts(db, asOf, code, naiveSource)]);
      districtsCounted++;
      await hooks.pause?.();
    }
    // The city's row, summed from the stored districts once all of them are true (decoding them all, so
    // not on a run that found nothing to do).
    const seq = await changeSeq(db);
    const saved = await readCheckpoint(db, asOf, codes, CITY_CODE);
    if (saved && saved.stale.length === 0 && !saved.city) {
      const list = codes.map((c) => saved.counts.get(c)!);
      await writeCheckpoint(db, asOf, seq, [await cityCountsFrom(db, asOf, sumDistricts(list), list)]);
    }
  }
  return { districtsCounted };
}
