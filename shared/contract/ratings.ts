import { z } from 'zod';
import { channel } from './define';
import { isoDate, optionalText, pageInput, picked, trimmed, uuid } from '../schemas/common';
import type { Page } from '../schemas/common';
import type { FacilityKind, FacilityStatus } from '../domain/facility';
import type { RateValue, RatingSchemeId, RatingState, RuleViolation } from '../domain/starRating';

// ---------- output types ----------

export interface SectionScoresRow {
  environment: number | null;
  facilities: number | null;
  operations: number | null;
  services: number | null;
}

/** One star-rating decision as recorded (history is never rewritten; a revocation only adds its date). */
export interface RatingRow {
  id: string;
  facilityId: string;
  scheme: RatingSchemeId;
  level: number;
  decidedOn: string;
  /** Last valid day, inclusive. */
  validUntil: string;
  /** Why validUntil differs from the scheme's default; null when it is the default. */
  validUntilReason: string | null;
  scores: SectionScoresRow;
  total: number | null;
  reviewer: string | null;
  notes: string | null;
  ruleExceptionReason: string | null;
  /** The rules this decision broke when it was entered (recorded with the exception reason). */
  ruleViolations: RuleViolation[];
  revokedOn: string | null;
  revokeReason: string | null;
  /** State of this decision on its own on the day asked about (today for a facility's history). */
  state: RatingState;
  /**
   * Date of the later decision that replaced this one by that day (a promotion, downgrade or renewal);
   * a superseded decision is no longer the facility's star whatever its own state says.
   */
  supersededOn: string | null;
  createdAt: string;
  recordedBy: string;
}

/** What a facility needs for its next star, judged by the same rules a new decision is checked with. */
export interface PromotionHint {
  /** Null when the facility already holds the scheme's top star. */
  nextLevel: number | null;
  /** The earliest decision date on which nextLevel passes every rule; null when a rule cannot be met by waiting. */
  earliestOn: string | null;
  /** Chinese explanations: why that level and date, or what blocks it. */
  notes: string[];
}

export interface FacilityRatings {
  facilityId: string;
  facilityName: string;
  kind: FacilityKind;
  /** Null when the facility's kind is not rated (区级指导中心, 邻里互助点). */
  scheme: RatingSchemeId | null;
  asOf: string;
  /** The decision in force on asOf, if any. */
  current: RatingRow | null;
  /** First day the facility counted as operating (from 开业日期 and the status history), used by rule R1. */
  operatingSince: string | null;
  promotion: PromotionHint | null;
  /** Newest first. */
  history: RatingRow[];
}

/**
 * Counts of star ratings in force in one district on one date, as returned by `ratingCountsByDistrict`.
 * Every number is a count of facilities; 星评率 is computed from the last two fields, never stored.
 * byStar arrays are indexed by level − 1 (index 0 = 一星).
 */
export interface DistrictRatingCounts {
  districtCode: string;
  districtName: string;
  /** 养老机构 (kind institution, incl. 敬老院/社会福利中心) holding each star on the date, whatever their status. */
  institutionsByStar: number[];
  /** 养老照料中心, rated under the institution scheme (1–5). */
  careCentersByStar: number[];
  /** 社区养老服务驿站 and 农村幸福晚年驿站 (1–3). */
  stationsByStar: number[];
  /** Denominator of 星评率: 养老机构 whose status on the date is 运营 (from facility_status_history). */
  operatingInstitutions: number;
  /** Numerator of 星评率: of those, the ones holding a rating of 二星 or above in force on the date. */
  operatingInstitutionsAtLeastTwoStars: number;
}

export interface DistrictRatingOverviewRow extends DistrictRatingCounts {
  /** 星评率 in percent (one decimal), computed on read; value null when no institution operates. */
  rate: RateValue;
}

export interface RatingOverview {
  asOf: string;
  districts: DistrictRatingOverviewRow[];
  /** Beijing as a whole: the district counts added up (counts are additive; the rate is recomputed). */
  total: DistrictRatingOverviewRow;
}

export interface ExpiryRow {
  ratingId: string;
  facilityId: string;
  facilityName: string;
  kind: FacilityKind;
  facilityStatus: FacilityStatus | null;
  districtCode: string;
  districtName: string;
  scheme: RatingSchemeId;
  level: number;
  decidedOn: string;
  validUntil: string;
  /** validUntil − asOf in days: ≥ 0 while expiring, negative once expired. */
  daysLeft: number;
}

export interface RatingCheckResult {
  scheme: RatingSchemeId;
  maxStars: number;
  defaultValidUntil: string;
  operatingSince: string | null;
  violations: RuleViolation[];
}

// ---------- input schemas ----------

const score = (label: string) =>
  z
    .number({ error: `${label}必须是数字` })
    .min(0, { error: `${label}不能为负数` })
    .nullish()
    .transform((v) => v ?? null);

const levelSchema = z
  .number({ error: '请选择评定星级' })
  .int({ error: '评定星级须为整数' })
  .min(1, { error: '评定星级为一星至五星' })
  .max(5, { error: '评定星级为一星至五星' });

export const ratingCreateInput = z.object({
  facilityId: picked('机构'),
  level: levelSchema,
  decidedOn: isoDate,
  /** Null or absent: the scheme's default (decision date + validity years). */
  validUntil: isoDate.nullish().transform((v) => v ?? null),
  validUntilReason: optionalText('有效期调整原因'),
  scores: z
    .object({
      environment: score('环境得分'),
      facilities: score('设施设备得分'),
      operations: score('运营管理得分'),
      services: score('服务得分'),
    })
    .default({ environment: null, facilities: null, operations: null, services: null }),
  /** Optional; derived from the sections when all four are given. */
  total: score('总分'),
  reviewer: optionalText('评定人/评定机构', 100),
  notes: optionalText('备注', 1000),
  /** Required only when the decision breaks a rating rule. */
  exceptionReason: optionalText('例外原因', 1000),
});
export type RatingCreateInput = z.infer<typeof ratingCreateInput>;

export const ratingRevokeInput = z.object({
  id: uuid,
  revokedOn: isoDate,
  reason: trimmed('撤销原因', 500),
});
export type RatingRevokeInput = z.infer<typeof ratingRevokeInput>;

export const ratingCheckInput = z.object({ facilityId: uuid, level: levelSchema, decidedOn: isoDate });
export type RatingCheckInput = z.infer<typeof ratingCheckInput>;

const districtCode = z.string().regex(/^\d{6}$/, { error: '区代码应为 6 位数字' });

export const ratingExpiryInput = z.object({
  /** Defaults to today. */
  asOf: isoDate.optional(),
  districtCode: districtCode.optional(),
  ...pageInput,
});
export type RatingExpiryInput = z.infer<typeof ratingExpiryInput>;

// ---------- the channels ----------

export const ratingsContract = {
  /** Records a decision; RATING_RULE_VIOLATION (details.violations) unless exceptionReason is given. */
  'ratings.create': channel(ratingCreateInput).returns<RatingRow>(),
  'ratings.revoke': channel(ratingRevokeInput).returns<RatingRow>(),
  /** Rule check without writing, for the form (scheme, default validity, violations). */
  'ratings.check': channel(ratingCheckInput).returns<RatingCheckResult>(),
  'ratings.forFacility': channel(z.object({ facilityId: uuid, asOf: isoDate.optional() })).returns<FacilityRatings>(),
  'ratings.overview': channel(z.object({ asOf: isoDate.optional() })).returns<RatingOverview>(),
  /** Ratings in force on asOf that expire within six months (soonest first). */
  'ratings.expiring': channel(ratingExpiryInput).returns<Page<ExpiryRow>>(),
  /** Facilities whose latest decision had expired by asOf (not revoked, not renewed; closed facilities left out). */
  'ratings.expired': channel(ratingExpiryInput).returns<Page<ExpiryRow>>(),
};
