// The raw counts behind every indicator as of a date: the recount from the base tables (naiveSource), the
// maintained counters for a current date (countersSource), and their assembly into AreaCounts per area.
// Every faster source must return exactly the recount's tallies. See docs/derived-data.md for the full
// picture.
import { sql, type RawBuilder } from 'kysely';
import type {
  AreaCounts,
  AreaPopulation,
  BedTally,
  CareCenterStreet,
  DeclaredTally,
  FacilityTally,
  FamilyCareBedTally,
  RatingTally,
  StaffTally,
  TekunTally,
} from '../../../shared/domain/indicators';
import { emptyAreaCounts } from '../../../shared/domain/indicators';
import type { BedCategory } from '../../../shared/domain/beds';
import type { FacilityKind, FacilityStatus, MedicalService } from '../../../shared/domain/facility';
import { bedOpenOn, itemisedOn, KINDS_BY_SCHEME, latestAttributeOn, latestDecisionOn, occupiedOn, starInForceOn, statusOn, stayCoversOn } from '../db/asOf';
import type { Db } from '../db/schema';

export const CITY_CODE = '110000';

/**
 * How rows are grouped: by district (6-digit code; a facility registered at a street counts in its
 * district), by street/town (9-digit code; only facilities registered at a street), or by facility
 * (the drill-down: which facilities make up a number).
 */
export type Grouping = 'district' | 'street' | 'facility';

/**
 * Restricts a tally to one district or street (drill-down). `current` says the date is on or after the
 * latest recorded event (counters_meta.max_event_on), so each facility's status on that date is its
 * stored current status and maintained counters equal a recount.
 */
export interface TallyFilter {
  areaCode?: string;
  current?: boolean;
}

/**
 * The raw counts behind every indicator, for every area of a grouping, as of a date. The naive source
 * recounts from the base tables with set-based GROUP BY queries; a faster source (maintained counters)
 * may replace it and must return exactly the same tallies.
 */
export interface AreaCountsSource {
  bedTallies(db: Db, asOf: string, grouping: Grouping, filter?: TallyFilter): Promise<Keyed<BedTally>[]>;
  familyCareBedTallies(db: Db, asOf: string, grouping: Grouping, filter?: TallyFilter): Promise<Keyed<FamilyCareBedTally>[]>;
  facilityTallies(db: Db, asOf: string, grouping: Grouping, filter?: TallyFilter): Promise<Keyed<FacilityTally>[]>;
}

/** A tally row with the key of the group it belongs to (area code or facility id). */
export type Keyed<T> = T & { key: string };

// ---------------------------------------------------------------------------------------------------------------
// Set-based SQL, one statement per tally over all groups at once.

/** The facilities that exist on D (they have a status on D) with that status, and the grouping key. */
function facilitiesOn(asOf: string, grouping: Grouping, filter: TallyFilter): RawBuilder<unknown> {
  const key =
    grouping === 'district' ? sql`f.district_code` : grouping === 'street' ? sql`f.area_code` : sql`f.id`;
  const where: RawBuilder<unknown>[] = [];
  if (grouping === 'street') where.push(sql`length(f.area_code) = 9`);
  if (filter.areaCode) {
    where.push(filter.areaCode.length === 6 ? sql`f.district_code = ${filter.areaCode}` : sql`f.area_code = ${filter.areaCode}`);
  }
  const status = filter.current ? sql`f.status` : statusOn(sql.ref('f.id'), asOf);
  return sql`SELECT * FROM (
      SELECT f.id, f.kind, f.medical_service, f.approved_beds, f.area_code, f.district_code, ${key} AS key,
        ${status} AS status
      FROM facilities f ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
    ) WHERE status IS NOT NULL`;
}

/** A bed is open on D when opened_on <= D < retired_on; its attributes are the latest version effective on D. */
export const naiveSource: AreaCountsSource = {
  async bedTallies(db, asOf, grouping, filter = {}) {
    const { rows } = await sql<{
      key: string;
      kind: FacilityKind;
      status: FacilityStatus;
      category: BedCategory;
      beds: number;
      nursing: number;
      reserve: number;
      occupied: number;
    }>`
      SELECT fo.key, fo.kind, fo.status, a.category, count(*) AS beds,
        coalesce(sum(a.nursing), 0) AS nursing, coalesce(sum(a.reserve), 0) AS reserve,
        coalesce(sum(${occupiedOn('b', asOf)}), 0) AS occupied
      FROM (${facilitiesOn(asOf, grouping, filter)}) fo
      JOIN beds b ON b.facility_id = fo.id AND ${bedOpenOn('b', asOf)}
      JOIN bed_attributes a ON a.bed_id = b.id AND ${latestAttributeOn('b', asOf)}
      GROUP BY fo.key, fo.kind, fo.status, a.category`.execute(db);
    return rows.map((r) => ({
      key: r.key,
      facilityKind: r.kind,
      facilityStatus: r.status,
      category: r.category,
      beds: Number(r.beds),
      nursingBeds: Number(r.nursing),
      reserveBeds: Number(r.reserve),
      occupiedBeds: Number(r.occupied),
    }));
  },

  async familyCareBedTallies(db, asOf, grouping, filter = {}) {
    // A family care bed stands in the elder's home: it belongs to the home's area, not the provider's.
    const key =
      grouping === 'district' ? sql`fb.district_code` : grouping === 'street' ? sql`fb.area_code` : sql`fb.provider_facility_id`;
    const where: RawBuilder<unknown>[] = [sql`fb.opened_on <= ${asOf}`, sql`(fb.closed_on IS NULL OR fb.closed_on > ${asOf})`];
    if (grouping === 'street') where.push(sql`length(fb.area_code) = 9`);
    if (filter.areaCode) {
      where.push(filter.areaCode.length === 6 ? sql`fb.district_code = ${filter.areaCode}` : sql`fb.area_code = ${filter.areaCode}`);
    }
    const { rows } = await sql<{ key: string; kind: FacilityKind; status: FacilityStatus | null; beds: number }>`
      SELECT key, kind, status, count(*) AS beds FROM (
        SELECT ${key} AS key, f.kind, ${filter.current ? sql`f.status` : statusOn(sql.ref('f.id'), asOf)} AS status
        FROM family_care_beds fb JOIN facilities f ON f.id = fb.provider_facility_id
        WHERE ${sql.join(where, sql` AND `)}
      ) WHERE status IS NOT NULL GROUP BY key, kind, status`.execute(db);
    return rows.map((r) => ({ key: r.key, providerKind: r.kind, providerStatus: r.status as FacilityStatus, beds: Number(r.beds) }));
  },

  async facilityTallies(db, asOf, grouping, filter = {}) {
    const { rows } = await sql<{
      key: string;
      kind: FacilityKind;
      status: FacilityStatus;
      medical_service: MedicalService | null;
      facilities: number;
      approved: number;
      without_approved: number;
    }>`
      SELECT fo.key, fo.kind, fo.status, fo.medical_service, count(*) AS facilities,
        coalesce(sum(fo.approved_beds), 0) AS approved, coalesce(sum(fo.approved_beds IS NULL), 0) AS without_approved
      FROM (${facilitiesOn(asOf, grouping, filter)}) fo
      GROUP BY fo.key, fo.kind, fo.status, fo.medical_service`.execute(db);
    return rows.map((r) => ({
      key: r.key,
      kind: r.kind,
      status: r.status,
      medicalService: r.medical_service,
      facilities: Number(r.facilities),
      approvedBeds: Number(r.approved),
      facilitiesWithoutApprovedBeds: Number(r.without_approved),
    }));
  },
};

/** The maintained per-facility counters as facility-keyed tallies, for the whole city, a district or a street. */
async function facilityBedCounters(db: Db, areaCode: string | undefined): Promise<Keyed<BedTally>[]> {
  let q = db
    .selectFrom('facility_bed_counters as c')
    .innerJoin('facilities as f', 'f.id', 'c.facility_id')
    .select(['c.facility_id', 'f.kind', 'f.status', 'c.category', 'c.beds', 'c.nursing', 'c.reserve', 'c.occupied'])
    .where('c.beds', '>', 0);
  if (areaCode) q = q.where(areaCode.length === 6 ? 'f.district_code' : 'f.area_code', '=', areaCode);
  const rows = await q.execute();
  return rows.map((r) => counterBedTally(r.facility_id, r));
}

/** A row of the maintained bed counters (per facility or per district) as the recount's tally. */
function counterBedTally(
  key: string,
  r: { kind: string; status: string; category: string; beds: number; nursing: number; reserve: number; occupied: number },
): Keyed<BedTally> {
  return {
    key,
    facilityKind: r.kind as FacilityKind,
    facilityStatus: r.status as FacilityStatus,
    category: r.category as BedCategory,
    beds: r.beds,
    nursingBeds: r.nursing,
    reserveBeds: r.reserve,
    occupiedBeds: r.occupied,
  };
}

/** The district counters answer a current date, grouped by district, for all districts or one. */
const districtCountersServe = (grouping: Grouping, filter: TallyFilter) =>
  !!filter.current && grouping === 'district' && (!filter.areaCode || filter.areaCode.length === 6);

/**
 * Maintained counters (migration 0007) for the district grouping on a current date; everything else
 * falls back to the recount. Equality with the recount is asserted by tests and by the benchmark.
 */
export const countersSource: AreaCountsSource = {
  async bedTallies(db, asOf, grouping, filter = {}) {
    // A drill-down on a current date: each facility's own counters, its kind and status as stored (the
    // recount of a city's 2,000 facilities took 0.5 s on the Beijing file).
    if (filter.current && grouping === 'facility') return facilityBedCounters(db, filter.areaCode);
    if (!districtCountersServe(grouping, filter)) {
      return naiveSource.bedTallies(db, asOf, grouping, filter);
    }
    let q = db.selectFrom('district_bed_counters').selectAll().where('beds', '>', 0);
    if (filter.areaCode) q = q.where('district_code', '=', filter.areaCode);
    const rows = await q.execute();
    return rows.map((r) => counterBedTally(r.district_code, r));
  },
  familyCareBedTallies: (db, asOf, grouping, filter) => naiveSource.familyCareBedTallies(db, asOf, grouping, filter),
  async facilityTallies(db, asOf, grouping, filter = {}) {
    if (!districtCountersServe(grouping, filter)) {
      return naiveSource.facilityTallies(db, asOf, grouping, filter);
    }
    let q = db.selectFrom('district_facility_counters').selectAll().where('facilities', '>', 0);
    if (filter.areaCode) q = q.where('district_code', '=', filter.areaCode);
    const rows = await q.execute();
    return rows.map((r) => ({
      key: r.district_code,
      kind: r.kind as FacilityKind,
      status: r.status as FacilityStatus,
      medicalService: r.medical_service as MedicalService,
      facilities: r.facilities,
      approvedBeds: r.approved,
      facilitiesWithoutApprovedBeds: r.without_approved,
    }));
  },
};

/**
 * Facilities counted from their declared figures on D: each facility that exists on D (has a status), has a
 * declaration on or before D, and has no itemised bed on D (no bed open on D with an attribute version in
 * force, i.e. none the bed tallies count), by its latest declaration not after D. Driven from the
 * declarations, which are few, and always recounted: no counter or roll back keeps them, so every read path
 * gets them from here (stored dates keep them, made stale by the stamps of migrations 0014 and 0021).
 */
export async function declaredTallies(db: Db, asOf: string, grouping: Grouping, filter: TallyFilter = {}): Promise<Keyed<DeclaredTally>[]> {
  const key = grouping === 'district' ? sql`f.district_code` : grouping === 'street' ? sql`f.area_code` : sql`f.id`;
  const where: RawBuilder<unknown>[] = [
    sql`d.declared_on = (SELECT max(d2.declared_on) FROM facility_declarations d2 WHERE d2.facility_id = d.facility_id AND d2.declared_on <= ${asOf})`,
    sql`NOT EXISTS (SELECT 1 FROM beds b WHERE b.facility_id = d.facility_id AND ${itemisedOn('b', asOf)})`,
  ];
  if (grouping === 'street') where.push(sql`length(f.area_code) = 9`);
  if (filter.areaCode) {
    where.push(filter.areaCode.length === 6 ? sql`f.district_code = ${filter.areaCode}` : sql`f.area_code = ${filter.areaCode}`);
  }
  const { rows } = await sql<{ key: string; kind: FacilityKind; status: FacilityStatus; facilities: number; beds: number; nursing: number; reserve: number; short_term: number; residents: number }>`
    SELECT key, kind, status, count(*) AS facilities, sum(total_beds) AS beds, coalesce(sum(nursing_beds), 0) AS nursing,
      coalesce(sum(reserve_beds), 0) AS reserve, coalesce(sum(short_term_beds), 0) AS short_term,
      coalesce(sum(min(coalesce(residents, 0), total_beds)), 0) AS residents
    FROM (
      SELECT ${key} AS key, f.kind, ${statusOn(sql.ref('f.id'), asOf)} AS status, d.total_beds, d.nursing_beds, d.reserve_beds,
        d.short_term_beds, d.residents
      FROM facility_declarations d JOIN facilities f ON f.id = d.facility_id
      WHERE ${sql.join(where, sql` AND `)}
    ) WHERE status IS NOT NULL GROUP BY key, kind, status`.execute(db);
  return rows.map((r) => ({
    key: r.key,
    facilityKind: r.kind,
    facilityStatus: r.status,
    facilities: Number(r.facilities),
    beds: Number(r.beds),
    nursingBeds: Number(r.nursing),
    reserveBeds: Number(r.reserve),
    shortTermBeds: Number(r.short_term),
    residents: Number(r.residents),
  }));
}

/** Whether `asOf` is on or after every recorded event date, so stored current state equals the state on D. */
export async function isCurrent(db: Db, asOf: string): Promise<boolean> {
  const meta = await db.selectFrom('counters_meta').select('max_event_on').where('id', '=', 1).executeTakeFirst();
  return !!meta && asOf >= meta.max_event_on;
}

/**
 * Stars in force on D, counted only when the decision's scheme is the one the facility's kind is rated
 * under (the same rule as the ratings overview). Ratings are few (one row per decision), so this stays
 * a recount in every source.
 */
export async function ratingTallies(db: Db, asOf: string, grouping: Grouping, filter: TallyFilter = {}): Promise<Keyed<RatingTally>[]> {
  const f = sql.ref('f.id');
  const key =
    grouping === 'district' ? sql`f.district_code` : grouping === 'street' ? sql`f.area_code` : sql`f.id`;
  const where: RawBuilder<unknown>[] = [sql`true`];
  if (grouping === 'street') where.push(sql`length(f.area_code) = 9`);
  if (filter.areaCode) {
    where.push(filter.areaCode.length === 6 ? sql`f.district_code = ${filter.areaCode}` : sql`f.area_code = ${filter.areaCode}`);
  }
  const schemeFor = sql`CASE WHEN f.kind IN (${sql.join(KINDS_BY_SCHEME.institution.map((k) => sql.lit(k)))}) THEN 'institution'
    WHEN f.kind IN (${sql.join(KINDS_BY_SCHEME.station.map((k) => sql.lit(k)))}) THEN 'station' END`;
  // Driven from the rated facilities (few) rather than from every facility.
  const { rows } = await sql<{ key: string; kind: FacilityKind; status: FacilityStatus; stars: number; facilities: number }>`
    SELECT key, kind, status, star AS stars, count(*) AS facilities FROM (
      SELECT ${key} AS key, f.kind, ${filter.current ? sql`f.status` : statusOn(f, asOf)} AS status,
        ${starInForceOn(f, asOf)} AS star, ${latestDecisionOn(f, asOf, sql`r.scheme`)} AS scheme, ${schemeFor} AS expected
      ${
        filter.areaCode
          ? // One area (the report memo's refresh): its ~150 facilities by index, each probing its ratings.
            sql`FROM facilities f WHERE ${sql.join(where, sql` AND `)}
                  AND EXISTS (SELECT 1 FROM star_ratings r WHERE r.facility_id = f.id AND r.decided_on <= ${asOf})`
          : sql`FROM (SELECT DISTINCT facility_id FROM star_ratings WHERE decided_on <= ${asOf}) rated
                JOIN facilities f ON f.id = rated.facility_id
                WHERE ${sql.join(where, sql` AND `)}`
      }
    ) WHERE status IS NOT NULL AND star IS NOT NULL AND scheme = expected
    GROUP BY key, kind, status, star`.execute(db);
  return rows.map((r) => ({ key: r.key, kind: r.kind, status: r.status, stars: Number(r.stars), facilities: Number(r.facilities) }));
}

/**
 * Staff of facilities existing on D, by the facility's status on D: those employed by D (any post), the
 * caregivers on duty and the certified among them. Staff rows are few (tens per facility), so this is a
 * recount on every path, like ratings.
 */
export async function staffTallies(db: Db, asOf: string, grouping: Grouping, filter: TallyFilter = {}): Promise<Keyed<StaffTally>[]> {
  const onDuty = sql`st.post = 'caregiver' AND (st.employed_to IS NULL OR st.employed_to > ${asOf})`;
  const { rows } = await sql<{ key: string; status: FacilityStatus; recorded: number; caregivers: number; certified: number }>`
    SELECT fo.key, fo.status, count(*) AS recorded,
      coalesce(sum(${onDuty}), 0) AS caregivers,
      coalesce(sum(${onDuty} AND st.skill_level IS NOT NULL AND st.certified_on <= ${asOf}), 0) AS certified
    FROM (${facilitiesOn(asOf, grouping, filter)}) fo
    JOIN staff st ON st.facility_id = fo.id AND st.employed_from <= ${asOf}
    GROUP BY fo.key, fo.status`.execute(db);
  return rows.map((r) => ({ key: r.key, facilityStatus: r.status, recorded: Number(r.recorded), caregivers: Number(r.caregivers), certified: Number(r.certified) }));
}

/**
 * 特困 elders by registered (户籍) area with their latest centralised-support decision on or before D, how
 * many need it and how many of those have a stay covering D. Counted where the elder is registered, not
 * where they live: the plan's rate is the district's duty to its own 特困 persons. No facility grouping.
 */
export async function tekunTallies(db: Db, asOf: string, grouping: Exclude<Grouping, 'facility'>, filter: TallyFilter = {}): Promise<Keyed<TekunTally>[]> {
  const len = grouping === 'district' ? 6 : 9;
  const where: RawBuilder<unknown>[] = [sql`length(e.hukou_area_code) >= ${len}`];
  if (filter.areaCode) where.push(sql`substr(e.hukou_area_code, 1, ${filter.areaCode.length}) = ${filter.areaCode}`);
  const { rows } = await sql<{ key: string; decided: number; needing: number; in_stay: number }>`
    SELECT substr(e.hukou_area_code, 1, ${len}) AS key, count(*) AS decided, coalesce(sum(n.needs), 0) AS needing,
      coalesce(sum(n.needs = 1 AND EXISTS (SELECT 1 FROM stays s WHERE s.elder_id = e.id AND ${stayCoversOn('s', asOf)})), 0) AS in_stay
    FROM tekun_support_needs n
    JOIN elders e ON e.id = n.elder_id
    WHERE n.effective_on = (SELECT max(n2.effective_on) FROM tekun_support_needs n2 WHERE n2.elder_id = n.elder_id AND n2.effective_on <= ${asOf})
      AND EXISTS (SELECT 1 FROM elder_categories c WHERE c.elder_id = e.id AND c.category = 'extreme_hardship')
      AND ${sql.join(where, sql` AND `)}
    GROUP BY key`.execute(db);
  return rows.map((r) => ({ key: r.key, decided: Number(r.decided), needing: Number(r.needing), inStay: Number(r.in_stay) }));
}

/** Streets/towns having a 养老照料中心 (registered at that street) with the given status on D. */
export async function careCenterStreets(db: Db, asOf: string, filter: TallyFilter = {}): Promise<{ district: string; street: CareCenterStreet }[]> {
  const { rows } = await sql<{ district_code: string; area_code: string; status: FacilityStatus }>`
    SELECT DISTINCT district_code, area_code, status FROM (
      SELECT f.district_code, f.area_code, ${filter.current ? sql`f.status` : statusOn(sql.ref('f.id'), asOf)} AS status
      FROM facilities f WHERE f.kind = 'care_center' AND length(f.area_code) = 9
        ${filter.areaCode ? (filter.areaCode.length === 6 ? sql`AND f.district_code = ${filter.areaCode}` : sql`AND f.area_code = ${filter.areaCode}`) : sql``}
    ) WHERE status IS NOT NULL`.execute(db);
  return rows.map((r) => ({ district: r.district_code, street: { streetCode: r.area_code, status: r.status } }));
}

type PopulationColumn = 'resident' | 'resident_60' | 'resident_65' | 'registered_60';
// The population template has no 65岁及以上户籍人口 column, so that figure is always missing (and any
// indicator on it says so) until the template gains it.
const POPULATION_FIELDS: Partial<Record<keyof AreaPopulation, PopulationColumn>> = {
  residentTotal: 'resident',
  resident60Plus: 'resident_60',
  resident65Plus: 'resident_65',
  registered60Plus: 'registered_60',
};

/**
 * Each figure of each area from the latest year not after the as-of year that has it. Figures are
 * picked independently: a district that published only its total for 2023 still has its 2020 elderly
 * figure. The population table holds one row per area and year, so this reads few rows.
 */
export async function populations(db: Db, asOf: string, areaCodes?: readonly string[]): Promise<Map<string, AreaPopulation>> {
  if (areaCodes?.length === 0) return new Map();
  const year = Number(asOf.slice(0, 4));
  const only = areaCodes ? sql`AND p.area_code IN (${sql.join([...areaCodes])})` : sql``;
  const { rows } = await sql<Record<string, number | string | null> & { area_code: string; year: number }>`
    SELECT p.area_code, p.year, p.resident, p.resident_60, p.resident_65, p.registered_60
    FROM population p WHERE p.year <= ${year} ${only} ORDER BY p.area_code, p.year DESC`.execute(db);
  const out = new Map<string, AreaPopulation>();
  for (const row of rows) {
    let pop = out.get(row.area_code);
    if (!pop) {
      pop = { residentTotal: null, resident60Plus: null, resident65Plus: null, registered60Plus: null, registered65Plus: null };
      out.set(row.area_code, pop);
    }
    for (const [field, column] of Object.entries(POPULATION_FIELDS) as [keyof AreaPopulation, PopulationColumn][]) {
      const value = row[column];
      if (pop[field] === null && value !== null && value !== undefined) pop[field] = { value: Number(value), year: Number(row.year) };
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Assembling AreaCounts

export interface AreaInfo {
  code: string;
  name: string;
  level: 'city' | 'district' | 'street';
  parentCode: string | null;
}

export async function areasFor(db: Db, level: 'district' | 'street'): Promise<AreaInfo[]> {
  const levels = level === 'street' ? ['district', 'street'] : ['district'];
  const rows = await db
    .selectFrom('areas')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('level', 'in', levels as never[])
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level as AreaInfo['level'], parentCode: r.parent_code }));
}

/** Items in lists by key, in their order. */
export function listsBy<T, V>(items: readonly T[], key: (t: T) => string, value: (t: T) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(value(item));
    else out.set(k, [value(item)]);
  }
  return out;
}

function groupInto<T extends { key: string }>(rows: T[]): Map<string, Omit<T, 'key'>[]> {
  return listsBy(rows, (r) => r.key, ({ key: _key, ...rest }) => rest);
}

const SUMMABLE_POPULATION = Object.keys(POPULATION_FIELDS) as (keyof AreaPopulation)[];

/**
 * The city's population: its own row when one is recorded, otherwise the sum of its districts when
 * every district has the figure (a partial sum would understate the denominator), using the oldest
 * year among them so the export names a year every part covers.
 */
export function cityPopulation(own: AreaPopulation | undefined, districts: AreaPopulation[]): AreaPopulation {
  const out = { ...(own ?? { residentTotal: null, resident60Plus: null, resident65Plus: null, registered60Plus: null, registered65Plus: null }) };
  for (const field of SUMMABLE_POPULATION) {
    if (out[field]) continue;
    if (districts.length === 0 || districts.some((d) => !d[field])) continue;
    out[field] = {
      value: districts.reduce((s, d) => s + d[field]!.value, 0),
      year: Math.min(...districts.map((d) => d[field]!.year)),
    };
  }
  return out;
}

/**
 * A tally kind: the key of the group a row belongs to, and how a row is added into its group's sums.
 * Written out per kind rather than looped over field names: nationally the city sums 98,000 rows per
 * view, and property access by computed name was most of that time.
 */
interface TallyShape<T> {
  key(r: T): string;
  /** Zero measures, same group fields. */
  empty(r: T): T;
  add(into: T, r: T, sign: number): void;
}
type BedRow = AreaCounts['beds'][number];
type FamilyRow = AreaCounts['familyCareBeds'][number];
type FacilityRow = AreaCounts['facilities'][number];
type DeclaredRow = AreaCounts['declared'][number];
type RatingRow = AreaCounts['ratings'][number];
const BED_SHAPE: TallyShape<BedRow> = {
  key: (r) => r.facilityKind + '|' + r.facilityStatus + '|' + r.category,
  empty: (r) => ({ facilityKind: r.facilityKind, facilityStatus: r.facilityStatus, category: r.category, beds: 0, nursingBeds: 0, reserveBeds: 0, occupiedBeds: 0 }),
  add(into, r, sign) {
    into.beds += sign * r.beds;
    into.nursingBeds += sign * r.nursingBeds;
    into.reserveBeds += sign * r.reserveBeds;
    into.occupiedBeds += sign * r.occupiedBeds;
  },
};
const FAMILY_SHAPE: TallyShape<FamilyRow> = {
  key: (r) => r.providerKind + '|' + r.providerStatus,
  empty: (r) => ({ providerKind: r.providerKind, providerStatus: r.providerStatus, beds: 0 }),
  add(into, r, sign) {
    into.beds += sign * r.beds;
  },
};
const DECLARED_SHAPE: TallyShape<DeclaredRow> = {
  key: (r) => r.facilityKind + '|' + r.facilityStatus,
  empty: (r) => ({ facilityKind: r.facilityKind, facilityStatus: r.facilityStatus, facilities: 0, beds: 0, nursingBeds: 0, reserveBeds: 0, shortTermBeds: 0, residents: 0 }),
  add(into, r, sign) {
    into.facilities += sign * r.facilities;
    into.beds += sign * r.beds;
    into.nursingBeds += sign * r.nursingBeds;
    into.reserveBeds += sign * r.reserveBeds;
    into.shortTermBeds += sign * r.shortTermBeds;
    into.residents += sign * r.residents;
  },
};
const FACILITY_SHAPE: TallyShape<FacilityRow> = {
  key: (r) => r.kind + '|' + r.status + '|' + String(r.medicalService),
  empty: (r) => ({ kind: r.kind, status: r.status, medicalService: r.medicalService, facilities: 0, approvedBeds: 0, facilitiesWithoutApprovedBeds: 0 }),
  add(into, r, sign) {
    into.facilities += sign * r.facilities;
    into.approvedBeds += sign * r.approvedBeds;
    into.facilitiesWithoutApprovedBeds += sign * r.facilitiesWithoutApprovedBeds;
  },
};
const RATING_SHAPE: TallyShape<RatingRow> = {
  key: (r) => r.kind + '|' + r.status + '|' + r.stars,
  empty: (r) => ({ kind: r.kind, status: r.status, stars: r.stars, facilities: 0 }),
  add(into, r, sign) {
    into.facilities += sign * r.facilities;
  },
};

type StaffRow = AreaCounts['staff'][number];
const STAFF_SHAPE: TallyShape<StaffRow> = {
  key: (r) => r.facilityStatus,
  empty: (r) => ({ facilityStatus: r.facilityStatus, recorded: 0, caregivers: 0, certified: 0 }),
  add(into, r, sign) {
    into.recorded += sign * r.recorded;
    into.caregivers += sign * r.caregivers;
    into.certified += sign * r.certified;
  },
};

/** Same-group tallies of many districts added together, with how many district rows each group holds. */
class GroupSums<T extends object> {
  private readonly groups = new Map<string, { row: T; rows: number }>();
  constructor(private readonly shape: TallyShape<T>) {}

  add(rows: readonly T[], sign: 1 | -1): void {
    const shape = this.shape;
    for (const r of rows) {
      const k = shape.key(r);
      let g = this.groups.get(k);
      if (!g) {
        g = { row: shape.empty(r), rows: 0 };
        this.groups.set(k, g);
      }
      g.rows += sign;
      shape.add(g.row, r, sign);
      if (g.rows === 0) this.groups.delete(k);
    }
  }

  rows(): T[] {
    return [...this.groups.values()].map((g) => ({ ...g.row }));
  }
}

/**
 * The city's tallies as the sum of its districts'. The formulas only filter and sum tallies, so the city
 * needs one row per group rather than one per district and group (44,000 rows nationally). Integer
 * counts, so a district's old tallies can be taken out and its new ones put in (memo.ts refreshes one
 * district in microseconds instead of re-adding all 2,850); a group stays while any district has a row
 * in it, exactly as a fresh sum would have it.
 */
export class CityTotals {
  private readonly beds = new GroupSums(BED_SHAPE);
  private readonly family = new GroupSums(FAMILY_SHAPE);
  private readonly declared = new GroupSums(DECLARED_SHAPE);
  private readonly facilities = new GroupSums(FACILITY_SHAPE);
  private readonly ratings = new GroupSums(RATING_SHAPE);
  private readonly staff = new GroupSums(STAFF_SHAPE);
  private readonly tekun: TekunTally = { decided: 0, needing: 0, inStay: 0 };

  add(c: AreaCounts, sign: 1 | -1 = 1): void {
    this.beds.add(c.beds, sign);
    this.family.add(c.familyCareBeds, sign);
    this.declared.add(c.declared, sign);
    this.facilities.add(c.facilities, sign);
    this.ratings.add(c.ratings, sign);
    this.staff.add(c.staff, sign);
    if (c.tekunCentralCare) {
      this.tekun.decided += sign * c.tekunCentralCare.decided;
      this.tekun.needing += sign * c.tekunCentralCare.needing;
      this.tekun.inStay += sign * c.tekunCentralCare.inStay;
    }
  }

  /**
   * The city's AreaCounts; streets, care centres and population are taken from `districtCounts` as they are
   * now, and the city's own population row wins when recorded.
   */
  counts(asOf: string, districtCounts: readonly AreaCounts[], ownPopulation: AreaPopulation | undefined): AreaCounts {
    const streetTotal = districtCounts.reduce<number | null>((s, c) => (c.streetCount === null ? s : (s ?? 0) + c.streetCount), null);
    return {
      ...emptyAreaCounts(CITY_CODE, asOf),
      beds: this.beds.rows(),
      familyCareBeds: this.family.rows(),
      declared: this.declared.rows(),
      facilities: this.facilities.rows(),
      ratings: this.ratings.rows(),
      staff: this.staff.rows(),
      tekunCentralCare: this.tekun.decided > 0 ? { ...this.tekun } : null,
      streetCount: streetTotal,
      careCenterStreets: districtCounts.flatMap((c) => c.careCenterStreets),
      population: cityPopulation(ownPopulation, districtCounts.map((c) => c.population)),
    };
  }
}

/** Districts' tallies added up (the start of the city's running sums). */
export function sumDistricts(districtCounts: readonly AreaCounts[]): CityTotals {
  const totals = new CityTotals();
  for (const c of districtCounts) totals.add(c);
  return totals;
}

/** The city's counts from its districts' running sums and its own recorded population. */
export async function cityCountsFrom(db: Db, asOf: string, totals: CityTotals, districtCounts: readonly AreaCounts[]): Promise<AreaCounts> {
  const own = (await populations(db, asOf, [CITY_CODE])).get(CITY_CODE);
  return totals.counts(asOf, districtCounts, own);
}

type Grouped = {
  staff: Map<string, Omit<Keyed<StaffTally>, 'key'>[]>;
  tekun: Map<string, TekunTally>;
  beds: Map<string, Omit<Keyed<BedTally>, 'key'>[]>;
  family: Map<string, Omit<Keyed<FamilyCareBedTally>, 'key'>[]>;
  declared: Map<string, Omit<Keyed<DeclaredTally>, 'key'>[]>;
  facilities: Map<string, Omit<Keyed<FacilityTally>, 'key'>[]>;
  ratings: Map<string, Omit<Keyed<RatingTally>, 'key'>[]>;
};

function tekunBy(rows: Keyed<TekunTally>[]): Map<string, TekunTally> {
  return new Map(rows.map(({ key, ...rest }) => [key, rest]));
}

/** One area's AreaCounts from tallies grouped by area code. */
function assemble(code: string, asOf: string, by: Grouped, pops: Map<string, AreaPopulation>, extra: Partial<AreaCounts>): AreaCounts {
  return {
    ...emptyAreaCounts(code, asOf),
    beds: by.beds.get(code) ?? [],
    familyCareBeds: by.family.get(code) ?? [],
    declared: by.declared.get(code) ?? [],
    facilities: by.facilities.get(code) ?? [],
    ratings: by.ratings.get(code) ?? [],
    staff: by.staff.get(code) ?? [],
    tekunCentralCare: by.tekun.get(code) ?? null,
    population: pops.get(code) ?? emptyAreaCounts(code, asOf).population,
    ...extra,
  };
}

/** Registered streets/towns per district (one district when `districtCode` is given). */
async function streetsPerDistrict(db: Db, districtCode?: string): Promise<Map<string, number>> {
  let q = db
    .selectFrom('areas')
    .select((eb) => ['parent_code', eb.fn.countAll<number>().as('n')])
    .where('level', '=', 'street')
    .groupBy('parent_code');
  if (districtCode) q = q.where('parent_code', '=', districtCode);
  return new Map((await q.execute()).map((r) => [r.parent_code ?? '', Number(r.n)]));
}

/**
 * AreaCounts of the given districts: one statement per tally kind, restricted to the district when
 * `f.areaCode` names one (the report memo's refresh), for every district otherwise.
 */
async function loadDistricts(db: Db, asOf: string, codes: readonly string[], source: AreaCountsSource, f: TallyFilter) {
  const [beds, family, declared, facilities, ratings, staff, tekun, centers, pops, streets] = await Promise.all([
    source.bedTallies(db, asOf, 'district', f),
    source.familyCareBedTallies(db, asOf, 'district', f),
    declaredTallies(db, asOf, 'district', f),
    source.facilityTallies(db, asOf, 'district', f),
    ratingTallies(db, asOf, 'district', f),
    staffTallies(db, asOf, 'district', f),
    tekunTallies(db, asOf, 'district', f),
    careCenterStreets(db, asOf, f),
    populations(db, asOf, f.areaCode ? [f.areaCode] : undefined),
    streetsPerDistrict(db, f.areaCode),
  ]);
  const centersByDistrict = listsBy(centers, (c) => c.district, (c) => c.street);
  const by: Grouped = {
    beds: groupInto(beds),
    family: groupInto(family),
    declared: groupInto(declared),
    facilities: groupInto(facilities),
    ratings: groupInto(ratings),
    staff: groupInto(staff),
    tekun: tekunBy(tekun),
  };
  const counts = new Map<string, AreaCounts>();
  for (const code of codes) {
    counts.set(code, assemble(code, asOf, by, pops, { streetCount: streets.get(code) ?? null, careCenterStreets: centersByDistrict.get(code) ?? [] }));
  }
  return { counts, pops, centers };
}

/**
 * One district's AreaCounts, from the same tallies as loadAreaCounts restricted to the district. The
 * report memo (memo.ts) uses it to redo only the districts written since it last computed.
 */
export async function loadDistrictCounts(db: Db, asOf: string, code: string, source: AreaCountsSource): Promise<AreaCounts> {
  const f: TallyFilter = { current: source !== naiveSource && (await isCurrent(db, asOf)), areaCode: code };
  return (await loadDistricts(db, asOf, [code], source, f)).counts.get(code)!;
}

export interface AreaCountsResult {
  areas: AreaInfo[];
  counts: Map<string, AreaCounts>;
  /** The districts' tallies added up, from which the city's were taken (memo.ts keeps it up to date). */
  cityTotals: CityTotals;
}

/**
 * AreaCounts for the city, every district and (level 'street') every street, as of a date. A handful of
 * set-based statements whatever the number of areas; the city is the sum of its districts.
 */
export async function loadAreaCounts(
  db: Db,
  asOf: string,
  level: 'district' | 'street',
  source: AreaCountsSource = naiveSource,
): Promise<AreaCountsResult> {
  const areas = await areasFor(db, level);
  // The recount baseline reads history even for current dates; any other source may use stored state.
  const f: TallyFilter = { current: source !== naiveSource && (await isCurrent(db, asOf)) };
  const districts = areas.filter((a) => a.level === 'district');
  const streets = areas.filter((a) => a.level === 'street');
  const { counts, pops, centers } = await loadDistricts(db, asOf, districts.map((d) => d.code), source, f);
  const districtCounts = districts.map((d) => counts.get(d.code)!);
  const cityTotals = sumDistricts(districtCounts);
  counts.set(CITY_CODE, cityTotals.counts(asOf, districtCounts, pops.get(CITY_CODE)));
  if (streets.length) {
    const [sBeds, sFamily, sDeclared, sFacilities, sRatings, sStaff, sTekun] = await Promise.all([
      source.bedTallies(db, asOf, 'street', f),
      source.familyCareBedTallies(db, asOf, 'street', f),
      declaredTallies(db, asOf, 'street', f),
      source.facilityTallies(db, asOf, 'street', f),
      ratingTallies(db, asOf, 'street', f),
      staffTallies(db, asOf, 'street', f),
      tekunTallies(db, asOf, 'street', f),
    ]);
    const byStreet: Grouped = {
      beds: groupInto(sBeds),
      family: groupInto(sFamily),
      declared: groupInto(sDeclared),
      facilities: groupInto(sFacilities),
      ratings: groupInto(sRatings),
      staff: groupInto(sStaff),
      tekun: tekunBy(sTekun),
    };
    // A street may have centres in different states, so a list per street.
    const centersByStreet = listsBy(centers, (c) => c.street.streetCode, (c) => c.street);
    for (const s of streets) {
      counts.set(s.code, assemble(s.code, asOf, byStreet, pops, { streetCount: 1, careCenterStreets: centersByStreet.get(s.code) ?? [] }));
    }
  }
  return { areas: [await cityArea(db), ...areas], counts, cityTotals };
}

/** The city as an area of the report. */
export async function cityArea(db: Db): Promise<AreaInfo> {
  const cityRow = await db.selectFrom('areas').select('name').where('code', '=', CITY_CODE).executeTakeFirst();
  return { code: CITY_CODE, name: cityRow?.name ?? '北京市', level: 'city', parentCode: null };
}
