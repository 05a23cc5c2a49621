// The capacity indicators of the Beijing plans, defined once. The core fills `AreaCounts` for one area as of a
// date (plain GROUP BY queries that do not depend on the options); `computeIndicators` applies the options and the
// formulas. The UI, the CLI and every export read names, units and definitions from `INDICATORS` here.
//
// Sources: /work/shared/reference/seed-domain-brief.md §2 (E1–E17, Q1, W1, S1) and standards-and-policy.md §3, §5.
// None of the plans defines a formula; the formulas below are the natural reading of each indicator's name and
// the definitions in issue 6, and every choice a reader could make differently is an option.

import { z } from 'zod';
import {
  FACILITY_KINDS,
  FACILITY_KIND_KEYS,
  FACILITY_STATUSES,
  FACILITY_STATUS_KEYS,
  type FacilityKind,
  type FacilityStatus,
  type MedicalService,
} from './facility';
import type { BedCategory } from './beds';
import { STAR_RATE_MIN_LEVEL, roundHalfUp, starLabel, starRatingRate } from './starRating';

// ---------------------------------------------------------------------------------------------------------------
// Raw counts for one area

/** One population figure and the year it describes; the core picks the latest year not after the as-of date. */
export interface PopulationFigure {
  value: number;
  year: number;
}

/** Any figure may be missing: districts rarely publish every one of them for every year. */
export interface AreaPopulation {
  /** 常住人口 */
  residentTotal: PopulationFigure | null;
  /** 60岁及以上常住人口 */
  resident60Plus: PopulationFigure | null;
  /** 65岁及以上常住人口 */
  resident65Plus: PopulationFigure | null;
  /** 60岁及以上户籍人口 */
  registered60Plus: PopulationFigure | null;
  /** 65岁及以上户籍人口 */
  registered65Plus: PopulationFigure | null;
}

/**
 * Facility beds (长期集中 / 短期托养) open on the as-of date (opened_on <= D and (retired_on is null or
 * retired_on > D)), grouped by the owning facility's kind and its status on D, and by bed category. Beds in a
 * temporary out-of-service period still count: they are capacity, not retired. One row per group; groups with no
 * beds may be left out.
 */
export interface BedTally {
  facilityKind: FacilityKind;
  facilityStatus: FacilityStatus;
  category: BedCategory;
  beds: number;
  /** Of `beds`, those flagged 护理型. */
  nursingBeds: number;
  /** Of `beds`, those flagged as emergency reserve (应急预留). */
  reserveBeds: number;
  /** Of `beds`, those with an open stay on D (a resident on leave keeps the bed, so leave counts as occupied). */
  occupiedBeds: number;
}

/** 家庭照护床位 open on D (they stand in elders' homes), grouped by the provider facility's kind and status on D. */
export interface FamilyCareBedTally {
  providerKind: FacilityKind;
  providerStatus: FacilityStatus;
  beds: number;
}

/**
 * Facilities counted on D from their declared figures (申报床位): those without an itemised bed open on D,
 * each by its latest declaration not after D; grouped by kind and status on D. Unknown figures count 0.
 */
export interface DeclaredTally {
  facilityKind: FacilityKind;
  facilityStatus: FacilityStatus;
  facilities: number;
  beds: number;
  nursingBeds: number;
  reserveBeds: number;
  shortTermBeds: number;
  residents: number;
}

/** Facilities existing on the date, grouped by kind, status on D and medical service. */
export interface FacilityTally {
  kind: FacilityKind;
  status: FacilityStatus;
  /** null when the facility's medical service was never recorded. */
  medicalService: MedicalService | null;
  facilities: number;
  /** Sum of 核定床位数 over the facilities in this group that have one. */
  approvedBeds: number;
  /** How many facilities in this group have no 核定床位数 recorded. */
  facilitiesWithoutApprovedBeds: number;
}

/** Facilities holding a star rating in force on D (see `starInForce`), by kind, status on D and star level. */
export interface RatingTally {
  kind: FacilityKind;
  status: FacilityStatus;
  stars: number;
  facilities: number;
}

/** A street/town (街道/乡镇) that has at least one 养老照料中心 with the given status on D. One row per pair. */
export interface CareCenterStreet {
  streetCode: string;
  status: FacilityStatus;
}

export interface AreaCounts {
  /** GB/T 2260 code: 6 digits for a district or the city, 9 for a street/town. */
  areaCode: string;
  /** YYYY-MM-DD */
  asOf: string;
  beds: readonly BedTally[];
  familyCareBeds: readonly FamilyCareBedTally[];
  /** Facilities counted from declared figures on D (none of their beds itemised on D). */
  declared: readonly DeclaredTally[];
  facilities: readonly FacilityTally[];
  ratings: readonly RatingTally[];
  /** 街道（乡镇） in the area; 1 for a street-level area; null when the area's streets are not registered. */
  streetCount: number | null;
  careCenterStreets: readonly CareCenterStreet[];
  population: AreaPopulation;
  /**
   * Staff of the area's facilities on D, by the facility's status on D (facilities existing on D only). An
   * area none of whose facilities has anyone recorded as employed by D has no rows: its caregiver
   * indicators are "no data", not 0.
   */
  staff: readonly StaffTally[];
  /** 特困 elders registered (户籍) in the area with a centralised-support decision on or before D; null when none. */
  tekunCentralCare: TekunTally | null;
}

export interface StaffTally {
  facilityStatus: FacilityStatus;
  /** Staff of any post whose employment started on or before D (whether or not they have left since). */
  recorded: number;
  /** 养老护理员 on duty on D (入职日期 <= D, and 离职日期 empty or after D). */
  caregivers: number;
  /** Of `caregivers`, those certified on D (职业技能等级 recorded with a 发证日期 not after D). */
  certified: number;
}

export interface TekunTally {
  /** 特困 elders whose latest decision on or before D exists (需要 or 不需要). */
  decided: number;
  /** Of them, those whose latest decision says they need centralised support. */
  needing: number;
  /** Of `needing`, those with a stay covering D (in a facility bed). */
  inStay: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Options

const DEFAULT_BED_FACILITY_KINDS: FacilityKind[] = [
  'institution',
  'care_center',
  'guidance_center',
  'community_station',
  'rural_station',
];
const DEFAULT_STATUSES_COUNTED: FacilityStatus[] = ['operating', 'suspended'];

const uniqueList = <T,>(list: T[]): T[] => [...new Set(list)];

export const indicatorOptionsSchema = z.object({
  includeFamilyCareBeds: z.boolean().default(false),
  bedSource: z.enum(['itemised_or_declared', 'itemised']).default('itemised_or_declared'),
  bedFacilityKinds: z
    .array(z.enum(FACILITY_KIND_KEYS))
    .min(1, { error: '至少选择一种设施类型' })
    .transform(uniqueList)
    .default(() => [...DEFAULT_BED_FACILITY_KINDS]),
  elderlyPopulationBasis: z.enum(['resident', 'registered']).default('resident'),
  elderlyAgeThreshold: z.union([z.literal(60), z.literal(65)]).default(60),
  nursingShareScope: z.enum(['institutions', 'all']).default('institutions'),
  facilityStatusesCounted: z
    .array(z.enum(FACILITY_STATUS_KEYS))
    .min(1, { error: '至少选择一种设施状态' })
    .transform(uniqueList)
    .default(() => [...DEFAULT_STATUSES_COUNTED]),
});

export type IndicatorOptions = z.output<typeof indicatorOptionsSchema>;
export type IndicatorOptionsInput = z.input<typeof indicatorOptionsSchema>;
export type IndicatorOptionKey = keyof IndicatorOptions;

export const DEFAULT_INDICATOR_OPTIONS: IndicatorOptions = indicatorOptionsSchema.parse({});

/** Fills in defaults and validates; settings and CLI flags go through this. */
export function resolveIndicatorOptions(input: IndicatorOptionsInput = {}): IndicatorOptions {
  return indicatorOptionsSchema.parse(input);
}

export interface OptionDoc {
  label: string;
  description: string;
  /** Labels of the allowed values, for selects and for naming the options in exports. */
  choices: Readonly<Record<string, string>>;
}

export const INDICATOR_OPTION_DOCS: Readonly<Record<IndicatorOptionKey, OptionDoc>> = {
  includeFamilyCareBeds: {
    label: '养老床位数含家庭照护床位',
    description:
      '默认不含：家庭照护床位设在老年人家中，是否计入养老床位尚无市级定义，默认单独统计为“家庭照护床位数”。选“是”后，养老床位数及每千人床位数包含家庭照护床位；入住率、应急预留床位占比和护理型床位占比始终只按机构和驿站的床位计算。',
    choices: { true: '是', false: '否' },
  },
  bedSource: {
    label: '床位数据来源',
    description:
      '默认“明细或申报”：统计日有床位明细（逐床登记且在用）的机构按明细计，没有的按其统计日及以前最近一次申报的床位数（申报床位：床位数、护理型、应急预留、短期托养、在住人数）计，指标行注明各来源的机构数和床位数。选“仅明细”则只计逐床登记的床位。',
    choices: { itemised_or_declared: '明细或申报', itemised: '仅明细' },
  },
  bedFacilityKinds: {
    label: '计入养老床位的设施类型',
    description:
      '默认为养老机构、养老照料中心、区级养老服务指导中心、社区养老服务驿站和农村幸福晚年驿站，不含邻里互助点。门头沟区规划目标的口径为“养老机构床位数”，可在此只选养老机构进行对照。',
    choices: FACILITY_KINDS,
  },
  elderlyPopulationBasis: {
    label: '老年人口口径',
    description: '每千名老年人、每万名老年人类指标的分母口径。默认常住人口；北京市同时公布户籍老年人口，可切换为户籍。',
    choices: { resident: '常住', registered: '户籍' },
  },
  elderlyAgeThreshold: {
    label: '老年人年龄起点',
    description: '默认 60 岁及以上（《老年人权益保障法》所称老年人）；部分统计按 65 岁及以上，可切换。',
    choices: { '60': '60岁及以上', '65': '65岁及以上' },
  },
  nursingShareScope: {
    label: '护理型床位统计范围',
    description:
      '默认只统计养老机构（国家指标为“养老机构护理型床位占比”）；选“全部设施”则按计入养老床位的全部设施类型统计。家庭照护床位始终不计入。',
    choices: { institutions: '仅养老机构', all: '全部设施' },
  },
  facilityStatusesCounted: {
    label: '计入统计的设施状态',
    description:
      '统计日处于所选状态的设施，其床位、数量和星级计入指标。默认为运营和停业整改（停业整改的设施床位仍在，只是暂停服务）。星评率的分母按星级评定办法固定为运营中的养老机构，不受此项影响。',
    choices: FACILITY_STATUSES,
  },
};

function optionValueLabel(key: IndicatorOptionKey, value: unknown): string {
  const { choices } = INDICATOR_OPTION_DOCS[key];
  if (Array.isArray(value)) return value.map((v) => choices[String(v)] ?? String(v)).join('、');
  return choices[String(value)] ?? String(value);
}

/** The options as Chinese label/value pairs, for the definitions sheet and the header of every export. */
export function describeIndicatorOptions(options: IndicatorOptions): { key: IndicatorOptionKey; label: string; value: string }[] {
  return (Object.keys(INDICATOR_OPTION_DOCS) as IndicatorOptionKey[]).map((key) => ({
    key,
    label: INDICATOR_OPTION_DOCS[key].label,
    value: optionValueLabel(key, options[key]),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Catalogue

export type IndicatorKind = 'count' | 'ratio' | 'percent' | 'per_thousand' | 'per_ten_thousand';
export type IndicatorUnit = '张' | '家' | '个' | '名' | '%' | '张/千人' | '名/万人';
export type IndicatorGroup = 'beds' | 'facilities' | 'ratings' | 'services';

export const INDICATOR_GROUPS: Readonly<Record<IndicatorGroup, string>> = {
  beds: '床位',
  facilities: '设施',
  ratings: '星级评定',
  services: '医养结合与兜底保障',
};

const INDICATOR_IDS = [
  'eldercare_beds',
  'beds_per_thousand_residents',
  'beds_per_thousand_elderly',
  'nursing_beds',
  'nursing_bed_share',
  'reserve_beds',
  'reserve_bed_share',
  'occupied_beds',
  'occupancy_rate',
  'family_care_beds',
  'family_care_beds_per_thousand_elderly',
  'approved_beds',
  'institutions',
  'care_centers',
  'guidance_centers',
  'community_stations',
  'rural_stations',
  'mutual_aid_points',
  'care_center_street_coverage',
  'star_rating_rate',
  'institutions_star_1',
  'institutions_star_2',
  'institutions_star_3',
  'institutions_star_4',
  'institutions_star_5',
  'stations_star_1',
  'stations_star_2',
  'stations_star_3',
  'medical_service_coverage',
  'tekun_central_support_rate',
  'caregivers_per_ten_thousand_elderly',
  'caregivers_on_duty',
  'certified_caregiver_rate',
  'tekun_needing_central_support',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

export interface IndicatorText {
  formula: string;
  numerator: string;
  denominator: string | null;
}

export interface IndicatorDefinition extends IndicatorText {
  id: IndicatorId;
  /** Exact Chinese name; also the export column header. */
  name: string;
  group: IndicatorGroup;
  kind: IndicatorKind;
  unit: IndicatorUnit;
  decimals: number;
  /** Options that change this indicator's value. */
  options: readonly IndicatorOptionKey[];
  /** Where the plans use the indicator, for the definitions sheet. */
  basis: string;
}

// ----- wording that depends on the options

function kindsText(kinds: readonly FacilityKind[]): string {
  return kinds.map((k) => FACILITY_KINDS[k]).join('、');
}
function statusesText(o: IndicatorOptions): string {
  return o.facilityStatusesCounted.map((s) => FACILITY_STATUSES[s]).join('或');
}
function bedsText(o: IndicatorOptions): string {
  const base = `统计日${statusesText(o)}的${kindsText(o.bedFacilityKinds)}中开放的长期集中、短期托养床位`;
  return o.includeFamilyCareBeds ? `${base}，加上统计日开放的家庭照护床位` : `${base}（不含家庭照护床位）`;
}
function facilityBedsText(o: IndicatorOptions): string {
  return `统计日${statusesText(o)}的${kindsText(o.bedFacilityKinds)}中开放的长期集中、短期托养床位（不含家庭照护床位）`;
}
function elderlyText(o: IndicatorOptions): string {
  return `${o.elderlyAgeThreshold}岁及以上${o.elderlyPopulationBasis === 'resident' ? '常住' : '户籍'}人口`;
}
function nursingScopeText(o: IndicatorOptions): string {
  const kinds = o.nursingShareScope === 'institutions' ? FACILITY_KINDS.institution : kindsText(o.bedFacilityKinds);
  return `统计日${statusesText(o)}的${kinds}中开放的长期集中、短期托养床位`;
}
const POPULATION_YEAR_NOTE = '人口取统计日所在年份及以前最近一年的数据';
function caregiversText(o: IndicatorOptions): string {
  return `统计日${statusesText(o)}的各类设施中，岗位为养老护理员、入职日期不晚于统计日且未离职（或离职日期晚于统计日）的人员`;
}
const TEKUN_NEEDING =
  '户籍在本区域、人员类别为特困、且统计日及以前最近一次集中供养需求认定为“有需求”的老年人';

interface IndicatorSpec extends Omit<IndicatorDefinition, keyof IndicatorText> {
  text(o: IndicatorOptions): IndicatorText;
}

function facilityCountSpec(id: IndicatorId, kind: FacilityKind, unit: IndicatorUnit, basis: string): IndicatorSpec {
  const name = `${FACILITY_KINDS[kind]}数`;
  return {
    id,
    name,
    group: 'facilities',
    kind: 'count',
    unit,
    decimals: 0,
    options: ['facilityStatusesCounted'],
    basis,
    text: (o) => ({
      formula: `${name} = 统计日${statusesText(o)}的${FACILITY_KINDS[kind]}个数`,
      numerator: `统计日${statusesText(o)}的${FACILITY_KINDS[kind]}`,
      denominator: null,
    }),
  };
}

function starCountSpec(id: IndicatorId, scope: 'institutions' | 'stations', stars: number): IndicatorSpec {
  const what = scope === 'institutions' ? '养老机构' : '养老服务驿站';
  const whatFull = scope === 'institutions' ? '养老机构' : '社区养老服务驿站和农村幸福晚年驿站';
  const name = `${starLabel(stars)}级${what}数`;
  return {
    id,
    name,
    group: 'ratings',
    kind: 'count',
    unit: scope === 'institutions' ? '家' : '个',
    decimals: 0,
    options: ['facilityStatusesCounted'],
    basis: '星级评定（北京市2022年星级评定管理办法）',
    text: (o) => ({
      formula: `${name} = 统计日持有有效${starLabel(stars)}级评定的${whatFull}个数`,
      numerator: `统计日${statusesText(o)}、且统计日星级评定有效（未过期、未撤销）为${starLabel(stars)}级的${whatFull}`,
      denominator: null,
    }),
  };
}

const SPECS: readonly IndicatorSpec[] = [
  {
    id: 'eldercare_beds',
    name: '养老床位数',
    group: 'beds',
    kind: 'count',
    unit: '张',
    decimals: 0,
    options: ['includeFamilyCareBeds', 'bedFacilityKinds', 'facilityStatusesCounted'],
    basis: '密云 5444 张、门头沟 1836 张（十三五末）；每千人床位数的分子',
    text: (o) => ({ formula: '养老床位数 = 统计日开放的养老床位张数', numerator: bedsText(o), denominator: null }),
  },
  {
    id: 'beds_per_thousand_residents',
    name: '每千名常住人口养老床位数',
    group: 'beds',
    kind: 'per_thousand',
    unit: '张/千人',
    decimals: 2,
    options: ['includeFamilyCareBeds', 'bedFacilityKinds', 'facilityStatusesCounted'],
    basis: '密云规划指标表第26项（目标10，预期性）；门头沟基期6.69、目标7.6',
    text: (o) => ({
      formula: `每千名常住人口养老床位数 = 养老床位数 ÷ 常住人口 × 1000，保留两位小数；${POPULATION_YEAR_NOTE}`,
      numerator: bedsText(o),
      denominator: '常住人口',
    }),
  },
  {
    id: 'beds_per_thousand_elderly',
    name: '每千名老年人养老床位数',
    group: 'beds',
    kind: 'per_thousand',
    unit: '张/千人',
    decimals: 2,
    options: [
      'includeFamilyCareBeds',
      'bedFacilityKinds',
      'facilityStatusesCounted',
      'elderlyPopulationBasis',
      'elderlyAgeThreshold',
    ],
    basis: '国家老龄事业规划的传统指标（全国2015年30.3张）',
    text: (o) => ({
      formula: `每千名老年人养老床位数 = 养老床位数 ÷ ${elderlyText(o)} × 1000，保留两位小数；${POPULATION_YEAR_NOTE}`,
      numerator: bedsText(o),
      denominator: elderlyText(o),
    }),
  },
  {
    id: 'nursing_beds',
    name: '护理型床位数',
    group: 'beds',
    kind: 'count',
    unit: '张',
    decimals: 0,
    options: ['nursingShareScope', 'bedFacilityKinds', 'facilityStatusesCounted'],
    basis: '国家“十四五”养老机构护理型床位占比的分子',
    text: (o) => ({
      formula: '护理型床位数 = 统计范围内标记为护理型的开放床位张数',
      numerator: `${nursingScopeText(o)}中的护理型床位`,
      denominator: null,
    }),
  },
  {
    id: 'nursing_bed_share',
    name: '护理型床位占比',
    group: 'beds',
    kind: 'percent',
    unit: '%',
    decimals: 1,
    options: ['nursingShareScope', 'bedFacilityKinds', 'facilityStatusesCounted'],
    basis: '国发〔2021〕35号：养老机构护理型床位占比 2025 年达到 55%；密云基期 100%',
    text: (o) => ({
      formula: '护理型床位占比 = 护理型床位数 ÷ 同范围床位数 × 100%，保留一位小数',
      numerator: `${nursingScopeText(o)}中的护理型床位`,
      denominator: nursingScopeText(o),
    }),
  },
  {
    id: 'reserve_beds',
    name: '应急预留床位数',
    group: 'beds',
    kind: 'count',
    unit: '张',
    decimals: 0,
    options: ['bedFacilityKinds', 'facilityStatusesCounted'],
    basis: '密云规划：预留不少于2%的养老床位，用于突发公共事件应急处置',
    text: (o) => ({
      formula: '应急预留床位数 = 标记为应急预留的开放床位张数',
      numerator: `${facilityBedsText(o)}中标记为应急预留的床位`,
      denominator: null,
    }),
  },
  {
    id: 'reserve_bed_share',
    name: '应急预留床位占比',
    group: 'beds',
    kind: 'percent',
    unit: '%',
    decimals: 1,
    options: ['bedFacilityKinds', 'facilityStatusesCounted'],
    basis: '密云规划：预留不少于2%的养老床位（按区汇总；规划未说明是否逐机构适用）',
    text: (o) => ({
      formula: '应急预留床位占比 = 应急预留床位数 ÷ 养老床位数 × 100%，保留一位小数；家庭照护床位不能预留，始终不计入分母',
      numerator: `${facilityBedsText(o)}中标记为应急预留的床位`,
      denominator: facilityBedsText(o),
    }),
  },
  {
    id: 'occupied_beds',
    name: '入住床位数',
    group: 'beds',
    kind: 'count',
    unit: '张',
    decimals: 0,
    options: ['bedFacilityKinds', 'facilityStatusesCounted'],
    basis: '入住率的分子',
    text: (o) => ({
      formula: '入住床位数 = 统计日有在住记录（含请假保留床位）的开放床位张数',
      numerator: `${facilityBedsText(o)}中统计日有在住记录（含请假）的床位`,
      denominator: null,
    }),
  },
  {
    id: 'occupancy_rate',
    name: '入住率',
    group: 'beds',
    kind: 'percent',
    unit: '%',
    decimals: 1,
    options: ['bedFacilityKinds', 'facilityStatusesCounted'],
    basis: '北京市养老机构平均入住率约45%（2024年）',
    text: (o) => ({
      formula: '入住率 = 入住床位数 ÷ 养老床位数 × 100%，保留一位小数；家庭照护床位不存在空置，始终不计入',
      numerator: `${facilityBedsText(o)}中统计日有在住记录（含请假）的床位`,
      denominator: facilityBedsText(o),
    }),
  },
  {
    id: 'family_care_beds',
    name: '家庭照护床位数',
    group: 'beds',
    kind: 'count',
    unit: '张',
    decimals: 0,
    options: ['facilityStatusesCounted'],
    basis: '大兴规划“三张床”之一',
    text: (o) => ({
      formula: '家庭照护床位数 = 统计日开放的家庭照护床位张数',
      numerator: `统计日${statusesText(o)}的服务机构所属、统计日开放的家庭照护床位`,
      denominator: null,
    }),
  },
  {
    id: 'family_care_beds_per_thousand_elderly',
    name: '每千名老年人家庭照护床位数',
    group: 'beds',
    kind: 'per_thousand',
    unit: '张/千人',
    decimals: 2,
    options: ['facilityStatusesCounted', 'elderlyPopulationBasis', 'elderlyAgeThreshold'],
    basis: '大兴规划“三张床”之一',
    text: (o) => ({
      formula: `每千名老年人家庭照护床位数 = 家庭照护床位数 ÷ ${elderlyText(o)} × 1000，保留两位小数；${POPULATION_YEAR_NOTE}`,
      numerator: `统计日${statusesText(o)}的服务机构所属、统计日开放的家庭照护床位`,
      denominator: elderlyText(o),
    }),
  },
  {
    id: 'approved_beds',
    name: '核定床位数',
    group: 'beds',
    kind: 'count',
    unit: '张',
    decimals: 0,
    options: ['bedFacilityKinds', 'facilityStatusesCounted'],
    basis: '与登记床位数对照，用于数据质量核查',
    text: (o) => ({
      formula: '核定床位数 = 各设施核定床位数之和（未登记核定床位数的设施不计，并在备注中说明）',
      numerator: `统计日${statusesText(o)}的${kindsText(o.bedFacilityKinds)}的核定床位数`,
      denominator: null,
    }),
  },
  facilityCountSpec('institutions', 'institution', '家', '密云37家、门头沟11所（十三五末）'),
  facilityCountSpec('care_centers', 'care_center', '家', '密云8家、门头沟9个；大兴2025年建成运营20家'),
  facilityCountSpec('guidance_centers', 'guidance_center', '家', '“三边四级”体系中的区级指导中心'),
  facilityCountSpec('community_stations', 'community_station', '个', '门头沟26个（社会治理规划）或30所（民政工作总结）'),
  facilityCountSpec('rural_stations', 'rural_station', '个', '密云100家（十三五末）'),
  facilityCountSpec('mutual_aid_points', 'mutual_aid_point', '个', '密云规划指标表第27项（目标100，预期性）'),
  {
    id: 'care_center_street_coverage',
    name: '养老照料中心街乡覆盖率',
    group: 'facilities',
    kind: 'percent',
    unit: '%',
    decimals: 1,
    options: ['facilityStatusesCounted'],
    basis: '大兴规划：推动镇街养老照料中心全覆盖',
    text: (o) => ({
      formula: '养老照料中心街乡覆盖率 = 有养老照料中心的街道（乡镇）数 ÷ 街道（乡镇）总数 × 100%，保留一位小数',
      numerator: `辖区内至少有一个统计日${statusesText(o)}的养老照料中心的街道（乡镇）`,
      denominator: '辖区内登记的街道（乡镇）',
    }),
  },
  {
    id: 'star_rating_rate',
    name: '星评率',
    group: 'ratings',
    kind: 'percent',
    unit: '%',
    decimals: 1,
    options: [],
    basis: '密云：15家社会福利中心达到二星级及以上，星评率91%',
    text: () => ({
      formula: `星评率 = 持有有效${starLabel(STAR_RATE_MIN_LEVEL)}级及以上评定的运营中养老机构数 ÷ 运营中养老机构数 × 100%，保留一位小数`,
      numerator: `统计日状态为运营、且统计日星级评定有效（未过期、未撤销）为${starLabel(STAR_RATE_MIN_LEVEL)}级及以上的养老机构`,
      denominator: '统计日状态为运营的养老机构（不受“计入统计的设施状态”设置影响）',
    }),
  },
  starCountSpec('institutions_star_1', 'institutions', 1),
  starCountSpec('institutions_star_2', 'institutions', 2),
  starCountSpec('institutions_star_3', 'institutions', 3),
  starCountSpec('institutions_star_4', 'institutions', 4),
  starCountSpec('institutions_star_5', 'institutions', 5),
  starCountSpec('stations_star_1', 'stations', 1),
  starCountSpec('stations_star_2', 'stations', 2),
  starCountSpec('stations_star_3', 'stations', 3),
  {
    id: 'medical_service_coverage',
    name: '医疗服务覆盖率',
    group: 'services',
    kind: 'percent',
    unit: '%',
    decimals: 1,
    options: ['facilityStatusesCounted'],
    basis: '门头沟：养老机构医疗服务覆盖率100%（十三五末）',
    text: (o) => ({
      formula: '医疗服务覆盖率 = 有内设医疗机构或签约医疗服务的养老机构数 ÷ 养老机构数 × 100%，保留一位小数；未登记医疗服务情况的按无计',
      numerator: `统计日${statusesText(o)}、内设医疗机构或签约医疗服务的养老机构`,
      denominator: `统计日${statusesText(o)}的养老机构`,
    }),
  },
  {
    id: 'tekun_central_support_rate',
    name: '特困人员集中供养率',
    group: 'services',
    kind: 'percent',
    unit: '%',
    decimals: 1,
    options: [],
    basis: '密云规划指标表第29项：有集中供养需求的特困对象集中供养率100%（约束性）',
    text: () => ({
      formula: '特困人员集中供养率 = 有集中供养需求且统计日在住的特困人员数 ÷ 有集中供养需求的特困人员数 × 100%，保留一位小数；按户籍区划归属',
      numerator: `${TEKUN_NEEDING}中，统计日有在住记录（入住日期 ≤ 统计日，且未退住或退住日期晚于统计日）的人员，不论所住机构在哪个区`,
      denominator: TEKUN_NEEDING,
    }),
  },
  {
    id: 'caregivers_per_ten_thousand_elderly',
    name: '每万名老年人拥有养老护理员数',
    group: 'services',
    kind: 'per_ten_thousand',
    unit: '名/万人',
    decimals: 2,
    options: ['elderlyPopulationBasis', 'elderlyAgeThreshold', 'facilityStatusesCounted'],
    basis: '密云、大兴规划：2025年不少于50名；门头沟基期43.14',
    text: (o) => ({
      formula: `每万名老年人拥有养老护理员数 = 在岗养老护理员数 ÷ ${elderlyText(o)} × 10000，保留两位小数；${POPULATION_YEAR_NOTE}`,
      numerator: caregiversText(o),
      denominator: elderlyText(o),
    }),
  },
  {
    id: 'caregivers_on_duty',
    name: '在岗养老护理员数',
    group: 'services',
    kind: 'count',
    unit: '名',
    decimals: 0,
    options: ['facilityStatusesCounted'],
    basis: '每万名老年人拥有养老护理员数和持证上岗率的分子',
    text: (o) => ({ formula: '在岗养老护理员数 = 统计日在岗的养老护理员人数', numerator: caregiversText(o), denominator: null }),
  },
  {
    id: 'certified_caregiver_rate',
    name: '持证上岗率',
    group: 'services',
    kind: 'percent',
    unit: '%',
    decimals: 1,
    options: ['facilityStatusesCounted'],
    basis: '密云规划：十三五末养老护理员持证上岗率达90%以上',
    text: (o) => ({
      formula: '持证上岗率 = 统计日持证的在岗养老护理员数 ÷ 在岗养老护理员数 × 100%，保留一位小数',
      numerator: `${caregiversText(o)}中，登记了职业技能等级且发证日期不晚于统计日的人员`,
      denominator: caregiversText(o),
    }),
  },
  {
    id: 'tekun_needing_central_support',
    name: '有集中供养需求的特困人员数',
    group: 'services',
    kind: 'count',
    unit: '名',
    decimals: 0,
    options: [],
    basis: '特困人员集中供养率的分母；未在住者列入轮候名单和数据质量检查',
    text: () => ({ formula: '有集中供养需求的特困人员数 = 统计日有集中供养需求的特困人员人数', numerator: TEKUN_NEEDING, denominator: null }),
  },
];

/** Every indicator, in export column order, with its definition text at the default options. */
export const INDICATORS: readonly IndicatorDefinition[] = SPECS.map(({ text, ...rest }) => ({
  ...rest,
  ...text(DEFAULT_INDICATOR_OPTIONS),
}));

export const INDICATOR_BY_ID: Readonly<Record<IndicatorId, IndicatorDefinition>> = Object.fromEntries(
  INDICATORS.map((d) => [d.id, d]),
) as Record<IndicatorId, IndicatorDefinition>;

export function isIndicatorId(id: string): id is IndicatorId {
  return (INDICATOR_IDS as readonly string[]).includes(id);
}

/** The definition with its formula, numerator and denominator worded for the options actually used. */
export function describeIndicator(id: IndicatorId, options: IndicatorOptions = DEFAULT_INDICATOR_OPTIONS): IndicatorDefinition {
  const spec = SPECS.find((s) => s.id === id)!;
  const { text, ...rest } = spec;
  return { ...rest, ...text(options) };
}

// ---------------------------------------------------------------------------------------------------------------
// Computation

export interface IndicatorValue {
  id: IndicatorId;
  /** Rounded as the indicator says; percentages in percent (55.3 means 55.3 %). null when it cannot be computed. */
  value: number | null;
  numerator: number | null;
  /** null for counts. */
  denominator: number | null;
  /** Chinese reason when value is null. */
  missingReason?: string;
  /** Chinese caveat when a value is computed from incomplete data. */
  note?: string;
  /** Year of the population figure used, so exports can say which year. */
  populationYear?: number;
  /** Which population figure that is (e.g. 60岁及以上常住人口): different figures may come from different years. */
  populationFigure?: string;
  /** When value is null for want of a population figure: which one (e.g. 60岁及以上户籍人口). */
  missingPopulation?: string;
}

type Computed = Omit<IndicatorValue, 'id'>;

const NO_STAFF: Computed = { value: null, numerator: null, denominator: null, missingReason: '未登记养老护理员人数' };

interface Totals {
  beds: number;
  nursingBeds: number;
  reserveBeds: number;
  occupiedBeds: number;
}

/** Bed totals with the declared figures of facilities counted by declaration added (在住人数 as occupied). */
function addDeclared(totals: Totals, rows: readonly DeclaredTally[]): Totals {
  for (const r of rows) {
    totals.beds += r.beds;
    totals.nursingBeds += r.nursingBeds;
    totals.reserveBeds += r.reserveBeds;
    totals.occupiedBeds += Math.min(r.residents, r.beds);
  }
  return totals;
}

/**
 * How many facilities and beds of the area's 养老床位数 came from each source on D: itemised beds (明细) and
 * declared figures (申报), under the same options as the indicators.
 */
export function bedSources(counts: AreaCounts, options: IndicatorOptions = DEFAULT_INDICATOR_OPTIONS): { itemisedBeds: number; declaredFacilities: number; declaredBeds: number } {
  const counted = (status: FacilityStatus) => options.facilityStatusesCounted.includes(status);
  const bedKind = (kind: FacilityKind) => options.bedFacilityKinds.includes(kind);
  const itemisedBeds = counts.beds.filter((r) => counted(r.facilityStatus) && bedKind(r.facilityKind)).reduce((n, r) => n + r.beds, 0);
  if (options.bedSource === 'itemised') return { itemisedBeds, declaredFacilities: 0, declaredBeds: 0 };
  const declared = (counts.declared ?? []).filter((r) => counted(r.facilityStatus) && bedKind(r.facilityKind));
  return { itemisedBeds, declaredFacilities: declared.reduce((n, r) => n + r.facilities, 0), declaredBeds: declared.reduce((n, r) => n + r.beds, 0) };
}

function sumBeds(rows: readonly BedTally[]): Totals {
  const totals: Totals = { beds: 0, nursingBeds: 0, reserveBeds: 0, occupiedBeds: 0 };
  for (const r of rows) {
    totals.beds += r.beds;
    totals.nursingBeds += r.nursingBeds;
    totals.reserveBeds += r.reserveBeds;
    totals.occupiedBeds += r.occupiedBeds;
  }
  return totals;
}

const POPULATION_LABELS: Record<keyof AreaPopulation, string> = {
  residentTotal: '常住人口',
  resident60Plus: '60岁及以上常住人口',
  resident65Plus: '65岁及以上常住人口',
  registered60Plus: '60岁及以上户籍人口',
  registered65Plus: '65岁及以上户籍人口',
};

function elderlyKey(o: IndicatorOptions): keyof AreaPopulation {
  const basis = o.elderlyPopulationBasis === 'resident' ? 'resident' : 'registered';
  return `${basis}${o.elderlyAgeThreshold}Plus` as keyof AreaPopulation;
}

/** A population figure usable on the as-of date, or the Chinese reason it is not. */
function usablePopulation(
  counts: AreaCounts,
  key: keyof AreaPopulation,
): { ok: true; figure: PopulationFigure } | { ok: false; reason: string } {
  const label = POPULATION_LABELS[key];
  const asOfYear = Number(counts.asOf.slice(0, 4));
  const figure = counts.population[key];
  if (!figure) return { ok: false, reason: `缺少${asOfYear}年及以前的${label}数据` };
  // The core should already have picked a year not after the as-of date; a later figure would describe the future.
  if (figure.year > asOfYear) {
    return { ok: false, reason: `${label}数据年份（${figure.year}年）晚于统计日期（${counts.asOf}），不能使用` };
  }
  if (!(figure.value > 0)) return { ok: false, reason: `${figure.year}年${label}为 0，无法计算` };
  return { ok: true, figure };
}

function perPopulation(
  counts: AreaCounts,
  numerator: number,
  key: keyof AreaPopulation,
  scale: number,
  decimals: number,
): Computed {
  const population = usablePopulation(counts, key);
  if (!population.ok) return { value: null, numerator, denominator: null, missingReason: population.reason, missingPopulation: POPULATION_LABELS[key] };
  const { value: denominator, year } = population.figure;
  return {
    value: roundHalfUp((numerator / denominator) * scale, decimals),
    numerator,
    denominator,
    populationYear: year,
    populationFigure: POPULATION_LABELS[key],
  };
}

function percent(numerator: number, denominator: number, zeroReason: string, decimals: number): Computed {
  if (!(denominator > 0)) return { value: null, numerator, denominator, missingReason: zeroReason };
  return { value: roundHalfUp((numerator / denominator) * 100, decimals), numerator, denominator };
}

function count(value: number): Computed {
  return { value, numerator: value, denominator: null };
}

/** The indicators that count facilities of one kind. */
const FACILITY_COUNT_KIND: Partial<Record<IndicatorId, FacilityKind>> = {
  institutions: 'institution',
  care_centers: 'care_center',
  guidance_centers: 'guidance_center',
  community_stations: 'community_station',
  rural_stations: 'rural_station',
  mutual_aid_points: 'mutual_aid_point',
};

const STATION_KINDS: readonly FacilityKind[] = ['community_station', 'rural_station'];
/** The indicators that count rated facilities of some kinds at one star level. */
const STAR_COUNT: Partial<Record<IndicatorId, { kinds: readonly FacilityKind[]; stars: number }>> = {
  institutions_star_1: { kinds: ['institution'], stars: 1 },
  institutions_star_2: { kinds: ['institution'], stars: 2 },
  institutions_star_3: { kinds: ['institution'], stars: 3 },
  institutions_star_4: { kinds: ['institution'], stars: 4 },
  institutions_star_5: { kinds: ['institution'], stars: 5 },
  stations_star_1: { kinds: STATION_KINDS, stars: 1 },
  stations_star_2: { kinds: STATION_KINDS, stars: 2 },
  stations_star_3: { kinds: STATION_KINDS, stars: 3 },
};

/**
 * Every indicator for one area, in catalogue order. Never throws on missing data: a value that cannot be computed
 * is null with a Chinese reason, and a zero denominator is never shown as 0.
 */
export function computeIndicators(
  counts: AreaCounts,
  options: IndicatorOptions = DEFAULT_INDICATOR_OPTIONS,
): IndicatorValue[] {
  const counted = (status: FacilityStatus) => options.facilityStatusesCounted.includes(status);
  const bedKind = (kind: FacilityKind) => options.bedFacilityKinds.includes(kind);
  const countedBeds = counts.beds.filter((r) => counted(r.facilityStatus));
  // A facility without itemised beds on D counts by its declaration, unless the bureau counts itemised beds only.
  const countedDeclared = options.bedSource === 'itemised' ? [] : (counts.declared ?? []).filter((r) => counted(r.facilityStatus));
  const facilityBeds = addDeclared(sumBeds(countedBeds.filter((r) => bedKind(r.facilityKind))), countedDeclared.filter((r) => bedKind(r.facilityKind)));
  // Family care beds are reported on their own whatever kind of facility provides them.
  const familyCareBeds = counts.familyCareBeds
    .filter((r) => counted(r.providerStatus))
    .reduce((n, r) => n + r.beds, 0);
  const eldercareBeds = facilityBeds.beds + (options.includeFamilyCareBeds ? familyCareBeds : 0);
  const nursingScope =
    options.nursingShareScope === 'institutions'
      ? addDeclared(sumBeds(countedBeds.filter((r) => r.facilityKind === 'institution')), countedDeclared.filter((r) => r.facilityKind === 'institution'))
      : facilityBeds;

  const countedFacilities = counts.facilities.filter((r) => counted(r.status));
  const facilitiesOfKind = (kind: FacilityKind) =>
    countedFacilities.filter((r) => r.kind === kind).reduce((n, r) => n + r.facilities, 0);

  const countedRatings = counts.ratings.filter((r) => counted(r.status));
  const starCount = (kinds: readonly FacilityKind[], stars: number) =>
    countedRatings.filter((r) => kinds.includes(r.kind) && r.stars === stars).reduce((n, r) => n + r.facilities, 0);

  const elderly = elderlyKey(options);
  // Staff count only where someone is recorded at all by D: an area that keeps no staff registry has no
  // caregiver figures rather than zero caregivers.
  const staffed = counts.staff.some((r) => r.recorded > 0)
    ? counts.staff.filter((r) => counted(r.facilityStatus)).reduce((t, r) => ({ caregivers: t.caregivers + r.caregivers, certified: t.certified + r.certified }), { caregivers: 0, certified: 0 })
    : null;
  const bedsDenominatorZero = '养老床位数为 0，无法计算占比';

  // One switch rather than a record of ~30 closures: this runs for every district of a national report
  // (2,850 times per view), where allocating the closures cost more than the arithmetic.
  function compute(id: IndicatorId): Computed {
    const kind = FACILITY_COUNT_KIND[id];
    if (kind) return count(facilitiesOfKind(kind));
    const star = STAR_COUNT[id];
    if (star) return count(starCount(star.kinds, star.stars));
    switch (id) {
      case 'eldercare_beds':
        return count(eldercareBeds);
      case 'beds_per_thousand_residents':
        return perPopulation(counts, eldercareBeds, 'residentTotal', 1000, 2);
      case 'beds_per_thousand_elderly':
        return perPopulation(counts, eldercareBeds, elderly, 1000, 2);
      case 'nursing_beds':
        return count(nursingScope.nursingBeds);
      case 'nursing_bed_share':
        return percent(
          nursingScope.nursingBeds,
          nursingScope.beds,
          options.nursingShareScope === 'institutions' ? '养老机构床位数为 0，无法计算占比' : bedsDenominatorZero,
          1,
        );
      case 'reserve_beds':
        return count(facilityBeds.reserveBeds);
      case 'reserve_bed_share':
        return percent(facilityBeds.reserveBeds, facilityBeds.beds, bedsDenominatorZero, 1);
      case 'occupied_beds':
        return count(facilityBeds.occupiedBeds);
      case 'occupancy_rate':
        return percent(facilityBeds.occupiedBeds, facilityBeds.beds, bedsDenominatorZero, 1);
      case 'family_care_beds':
        return count(familyCareBeds);
      case 'family_care_beds_per_thousand_elderly':
        return perPopulation(counts, familyCareBeds, elderly, 1000, 2);
      case 'approved_beds': {
        const rows = countedFacilities.filter((r) => bedKind(r.kind));
        const total = rows.reduce((n, r) => n + r.facilities, 0);
        const without = rows.reduce((n, r) => n + r.facilitiesWithoutApprovedBeds, 0);
        const approved = rows.reduce((n, r) => n + r.approvedBeds, 0);
        if (total > 0 && without >= total) {
          return { value: null, numerator: null, denominator: null, missingReason: '统计范围内的设施均未登记核定床位数' };
        }
        const result = count(approved);
        return without > 0 ? { ...result, note: `${without} 家设施未登记核定床位数，未计入` } : result;
      }
      case 'care_center_street_coverage': {
        const covered = new Set(counts.careCenterStreets.filter((s) => counted(s.status)).map((s) => s.streetCode)).size;
        if (counts.streetCount === null) {
          return { value: null, numerator: covered, denominator: null, missingReason: '本区域未登记街道（乡镇），无法计算覆盖率' };
        }
        return percent(covered, counts.streetCount, '本区域街道（乡镇）数为 0，无法计算覆盖率', 1);
      }
      case 'star_rating_rate': {
        const operatingInstitutions = counts.facilities
          .filter((r) => r.kind === 'institution' && r.status === 'operating')
          .reduce((n, r) => n + r.facilities, 0);
        const rated = counts.ratings
          .filter((r) => r.kind === 'institution' && r.status === 'operating' && r.stars >= STAR_RATE_MIN_LEVEL)
          .reduce((n, r) => n + r.facilities, 0);
        return starRatingRate({ operatingInstitutions, operatingInstitutionsAtLeastTwoStars: rated });
      }
      case 'medical_service_coverage': {
        const rows = countedFacilities.filter((r) => r.kind === 'institution');
        const total = rows.reduce((n, r) => n + r.facilities, 0);
        const covered = rows
          .filter((r) => r.medicalService === 'onsite' || r.medicalService === 'contracted')
          .reduce((n, r) => n + r.facilities, 0);
        const unknown = rows.filter((r) => r.medicalService === null).reduce((n, r) => n + r.facilities, 0);
        const result = percent(covered, total, '统计范围内没有养老机构，无法计算覆盖率', 1);
        return unknown > 0 && result.value !== null
          ? { ...result, note: `${unknown} 家养老机构未登记医疗服务情况，按无医疗服务计` }
          : result;
      }
      case 'tekun_central_support_rate': {
        const data = counts.tekunCentralCare;
        if (!data || data.decided === 0) return { value: null, numerator: null, denominator: null, missingReason: '未登记特困人员集中供养需求数据' };
        return percent(data.inStay, data.needing, '统计日没有有集中供养需求的特困人员，无法计算', 1);
      }
      case 'tekun_needing_central_support': {
        const data = counts.tekunCentralCare;
        if (!data || data.decided === 0) return { value: null, numerator: null, denominator: null, missingReason: '未登记特困人员集中供养需求数据' };
        return count(data.needing);
      }
      case 'caregivers_per_ten_thousand_elderly':
        return staffed ? perPopulation(counts, staffed.caregivers, elderly, 10000, 2) : NO_STAFF;
      case 'caregivers_on_duty':
        return staffed ? count(staffed.caregivers) : NO_STAFF;
      case 'certified_caregiver_rate':
        return staffed ? percent(staffed.certified, staffed.caregivers, '统计日没有在岗的养老护理员，无法计算', 1) : NO_STAFF;
      default:
        // Every other indicator is a count of facilities of a kind or of stars (the tables above).
        throw new Error(`indicator ${id} has no formula`);
    }
  }

  return INDICATORS.map((d) => ({ id: d.id, ...compute(d.id) }));
}

/**
 * Every population figure an area's values used, with its year, in the indicators' order: 常住人口 2024 年、
 * 60岁及以上常住人口 2020 年. Each figure is the latest year not after the as-of date that has that figure,
 * so two figures of one area may come from different years; exports name each.
 */
export function populationYearsOf(values: readonly IndicatorValue[]): { figure: string; year: number }[] {
  const seen = new Map<string, number>();
  for (const v of values) if (v.populationFigure && v.populationYear !== undefined && !seen.has(v.populationFigure)) seen.set(v.populationFigure, v.populationYear);
  return [...seen].map(([figure, year]) => ({ figure, year }));
}

/** The population figures an area lacks on its date, each named once, in the indicators' order. */
export function missingPopulationsOf(values: readonly IndicatorValue[]): string[] {
  return [...new Set(values.flatMap((v) => (v.missingPopulation ? [v.missingPopulation] : [])))];
}

/** The values keyed by id, for lookups in the UI and in attainment. */
export function indicatorValuesById(values: readonly IndicatorValue[]): Partial<Record<IndicatorId, IndicatorValue>> {
  return Object.fromEntries(values.map((v) => [v.id, v]));
}

/** Counts for an area with nothing recorded yet; the core starts from this and tests build fixtures on it. */
export function emptyAreaCounts(areaCode: string, asOf: string): AreaCounts {
  return {
    areaCode,
    asOf,
    beds: [],
    familyCareBeds: [],
    declared: [],
    facilities: [],
    ratings: [],
    streetCount: null,
    careCenterStreets: [],
    population: {
      residentTotal: null,
      resident60Plus: null,
      resident65Plus: null,
      registered60Plus: null,
      registered65Plus: null,
    },
    staff: [],
    tekunCentralCare: null,
  };
}
