import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ParsedInput, QualityIssue, QualityIssueKind, QualityReport } from '../../../../shared/contract';
import type { CoreContext, Trx } from '../../app/context';
import type { Database } from '../../db/schema';
import { statusOnSql } from '../ratings/counts';

type Db = Kysely<Database> | Trx;

// The data-quality audit: what makes a district's numbers unreliable, each item pointing at the record
// to fix. Every check is one SQL statement; counts are exact, lists are capped per kind.

export const QUALITY_KINDS: readonly QualityIssueKind[] = [
  'registered_vs_approved',
  'beds_in_closed_facility',
  'stay_on_retired_bed',
  'overlapping_stays',
  'expired_rating_shown',
  'missing_population',
  'invalid_id_number',
];

interface Found {
  district_code: string | null;
  entity_id: string;
  message: string;
  link: string;
}

/**
 * GB 11643 MOD 11-2 check character computed in SQL, so old rows can be audited without loading every
 * elder into memory. Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; check = (12 − Σ mod 11) mod 11, 10 → X.
 */
function checkCharSql(col: RawBuilder<unknown>): RawBuilder<string> {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = sql.join(
    weights.map((w, i) => sql`CAST(substr(${col}, ${i + 1}, 1) AS INTEGER) * ${sql.lit(w)}`),
    sql` + `,
  );
  return sql<string>`CASE (12 - ((${sum}) % 11)) % 11 WHEN 10 THEN 'X' ELSE CAST((12 - ((${sum}) % 11)) % 11 AS TEXT) END`;
}

function checks(asOf: string, districtCode: string | undefined): Record<QualityIssueKind, RawBuilder<Found>> {
  const inDistrict = (col: RawBuilder<unknown>) => (districtCode ? sql`AND ${col} = ${districtCode}` : sql``);
  const fd = sql.ref('f.district_code');
  const openBed = sql`b.opened_on <= ${asOf} AND (b.retired_on IS NULL OR b.retired_on > ${asOf})`;
  return {
    // Registered beds open on D against the facility's 核定床位数 (only where one is recorded).
    registered_vs_approved: sql<Found>`
      SELECT f.district_code, f.id AS entity_id,
        f.name || '：登记床位 ' || n || ' 张，核定床位 ' || f.approved_beds || ' 张' AS message,
        '/facilities/' || f.id AS link
      FROM (SELECT b.facility_id, count(*) AS n FROM beds b WHERE ${openBed} GROUP BY b.facility_id) c
      JOIN facilities f ON f.id = c.facility_id
      WHERE f.approved_beds IS NOT NULL AND f.approved_beds <> c.n ${inDistrict(fd)}`,
    beds_in_closed_facility: sql<Found>`
      SELECT f.district_code, f.id AS entity_id,
        f.name || '：机构已注销，仍有 ' || count(*) || ' 张床位未停用' AS message, '/beds?facility=' || f.id AS link
      FROM facilities f JOIN beds b ON b.facility_id = f.id AND ${openBed}
      WHERE ${statusOnSql(sql.ref('f.id'), asOf)} = 'closed' ${inDistrict(fd)}
      GROUP BY f.id`,
    // A stay that runs past its bed's retirement: the bed was retired under a resident.
    stay_on_retired_bed: sql<Found>`
      SELECT f.district_code, s.id AS entity_id,
        e.name || ' 的入住记录在床位停用（' || b.retired_on || '）后仍未结束（' || f.name || ' ' || b.number || ' 床）' AS message,
        '/elders/' || e.id AS link
      FROM stays s JOIN beds b ON b.id = s.bed_id JOIN facilities f ON f.id = s.facility_id JOIN elders e ON e.id = s.elder_id
      WHERE b.retired_on IS NOT NULL AND (s.end_on IS NULL OR s.end_on > b.retired_on) ${inDistrict(fd)}`,
    // The database refuses new overlaps; this finds any that predate the constraint or came in by file.
    overlapping_stays: sql<Found>`
      SELECT f.district_code, s1.id AS entity_id,
        CASE WHEN s1.bed_id = s2.bed_id THEN f.name || ' ' || b.number || ' 床同时有两段入住记录（' || s1.start_on || ' 起与 ' || s2.start_on || ' 起）'
             ELSE e.name || ' 同时有两段入住记录（' || s1.start_on || ' 起与 ' || s2.start_on || ' 起）' END AS message,
        '/elders/' || s1.elder_id AS link
      FROM stays s1 JOIN stays s2 ON s2.id > s1.id AND (s2.bed_id = s1.bed_id OR s2.elder_id = s1.elder_id)
        AND s1.start_on < coalesce(s2.end_on, '9999-12-31') AND s2.start_on < coalesce(s1.end_on, '9999-12-31')
      JOIN facilities f ON f.id = s1.facility_id JOIN beds b ON b.id = s1.bed_id JOIN elders e ON e.id = s1.elder_id
      WHERE 1 = 1 ${inDistrict(fd)}`,
    // The latest decision on record lapsed without a renewal or a revocation: any list that copies the
    // latest decision (a plaque, a published roster, an old import's 状态=有效) still shows it as current.
    expired_rating_shown: sql<Found>`
      SELECT f.district_code, f.id AS entity_id,
        f.name || '：' || r.level || ' 星评定已于 ' || r.valid_until || ' 到期，未复评也未撤销，最新记录仍为有效' AS message,
        '/facilities/' || f.id AS link
      FROM facilities f JOIN star_ratings r ON r.facility_id = f.id AND r.decided_on = (
        SELECT max(r2.decided_on) FROM star_ratings r2 WHERE r2.facility_id = f.id AND r2.decided_on <= ${asOf})
      WHERE r.revoked_on IS NULL AND r.valid_until < ${asOf} ${inDistrict(fd)}`,
    missing_population: sql<Found>`
      SELECT d.code AS district_code, d.code AS entity_id,
        d.name || '：缺少 ' || ${asOf.slice(0, 4)} || ' 年的常住人口数据' ||
          coalesce('（最近为 ' || (SELECT max(p2.year) FROM population p2 WHERE p2.area_code = d.code AND p2.resident IS NOT NULL AND p2.year <= ${Number(asOf.slice(0, 4))}) || ' 年）', '（无任何年份）') AS message,
        '/areas' AS link
      FROM areas d WHERE d.level = 'district'
        AND NOT EXISTS (SELECT 1 FROM population p WHERE p.area_code = d.code AND p.year = ${Number(asOf.slice(0, 4))} AND p.resident IS NOT NULL)
        ${districtCode ? sql`AND d.code = ${districtCode}` : sql``}`,
    invalid_id_number: sql<Found>`
      SELECT CASE WHEN e.hukou_area_code IS NULL THEN NULL ELSE substr(e.hukou_area_code, 1, 6) END AS district_code, e.id AS entity_id,
        e.name || '：身份证号 ' || substr(e.id_number, 1, 6) || '********' || substr(e.id_number, 15, 4) || ' 校验位不正确' AS message,
        '/elders/' || e.id AS link
      FROM elders e WHERE substr(e.id_number, 18, 1) <> ${checkCharSql(sql.ref('e.id_number'))}
        ${districtCode ? sql`AND substr(e.hukou_area_code, 1, 6) = ${districtCode}` : sql``}`,
  };
}

const ENTITY: Record<QualityIssueKind, QualityIssue['entity']> = {
  registered_vs_approved: 'facility',
  beds_in_closed_facility: 'facility',
  stay_on_retired_bed: 'stay',
  overlapping_stays: 'stay',
  expired_rating_shown: 'rating',
  missing_population: 'area',
  invalid_id_number: 'elder',
};

export async function qualityReport(db: Db, input: { asOf: string; districtCode?: string; limit: number }): Promise<QualityReport> {
  const all = checks(input.asOf, input.districtCode);
  const names = new Map((await db.selectFrom('areas').select(['code', 'name']).where('level', '=', 'district').execute()).map((a) => [a.code, a.name]));
  const counts = {} as Record<QualityIssueKind, number>;
  const issues: QualityIssue[] = [];
  for (const kind of QUALITY_KINDS) {
    const [{ rows: countRows }, { rows }] = await Promise.all([
      sql<{ n: number }>`SELECT count(*) AS n FROM (${all[kind]})`.execute(db),
      sql<Found>`SELECT * FROM (${all[kind]}) ORDER BY district_code, message LIMIT ${input.limit}`.execute(db),
    ]);
    counts[kind] = Number(countRows[0]?.n ?? 0);
    for (const r of rows) {
      issues.push({
        kind,
        districtCode: r.district_code,
        districtName: r.district_code ? (names.get(r.district_code) ?? null) : null,
        entity: ENTITY[kind],
        entityId: r.entity_id,
        message: r.message,
        link: r.link,
      });
    }
  }
  return { asOf: input.asOf, counts, issues };
}

export function audit(ctx: CoreContext, input: ParsedInput<'quality.audit'>): Promise<QualityReport> {
  return qualityReport(ctx.db, input);
}
