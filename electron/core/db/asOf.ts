import { sql, type Expression, type RawBuilder } from 'kysely';
import type { AbilityLevel } from '../../../shared/domain/assessment';
import { FACILITY_KIND_KEYS, type FacilityKind } from '../../../shared/domain/facility';
import { schemeForFacilityKind, type RatingSchemeId } from '../../../shared/domain/starRating';

// "As of date D", written once. Every count, list and check that takes a date reads the history tables
// through these expressions, so a definition changes in one place (docs/derived-data.md). Each takes the
// table aliases of the query it goes into and D as a value or as an expression (a column of a VALUES
// list, say); each renders the same SQL the queries spelled out before, so query plans do not move.

/** D: a date bound as a parameter, or an expression giving one. */
export type OnDate = string | Expression<unknown>;

// Aliases are the calling query's own names, never input: written as they are, so each statement's text
// (and the statement cache keyed by it) stays what it was when the conditions were spelled out in place.
const ref = (alias: string, column: string) => sql.raw(`${alias}.${column}`);

/** Bed `bed` (an alias of beds) is open on D: opened_on <= D < retired_on. */
export function bedOpenOn(bed: string, d: OnDate): RawBuilder<boolean> {
  return sql<boolean>`${ref(bed, 'opened_on')} <= ${d} AND (${ref(bed, 'retired_on')} IS NULL OR ${ref(bed, 'retired_on')} > ${d})`;
}

/**
 * Bed `bed` is itemised on D: open, with an attribute version effective on or before D. Only such a bed is
 * counted (the bed tallies join its version; the maintained counters skip a bed without one), and a
 * facility with one counts by its beds, not its declaration.
 */
export function itemisedOn(bed: string, d: OnDate): RawBuilder<boolean> {
  return sql<boolean>`${bedOpenOn(bed, d)} AND EXISTS (SELECT 1 FROM bed_attributes ia WHERE ia.bed_id = ${ref(bed, 'id')} AND ia.effective_on <= ${d})`;
}

/**
 * Row `attr` of bed_attributes (already joined on bed_id = bed.id) is the bed's version in force on D: the
 * latest effective on or before D. The join condition's second half.
 */
export function latestAttributeOn(bed: string, d: OnDate, attr = 'a'): RawBuilder<boolean> {
  return sql<boolean>`${ref(attr, 'effective_on')} = (
        SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = ${ref(bed, 'id')} AND a2.effective_on <= ${d})`;
}

/** Row `attr` of bed_attributes is the bed's latest version, whatever its date (the maintained counters' view). */
export function latestAttribute(bed: string, attr = 'a'): RawBuilder<boolean> {
  return sql<boolean>`${ref(attr, 'effective_on')} = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = ${ref(bed, 'id')})`;
}

/** Row `stay` of a half-open period table (a stay, a leave, a bed outage) covers D: start_on <= D < end_on. */
export function stayCoversOn(stay: string, d: OnDate): RawBuilder<boolean> {
  return sql<boolean>`${ref(stay, 'start_on')} <= ${d} AND (${ref(stay, 'end_on')} IS NULL OR ${ref(stay, 'end_on')} > ${d})`;
}

/**
 * The elder's ability level on D: the final level of the latest assessment on or before D (null: none yet).
 * `elderId` is the calling query's column holding the elder's id (e.g. `s.elder_id`).
 */
export function abilityLevelOn(elderId: string, d: OnDate): RawBuilder<AbilityLevel | null> {
  return sql<AbilityLevel | null>`(SELECT a.final_level FROM assessments a WHERE a.elder_id = ${sql.raw(elderId)} AND a.assessed_on <= ${d}
          ORDER BY a.assessed_on DESC, a.created_at DESC LIMIT 1)`;
}

/** Bed `bed` is occupied on D: some stay of it covers D. */
export function occupiedOn(bed: string, d: OnDate, stay = 's'): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM stays ${sql.raw(stay)} WHERE ${ref(stay, 'bed_id')} = ${ref(bed, 'id')} AND ${stayCoversOn(stay, d)})`;
}

/** Bed `bed` has a stay still open (no end date): occupied now. */
export function openStayExists(bed: string): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = ${ref(bed, 'id')} AND s.end_on IS NULL)`;
}

/** The facility's status on D from facility_status_history (null before its first entry). */
export function statusOn(facilityId: Expression<unknown>, d: OnDate): RawBuilder<string | null> {
  // A facility with no history at all (only a program writing plain SQL makes one) is taken to be in its
  // recorded status since an unknown date, as the maintained counters take it (docs/derived-data.md).
  return sql<string | null>`coalesce((SELECT h.status FROM facility_status_history h WHERE h.facility_id = ${facilityId}
              AND h.effective_on <= ${d} ORDER BY h.effective_on DESC LIMIT 1),
            (SELECT fx.status FROM facilities fx WHERE fx.id = ${facilityId}
              AND NOT EXISTS (SELECT 1 FROM facility_status_history hx WHERE hx.facility_id = ${facilityId})))`;
}

/** Facility kinds rated under each scheme, taken from the shared rules so SQL and UI cannot disagree. */
export const KINDS_BY_SCHEME: Record<RatingSchemeId, FacilityKind[]> = {
  institution: FACILITY_KIND_KEYS.filter((k) => schemeForFacilityKind(k)?.id === 'institution'),
  station: FACILITY_KIND_KEYS.filter((k) => schemeForFacilityKind(k)?.id === 'station'),
};

/**
 * The latest decision on or before D for the facility `facilityId` refers to, as a correlated subquery
 * selecting `column`: "the decision that counts on D" (it matches starInForce in
 * shared/domain/starRating.ts; the UNIQUE (facility_id, decided_on) index makes it one index seek per
 * facility).
 */
export function latestDecisionOn(facilityId: Expression<unknown>, d: string, column: Expression<unknown>): RawBuilder<unknown> {
  return sql`(SELECT ${column} FROM star_ratings r WHERE r.facility_id = ${facilityId} AND r.decided_on <= ${d}
              ORDER BY r.decided_on DESC LIMIT 1)`;
}

/** The star level in force on D (null once the latest decision has expired or been revoked). */
export function starInForceOn(facilityId: Expression<unknown>, d: string): RawBuilder<number | null> {
  return latestDecisionOn(
    facilityId,
    d,
    sql`CASE WHEN r.valid_until >= ${d} AND (r.revoked_on IS NULL OR r.revoked_on > ${d}) THEN r.level END`,
  ) as RawBuilder<number | null>;
}
