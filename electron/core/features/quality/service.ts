import { sql, type Kysely, type RawBuilder } from 'kysely';
import { QUALITY_KINDS, QUALITY_LIST_LIMIT } from '../../../../shared/contract/quality';
import { todayIn } from '../../app/time';
import type { ParsedInput, QualityIssue, QualityIssueKind, QualityReport } from '../../../../shared/contract';
import type { CoreContext } from '../../app/context';
import type { Database, Db } from '../../db/schema';
import { bedOpenOn, itemisedOn, statusOn, stayCoversOn } from '../../db/asOf';
import { anyOf } from '../../db/lists';
import { ABILITY_LEVEL_KEYS } from '../../../../shared/domain/assessment';
import { DEFAULT_STAFFING_RULE, type StaffingRule } from '../../../../shared/domain/staff';
import { loadStaffingRule } from '../staff/service';
import { FACILITY_STATUSES } from '../../../../shared/domain/facility';
import { UNKNOWN_DAY } from '../../../../shared/domain/calendar';
import { changeSeq, isCurrent, listsBy, readAway, writtenSince, type AuditRow, type CountingState, type KeptCheck, type ListedCheck } from '../../counting';

// The data-quality audit: what makes a district's numbers unreliable, each item pointing at the record
// to fix. Every check is one SQL statement; counts are exact, lists are capped per kind.

export { QUALITY_KINDS };

type Found = AuditRow;

/**
 * An earlier stay of the same bed (or elder) of stay `s` still open on s's first day; of two stays
 * starting the same day, the one with the lower id counts as the earlier. Probes a covering index.
 */
function earlierStayOpen(by: 'bed_id' | 'elder_id', index: 'stays_bed' | 'stays_elder'): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM stays p INDEXED BY ${sql.raw(index)} WHERE p.${sql.raw(by)} = s.${sql.raw(by)}
    AND p.start_on <= s.start_on AND (p.start_on < s.start_on OR p.id < s.id) AND coalesce(p.end_on, '9999-12-31') > s.start_on)`;
}

/**
 * Stays that overlap an earlier stay of the same bed (or elder), as "id, by" rows: every stay probes the
 * covering indexes stays_bed and stays_elder, or, given `among`, only those stays do.
 */
type Overlap = { id: string; by: 'bed' | 'elder' };

function overlapsAmong(among: readonly string[] | null): RawBuilder<Overlap> {
  return sql`SELECT s.id, CASE WHEN ${earlierStayOpen('bed_id', 'stays_bed')} THEN 'bed' ELSE 'elder' END AS by
    FROM stays s
    WHERE ${among ? sql`s.id IN ${anyOf(among)} AND` : sql``}
      (${earlierStayOpen('bed_id', 'stays_bed')} OR ${earlierStayOpen('elder_id', 'stays_elder')})`;
}

/**
 * Facilities with residents on D: how many, the caregivers the staffing rule asks for (a fraction, summed over
 * residents by their latest assessment on or before D) and the caregivers on duty (shared/domain/staff.ts).
 */
function staffingOn(asOf: string, districtCode: string | undefined, rule: StaffingRule): RawBuilder<unknown> {
  const perLevel = sql.join(
    ABILITY_LEVEL_KEYS.map((k) => sql`WHEN ${k} THEN ${1 / rule.residentsPerCaregiver[k]}`),
    sql` `,
  );
  return sql`SELECT f.district_code, f.id, f.name, r.residents, r.need,
      (SELECT count(*) FROM staff st WHERE st.facility_id = f.id AND st.post = 'caregiver' AND st.employed_from <= ${asOf}
        AND (st.employed_to IS NULL OR st.employed_to > ${asOf})) AS caregivers
    FROM (SELECT facility_id, count(*) AS residents, sum(CASE coalesce(level, ${rule.unassessedAs}) ${perLevel} END) AS need
      FROM (SELECT s.facility_id, (SELECT a.final_level FROM assessments a WHERE a.elder_id = s.elder_id AND a.assessed_on <= ${asOf}
                ORDER BY a.assessed_on DESC, a.created_at DESC LIMIT 1) AS level
            FROM stays s WHERE ${stayCoversOn('s', asOf)})
      GROUP BY facility_id) r
    JOIN facilities f ON f.id = r.facility_id ${districtCode ? sql`AND f.district_code = ${districtCode}` : sql``}`;
}

function checks(asOf: string, districtCode: string | undefined, current: boolean, overlapping: readonly Overlap[], rule: StaffingRule = DEFAULT_STAFFING_RULE): Record<QualityIssueKind, RawBuilder<Found>> {
  const inDistrict = (col: RawBuilder<unknown>) => (districtCode ? sql`AND ${col} = ${districtCode}` : sql``);
  const fd = sql.ref('f.district_code');
  const openBed = bedOpenOn('b', asOf);
  return {
    // Registered beds (itemised on D, as the indicators count them) against the facility's 核定床位数, for
    // facilities in service on D that record one (a facility with none registered counts as 0). On a
    // current date the maintained per-facility counters give the same count without a recount. Counted per facility (an index
    // range each), so one district's check reads only that district's facilities.
    registered_vs_approved: sql<Found>`
      SELECT district_code, entity_id, name || '：登记床位 ' || n || ' 张，核定床位 ' || approved_beds || ' 张' AS message, link
      FROM (
        SELECT f.district_code, f.id AS entity_id, f.name, f.approved_beds, '/facilities/' || f.id AS link,
          coalesce(${
            current
              ? sql`(SELECT sum(c.beds) FROM facility_bed_counters c WHERE c.facility_id = f.id)`
              : sql`(SELECT count(*) FROM beds b WHERE b.facility_id = f.id AND ${itemisedOn('b', asOf)})`
          }, 0) AS n
        FROM facilities f
        WHERE f.approved_beds IS NOT NULL
          AND ${current ? sql`f.status` : statusOn(sql.ref('f.id'), asOf)} IN ('operating', 'suspended') ${inDistrict(fd)})
      WHERE approved_beds <> n`,
    // A facility that has itemised beds on D and a declaration not after D that says otherwise: once beds
    // are itemised they are counted, so a figure the facility reported differently is worth a look.
    declared_vs_itemised: sql<Found>`
      SELECT district_code, entity_id,
        name || '：申报床位 ' || declared || ' 张（' || declared_on || '），床位明细 ' || n || ' 张' AS message, link
      FROM (
        SELECT f.district_code, f.id AS entity_id, f.name, d.total_beds AS declared, d.declared_on, '/facilities/' || f.id AS link,
          (SELECT count(*) FROM beds b WHERE b.facility_id = f.id AND ${itemisedOn('b', asOf)}) AS n
        FROM facility_declarations d JOIN facilities f ON f.id = d.facility_id
        WHERE d.declared_on = (SELECT max(d2.declared_on) FROM facility_declarations d2 WHERE d2.facility_id = d.facility_id AND d2.declared_on <= ${asOf})
          ${inDistrict(fd)})
      WHERE n > 0 AND n <> declared`,
    beds_in_closed_facility: sql<Found>`
      SELECT f.district_code, f.id AS entity_id,
        f.name || '：机构已注销，仍有 ' || count(*) || ' 张床位未停用' AS message, '/beds?facility=' || f.id AS link
      FROM facilities f JOIN beds b ON b.facility_id = f.id AND ${openBed}
      WHERE ${statusOn(sql.ref('f.id'), asOf)} = 'closed' ${inDistrict(fd)}
      GROUP BY f.id`,
    // A stay that runs past its bed's retirement: the bed was retired under a resident. The few retired
    // beds (an index; for one district, its facilities' beds) are checked against their stays first (a
    // covering index); only the stays found are joined for the message, so the audit does not visit a
    // room, facility and elder per retired bed.
    stay_on_retired_bed: sql<Found>`
      WITH hit AS MATERIALIZED (
        SELECT s.id, s.bed_id, s.elder_id, s.facility_id, b.retired_on
        FROM ${
          districtCode
            ? sql`facilities fb INDEXED BY facilities_district JOIN beds b INDEXED BY beds_facility_asof ON b.facility_id = fb.id AND fb.district_code = ${districtCode}`
            : sql`beds b INDEXED BY beds_retired`
        }
          JOIN stays s INDEXED BY stays_bed ON s.bed_id = b.id
        WHERE b.retired_on IS NOT NULL AND (s.end_on IS NULL OR s.end_on > b.retired_on))
      SELECT f.district_code, h.id AS entity_id,
        e.name || ' 的入住记录在床位停用（' || h.retired_on || '）后仍未结束（' || f.name || ' ' || rm.number || '-' || b.number || ' 床）' AS message,
        '/elders/' || e.id AS link
      FROM hit h JOIN beds b ON b.id = h.bed_id JOIN rooms rm ON rm.id = b.room_id JOIN facilities f ON f.id = h.facility_id JOIN elders e ON e.id = h.elder_id
      WHERE 1 = 1 ${inDistrict(fd)}`,
    // Admissions the facility's status forbade (stays/service.ts refuses them now; older data and files
    // from before may hold them): made while it was being set up, suspended or closed, or still running
    // when it closed. Such a resident is in no indicator, which leave those facilities out. The few
    // non-operating spans of the status history are read first, then each one's admissions by index.
    stay_facility_not_operating: sql<Found>`
      WITH spans AS MATERIALIZED (
        SELECT h.facility_id, h.status, h.effective_on AS from_on,
          coalesce((SELECT min(h2.effective_on) FROM facility_status_history h2
            WHERE h2.facility_id = h.facility_id AND h2.effective_on > h.effective_on), '9999-12-31') AS until_on
        FROM facility_status_history h
          ${districtCode ? sql`JOIN facilities fs ON fs.id = h.facility_id AND fs.district_code = ${districtCode}` : sql``}
        WHERE h.status <> 'operating' AND h.effective_on <= ${asOf}),
      hit AS MATERIALIZED (
        SELECT a.id, a.elder_id, a.facility_id, a.start_on, sp.status, sp.from_on, 'admitted' AS how
        FROM spans sp JOIN admissions a INDEXED BY admissions_facility
          ON a.facility_id = sp.facility_id AND a.start_on >= sp.from_on AND a.start_on < sp.until_on
        WHERE a.start_on <= ${asOf}
        UNION ALL
        SELECT a.id, a.elder_id, a.facility_id, a.start_on, sp.status, sp.from_on, 'stayed'
        FROM spans sp JOIN admissions a INDEXED BY admissions_facility
          ON a.facility_id = sp.facility_id AND a.start_on < sp.from_on AND coalesce(a.end_on, '9999-12-31') > sp.from_on
        WHERE sp.status = 'closed'),
      -- One line per admission: made while not operating before outliving a closure, then the earliest span.
      one AS (SELECT * FROM (SELECT h.*, row_number() OVER (PARTITION BY h.id ORDER BY h.how, h.from_on) AS rn FROM hit h) WHERE rn = 1)
      SELECT f.district_code, o.id AS entity_id,
        CASE o.how
          WHEN 'admitted' THEN e.name || ' 于 ' || o.start_on || ' 入住' || f.name || '，当时机构为“' ||
            CASE o.status WHEN 'preparing' THEN ${FACILITY_STATUSES.preparing} WHEN 'suspended' THEN ${FACILITY_STATUSES.suspended}
              ELSE ${FACILITY_STATUSES.closed} END || '”状态'
          ELSE e.name || ' 在' || f.name || '自 ' || o.start_on || ' 起的入住，在机构注销（' || o.from_on || '）后仍未结束' END AS message,
        '/elders/' || e.id AS link
      FROM one o JOIN facilities f ON f.id = o.facility_id JOIN elders e ON e.id = o.elder_id
      WHERE 1 = 1 ${inDistrict(fd)}`,
    // The database refuses new overlaps; this finds any that predate the constraint or came in by file:
    // a stay with an earlier stay of the same bed (or elder) still open on its first day; of two stays
    // starting the same day, the later id is the one reported. Found by overlappingStays; only they are
    // joined for the message.
    overlapping_stays: sql<Found>`
      WITH o AS MATERIALIZED (
        SELECT s.id, s.bed_id, s.elder_id, s.facility_id, s.start_on, json_extract(x.value, '$[1]') AS by
        FROM json_each(${JSON.stringify(overlapping.map((o) => [o.id, o.by]))}) x JOIN stays s ON s.id = json_extract(x.value, '$[0]'))
      SELECT f.district_code, o.id AS entity_id,
        CASE o.by WHEN 'bed' THEN f.name || ' ' || rm.number || '-' || b.number || ' 床在 ' || o.start_on || ' 起的入住与更早的入住记录重叠'
             ELSE e.name || ' 在 ' || o.start_on || ' 起的入住与本人更早的入住记录重叠' END AS message,
        '/elders/' || o.elder_id AS link
      FROM o JOIN facilities f ON f.id = o.facility_id JOIN beds b ON b.id = o.bed_id JOIN rooms rm ON rm.id = b.room_id
        JOIN elders e ON e.id = o.elder_id
      WHERE 1 = 1 ${inDistrict(fd)}`,
    // A status recorded without a date (registered or imported with no 开业日期) counts on every past date:
    // the facility's real opening date is wanted, or its figures before it opened are too high.
    status_date_unknown: sql<Found>`
      SELECT f.district_code, f.id AS entity_id,
        f.name || '：开业日期未登记，其“' || CASE h.status WHEN 'preparing' THEN ${FACILITY_STATUSES.preparing}
          WHEN 'operating' THEN ${FACILITY_STATUSES.operating} WHEN 'suspended' THEN ${FACILITY_STATUSES.suspended}
          ELSE ${FACILITY_STATUSES.closed} END || '”状态计入此前每一天，请补登开业日期' AS message,
        '/facilities/' || f.id AS link
      FROM facility_status_history h JOIN facilities f ON f.id = h.facility_id
      WHERE h.effective_on = ${UNKNOWN_DAY} ${inDistrict(fd)}`,
    // The latest decision on record lapsed without a renewal or a revocation: any list that copies the
    // latest decision (a plaque, a published roster, an old import's 状态=有效) still shows it as current.
    expired_rating_shown: sql<Found>`
      SELECT f.district_code, f.id AS entity_id,
        f.name || '：' || r.level || ' 星评定已于 ' || r.valid_until || ' 到期，至今未复评也未撤销' AS message,
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
    // Served by the index on the generated column id_check_bad (migration 0009): only the failing rows are read.
    invalid_id_number: sql<Found>`
      SELECT CASE WHEN hukou_area_code IS NULL THEN NULL ELSE substr(hukou_area_code, 1, 6) END AS district_code, id AS entity_id,
        name || '：身份证号 ' || substr(id_number, 1, 6) || '********' || substr(id_number, 15, 4) || ' 校验位不正确' AS message,
        '/elders/' || id AS link
      FROM elders WHERE id_check_bad = 1
        ${districtCode ? sql`AND substr(hukou_area_code, 1, 6) = ${districtCode}` : sql``}`,
    // The plan's binding row: every 特困 person with the need must be placed (the indicator's definition).
    tekun_not_placed: sql<Found>`
      SELECT substr(e.hukou_area_code, 1, 6) AS district_code, e.id AS entity_id,
        e.name || '（' || substr(e.id_number, 1, 6) || '********' || substr(e.id_number, 15, 4) || '）：自 ' || n.effective_on ||
          ' 起有集中供养需求，统计日未在任何机构入住' AS message,
        '/elders/' || e.id AS link
      FROM tekun_support_needs n JOIN elders e ON e.id = n.elder_id
      WHERE n.needs = 1
        AND n.effective_on = (SELECT max(n2.effective_on) FROM tekun_support_needs n2 WHERE n2.elder_id = n.elder_id AND n2.effective_on <= ${asOf})
        AND EXISTS (SELECT 1 FROM elder_categories c WHERE c.elder_id = e.id AND c.category = 'extreme_hardship')
        AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.elder_id = e.id AND ${stayCoversOn('s', asOf)})
        ${districtCode ? sql`AND substr(e.hukou_area_code, 1, 6) = ${districtCode}` : sql``}`,
    residents_without_caregivers: sql<Found>`
      SELECT district_code, id AS entity_id, name || '：在住老人 ' || residents || ' 人，无在岗养老护理员' AS message, '/facilities/' || id AS link
      FROM (${staffingOn(asOf, districtCode, rule)}) WHERE caregivers = 0`,
    // ceil(need) > caregivers exactly when need > caregivers, the caregivers being a whole number.
    caregivers_below_rule: sql<Found>`
      SELECT district_code, id AS entity_id,
        name || '：在住老人 ' || residents || ' 人，按配比需养老护理员 ' || CAST(need + 0.999999 AS INTEGER) || ' 人，在岗 ' || caregivers || ' 人' AS message,
        '/facilities/' || id AS link
      FROM (${staffingOn(asOf, districtCode, rule)}) WHERE caregivers > 0 AND need > caregivers + 0.000001`,
  };
}

const ENTITY: Record<QualityIssueKind, QualityIssue['entity']> = {
  registered_vs_approved: 'facility',
  declared_vs_itemised: 'facility',
  beds_in_closed_facility: 'facility',
  stay_on_retired_bed: 'stay',
  stay_facility_not_operating: 'stay',
  status_date_unknown: 'facility',
  overlapping_stays: 'stay',
  expired_rating_shown: 'rating',
  missing_population: 'area',
  invalid_id_number: 'elder',
  tekun_not_placed: 'elder',
  residents_without_caregivers: 'facility',
  caregivers_below_rule: 'facility',
};

/** Checks cheap enough (index lookups) to run on every call. */
// The staff checks read assessments and the staffing rule, which stamp nothing: never kept.
const ALWAYS_FRESH = new Set<QualityIssueKind>(['missing_population', 'invalid_id_number', 'tekun_not_placed', 'residents_without_caregivers', 'caregivers_below_rule']);

/**
 * Checks kept per district: each row they report is about a facility (or its stay) and carries the
 * facility's district, and every write they read stamps that district with the change sequence, in the
 * writer's transaction (migrations 0014 and 0015: beds, attributes, stays, statuses, ratings, facilities,
 * room numbers, elders' names). So after a write only the districts stamped since are checked again, each
 * by its own index range, instead of the national scans (about 7 s warm for these five, 2.2 s of it the
 * status check).
 */
const PER_DISTRICT: readonly QualityIssueKind[] = [
  'registered_vs_approved',
  'declared_vs_itemised',
  'beds_in_closed_facility',
  'stay_on_retired_bed',
  'stay_facility_not_operating',
  'status_date_unknown',
  'expired_rating_shown',
];
/** Above this many districts written since, one full check is cheaper than one per district. */
const MAX_DISTRICTS = 64;

// What the audit keeps lives in the core's counting state (state.audit): per date, one check's rows for
// the whole country per district, each district's ordered as the report orders them (two dates: today's
// and the one last exported); and, while the sequence stands, the overlap check and a one-district audit's
// checks while the whole country's are not kept, per (date, district, limit).
type Kept = KeptCheck;
type Listed = ListedCheck;

const ORDER = sql`ORDER BY district_code, message, entity_id`;
const ANY_DATE = '9999-12-31';

/**
 * The stays found overlapping are kept (state.audit.overlapsFound) for the life of the core. No write can add one: the
 * triggers stays_no_overlap_insert/update (migration 0005) refuse any stay that would overlap. So after the
 * one full scan (every stay probes two indexes: about 23 s for 5.4 million stays) a write can only resolve
 * overlaps, and the stays found are re-checked by id instead of rescanning. A database without those
 * triggers (a file changed outside the app) is rescanned on every audit.
 */
const NO_OVERLAP_TRIGGERS = ['stays_no_overlap_insert', 'stays_no_overlap_update'];

async function overlappingStays(state: CountingState, db: Db): Promise<readonly Overlap[]> {
  const { rows: triggers } = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN (${sql.join(NO_OVERLAP_TRIGGERS)})`.execute(db);
  const guarded = triggers.length === NO_OVERLAP_TRIGGERS.length;
  const memory = state.audit;
  // A transaction never reads what was kept outside it (nor is kept: see below).
  const known = guarded && !db.isTransaction ? (memory.overlapsFound ?? undefined) : undefined;
  if (known?.length === 0) return [];
  if (!known) memory.stats.overlapScans++;
  // The full scan takes tens of seconds nationally: on the worker, so the core keeps answering. What it
  // finds is re-checked by id at every later audit, so a write made meanwhile is seen then.
  const rows = known ? (await overlapsAmong(known).execute(db)).rows : ((await readAway(state, db, [overlapsAmong(null)])).rows[0] as Overlap[]);
  // Kept only outside a transaction (a transaction's reads may include writes that roll back).
  if (guarded && !db.isTransaction) memory.overlapsFound = rows.map((r) => r.id);
  return rows;
}

/** Forgets every remembered audit of this core (the benchmark uses it to time cold calls). */
export function forgetAudits(state: CountingState): void {
  state.audit.remembered.clear();
  state.audit.keptByDate.clear();
  state.audit.overlapsFound = null;
}

/**
 * Runs the checks, or answers from memory those whose inputs have not changed. The national audit scans
 * millions of stays (tens of seconds). The per-district checks are kept for the whole country and redone
 * for the districts written since (see PER_DISTRICT); the overlap check is kept until the database's change
 * sequence (migrations 0011, 0012, 0015: every write to a table the checks read) moves. A transaction's
 * reads are never remembered: they may include writes that roll back.
 */
export async function qualityReport(
  state: CountingState,
  db: Db,
  input: { asOf: string; districtCode?: string; limit: number; only?: QualityIssueKind },
): Promise<QualityReport> {
  const names = new Map((await db.selectFrom('areas').select(['code', 'name']).where('level', '=', 'district').execute()).map((a) => [a.code, a.name]));
  const seq = db.isTransaction ? -1 : await changeSeq(db);
  const memo = db.isTransaction ? null : rememberedFor(state, `${input.asOf}|${input.districtCode ?? ''}|${input.limit}`, seq);
  const wants = (kind: QualityIssueKind) => !input.only || input.only === kind;
  const current = await isCurrent(db, input.asOf);
  const overlapping = wants('overlapping_stays') && !memo?.has('overlapping_stays') ? await overlappingStays(state, db) : [];
  const rule = await loadStaffingRule(db);
  const build = (districtCode: string | undefined) => checks(input.asOf, districtCode, current, overlapping, rule);
  const all = build(input.districtCode);
  // A one-district audit does not start the national one; it uses it when it is already kept.
  const kept = db.isTransaction
    ? null
    : await keptChecks(state, db as Kysely<Database>, input.asOf, seq, PER_DISTRICT.filter(wants), build, input.districtCode === undefined);
  const counts = {} as Record<QualityIssueKind, number>;
  const byDistrict = {} as Record<QualityIssueKind, Record<string, number>>;
  const issues: QualityIssue[] = [];
  for (const kind of QUALITY_KINDS) {
    if (!wants(kind)) {
      counts[kind] = 0;
      byDistrict[kind] = {};
      continue;
    }
    const whole = kept?.get(kind);
    let found = whole ? fromKept(whole, input.districtCode, input.limit) : memo?.get(kind);
    if (!found) {
      // One pass: the exact count rides along with the first `limit` rows.
      const { rows } = await sql<Found & { total: number }>`
        SELECT *, count(*) OVER () AS total FROM (${all[kind]}) ${ORDER} LIMIT ${input.limit}`.execute(db);
      const count = Number(rows[0]?.total ?? 0);
      // Per district: every row is the district's in a one-district audit, and all are at hand when none
      // were cut; else counted apart (the kinds not kept per district read an index or a short list).
      const districts =
        input.districtCode !== undefined
          ? count > 0 ? { [input.districtCode]: count } : {}
          : count <= rows.length
            ? tally(rows)
            : Object.fromEntries(
                (await sql<{ d: string; n: number }>`SELECT coalesce(district_code, '') AS d, count(*) AS n FROM (${all[kind]}) GROUP BY 1`.execute(db)).rows.map(
                  (r) => [r.d, Number(r.n)],
                ),
              );
      found = { count, rows, districts };
      if (memo && !ALWAYS_FRESH.has(kind)) memo.set(kind, found);
    }
    counts[kind] = found.count;
    byDistrict[kind] = found.districts;
    for (const r of found.rows) {
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
  return { asOf: input.asOf, counts, issues, byDistrict };
}

function tally(rows: readonly Found[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.district_code ?? ''] = (out[r.district_code ?? ''] ?? 0) + 1;
  return out;
}

/**
 * The per-district checks of `asOf` for the whole country, brought up to sequence `seq`: kept ones are
 * redone for the districts written since, others are run whole when `whole` (else left out).
 */
async function keptChecks(
  state: CountingState,
  db: Kysely<Database>,
  asOf: string,
  seq: number,
  kinds: readonly QualityIssueKind[],
  build: (districtCode: string | undefined) => Record<QualityIssueKind, RawBuilder<Found>>,
  whole: boolean,
): Promise<Map<QualityIssueKind, Kept> | null> {
  const memory = state.audit;
  let entry = memory.keptByDate.get(asOf);
  if (!entry && !whole) return null;
  memory.keptByDate.set(asOf, (entry ??= new Map()));
  const writtenAfter = new Map<number, Set<string> | null>();
  const wholeKinds: QualityIssueKind[] = [];
  for (const kind of kinds) {
    const k = entry.get(kind);
    if (k && k.seq === seq) continue;
    if (k && k.seq < seq) {
      if (!writtenAfter.has(k.seq)) writtenAfter.set(k.seq, await districtsWrittenSince(db, k.seq));
      const written = writtenAfter.get(k.seq);
      if (written && written.size <= MAX_DISTRICTS) {
        for (const code of written) {
          const { rows } = await sql<Found>`SELECT * FROM (${build(code)[kind]}) ${ORDER}`.execute(db);
          memory.stats.districtChecks++;
          if (rows.length) k.byDistrict.set(code, rows);
          else k.byDistrict.delete(code);
        }
        k.seq = seq;
        continue;
      }
    }
    // Nothing kept, too much written, an area change, or a sequence that went back (another file).
    entry.delete(kind);
    if (whole) wholeKinds.push(kind);
  }
  if (wholeKinds.length) {
    // About 5 s nationally for the four: on the worker, labelled with the state it read.
    const read = await readAway(state, db, wholeKinds.map((kind) => sql<Found>`SELECT * FROM (${build(undefined)[kind]}) ${ORDER}`));
    wholeKinds.forEach((kind, i) => {
      memory.stats.fullChecks++;
      // Every per-district check reports a facility's district (never null).
      entry.set(kind, { seq: read.seq ?? seq, byDistrict: listsBy(read.rows[i] as Found[], (r) => r.district_code!, (r) => r) });
    });
  }
  return entry;
}

/**
 * The districts stamped after `seq` by any write the audit reads; null after an area change (every
 * district). The indicators' stamps are asked for every month (`writtenSince` up to the end of time): a
 * stay on a retired bed is reported whatever the audit's date, so a retirement dated after it counts too.
 */
async function districtsWrittenSince(db: Kysely<Database>, seq: number): Promise<Set<string> | null> {
  const written = await writtenSince(db, seq, ANY_DATE);
  if (written.has('*')) return null;
  const quoted = await db.selectFrom('audit_versions').select('district_code').where('seq', '>', seq).execute();
  return new Set([...written.keys(), ...quoted.map((r) => r.district_code)]);
}

/** The count, first `limit` rows and counts per district of a kept check, for one district or, in district order, all. */
function fromKept(k: Kept, districtCode: string | undefined, limit: number): Listed {
  if (districtCode !== undefined) {
    const rows = k.byDistrict.get(districtCode) ?? [];
    return { count: rows.length, rows: rows.slice(0, limit), districts: rows.length ? { [districtCode]: rows.length } : {} };
  }
  let count = 0;
  const rows: Found[] = [];
  const districts: Record<string, number> = {};
  for (const code of [...k.byDistrict.keys()].sort()) {
    const list = k.byDistrict.get(code)!;
    count += list.length;
    districts[code] = list.length;
    for (let i = 0; i < list.length && rows.length < limit; i++) rows.push(list[i]!);
  }
  return { count, rows, districts };
}

function rememberedFor(state: CountingState, key: string, seq: number): Map<QualityIssueKind, Listed> {
  let entry = state.audit.remembered.get(key);
  if (!entry || entry.seq !== seq) entry = { seq, kinds: new Map() };
  state.audit.remembered.set(key, entry);
  return entry.kinds;
}

/**
 * Audits today as the 数据质量 tab asks it, `delayMs` after the host starts, so the first user to open the
 * tab reads what is kept (the checks per district, the overlap scan) instead of waiting for the whole
 * audit. Derived data only: a failure leaves the audit to be done when asked. Returns a function that stops it.
 */
export function auditAhead(ctx: CoreContext, delayMs = 2_000): () => void {
  let stopped = false;
  const timer = setTimeout(() => {
    qualityReport(ctx.counting, ctx.db, { asOf: todayIn(ctx.now()), limit: QUALITY_LIST_LIMIT }).catch((err: unknown) => {
      if (!stopped) ctx.logger.warn('预先核查数据质量失败', err);
    });
  }, delayMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export function audit(ctx: CoreContext, input: ParsedInput<'quality.audit'>): Promise<QualityReport> {
  return qualityReport(ctx.counting, ctx.db, input);
}
