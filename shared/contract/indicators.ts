import { z } from 'zod';
import { channel } from './define';
import { isoDate, optionalText, trimmed } from '../schemas/common';
import type { FilePayload } from '../schemas/common';
import type { FacilityKind, FacilityStatus } from '../domain/facility';
import {
  indicatorOptionsSchema,
  type IndicatorDefinition,
  type IndicatorId,
  type IndicatorOptions,
  type IndicatorValue,
} from '../domain/indicators';
import { COMPARATORS, type Attainment, type Target, type TargetAttribute } from '../domain/targets';

// The indicator report is computed from one definition (shared/domain/indicators.ts): the core fills the raw
// counts in SQL, `computeIndicators` applies the formulas and options. Every screen, the CLI and every export
// read the same `IndicatorReport`, so a number can never differ between the table, the chart and the file.

// ---------- output types ----------

export type ReportLevel = 'district' | 'street';

/** One area's row of the report: every indicator in catalogue order. */
export interface IndicatorAreaRow {
  areaCode: string;
  areaName: string;
  level: 'city' | 'district' | 'street';
  /** Parent district code for streets; null for districts and the city. */
  parentCode: string | null;
  values: IndicatorValue[];
  /** Where 养老床位数 came from: itemised beds (明细) and facilities counted by their declared figures (申报). */
  bedSources: { itemisedBeds: number; declaredFacilities: number; declaredBeds: number };
}

/** A target judged against the report's actual value for its area and metric. */
export interface TargetAttainmentRow {
  target: Target & { createdBy: string | null; updatedAt: string | null; seeded: boolean };
  /** The area judged: the district for a national benchmark's copy (inherited), else the target's own area. */
  areaCode: string;
  areaName: string;
  metricName: string;
  unit: string;
  /** The actual the target is judged against; null when the metric is not computed (e.g. caregivers not recorded). */
  actual: number | null;
  /** Why actual is null. */
  missingReason: string | null;
  attainment: Attainment;
  /** Benchmark from the city or nation shown against a district. */
  inherited: boolean;
}

export type QualityIssueKind =
  | 'registered_vs_approved'
  | 'declared_vs_itemised'
  | 'beds_in_closed_facility'
  | 'stay_on_retired_bed'
  | 'stay_facility_not_operating'
  | 'status_date_unknown'
  | 'overlapping_stays'
  | 'expired_rating_shown'
  | 'missing_population'
  | 'invalid_id_number'
  | 'tekun_not_placed'
  | 'residents_without_caregivers'
  | 'caregivers_below_rule';

/** Issues listed per check on the 数据质量 tab (the host audits today with it ahead of time, after start). */
export const QUALITY_LIST_LIMIT = 200;

/** The audit's checks in display order. */
export const QUALITY_KINDS: readonly QualityIssueKind[] = [
  'registered_vs_approved',
  'declared_vs_itemised',
  'beds_in_closed_facility',
  'stay_on_retired_bed',
  'stay_facility_not_operating',
  'status_date_unknown',
  'overlapping_stays',
  'expired_rating_shown',
  'missing_population',
  'invalid_id_number',
  'tekun_not_placed',
  'residents_without_caregivers',
  'caregivers_below_rule',
];

/** Chinese names of the audit's checks (UI, exports and CLI). */
export const QUALITY_KIND_LABELS: Record<QualityIssueKind, string> = {
  registered_vs_approved: '登记床位数与核定床位数不一致',
  declared_vs_itemised: '申报床位数与床位明细不一致',
  beds_in_closed_facility: '已注销机构仍有开放床位',
  stay_on_retired_bed: '入住记录落在已停用床位上',
  stay_facility_not_operating: '入住时机构不在运营，或注销后仍有在住',
  status_date_unknown: '开业日期未登记',
  overlapping_stays: '入住记录时间重叠',
  expired_rating_shown: '星级评定已到期，未复评也未撤销',
  missing_population: '缺少统计年度人口数据',
  invalid_id_number: '老人身份证号校验位不正确',
  tekun_not_placed: '有集中供养需求的特困人员未安置',
  residents_without_caregivers: '机构有在住老人但无在岗养老护理员',
  caregivers_below_rule: '在岗养老护理员低于配比',
};

/** One data-quality problem; `link` is the renderer route that opens the record (e.g. `/facilities/<id>`). */
export interface QualityIssue {
  kind: QualityIssueKind;
  /** District the problem belongs to; null when it has none (e.g. an elder without 户籍 area). */
  districtCode: string | null;
  districtName: string | null;
  entity: 'facility' | 'bed' | 'stay' | 'elder' | 'rating' | 'area';
  entityId: string;
  /** Chinese one-line description naming the record and the figures. */
  message: string;
  link: string;
}

export interface QualityReport {
  asOf: string;
  /** Totals per kind, whole report. */
  counts: Record<QualityIssueKind, number>;
  /** Capped by `limit` per kind; `counts` are exact. */
  issues: QualityIssue[];
  /** Exact counts per kind and district ('' for problems with no district), whether listed or not. */
  byDistrict: Record<QualityIssueKind, Record<string, number>>;
}

export interface IndicatorReport {
  asOf: string;
  level: ReportLevel;
  options: IndicatorOptions;
  /** Chinese label/value pairs of the options in force, for the report header and every export. */
  optionsText: { label: string; value: string }[];
  definitions: IndicatorDefinition[];
  /** City first, then districts in code order, then (level 'street') streets under their district. */
  rows: IndicatorAreaRow[];
  targets: TargetAttainmentRow[];
  generatedAt: string;
}

/** The facilities behind one number of the report (drill-down). */
export interface DrillRow {
  facilityId: string;
  facilityName: string;
  kind: FacilityKind;
  status: FacilityStatus;
  areaCode: string;
  /** The facility's contribution to the indicator's numerator and denominator. */
  numerator: number;
  denominator: number | null;
  approvedBeds: number | null;
}

export interface TrendPoint {
  year: number;
  /** As-of date used for the year: 31 Dec, or the report date for the current year. */
  asOf: string;
  value: number | null;
  missingReason?: string;
}

// ---------- inputs ----------

const areaCode = z.string().regex(/^\d{6}(\d{3})?$/, { error: '区划代码应为 6 位或 9 位数字' });

export const reportInput = z.object({
  asOf: isoDate,
  level: z.enum(['district', 'street']).default('district'),
  /** Override the saved options for this report only; omitted = the options saved in 设置. */
  options: indicatorOptionsSchema.partial().optional(),
});

const targetFields = {
  areaCode,
  metricId: trimmed('指标', 80),
  year: z.number({ error: '年份必须是数字' }).int().min(2000, { error: '年份不能早于 2000' }).max(2100),
  comparator: z.enum(COMPARATORS, { error: '比较方式应为 ≥、≤ 或 =' }),
  value: z.number({ error: '目标值必须是数字' }).finite(),
  baselineValue: z.number().finite().nullish().transform((v) => v ?? null),
  baselineYear: z.number().int().min(1990).max(2100).nullish().transform((v) => v ?? null),
  attribute: z.enum(['expected', 'binding', 'unspecified'] satisfies TargetAttribute[]),
  source: trimmed('来源', 300),
  note: optionalText('备注', 500),
};

export const targetCreateInput = z.object(targetFields);
export const targetUpdateInput = z.object({ id: z.string().min(1), ...targetFields });

/** Past dates whose tallies are stored on disk, and the one being counted ahead of time. */
export interface CheckpointStatus {
  /**
   * The date being counted: `whole` when counted at once on a worker (a large file: no district count to
   * show until it is done), else district by district.
   */
  building: { asOf: string; datesDone: number; dates: number; districtsDone: number; districts: number; whole: boolean } | null;
  /**
   * Each stored date with how many areas (districts and the city) it holds, and whether that is all of
   * them (a date the background stopped building half-way is not complete).
   */
  stored: { asOf: string; districts: number; complete: boolean }[];
  /**
   * The date asked about: on or after the latest recorded event (answered from the maintained counters,
   * never stored), stored, to be counted on its first view from the stored date `from` nearby (only the
   * changes between the two), or to be counted in full.
   */
  date:
    | { asOf: string; state: 'current' | 'stored' | 'not_stored' }
    | { asOf: string; state: 'near'; from: string }
    | null;
}

export const indicatorsContract = {
  /** The whole report for a date: every indicator for the city, each district (and streets), with targets. */
  'indicators.report': channel(reportInput).returns<IndicatorReport>(),
  /** The catalogue of indicators with the saved options applied (names, formulas, units). */
  'indicators.definitions': channel(z.object({})).returns<{ options: IndicatorOptions; definitions: IndicatorDefinition[] }>(),
  /** Facilities behind one area's value of one indicator. */
  'indicators.drill': channel(
    z.object({ asOf: isoDate, areaCode, indicatorId: z.string().min(1) }),
  ).returns<{ indicatorId: IndicatorId; rows: DrillRow[] }>(),
  /** One page of the drill-down (the drawer shows 50 rows of up to thousands) and how many there are in all. */
  'indicators.drillPage': channel(
    z.object({ asOf: isoDate, areaCode, indicatorId: z.string().min(1), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) }),
  ).returns<{ indicatorId: IndicatorId; total: number; rows: DrillRow[] }>(),
  /** One indicator for one area across years (as of 31 Dec each year; the current year as of `asOf`). */
  'indicators.trend': channel(
    z.object({ asOf: isoDate, areaCode, indicatorId: z.string().min(1), fromYear: z.number().int().min(2000) }),
  ).returns<TrendPoint[]>(),
  /** Which past dates open from the store at first view, and the counting ahead of time in progress. */
  'indicators.checkpoints': channel(z.object({ asOf: isoDate.optional() })).returns<CheckpointStatus>(),
  'indicators.options.get': channel(z.object({})).returns<IndicatorOptions>(),
  /** Saves the options used by default for every report and export (audited). */
  'indicators.options.set': channel(indicatorOptionsSchema.partial()).returns<IndicatorOptions>(),
  'targets.list': channel(z.object({ areaCode: areaCode.optional() })).returns<TargetAttainmentRow['target'][]>(),
  'targets.create': channel(targetCreateInput).returns<TargetAttainmentRow['target']>(),
  'targets.update': channel(targetUpdateInput).returns<TargetAttainmentRow['target']>(),
  'targets.delete': channel(z.object({ id: z.string().min(1), reason: trimmed('删除原因', 300) })).returns<{ id: string }>(),
  /** Data-quality problems as of a date, optionally for one district. */
  'quality.audit': channel(
    z.object({ asOf: isoDate, districtCode: areaCode.optional(), limit: z.number().int().min(1).max(5000).default(500) }),
  ).returns<QualityReport>(),
  /** The report as a file: XLSX (indicators, targets, definitions, data quality, metadata) or CSV (indicators). */
  'exports.indicators': channel(
    z.object({ asOf: isoDate, format: z.enum(['xlsx', 'csv']), level: z.enum(['district', 'street']).default('district') }),
  ).returns<FilePayload>(),
} as const;
