import { sql } from 'kysely';
import type { BedCategory } from '../../../shared/domain/beds';
import type { FacilityKind, FacilityStatus, MedicalService } from '../../../shared/domain/facility';
import type { BedTally, FacilityTally } from '../../../shared/domain/indicators';
import { bedOpenOn, latestAttribute, latestAttributeOn, occupiedOn, openStayExists, statusOn } from '../db/asOf';
import { areasFor, countersSource, naiveSource, type AreaCountsSource, type Keyed } from './tallies';
import { opensFromStore, readCheckpoint, storeServes, storedDates } from './checkpoints';
import type { PastBedsStats } from './stats';
import type { Db } from '../db/schema';
import { anyOf } from '../db/lists';

// Tallies as of a past date without recounting every bed: the maintained counters rolled back over the
// beds touched after D, or a stored date nearby rolled over the beds touched between the two, whichever
// reads fewer rows; the recount when most beds changed. Every path returns exactly the recount's tallies
// (tests/core/perf.test.ts, the benchmark). See docs/derived-data.md for the full picture.

interface FacilityDelta {
  facility_id: string;
  category: BedCategory;
  beds: number;
  nursing: number;
  reserve: number;
  occupied: number;
}

interface FacilityInfo {
  id: string;
  district_code: string;
  kind: FacilityKind;
  status: FacilityStatus;
  medical_service: MedicalService;
  approved_beds: number | null;
  status_on: FacilityStatus | null;
}

/** `column` in (lo, hi], or after `lo` when `hi` is null: a range of the column's date index. */
const within = (column: string, lo: string, hi: string | null) =>
  hi === null ? sql`${sql.ref(column)} > ${lo}` : sql`${sql.ref(column)} > ${lo} AND ${sql.ref(column)} <= ${hi}`;

/** The dated facts of a bed, each a range scan on a date index (migrations 0009, 0010): table, date, bed. */
const BED_FACTS = [
  ['beds', 'opened_on', 'id'],
  ['beds', 'retired_on', 'id'],
  ['bed_attributes', 'effective_on', 'bed_id'],
  ['stays', 'start_on', 'bed_id'],
  ['stays', 'end_on', 'bed_id'],
] as const;

/**
 * Beds with a dated fact in (lo, hi] (after `lo` when `hi` is null) and, `withStatus`, the beds of the
 * facilities whose status changed in it: one select per index range.
 */
function touchedBeds(lo: string, hi: string | null, withStatus: boolean) {
  const selects = BED_FACTS.map(([table, date, bed]) => sql`SELECT ${sql.ref(bed)} AS bed_id FROM ${sql.table(table)} WHERE ${within(date, lo, hi)}`);
  if (withStatus) {
    selects.push(sql`SELECT b.id FROM facility_status_history h JOIN beds b ON b.facility_id = h.facility_id WHERE ${within('h.effective_on', lo, hi)}`);
  }
  return sql.join(selects, sql` UNION `);
}

/**
 * How many rows touchedBeds would read, counted over the same index ranges, each range stopping at `cap`:
 * the plans only ask whether a way reads fewer rows than another, so nothing past the cheapest so far is
 * counted (a date two years back has millions of facts after it).
 */
async function touchedCount(db: Db, lo: string, hi: string | null, withStatus: boolean, cap: number): Promise<number> {
  const limit = Math.max(0, Math.ceil(cap));
  const terms = BED_FACTS.map(([table, date]) => sql`(SELECT count(*) FROM (SELECT 1 FROM ${sql.table(table)} WHERE ${within(date, lo, hi)} LIMIT ${limit}))`);
  if (withStatus) {
    terms.push(sql`(SELECT count(*) FROM (SELECT 1 FROM facility_status_history h JOIN beds b ON b.facility_id = h.facility_id
      WHERE ${within('h.effective_on', lo, hi)} LIMIT ${limit}))`);
  }
  const { rows } = await sql<{ n: number }>`SELECT ${sql.join(terms, sql` + `)} AS n`.execute(db);
  return Number(rows[0]!.n);
}

/**
 * Per facility and category: (state on D) − (state after the last event), summed over the touched
 * beds. Both halves use exactly the definitions of the recount (naiveSource) and of the counters.
 * CROSS JOIN pins the touched set as the outer loop: otherwise the planner may walk every bed by its
 * opening date and probe the touched set, which reads the whole table.
 */
async function facilityDeltas(db: Db, asOf: string): Promise<FacilityDelta[]> {
  const { rows } = await sql<FacilityDelta>`
    WITH t(bed_id) AS (${touchedBeds(asOf, null, false)})
    SELECT facility_id, category, sum(beds) AS beds, sum(nursing) AS nursing, sum(reserve) AS reserve, sum(occupied) AS occupied FROM (
      SELECT b.facility_id, a.category, -1 AS beds, -a.nursing AS nursing, -a.reserve AS reserve,
        -${openStayExists('b')} AS occupied
      FROM t CROSS JOIN beds b ON b.id = t.bed_id AND b.retired_on IS NULL
      JOIN bed_attributes a ON a.bed_id = b.id AND ${latestAttribute('b')}
      UNION ALL
      SELECT b.facility_id, a.category, 1, a.nursing, a.reserve,
        ${occupiedOn('b', asOf)}
      FROM t CROSS JOIN beds b ON b.id = t.bed_id AND ${bedOpenOn('b', asOf)}
      JOIN bed_attributes a ON a.bed_id = b.id AND ${latestAttributeOn('b', asOf)}
    ) GROUP BY facility_id, category`.execute(db);
  return rows.map((r) => ({ ...r, beds: Number(r.beds), nursing: Number(r.nursing), reserve: Number(r.reserve), occupied: Number(r.occupied) }));
}

/** The facilities whose status on D may differ from their current one, and the given ones, with both statuses. */
async function facilityInfo(db: Db, asOf: string, ids: string[]): Promise<Map<string, FacilityInfo & { changed: boolean }>> {
  const out = new Map<string, FacilityInfo & { changed: boolean }>();
  const { rows: changed } = await sql<FacilityInfo>`
    SELECT f.id, f.district_code, f.kind, f.status, f.medical_service, f.approved_beds,
      ${statusOn(sql.ref('f.id'), asOf)} AS status_on
    FROM facilities f WHERE f.id IN (SELECT facility_id FROM facility_status_history WHERE effective_on > ${asOf})`.execute(db);
  for (const r of changed) out.set(r.id, { ...r, changed: true });
  const rest = [...new Set(ids)].filter((id) => !out.has(id));
  if (rest.length === 0) return out;
  const { rows } = await sql<FacilityInfo>`
    SELECT f.id, f.district_code, f.kind, f.status, f.medical_service, f.approved_beds, f.status AS status_on
    FROM facilities f WHERE f.id IN ${anyOf(rest)}`.execute(db);
  for (const r of rows) out.set(r.id, { ...r, changed: false });
  return out;
}

function addTo(map: Map<string, Keyed<BedTally>>, key: string, kind: FacilityKind, status: FacilityStatus, category: BedCategory, sign: number, d: { beds: number; nursing: number; reserve: number; occupied: number }) {
  const k = `${key}|${kind}|${status}|${category}`;
  let row = map.get(k);
  if (!row) {
    row = { key, facilityKind: kind, facilityStatus: status, category, beds: 0, nursingBeds: 0, reserveBeds: 0, occupiedBeds: 0 };
    map.set(k, row);
  }
  row.beds += sign * d.beds;
  row.nursingBeds += sign * d.nursing;
  row.reserveBeds += sign * d.reserve;
  row.occupiedBeds += sign * d.occupied;
}

async function bedTalliesAsOf(db: Db, asOf: string): Promise<Keyed<BedTally>[]> {
  const deltas = await facilityDeltas(db, asOf);
  const info = await facilityInfo(db, asOf, deltas.map((d) => d.facility_id));
  const out = new Map<string, Keyed<BedTally>>();
  const current = await db.selectFrom('district_bed_counters').selectAll().where('beds', '<>', 0).execute();
  for (const r of current) addTo(out, r.district_code, r.kind as FacilityKind, r.status as FacilityStatus, r.category as BedCategory, 1, r);
  // Counts on D grouped by each facility's current status...
  for (const d of deltas) {
    const f = info.get(d.facility_id)!;
    addTo(out, f.district_code, f.kind, f.status, d.category, 1, d);
  }
  // ...then the facilities whose status on D differs move to that status (or out, if not yet in service).
  const moved = [...info.values()].filter((f) => f.changed && f.status_on !== f.status);
  for (let i = 0; i < moved.length; i += 500) {
    const part = moved.slice(i, i + 500);
    const rows = await db.selectFrom('facility_bed_counters').selectAll().where('facility_id', 'in', part.map((f) => f.id)).execute();
    const perFacility = new Map<string, FacilityDelta>();
    const bump = (r: FacilityDelta) => {
      const k = `${r.facility_id}|${r.category}`;
      const x = perFacility.get(k) ?? { facility_id: r.facility_id, category: r.category, beds: 0, nursing: 0, reserve: 0, occupied: 0 };
      x.beds += r.beds; x.nursing += r.nursing; x.reserve += r.reserve; x.occupied += r.occupied;
      perFacility.set(k, x);
    };
    for (const r of rows) bump(r as FacilityDelta);
    const ids = new Set(part.map((f) => f.id));
    for (const d of deltas) if (ids.has(d.facility_id)) bump(d);
    for (const x of perFacility.values()) {
      const f = info.get(x.facility_id)!;
      addTo(out, f.district_code, f.kind, f.status, x.category, -1, x);
      if (f.status_on) addTo(out, f.district_code, f.kind, f.status_on, x.category, 1, x);
    }
  }
  return [...out.values()].filter((r) => r.beds > 0);
}

// ---------------------------------------------------------------------------------------------------------------
// A past date from a stored one. Rolling back from the counters costs the changes since D; for a date
// two years back that is most stays (half a minute nationally). A stored date C (checkpoints.ts) near D
// holds every district's bed tallies on C, so only the beds with a dated fact between C and D, and the
// beds of facilities whose status changed between them, differ: each is counted on D and taken out as on
// C. The cost follows the changes between the two dates, whichever side of D the stored one lies.

/**
 * Per district: (tallies on `to`) − (tallies on `from`) over the touched beds, each side with exactly the
 * recount's definitions (naiveSource.bedTallies), the facility's status taken on that side's date.
 */
async function districtDeltas(db: Db, from: string, to: string): Promise<Keyed<BedTally>[]> {
  const [lo, hi] = from < to ? [from, to] : [to, from];
  // Each side's date: a column of the VALUES list below.
  const d = sql.ref('s.d');
  // Each touched bed and its facility are looked up once, then taken on both dates (sides): nationally,
  // 67,000 beds for a fortnight took 1.26 s against 1.9 s as two selects joined by UNION ALL.
  const { rows } = await sql<{ key: string; kind: FacilityKind; status: FacilityStatus; category: BedCategory; beds: number; nursing: number; reserve: number; occupied: number }>`
    WITH t(bed_id) AS (${touchedBeds(lo, hi, true)}), sides(sign, d) AS (VALUES (-1, ${from}), (1, ${to}))
    SELECT key, kind, status, category, sum(sign) AS beds, sum(sign * nursing) AS nursing, sum(sign * reserve) AS reserve,
      sum(sign * occupied) AS occupied
    FROM (
      SELECT s.sign, f.district_code AS key, f.kind, ${statusOn(sql.ref('f.id'), d)} AS status,
        a.category, a.nursing, a.reserve, ${occupiedOn('b', d, 'st')} AS occupied
      FROM t CROSS JOIN beds b ON b.id = t.bed_id CROSS JOIN facilities f ON f.id = b.facility_id CROSS JOIN sides s
      JOIN bed_attributes a ON a.bed_id = b.id AND ${latestAttributeOn('b', d)}
      WHERE ${bedOpenOn('b', d)}
    ) WHERE status IS NOT NULL GROUP BY key, kind, status, category`.execute(db);
  return rows.map((r) => ({
    key: r.key, facilityKind: r.kind, facilityStatus: r.status, category: r.category,
    beds: Number(r.beds), nursingBeds: Number(r.nursing), reserveBeds: Number(r.reserve), occupiedBeds: Number(r.occupied),
  }));
}

/**
 * Bed tallies on `asOf` from the stored date `from`: its districts' stored tallies plus the touched beds'
 * deltas; a district written since `from` was stored is recounted on its own. Null when more districts
 * than the store serves are stale.
 */
async function bedTalliesFromStored(db: Db, asOf: string, from: string): Promise<Keyed<BedTally>[] | null> {
  const codes = (await areasFor(db, 'district')).map((d) => d.code);
  const saved = await readCheckpoint(db, from, codes);
  if (!saved || !storeServes(saved.stale.length)) return null;
  const stale = new Set(saved.stale);
  const out = new Map<string, Keyed<BedTally>>();
  for (const [code, counts] of saved.counts) {
    for (const r of counts.beds) addTo(out, code, r.facilityKind, r.facilityStatus, r.category, 1, { beds: r.beds, nursing: r.nursingBeds, reserve: r.reserveBeds, occupied: r.occupiedBeds });
  }
  for (const d of await districtDeltas(db, from, asOf)) {
    if (saved.counts.has(d.key)) addTo(out, d.key, d.facilityKind, d.facilityStatus, d.category, 1, { beds: d.beds, nursing: d.nursingBeds, reserve: d.reserveBeds, occupied: d.occupiedBeds });
  }
  const rows = [...out.values()].filter((r) => r.beds > 0);
  for (const code of stale) rows.push(...(await naiveSource.bedTallies(db, asOf, 'district', { areaCode: code })));
  return rows;
}

async function facilityTalliesAsOf(db: Db, asOf: string): Promise<Keyed<FacilityTally>[]> {
  const info = await facilityInfo(db, asOf, []);
  const out = new Map<string, Keyed<FacilityTally>>();
  const add = (key: string, kind: FacilityKind, status: FacilityStatus, ms: MedicalService, sign: number, n: number, approved: number, without: number) => {
    const k = `${key}|${kind}|${status}|${ms}`;
    let row = out.get(k);
    if (!row) {
      row = { key, kind, status, medicalService: ms, facilities: 0, approvedBeds: 0, facilitiesWithoutApprovedBeds: 0 };
      out.set(k, row);
    }
    row.facilities += sign * n;
    row.approvedBeds += sign * approved;
    row.facilitiesWithoutApprovedBeds += sign * without;
  };
  const current = await db.selectFrom('district_facility_counters').selectAll().where('facilities', '<>', 0).execute();
  for (const r of current) add(r.district_code, r.kind as FacilityKind, r.status as FacilityStatus, r.medical_service as MedicalService, 1, r.facilities, r.approved, r.without_approved);
  for (const f of info.values()) {
    if (f.status_on === f.status) continue;
    const approved = f.approved_beds ?? 0;
    const without = f.approved_beds === null ? 1 : 0;
    add(f.district_code, f.kind, f.status, f.medical_service, -1, 1, approved, without);
    if (f.status_on) add(f.district_code, f.kind, f.status_on, f.medical_service, 1, 1, approved, without);
  }
  return [...out.values()].filter((r) => r.facilities > 0);
}

/** Always rolls the counters back (district grouping): the path the tests compare with the recount. */
export const rolledBackSource: AreaCountsSource = {
  bedTallies: (db, asOf, grouping, filter = {}) =>
    grouping === 'district' && !filter.areaCode ? bedTalliesAsOf(db, asOf) : naiveSource.bedTallies(db, asOf, grouping, filter),
  familyCareBedTallies: (db, asOf, grouping, filter) => naiveSource.familyCareBedTallies(db, asOf, grouping, filter),
  facilityTallies: (db, asOf, grouping, filter = {}) =>
    grouping === 'district' && !filter.areaCode ? facilityTalliesAsOf(db, asOf) : naiveSource.facilityTallies(db, asOf, grouping, filter),
};

/** Always rolls from the stored date `from` (district grouping): the path the tests compare with the recount. */
export const fromStoredSource = (from: string): AreaCountsSource => ({
  ...rolledBackSource,
  async bedTallies(db, asOf, grouping, filter = {}) {
    if (grouping !== 'district' || filter.areaCode) return naiveSource.bedTallies(db, asOf, grouping, filter);
    const rows = await bedTalliesFromStored(db, asOf, from);
    if (!rows) throw new Error(`stored date ${from} cannot serve`);
    return rows;
  },
});

type StoredList = Awaited<ReturnType<typeof storedDates>>;

/**
 * How D's bed tallies are cheapest to count: from the stored date nearest D on either side (only dates
 * stored for every district), back from the counters, or, when either would read half the beds' worth of
 * facts or more, the recount. Each estimate is counted only up to the cheapest found before it.
 */
async function pastPlan(db: Db, asOf: string, stored?: StoredList): Promise<{ stored: string | null; counters: boolean; beds: number }> {
  const { rows } = await sql<{ beds: number }>`SELECT coalesce(sum(beds), 0) AS beds FROM district_bed_counters`.execute(db);
  const beds = Number(rows[0]!.beds);
  let budget = beds * 0.5;
  let from: string | null = null;
  const complete = (stored ?? (await storedDates(db))).filter((d) => d.complete && d.asOf !== asOf).map((d) => d.asOf);
  for (const date of [complete.filter((d) => d < asOf).at(-1), complete.find((d) => d > asOf)]) {
    if (!date) continue;
    const n = await touchedCount(db, date < asOf ? date : asOf, date < asOf ? asOf : date, true, budget);
    if (n < budget) [from, budget] = [date, n];
  }
  const counters = (await touchedCount(db, asOf, null, false, budget)) < budget;
  return { stored: counters ? null : from, counters, beds };
}

/**
 * The stored date the first view of past date `asOf` will start from, as the fast source decides, when
 * the store can serve it (few districts written since): what the indicators page tells users. `stored`
 * is the caller's list of stored dates, when it has one.
 */
export async function startsFromStored(db: Db, asOf: string, stored?: StoredList): Promise<string | null> {
  const plan = await pastPlan(db, asOf, stored);
  return plan.stored && (await opensFromStore(db, plan.stored)) ? plan.stored : null;
}

/**
 * The tally source the indicators use: maintained counters for current dates; for past dates (district
 * grouping, all districts) the beds from a stored date nearby or the counters rolled back to D, whichever
 * reads fewer rows; and the recount for everything else (drill-downs, streets, dates so old that most
 * beds changed since and no stored date is near).
 */
export const fastSourceFor = (pastBeds: PastBedsStats): AreaCountsSource => ({
  async bedTallies(db, asOf, grouping, filter = {}) {
    if (filter.current) return countersSource.bedTallies(db, asOf, grouping, filter);
    if (grouping !== 'district' || filter.areaCode) return naiveSource.bedTallies(db, asOf, grouping, filter);
    const plan = await pastPlan(db, asOf);
    if (plan.stored) {
      const rows = await bedTalliesFromStored(db, asOf, plan.stored);
      if (rows) {
        pastBeds.last = { from: 'stored', date: plan.stored };
        return rows;
      }
    }
    // The stored date could not serve (too many districts written since): weigh the counters against the
    // recount alone, which the plan did not, having found the stored date cheaper than both.
    const counters = plan.stored ? (await touchedCount(db, asOf, null, false, plan.beds * 0.5)) < plan.beds * 0.5 : plan.counters;
    pastBeds.last = { from: counters ? 'counters' : 'recount', date: null };
    return counters ? bedTalliesAsOf(db, asOf) : naiveSource.bedTallies(db, asOf, grouping, filter);
  },
  familyCareBedTallies: (db, asOf, grouping, filter) => naiveSource.familyCareBedTallies(db, asOf, grouping, filter),
  async facilityTallies(db, asOf, grouping, filter = {}) {
    if (filter.current) return countersSource.facilityTallies(db, asOf, grouping, filter);
    if (grouping === 'district' && !filter.areaCode) return facilityTalliesAsOf(db, asOf);
    return naiveSource.facilityTallies(db, asOf, grouping, filter);
  },
});
