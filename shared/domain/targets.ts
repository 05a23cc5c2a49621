// Plan targets (规划目标) seeded from the five planning documents, and attainment against an actual value.
//
// Sources: /work/shared/reference/seed-domain-brief.md §2, §2.7a, §2.7b, §4.3 (seed texts in /work/shared/seeds/)
// and standards-and-policy.md §3 (national 55 %). Users edit and add targets; these are only the seed.
//
// Every target names a metric. Most are catalogue indicators (indicators.ts) the app computes; a few plan targets
// measure things the app does not record (floor area, consortia, brand institutions, special-zone facilities,
// children's beds). They are kept as `PLAN_MEASURES` so the plan is complete on screen, and their attainment is
// 'no_data' until someone enters an actual value by hand.

import { z } from 'zod';
import { INDICATOR_BY_ID, isIndicatorId, type IndicatorId, type IndicatorUnit } from './indicators';
import { roundHalfUp } from './starRating';

export const NATIONAL_AREA_CODE = '000000';
export const CITY_AREA_CODE = '110000';

export const TARGET_ATTRIBUTES = {
  expected: '预期性',
  binding: '约束性',
  unspecified: '未说明',
} as const;
export type TargetAttribute = keyof typeof TARGET_ATTRIBUTES;

export const COMPARATORS = ['>=', '<=', '='] as const;
export type Comparator = (typeof COMPARATORS)[number];

export interface PlanMeasure {
  id: string;
  name: string;
  unit: IndicatorUnit | '平方米/人' | '处' | '所' | '张/万人';
  decimals: number;
  /** Why the app does not compute it. */
  reason: string;
}

export const PLAN_MEASURES = [
  {
    id: 'brand_institutions',
    name: '示范性品牌养老服务机构数',
    unit: '家',
    decimals: 0,
    reason: '“示范性品牌”为认定结果，系统未登记',
  },
  {
    id: 'facility_area_per_capita',
    name: '新建城区、居住小区人均配建养老服务设施面积',
    unit: '平方米/人',
    decimals: 2,
    reason: '系统未登记设施建筑面积和规划人口',
  },
  {
    id: 'consortium_street_coverage',
    name: '建成区域养老服务联合体的镇街比例',
    unit: '%',
    decimals: 1,
    reason: '系统未登记养老服务联合体',
  },
  {
    id: 'public_district_institutions_nursing_60',
    name: '护养型床位不少于60%的区级公办养老机构数',
    unit: '所',
    decimals: 0,
    reason: '“区级”机构层级未登记；可按单个机构的护理型床位占比人工核对',
  },
  {
    id: 'township_homes_three_star',
    name: '具备集中接受城乡特困老年人条件的三星级以上乡镇敬老院数',
    unit: '所',
    decimals: 0,
    reason: '“具备集中接受特困老年人条件”未登记；可按敬老院星级人工核对',
  },
  {
    id: 'intellectual_disability_facilities_50',
    name: '不少于50张床位的智力残疾人员社会福利机构数',
    unit: '处',
    decimals: 0,
    reason: '按分区床位人工核对',
  },
  {
    id: 'mental_health_facilities_100',
    name: '不少于100张床位的民政精神卫生福利机构数',
    unit: '所',
    decimals: 0,
    reason: '按分区床位人工核对',
  },
  {
    id: 'child_welfare_beds_per_ten_thousand',
    name: '每万人户籍儿童机构床位数',
    unit: '张/万人',
    decimals: 2,
    reason: '儿童福利机构不在本系统范围内',
  },
] as const satisfies readonly PlanMeasure[];
export type PlanMeasureId = (typeof PLAN_MEASURES)[number]['id'];
export type TargetMetricId = IndicatorId | PlanMeasureId;

export function isPlanMeasureId(id: string): id is PlanMeasureId {
  return PLAN_MEASURES.some((m) => m.id === id);
}

/** Name, unit and decimals of a target's metric, whichever list it comes from. */
/** A metric's name and unit; for one the app cannot compute, why (shown beside its target). */
export function metricInfo(id: TargetMetricId): { name: string; unit: string; decimals: number; computed: boolean; notComputedReason: string | null } {
  if (isIndicatorId(id)) {
    const d = INDICATOR_BY_ID[id];
    return { name: d.name, unit: d.unit, decimals: d.decimals, computed: true, notComputedReason: null };
  }
  const m = PLAN_MEASURES.find((p) => p.id === id)!;
  return { name: m.name, unit: m.unit, decimals: m.decimals, computed: false, notComputedReason: `无法计算：${m.reason}` };
}

export const targetSchema = z.object({
  id: z.string().min(1),
  areaCode: z.string().regex(/^\d{6}(\d{3})?$/, { error: '区划代码应为 6 位或 9 位数字' }),
  metricId: z.string().refine((id) => isIndicatorId(id) || isPlanMeasureId(id), { error: '未知的指标' }),
  year: z.number().int().min(2000).max(2100),
  comparator: z.enum(COMPARATORS),
  value: z.number().finite(),
  baseline: z.object({ value: z.number().finite(), year: z.number().int() }).nullable(),
  attribute: z.enum(['expected', 'binding', 'unspecified']),
  source: z.string().min(1),
  note: z.string().nullable(),
});

export interface Target {
  /** Stable id, so re-seeding never duplicates a target a user has edited. */
  id: string;
  /** District code, CITY_AREA_CODE for Beijing, NATIONAL_AREA_CODE for a national target. */
  areaCode: string;
  metricId: TargetMetricId;
  year: number;
  comparator: Comparator;
  value: number;
  baseline: { value: number; year: number } | null;
  attribute: TargetAttribute;
  /** Document name and section, in Chinese. */
  source: string;
  /** Ambiguities of wording or scope that a reader of the target should know. */
  note: string | null;
}

const MIYUN = '110118';
const MENTOUGOU = '110109';
const DAXING = '110115';

const MY_DOC = '《北京市密云区“十四五”时期社会治理与民政事业发展规划》（征求意见稿，2021年7月）';
const MTG_S_DOC = '门头沟区社会建设和民政“十三五”工作总结及今后五年工作计划';
const DX_DOC = '大兴区“十四五”时期民政事业发展规划 第三部分“十四五”时期主要任务';

// Baselines are the plans' end-of-13th-FYP figures; the documents do not date them more precisely than ≈2020.
export const SEED_TARGETS: readonly Target[] = [
  {
    id: 'miyun-2025-beds-per-thousand-residents',
    areaCode: MIYUN,
    metricId: 'beds_per_thousand_residents',
    year: 2025,
    comparator: '>=',
    value: 10,
    baseline: { value: 10.8, year: 2020 },
    attribute: 'expected',
    source: `${MY_DOC} 具体指标表第26项“每千名常住人口拥有养老床位数（张）”；九、（三）“到2025年，千人养老床位指标达到10张”`,
    note: '目标低于基期值（10.8），规划未说明原因；已超过即视为达标。',
  },
  {
    id: 'miyun-2025-mutual-aid-points',
    areaCode: MIYUN,
    metricId: 'mutual_aid_points',
    year: 2025,
    comparator: '>=',
    value: 100,
    baseline: { value: 100, year: 2020 },
    attribute: 'expected',
    source: `${MY_DOC} 具体指标表第27项“建成农村邻里互助养老服务点（个）”；九、（二）“建设邻里互助点100个”`,
    note: '基期为“邻里互助队（点）100个”；规划未说明100个是累计数还是新增数，此处按累计数。',
  },
  {
    id: 'miyun-2025-brand-institutions',
    areaCode: MIYUN,
    metricId: 'brand_institutions',
    year: 2025,
    comparator: '>=',
    value: 2,
    baseline: null,
    attribute: 'expected',
    source: `${MY_DOC} 具体指标表第28项“示范性品牌养老服务机构（家）”；九、（五）`,
    note: null,
  },
  {
    id: 'miyun-2025-tekun-central-support',
    areaCode: MIYUN,
    metricId: 'tekun_central_support_rate',
    year: 2025,
    comparator: '>=',
    value: 100,
    baseline: null,
    attribute: 'binding',
    source: `${MY_DOC} 具体指标表第29项“有集中供养需求的特困对象集中供养率”；八、（二）全面建立分层分类的社会救助制度体系：“有集中供养需求的特困对象集中供养率达到100%”`,
    note: null,
  },
  {
    id: 'miyun-2025-reserve-bed-share',
    areaCode: MIYUN,
    metricId: 'reserve_bed_share',
    year: 2025,
    comparator: '>=',
    value: 2,
    baseline: null,
    attribute: 'unspecified',
    source: `${MY_DOC} 九、（一）健全基本养老服务制度：“预留不少于2%的养老床位，用于突发公共事件应急处置”`,
    note: '规划未写年份，按规划期末2025年；未说明按全区汇总还是逐机构适用，此处按全区汇总。',
  },
  {
    id: 'miyun-2025-caregivers',
    areaCode: MIYUN,
    metricId: 'caregivers_per_ten_thousand_elderly',
    year: 2025,
    comparator: '>=',
    value: 50,
    baseline: null,
    attribute: 'unspecified',
    source: `${MY_DOC} 九、（四）加快补齐养老服务短板：“确保万名老年人拥有养老护理员数不少于50名”`,
    note: '规划未说明老年人口的年龄起点和常住/户籍口径。',
  },
  {
    id: 'miyun-2025-certified-caregiver-rate',
    areaCode: MIYUN,
    metricId: 'certified_caregiver_rate',
    year: 2025,
    comparator: '>=',
    value: 90,
    baseline: { value: 90, year: 2020 },
    attribute: 'unspecified',
    source: `${MY_DOC} 一、（七）养老服务事业取得长足发展：“培训护理人员近2000人，持证上岗率达90%以上”`,
    note: '规划只写了“十三五”末已达到的水平（90%以上），未给出2025年目标；此处以不低于90%作为规划期末的底线。',
  },
  {
    id: 'miyun-2025-facility-area-per-capita',
    areaCode: MIYUN,
    metricId: 'facility_area_per_capita',
    year: 2025,
    comparator: '>=',
    value: 0.1,
    baseline: null,
    attribute: 'unspecified',
    source: `${MY_DOC} 九、（一）：“落实新建城区、居住小区按照人均不少于0.1平方米的标准配建养老服务设施”`,
    note: '适用于新建城区和居住小区的配建标准，不是全区平均值。',
  },
  {
    id: 'miyun-2025-consortium-coverage',
    areaCode: MIYUN,
    metricId: 'consortium_street_coverage',
    year: 2025,
    comparator: '>=',
    value: 80,
    baseline: null,
    attribute: 'unspecified',
    source: `${MY_DOC} 九、（三）构建多层次养老服务联合体：“到2025年80%的镇街建成区域养老服务联合体”`,
    note: null,
  },
  {
    id: 'mentougou-2025-beds-per-thousand-residents',
    areaCode: MENTOUGOU,
    metricId: 'beds_per_thousand_residents',
    year: 2025,
    comparator: '>=',
    value: 7.6,
    baseline: { value: 6.69, year: 2020 },
    attribute: 'unspecified',
    source: `${MTG_S_DOC} 三、今后五年的工作计划：“至2025年，养老机构床位数达到每千人7.6张”；基期见一、“每千名常住人口养老床位数6.69张”`,
    note: '目标表述为“养老机构床位数”，基期为全部养老床位（含驿站），口径可能不同；可在设置中将计入床位的设施类型改为仅养老机构对照。',
  },
  {
    id: 'daxing-2025-caregivers',
    areaCode: DAXING,
    metricId: 'caregivers_per_ten_thousand_elderly',
    year: 2025,
    comparator: '>=',
    value: 50,
    baseline: null,
    attribute: 'unspecified',
    source: `${DX_DOC} 一、（二）1.夯实基本养老服务保障：“到2025年,实现每万名老年人拥有养老护理员数不少于50名”`,
    note: '规划未说明老年人口的年龄起点和常住/户籍口径。',
  },
  {
    id: 'daxing-2025-care-centers',
    areaCode: DAXING,
    metricId: 'care_centers',
    year: 2025,
    comparator: '>=',
    value: 20,
    baseline: null,
    attribute: 'unspecified',
    source: `${DX_DOC} 一、（二）2.提高养老服务供给质量：“到2025年,建成运营镇(街)养老照料中心20家”`,
    note: '“建成运营”：可在设置中只计运营状态。',
  },
  {
    id: 'daxing-2025-care-center-coverage',
    areaCode: DAXING,
    metricId: 'care_center_street_coverage',
    year: 2025,
    comparator: '>=',
    value: 100,
    baseline: null,
    attribute: 'unspecified',
    source: `${DX_DOC} 一、（二）2.提高养老服务供给质量：“推动镇街养老照料中心全覆盖”`,
    note: '规划未写年份，按规划期末2025年。',
  },
  {
    id: 'daxing-2025-public-institution-nursing-60',
    areaCode: DAXING,
    metricId: 'public_district_institutions_nursing_60',
    year: 2025,
    comparator: '>=',
    value: 1,
    baseline: null,
    attribute: 'unspecified',
    source: `${DX_DOC} 一、（二）1.夯实基本养老服务保障：“‘十四五’时期至少有1所护养型床位不少于60%的区级公办养老机构”`,
    note: '“护养型”按护理型理解（推断）。',
  },
  {
    id: 'daxing-2025-township-home-three-star',
    areaCode: DAXING,
    metricId: 'township_homes_three_star',
    year: 2025,
    comparator: '>=',
    value: 1,
    baseline: null,
    attribute: 'unspecified',
    source: `${DX_DOC} 一、（二）1.夯实基本养老服务保障：“至少改造成1所具备集中接受城乡特困老年人的三星级以上乡镇敬老院”`,
    note: null,
  },
  {
    id: 'daxing-2025-intellectual-disability-facilities',
    areaCode: DAXING,
    metricId: 'intellectual_disability_facilities_50',
    year: 2025,
    comparator: '>=',
    value: 2,
    baseline: null,
    attribute: 'unspecified',
    source: `${DX_DOC} 一、（三）3.推进残疾人服务机构设施建设：“建成2处各不少于50张床位的智力残疾人员社会福利机构”`,
    note: '可依托现有养老机构分区管理建设。',
  },
  {
    id: 'daxing-2025-mental-health-facility',
    areaCode: DAXING,
    metricId: 'mental_health_facilities_100',
    year: 2025,
    comparator: '>=',
    value: 1,
    baseline: null,
    attribute: 'unspecified',
    source: `${DX_DOC} 一、（三）3.推进残疾人服务机构设施建设：“拥有1所不少于100张床位的民政精神卫生福利机构”`,
    note: null,
  },
  {
    id: 'daxing-2025-child-welfare-beds',
    areaCode: DAXING,
    metricId: 'child_welfare_beds_per_ten_thousand',
    year: 2025,
    comparator: '>=',
    value: 15,
    baseline: null,
    attribute: 'unspecified',
    source: `${DX_DOC} 一、（四）4.建立健全儿童福利设施体系：“到2025年,每万人户籍儿童机构床位数不少于15张”`,
    note: '分母可理解为每万名户籍儿童，也可理解为每万名户籍人口，原文有歧义。',
  },
  {
    id: 'national-2025-nursing-bed-share',
    areaCode: NATIONAL_AREA_CODE,
    metricId: 'nursing_bed_share',
    year: 2025,
    comparator: '>=',
    value: 55,
    baseline: null,
    attribute: 'unspecified',
    source: '《“十四五”国家老龄事业发展和养老服务体系规划》（国发〔2021〕35号）主要指标“养老机构护理型床位占比”',
    note: '国家指标，各区对照使用。规划表中该项属性未经核实，暂记为未说明。',
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Attainment

export type AttainmentStatus = 'met' | 'not_met' | 'no_data';

export const ATTAINMENT_LABELS: Readonly<Record<AttainmentStatus, string>> = {
  met: '达标',
  not_met: '未达标',
  no_data: '无数据',
};

export interface Attainment {
  status: AttainmentStatus;
  /** actual − target, rounded to the metric's decimals: negative means short of a '>=' target. null without data. */
  gap: number | null;
}

/**
 * Whether an actual value meets a target. The comparison uses the actual as published (already rounded to the
 * indicator's decimals), so a table never shows "2.0 %" next to "not met" for a ≥ 2 % target. A target that was
 * already exceeded at baseline is judged like any other: by the current actual against the target value.
 */
export function attainment(
  target: Pick<Target, 'metricId' | 'comparator' | 'value'>,
  actual: number | null | { value: number | null },
): Attainment {
  const value = actual !== null && typeof actual === 'object' ? actual.value : actual;
  if (value === null || !Number.isFinite(value)) return { status: 'no_data', gap: null };
  const { decimals } = metricInfo(target.metricId);
  const gap = roundHalfUp(value - target.value, decimals);
  const met =
    target.comparator === '>=' ? gap >= 0 : target.comparator === '<=' ? gap <= 0 : gap === 0;
  return { status: met ? 'met' : 'not_met', gap };
}

/**
 * Targets that apply to an area: its own, and when `includeWider` the city's and the nation's as benchmarks
 * (flagged `inherited`), e.g. the national 55 % nursing-bed share shown against each district.
 */
export function targetsForArea(
  targets: readonly Target[],
  areaCode: string,
  { includeWider = false, year }: { includeWider?: boolean; year?: number } = {},
): (Target & { inherited: boolean })[] {
  const wider = new Set([CITY_AREA_CODE, NATIONAL_AREA_CODE]);
  return targets
    .filter((t) => year === undefined || t.year === year)
    .filter((t) => t.areaCode === areaCode || (includeWider && wider.has(t.areaCode) && t.areaCode !== areaCode))
    .map((t) => ({ ...t, inherited: t.areaCode !== areaCode }));
}
