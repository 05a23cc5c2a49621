import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DistrictRatingCounts } from '../../../../shared/contract';
import { FACILITY_KIND_KEYS, type FacilityKind } from '../../../../shared/domain/facility';
import { RATING_SCHEMES, STAR_RATE_MIN_LEVEL, schemeForFacilityKind, type RatingSchemeId } from '../../../../shared/domain/starRating';
import type { Database } from '../../db/schema';
import type { Trx } from '../../app/context';

type Db = Kysely<Database> | Trx;

/** Facility kinds rated under each scheme, taken from the shared rules so SQL and UI cannot disagree. */
export const KINDS_BY_SCHEME: Record<RatingSchemeId, FacilityKind[]> = {
  institution: FACILITY_KIND_KEYS.filter((k) => schemeForFacilityKind(k)?.id === 'institution'),
  station: FACILITY_KIND_KEYS.filter((k) => schemeForFacilityKind(k)?.id === 'station'),
};

/**
 * The latest decision on or before `date` for the facility `facilityId` refers to, as a correlated
 * subquery selecting `column`. This is the single SQL definition of "the decision that counts on D"
 * (it matches starInForce in shared/domain/starRating.ts; the UNIQUE (facility_id, decided_on) index
 * makes it one index seek per facility).
 */
export function latestDecisionSql(facilityId: RawBuilder<unknown>, date: string, column: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(SELECT ${column} FROM star_ratings r WHERE r.facility_id = ${facilityId} AND r.decided_on <= ${date}
              ORDER BY r.decided_on DESC LIMIT 1)`;
}

/** The level in force on `date` (null once the latest decision has expired or been revoked). */
export function starInForceSql(facilityId: RawBuilder<unknown>, date: string): RawBuilder<number | null> {
  return latestDecisionSql(
    facilityId,
    date,
    sql`CASE WHEN r.valid_until >= ${date} AND (r.revoked_on IS NULL OR r.revoked_on > ${date}) THEN r.level END`,
  ) as RawBuilder<number | null>;
}

/** The facility's status on `date` from facility_status_history (null before its first entry). */
export function statusOnSql(facilityId: RawBuilder<unknown>, date: string | RawBuilder<unknown>): RawBuilder<string | null> {
  // A facility with no history at all (only a program writing plain SQL makes one) is taken to be in its
  // recorded status since an unknown date, as the maintained counters take it (docs/derived-data.md).
  return sql<string | null>`coalesce((SELECT h.status FROM facility_status_history h WHERE h.facility_id = ${facilityId}
              AND h.effective_on <= ${date} ORDER BY h.effective_on DESC LIMIT 1),
            (SELECT fx.status FROM facilities fx WHERE fx.id = ${facilityId}
              AND NOT EXISTS (SELECT 1 FROM facility_status_history hx WHERE hx.facility_id = ${facilityId})))`;
}

const inList = (kinds: readonly string[]) => sql.join(kinds.map((k) => sql.lit(k)));

/**
 * Star ratings in force per district on `asOf`, aggregated in SQL: one row for each of the districts
 * in `areas` (zeros included), ordered by district code. Facilities registered at a street/town count
 * in their district. A star counts only when the decision's scheme is the one the facility's kind is
 * rated under (a former station that became an institution does not carry its station star over).
 *
 * 星评率 is built from the last two fields: numerator ⊆ denominator, so the rate never exceeds 100 %.
 * Call `starRatingRate` (shared/domain/starRating.ts) on them; never store the percentage.
 *
 * Used by the ratings overview and by the indicators engine (星评率, counts by star).
 */
export async function ratingCountsByDistrict(db: Db, asOf: string): Promise<DistrictRatingCounts[]> {
  const star = (kinds: readonly string[], scheme: RatingSchemeId, level: number) =>
    sql`COALESCE(SUM(CASE WHEN s.kind IN (${inList(kinds)}) AND s.scheme = ${scheme} AND s.star = ${level} THEN 1 ELSE 0 END), 0)`;
  const columns: RawBuilder<unknown>[] = [];
  const plan: { key: 'institutionsByStar' | 'careCentersByStar' | 'stationsByStar'; kinds: FacilityKind[]; scheme: RatingSchemeId }[] = [
    { key: 'institutionsByStar', kinds: ['institution'], scheme: 'institution' },
    { key: 'careCentersByStar', kinds: ['care_center'], scheme: 'institution' },
    { key: 'stationsByStar', kinds: KINDS_BY_SCHEME.station, scheme: 'station' },
  ];
  for (const p of plan) {
    for (let level = 1; level <= RATING_SCHEMES[p.scheme].maxStars; level++) {
      columns.push(sql`${star(p.kinds, p.scheme, level)} AS ${sql.ref(`${p.key}_${level}`)}`);
    }
  }
  const f = sql.ref('f.id');
  const result = await sql<Record<string, string | number>>`
    SELECT d.code AS district_code, d.name AS district_name,
      ${sql.join(columns)},
      COALESCE(SUM(CASE WHEN s.kind = 'institution' AND s.status = 'operating' THEN 1 ELSE 0 END), 0) AS operating,
      COALESCE(SUM(CASE WHEN s.kind = 'institution' AND s.status = 'operating' AND s.scheme = 'institution'
                        AND s.star >= ${STAR_RATE_MIN_LEVEL} THEN 1 ELSE 0 END), 0) AS operating_rated
    FROM areas d
    LEFT JOIN (
      SELECT f.district_code, f.kind,
        ${starInForceSql(f, asOf)} AS star,
        ${latestDecisionSql(f, asOf, sql`r.scheme`)} AS scheme,
        ${statusOnSql(f, asOf)} AS status
      FROM facilities f
    ) s ON s.district_code = d.code
    WHERE d.level = 'district'
    GROUP BY d.code, d.name
    ORDER BY d.code`.execute(db);
  return result.rows.map((row) => {
    const byStar = (key: string, max: number) => Array.from({ length: max }, (_, i) => Number(row[`${key}_${i + 1}`]));
    return {
      districtCode: String(row.district_code),
      districtName: String(row.district_name),
      institutionsByStar: byStar('institutionsByStar', RATING_SCHEMES.institution.maxStars),
      careCentersByStar: byStar('careCentersByStar', RATING_SCHEMES.institution.maxStars),
      stationsByStar: byStar('stationsByStar', RATING_SCHEMES.station.maxStars),
      operatingInstitutions: Number(row.operating),
      operatingInstitutionsAtLeastTwoStars: Number(row.operating_rated),
    };
  });
}
