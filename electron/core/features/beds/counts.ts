import { sql, type RawBuilder } from 'kysely';
import type { BedCounts } from '../../../../shared/contract';
import {
  BED_CATEGORY_KEYS,
  BED_STATE_KEYS,
  BED_ZONE_KEYS,
  approvedDifference,
  type BedCategory,
  type BedState,
  type BedZone,
} from '../../../../shared/domain/beds';
import { bedOpenOn, latestAttributeOn, stayCoversOn } from '../../db/asOf';
import { occupancySql } from './occupancy';
import type { Db } from '../../db/schema';

/** Which beds a count covers: one facility, an area (district or street/town), or every facility. */
export type BedScope = { facilityId: string } | { areaCode: string } | { all: true };

function scopeSql(scope: BedScope): RawBuilder<unknown> {
  if ('facilityId' in scope) return sql`b.facility_id = ${scope.facilityId}`;
  if ('areaCode' in scope) {
    // A facility is registered at a district (6 digits) or a street/town (9 digits); a district's count
    // includes its streets' facilities through the generated district_code column (indexed).
    const column = scope.areaCode.length === 6 ? sql.ref('f.district_code') : sql.ref('f.area_code');
    return sql`b.facility_id IN (SELECT f.id FROM facilities f WHERE ${column} = ${scope.areaCode})`;
  }
  return sql`1 = 1`;
}

/**
 * Every bed registered on `date` within `where`, with its attributes and state on that date: the
 * single SQL definition of "as of" for beds. A bed counts on D when opened_on <= D and it is not yet
 * retired (retired_on > D); its attributes are the latest bed_attributes row effective on or before D;
 * it is out of service when an outage covers D (start_on <= D < end_on).
 */
export function bedsOnSql(where: RawBuilder<unknown>, date: string): RawBuilder<BedOnRow> {
  const occ = occupancySql(sql.ref('b.id'), date);
  return sql<BedOnRow>`
    SELECT s.*,
      CASE WHEN s.occupied THEN 'occupied' WHEN s.on_leave THEN 'on_leave' WHEN s.out_of_service THEN 'out_of_service'
           WHEN s.reserve THEN 'reserved' ELSE 'free' END AS state
    FROM (
      SELECT b.id, b.facility_id, b.room_id, b.number, b.opened_on,
        a.category, a.nursing, a.zone, a.reserve,
        ${occ.occupied} AS occupied,
        ${occ.onLeave} AS on_leave,
        EXISTS (SELECT 1 FROM bed_outages o WHERE o.bed_id = b.id AND ${stayCoversOn('o', date)}) AS out_of_service
      FROM beds b
      JOIN bed_attributes a ON a.bed_id = b.id AND ${latestAttributeOn('b', date)}
      WHERE ${where} AND ${bedOpenOn('b', date)}
    ) s`;
}

export interface BedOnRow {
  id: string;
  facility_id: string;
  room_id: string;
  number: string;
  opened_on: string;
  category: BedCategory;
  nursing: number;
  zone: BedZone;
  reserve: number;
  occupied: number;
  on_leave: number;
  out_of_service: number;
  state: BedState;
}

/** Every bed of a facility with its state on a date (the board's data). */
export async function bedStatesOn(db: Db, facilityId: string, date: string): Promise<BedOnRow[]> {
  const result = await bedsOnSql(scopeSql({ facilityId }), date).execute(db);
  return result.rows;
}

type CountRow = { facility_id: string | null; total: number } & Record<string, number>;

function aggregateSql(where: RawBuilder<unknown>, date: string, groupByFacility: boolean) {
  const sums = [
    ...BED_CATEGORY_KEYS.map((k) => sql`coalesce(sum(category = ${k}), 0) AS ${sql.ref(`cat_${k}`)}`),
    ...BED_ZONE_KEYS.map((k) => sql`coalesce(sum(zone = ${k}), 0) AS ${sql.ref(`zone_${k}`)}`),
    ...BED_STATE_KEYS.map((k) => sql`coalesce(sum(state = ${k}), 0) AS ${sql.ref(`state_${k}`)}`),
    sql`coalesce(sum(nursing), 0) AS nursing`,
    sql`coalesce(sum(reserve), 0) AS reserve`,
  ];
  return sql<CountRow>`
    SELECT ${groupByFacility ? sql`facility_id` : sql`NULL`} AS facility_id, count(*) AS total, ${sql.join(sums)}
    FROM (${bedsOnSql(where, date)})
    ${groupByFacility ? sql`GROUP BY facility_id` : sql``}`;
}

function toCounts(row: CountRow | undefined, date: string, approved: { sum: number | null; unknown: number }): BedCounts {
  const n = (key: string) => Number(row?.[key] ?? 0);
  const byState = Object.fromEntries(BED_STATE_KEYS.map((k) => [k, n(`state_${k}`)])) as Record<BedState, number>;
  const total = n('total');
  return {
    asOf: date,
    total,
    byCategory: Object.fromEntries(BED_CATEGORY_KEYS.map((k) => [k, n(`cat_${k}`)])) as Record<BedCategory, number>,
    byZone: Object.fromEntries(BED_ZONE_KEYS.map((k) => [k, n(`zone_${k}`)])) as Record<BedZone, number>,
    nursing: n('nursing'),
    reserve: n('reserve'),
    byState,
    occupied: byState.occupied,
    free: byState.free,
    approved: approved.sum,
    approvedUnknown: approved.unknown,
    approvedDifference: approvedDifference(total, approved.sum),
  };
}

/** Counts as of a date for one scope, aggregated by SQLite (one row comes back, whatever the size). */
export async function countBedsAsOf(db: Db, scope: BedScope, date: string): Promise<BedCounts> {
  const { rows } = await aggregateSql(scopeSql(scope), date, false).execute(db);
  // 核定床位数 has no history in the facilities table, so the approved figure is today's value.
  let approvedQuery = db
    .selectFrom('facilities as f')
    .select([
      sql<number | null>`sum(f.approved_beds)`.as('sum'),
      sql<number>`coalesce(sum(f.approved_beds IS NULL), 0)`.as('unknown'),
    ]);
  if ('facilityId' in scope) approvedQuery = approvedQuery.where('f.id', '=', scope.facilityId);
  else if ('areaCode' in scope) {
    approvedQuery = approvedQuery.where(scope.areaCode.length === 6 ? 'f.district_code' : 'f.area_code', '=', scope.areaCode);
  }
  const approved = await approvedQuery.executeTakeFirstOrThrow();
  return toCounts(rows[0], date, { sum: approved.sum, unknown: Number(approved.unknown) });
}

/** Counts per facility for a page of facilities, in one grouped query. */
export async function countBedsPerFacility(
  db: Db,
  facilities: { id: string; approved_beds: number | null }[],
  date: string,
): Promise<Map<string, BedCounts>> {
  const out = new Map<string, BedCounts>();
  if (facilities.length === 0) return out;
  const ids = facilities.map((f) => f.id);
  const { rows } = await aggregateSql(sql`b.facility_id IN (${sql.join(ids)})`, date, true).execute(db);
  const byId = new Map(rows.map((r) => [r.facility_id!, r]));
  for (const f of facilities) {
    out.set(f.id, toCounts(byId.get(f.id), date, { sum: f.approved_beds, unknown: f.approved_beds === null ? 1 : 0 }));
  }
  return out;
}
