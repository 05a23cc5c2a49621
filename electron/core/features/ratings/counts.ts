import { sql, type RawBuilder } from 'kysely';
import type { DistrictRatingCounts } from '../../../../shared/contract';
import type { FacilityKind } from '../../../../shared/domain/facility';
import { RATING_SCHEMES, STAR_RATE_MIN_LEVEL, type RatingSchemeId } from '../../../../shared/domain/starRating';
import { KINDS_BY_SCHEME, latestDecisionOn, starInForceOn, statusOn } from '../../db/asOf';
import type { Db } from '../../db/schema';

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
  // MATERIALIZED: flattened into the outer query, each facility's correlated look-ups would run once per
  // reference in the SUMs below (15 times) instead of once; at national scale that was most of the time.
  // Only institutions (the 星评率 denominator) and rated facilities can add to any sum, so only they are read.
  const result = await sql<Record<string, string | number>>`
    WITH s AS MATERIALIZED (
      SELECT f.district_code, f.kind,
        ${starInForceOn(f, asOf)} AS star,
        ${latestDecisionOn(f, asOf, sql`r.scheme`)} AS scheme,
        CASE WHEN f.kind = 'institution' THEN ${statusOn(f, asOf)} END AS status
      FROM facilities f
      WHERE f.kind = 'institution' OR f.id IN (SELECT facility_id FROM star_ratings)
    )
    SELECT d.code AS district_code, d.name AS district_name,
      ${sql.join(columns)},
      COALESCE(SUM(CASE WHEN s.kind = 'institution' AND s.status = 'operating' THEN 1 ELSE 0 END), 0) AS operating,
      COALESCE(SUM(CASE WHEN s.kind = 'institution' AND s.status = 'operating' AND s.scheme = 'institution'
                        AND s.star >= ${STAR_RATE_MIN_LEVEL} THEN 1 ELSE 0 END), 0) AS operating_rated
    FROM areas d
    LEFT JOIN s ON s.district_code = d.code
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
