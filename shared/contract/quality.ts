import { z } from 'zod';
import { channel } from './define';
import { isoDate } from '../schemas/common';
import { reportAreaCode as areaCode } from './areas';

// ---------- output types ----------

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

// ---------- the channels ----------

export const qualityContract = {
  /** Data-quality problems as of a date, optionally for one district. */
  'quality.audit': channel(
    z.object({ asOf: isoDate, districtCode: areaCode.optional(), limit: z.number().int().min(1).max(5000).default(500) }),
  ).returns<QualityReport>(),
} as const;
