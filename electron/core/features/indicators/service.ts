import type { Kysely } from 'kysely';
import { AppError } from '../../../../shared/errors';
import type {
  DrillRow,
  IndicatorAreaRow,
  IndicatorReport,
  ParsedInput,
  TargetAttainmentRow,
  TrendPoint,
} from '../../../../shared/contract';
import { INDICATOR_OPTIONS_SETTING } from '../../../../shared/contract';
import {
  DEFAULT_INDICATOR_OPTIONS,
  INDICATORS,
  computeIndicators,
  describeIndicator,
  describeIndicatorOptions,
  emptyAreaCounts,
  indicatorOptionsSchema,
  isIndicatorId,
  type AreaCounts,
  type IndicatorId,
  type IndicatorOptions,
  type IndicatorValue,
} from '../../../../shared/domain/indicators';
import { CITY_AREA_CODE, NATIONAL_AREA_CODE, PLAN_MEASURES, attainment, metricInfo } from '../../../../shared/domain/targets';
import type { FacilityKind, FacilityStatus } from '../../../../shared/domain/facility';
import type { CoreContext } from '../../app/context';
import type { Database, Db } from '../../db/schema';
import { anyOf } from '../../db/lists';
import { inTransaction } from '../../app/audit';
import { readSetting, writeSetting } from '../../app/settings';
import {
  type AreaCountsSource,
  areaRow,
  countAreas,
  districtRows,
  isCurrent,
  loadDistrictCounts,
  ratingTallies,
  staffTallies,
  declaredTallies,
  readCheckpoint,
  type CountingState,
  type Judged,
} from '../../counting';
import { toTarget, type TargetOut } from '../targets/service';

/**
 * Makes `source` the tally source of this core's reports. The fast one (state.fast: maintained counters for
 * current dates, rolled back or read from a stored date for past dates, the recount otherwise) is the
 * default; tests and the benchmark prove it equal to the recount (naiveSource) by swapping sources here.
 */
export function useAreaCountsSource(state: CountingState, source: AreaCountsSource): void {
  state.source = source;
}

// ---------------------------------------------------------------------------------------------------------------
// Options

export async function readOptions(db: Db): Promise<IndicatorOptions> {
  const stored = await readSetting<unknown>(db, INDICATOR_OPTIONS_SETTING, null);
  if (stored === null) return DEFAULT_INDICATOR_OPTIONS;
  // A stored value from an older version may lack newer keys; the schema fills the defaults.
  const parsed = indicatorOptionsSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_INDICATOR_OPTIONS;
}

export async function setOptions(ctx: CoreContext, input: ParsedInput<'indicators.options.set'>): Promise<IndicatorOptions> {
  return inTransaction(ctx, async (trx) => {
    const before = await readOptions(trx);
    const parsed = indicatorOptionsSchema.safeParse({ ...before, ...input });
    if (!parsed.success) throw new AppError('VALIDATION', parsed.error.issues[0]?.message ?? '指标口径设置不正确');
    await writeSetting(trx, ctx, INDICATOR_OPTIONS_SETTING, parsed.data, { action: 'indicators.options.set', summary: '修改指标口径', before });
    return parsed.data;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Report

const PLAN_MEASURE_REASON = Object.fromEntries(PLAN_MEASURES.map((m) => [m.id, m.reason])) as Record<string, string>;

// A report's target judgements are kept with the rows they read (state.judged, as many as the report
// memory keeps). Rows kept in memory (memo.ts) stay the same objects until their area is recounted, so the
// next report of the same date and options judges again only the targets reading a row that is a new
// object: after one admission, that district's and the city's, instead of ~2,900 judgements nationally (a
// national benchmark is judged for every district).

/** A national benchmark's own row is judged for the city; its copies (inherited) for each district. */
function judgeOne(target: TargetOut, row: IndicatorAreaRow | undefined, inherited: boolean): TargetAttainmentRow {
  const areaName = target.areaCode === NATIONAL_AREA_CODE && !inherited ? '全国（按北京市）' : (row?.areaName ?? target.areaCode);
  const info = metricInfo(target.metricId);
  let actual: number | null = null;
  let missingReason: string | null = null;
  if (isIndicatorId(target.metricId)) {
    const value = row?.values.find((v) => v.id === target.metricId);
    actual = value?.value ?? null;
    if (actual === null) missingReason = value?.missingReason ?? '该区划无数据';
  } else {
    missingReason = PLAN_MEASURE_REASON[target.metricId] ?? '系统未登记该项数据';
  }
  const areaCode = inherited && row ? row.areaCode : target.areaCode;
  return { target, areaCode, areaName, metricName: info.name, unit: info.unit, actual, missingReason, attainment: attainment(target, actual), inherited };
}

function judgeTargets(targets: TargetOut[], rows: IndicatorAreaRow[], prev: Judged | undefined): Judged {
  const targetsKey = JSON.stringify(targets);
  if (prev && prev.targetsKey === targetsKey && prev.rows.length === rows.length) {
    const changed: number[] = [];
    let sameAreas = true;
    for (let i = 0; i < rows.length && sameAreas; i++) {
      if (rows[i] === prev.rows[i]) continue;
      sameAreas = rows[i]!.areaCode === prev.rows[i]!.areaCode;
      changed.push(i);
    }
    if (sameAreas) {
      if (changed.length === 0) return prev;
      const out = prev.targets.slice();
      for (const i of changed) {
        for (const j of prev.readers[i]!) {
          const { target, inherited } = out[j]!;
          out[j] = judgeOne(target, rows[i], inherited);
        }
      }
      return { targetsKey, rows, targets: out, readers: prev.readers };
    }
  }
  const position = new Map(rows.map((r, i) => [r.areaCode, i]));
  const readers: number[][] = rows.map(() => []);
  const out: TargetAttainmentRow[] = [];
  const judge = (target: TargetOut, at: number | undefined, inherited: boolean) => {
    if (at !== undefined) readers[at]!.push(out.length);
    out.push(judgeOne(target, at === undefined ? undefined : rows[at], inherited));
  };
  for (const t of targets) {
    if (t.areaCode === NATIONAL_AREA_CODE) {
      // A national target is a benchmark: judged for the city and for each district.
      judge(t, position.get(CITY_AREA_CODE), false);
      rows.forEach((r, i) => {
        if (r.level === 'district') judge(t, i, true);
      });
    } else {
      judge(t, position.get(t.areaCode), false);
    }
  }
  return { targetsKey, rows, targets: out, readers };
}

export async function buildReport(
  state: CountingState,
  db: Db,
  now: Date,
  input: { asOf: string; level: 'district' | 'street'; options?: Partial<IndicatorOptions> },
): Promise<IndicatorReport> {
  const saved = await readOptions(db);
  const options = input.options ? indicatorOptionsSchema.parse({ ...saved, ...input.options }) : saved;
  let ordered: IndicatorAreaRow[];
  const memoized = input.level === 'district' && state.source === state.fast && !db.isTransaction;
  if (memoized) {
    ordered = await districtRows(state, db as Kysely<Database>, input.asOf, options, state.source);
  } else {
    const { areas, counts } = await countAreas(state, db, input.asOf, input.level, state.source);
    const rows = areas.map((a) => areaRow(a, counts.get(a.code), input.asOf, options));
    // Streets are listed under their district.
    const streetsOf = new Map<string, IndicatorAreaRow[]>();
    for (const r of rows) {
      if (r.level !== 'street' || !r.parentCode) continue;
      const list = streetsOf.get(r.parentCode) ?? [];
      list.push(r);
      streetsOf.set(r.parentCode, list);
    }
    ordered = rows.filter((r) => r.level === 'city');
    for (const d of rows) if (d.level === 'district') ordered.push(d, ...(streetsOf.get(d.areaCode) ?? []));
  }
  const targetRows = (await db.selectFrom('targets').selectAll().orderBy('area_code').orderBy('year').orderBy('metric_id').execute()).map(toTarget);
  // Only reports whose rows are kept in memory are judged against the last one (other rows are new objects).
  const judgedKey = memoized ? `${input.asOf}|${JSON.stringify(options)}` : null;
  const judgement = judgeTargets(targetRows, ordered, judgedKey ? state.judged.get(judgedKey) : undefined);
  if (judgedKey) state.judged.set(judgedKey, judgement);
  return {
    asOf: input.asOf,
    level: input.level,
    options,
    optionsText: describeIndicatorOptions(options).map(({ label, value }) => ({ label, value })),
    definitions: INDICATORS.map((d) => describeIndicator(d.id, options)),
    rows: ordered,
    targets: judgement.targets,
    generatedAt: now.toISOString(),
  };
}

export function report(ctx: CoreContext, input: ParsedInput<'indicators.report'>): Promise<IndicatorReport> {
  return buildReport(ctx.counting, ctx.db, ctx.now(), input);
}

export async function definitions(ctx: CoreContext): Promise<{ options: IndicatorOptions; definitions: ReturnType<typeof describeIndicator>[] }> {
  const options = await readOptions(ctx.db);
  return { options, definitions: INDICATORS.map((d) => describeIndicator(d.id, options)) };
}

function requireIndicator(id: string): IndicatorId {
  if (!isIndicatorId(id)) throw new AppError('INDICATOR_UNKNOWN', `未知的指标“${id}”`, { field: 'indicatorId' });
  return id;
}

// ---------------------------------------------------------------------------------------------------------------
// Drill-down and trend

/**
 * The facilities behind one area's value: the same tallies grouped by facility instead of by area, run
 * through the same formulas, so the facilities' numerators add up to the area's numerator.
 * Per-population indicators show each facility's beds (the population belongs to the area).
 */
export async function drill(ctx: CoreContext, input: ParsedInput<'indicators.drill'>): Promise<{ indicatorId: IndicatorId; rows: DrillRow[] }> {
  const indicatorId = requireIndicator(input.indicatorId);
  const options = await readOptions(ctx.db);
  const filter = { areaCode: input.areaCode === CITY_AREA_CODE ? undefined : input.areaCode, current: await isCurrent(ctx.db, input.asOf) };
  const source = ctx.counting.source;
  const [beds, family, declared, facilities, ratings, staff] = await Promise.all([
    source.bedTallies(ctx.db, input.asOf, 'facility', filter),
    source.familyCareBedTallies(ctx.db, input.asOf, 'facility', filter),
    declaredTallies(ctx.db, input.asOf, 'facility', filter),
    source.facilityTallies(ctx.db, input.asOf, 'facility', filter),
    ratingTallies(ctx.db, input.asOf, 'facility', filter),
    staffTallies(ctx.db, input.asOf, 'facility', filter),
  ]);
  const ids = new Set([...beds, ...family, ...declared, ...facilities, ...ratings, ...staff].map((r) => r.key));
  if (ids.size === 0) return { indicatorId, rows: [] };
  const info = await ctx.db
    .selectFrom('facilities')
    .select(['id', 'name', 'kind', 'area_code', 'approved_beds'])
    .where('id', 'in', anyOf([...ids]))
    .execute();
  // Grouped once by facility: filtering every tally list per facility was quadratic (a city's drill-down,
  // 2,000 facilities by tens of thousands of tallies, took 1.5 s on the Beijing file).
  const byFacility = <T extends { key: string }>(rows: T[]) => {
    const map = new Map<string, Omit<T, 'key'>[]>();
    for (const { key, ...rest } of rows) {
      const list = map.get(key);
      if (list) list.push(rest);
      else map.set(key, [rest]);
    }
    return map;
  };
  const bedsOf = byFacility(beds);
  const familyOf = byFacility(family);
  const facilitiesOf = byFacility(facilities);
  const ratingsOf = byFacility(ratings);
  const declaredOf = byFacility(declared);
  const staffOf = byFacility(staff);
  const out: DrillRow[] = [];
  for (const f of info) {
    const ownFacilities = facilitiesOf.get(f.id) ?? [];
    const counts = {
      ...emptyAreaCounts(f.id, input.asOf),
      beds: bedsOf.get(f.id) ?? [],
      familyCareBeds: familyOf.get(f.id) ?? [],
      declared: declaredOf.get(f.id) ?? [],
      facilities: ownFacilities,
      ratings: ratingsOf.get(f.id) ?? [],
      staff: staffOf.get(f.id) ?? [],
    };
    const value = computeIndicators(counts, options).find((v) => v.id === indicatorId)!;
    const status = ownFacilities[0]?.status;
    if (!value.numerator && !value.denominator) continue;
    out.push({
      facilityId: f.id,
      facilityName: f.name,
      kind: f.kind as FacilityKind,
      status: (status ?? 'operating') as FacilityStatus,
      areaCode: f.area_code,
      numerator: value.numerator ?? 0,
      denominator: value.denominator,
      approvedBeds: f.approved_beds,
    });
  }
  out.sort((a, b) => b.numerator - a.numerator || a.facilityName.localeCompare(b.facilityName, 'zh-CN'));
  return { indicatorId, rows: out };
}

export async function trend(ctx: CoreContext, input: ParsedInput<'indicators.trend'>): Promise<TrendPoint[]> {
  const indicatorId = requireIndicator(input.indicatorId);
  const options = await readOptions(ctx.db);
  const lastYear = Number(input.asOf.slice(0, 4));
  if (input.fromYear > lastYear) throw new AppError('VALIDATION', '起始年份不能晚于统计日期', { field: 'fromYear' });
  if (lastYear - input.fromYear > 30) throw new AppError('VALIDATION', '趋势最多显示 30 年', { field: 'fromYear' });
  const level = input.areaCode.length === 9 ? 'street' : 'district';
  const source = ctx.counting.source;
  const fast = source === ctx.counting.fast;
  const points: TrendPoint[] = [];
  for (let year = input.fromYear; year <= lastYear; year++) {
    const asOf = year === lastYear ? input.asOf : `${year}-12-31`;
    let v: IndicatorValue | undefined;
    if (fast && input.areaCode === CITY_AREA_CODE) {
      // The city needs every district: the report kept in memory or stored for that date.
      v = (await districtRows(ctx.counting, ctx.db, asOf, options, source))[0]!.values.find((x) => x.id === indicatorId);
    } else {
      const c =
        fast && level === 'district'
          ? await oneDistrictCounts(ctx.db, asOf, input.areaCode, source)
          : (await countAreas(ctx.counting, ctx.db, asOf, level, source)).counts.get(input.areaCode);
      v = c ? computeIndicators(c, options).find((x) => x.id === indicatorId) : undefined;
    }
    points.push({ year, asOf, value: v?.value ?? null, ...(v?.missingReason ? { missingReason: v.missingReason } : {}) });
  }
  return points;
}

/**
 * One district's counts on a date: from the checkpoint store when still true, else counted for that
 * district alone (tens of milliseconds nationally, where counting every district takes half a minute).
 */
async function oneDistrictCounts(db: Db, asOf: string, code: string, source: AreaCountsSource): Promise<AreaCounts | undefined> {
  const district = await db.selectFrom('areas').select('code').where('code', '=', code).where('level', '=', 'district').executeTakeFirst();
  if (!district) return undefined;
  const saved = await readCheckpoint(db, asOf, [code]);
  return saved?.counts.get(code) ?? (await loadDistrictCounts(db, asOf, code, source));
}

