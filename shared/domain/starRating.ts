// Star ratings (星级评定) of eldercare institutions and stations.
//
// Sources (see /work/shared/reference/standards-and-policy.md §1):
// - 《北京市养老机构服务质量星级评定管理办法(试行)》 and 《北京市社区养老服务驿站服务质量星级评定管理办法(试行)》,
//   北京市民政局 2022 (HIGH confidence): levels, validity, eligibility, first-rating cap, promotion rules.
// - Section maxima 环境 120 / 设施设备 130 / 运营管理 150 / 服务 600 = 1000 come from a local text (长沙) that follows
//   GB/T 37276-2018 (MED confidence). They are only used to validate entered section scores, never to derive a level:
//   the per-level score thresholds are LOW confidence and deliberately not encoded here.
//
// Dates are `YYYY-MM-DD` strings throughout, so they compare correctly as strings and cross IPC unchanged.

import { addMonths, addYears, format, isValid, parseISO } from 'date-fns';
import type { FacilityKind } from './facility';

// ---------------------------------------------------------------------------------------------------------------
// Schemes

export type RatingSchemeId = 'institution' | 'station';

export interface RatingSection {
  id: 'environment' | 'facilities' | 'operations' | 'services';
  label: string;
  max: number;
}

export interface RatingScheme {
  id: RatingSchemeId;
  label: string;
  /** Facilities rated under this scheme, as users call them. */
  appliesTo: string;
  maxStars: number;
  validityYears: number;
  /** Highest star a facility may receive when it holds no star yet (首次申请). */
  firstRatingMaxStars: number;
  /** Years of operation required before any rating (依法备案并运营满一年). */
  minOperatingYears: number;
  /** 逐级晋升: the most stars one promotion may add. */
  maxPromotionStep: number;
  /** Years a facility must hold its current star before it may be promoted. */
  minYearsAtLevelBeforePromotion: number;
  /** Empty when no scoring table is known for the scheme. */
  sections: readonly RatingSection[];
  totalMax: number | null;
  source: string;
}

export const RATING_SCHEMES: Readonly<Record<RatingSchemeId, RatingScheme>> = {
  institution: {
    id: 'institution',
    label: '养老机构服务质量星级',
    appliesTo: '养老机构（含敬老院、社会福利中心）、养老照料中心',
    maxStars: 5,
    validityYears: 3,
    firstRatingMaxStars: 2,
    minOperatingYears: 1,
    maxPromotionStep: 1,
    minYearsAtLevelBeforePromotion: 1,
    sections: [
      { id: 'environment', label: '环境', max: 120 },
      { id: 'facilities', label: '设施设备', max: 130 },
      { id: 'operations', label: '运营管理', max: 150 },
      { id: 'services', label: '服务', max: 600 },
    ],
    totalMax: 1000,
    source: '《北京市养老机构服务质量星级评定管理办法(试行)》（北京市民政局，2022年）；分项满分参照 GB/T 37276-2018 框架',
  },
  station: {
    id: 'station',
    label: '社区养老服务驿站服务质量星级',
    appliesTo: '社区养老服务驿站、农村幸福晚年驿站',
    maxStars: 3,
    validityYears: 2,
    firstRatingMaxStars: 1,
    minOperatingYears: 1,
    maxPromotionStep: 1,
    minYearsAtLevelBeforePromotion: 1,
    sections: [],
    totalMax: null,
    source: '《北京市社区养老服务驿站服务质量星级评定管理办法(试行)》（北京市民政局，2022年）第十四条至第十六条',
  },
};

/**
 * Which scheme rates a facility kind; null when the kind is not rated at all.
 *
 * - 养老机构 (incl. 敬老院 / 社会福利中心): the institution scheme (HIGH).
 * - 养老照料中心: the institution scheme. Beijing's plans treat them as 机构养老设施 (门头沟: 「机构养老设施(养老照料中心)」)
 *   and they operate beds under an institution filing (MED: no text says so explicitly).
 * - 社区养老服务驿站: the station scheme (HIGH).
 * - 农村幸福晚年驿站: the station scheme; they are Beijing's rural 驿站 (MED).
 * - 区级养老服务指导中心: not rated. Neither Beijing rule covers a coordinating centre; if it also runs beds as a
 *   registered 养老机构, that part should be recorded as its own facility of kind 'institution'.
 * - 邻里互助点: not rated; informal volunteer points fall outside both rules.
 */
export function schemeForFacilityKind(kind: FacilityKind): RatingScheme | null {
  switch (kind) {
    case 'institution':
    case 'care_center':
      return RATING_SCHEMES.institution;
    case 'community_station':
    case 'rural_station':
      return RATING_SCHEMES.station;
    case 'guidance_center':
    case 'mutual_aid_point':
      return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Star levels

const STAR_NUMERALS = ['一', '二', '三', '四', '五'] as const;
const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

/** '三星' for 3. Labels match the import column 评定星级 and the Beijing rules (三星级 is accepted on input). */
export function starLabel(level: number): string {
  const numeral = Number.isInteger(level) ? STAR_NUMERALS[level - 1] : undefined;
  if (!numeral) throw new RangeError(`星级应为 1–5 的整数：${level}`);
  return `${numeral}星`;
}

/**
 * Reads a star level as users and import files write it: 3, '3', '３', '三星', '三星级', '3星', '3 星级', '★★★'.
 * Returns null for anything else; the range check against a scheme is `isLevelInScheme`.
 */
export function parseStarLevel(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  if (typeof input === 'number') return Number.isInteger(input) && input >= 1 && input <= 5 ? input : null;
  let text = input.trim().replace(/\s+/g, '');
  text = text.replace(/[０-９]/g, (d) => String(FULL_WIDTH_DIGITS.indexOf(d)));
  if (/^★{1,5}$/.test(text)) return text.length;
  const match = /^([1-5一二三四五])(?:星级?|级)?$/.exec(text);
  if (!match) return null;
  const token = match[1]!;
  const fromNumeral = STAR_NUMERALS.indexOf(token as (typeof STAR_NUMERALS)[number]);
  return fromNumeral >= 0 ? fromNumeral + 1 : Number(token);
}

export function isLevelInScheme(scheme: RatingScheme, level: number): boolean {
  return Number.isInteger(level) && level >= 1 && level <= scheme.maxStars;
}

// ---------------------------------------------------------------------------------------------------------------
// Section scores

export type SectionScores = Partial<Record<RatingSection['id'], number | null>>;

/** Chinese problems with entered section scores (empty when fine). Missing sections are allowed: scores are optional. */
export function validateSectionScores(scheme: RatingScheme, scores: SectionScores): string[] {
  const problems: string[] = [];
  const known = new Set(scheme.sections.map((s) => s.id));
  for (const [id, value] of Object.entries(scores)) {
    if (value === null || value === undefined) continue;
    if (!known.has(id as RatingSection['id'])) {
      problems.push(`${scheme.label}没有分项评分，不应填写分项得分`);
      break;
    }
  }
  for (const section of scheme.sections) {
    const value = scores[section.id];
    if (value === null || value === undefined) continue;
    if (!Number.isFinite(value) || value < 0 || value > section.max) {
      problems.push(`${section.label}得分应在 0–${section.max} 之间，填写的是 ${value}`);
    }
  }
  return problems;
}

/** Sum of the section scores, or null unless every section has a score (a partial sum would read as a low total). */
export function totalSectionScore(scheme: RatingScheme, scores: SectionScores): number | null {
  if (scheme.sections.length === 0) return null;
  let total = 0;
  for (const section of scheme.sections) {
    const value = scores[section.id];
    if (value === null || value === undefined) return null;
    total += value;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// Validity and the star in force

function toDate(iso: string): Date {
  const date = parseISO(iso);
  if (!isValid(date)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${iso}`);
  return date;
}

function toIso(date: Date): string {
  return format(date, 'yyyy-MM-dd');
}

export function addYearsIso(iso: string, years: number): string {
  return toIso(addYears(toDate(iso), years));
}

/**
 * The last day on which a rating is valid (inclusive): decision date + N years.
 *
 * The Beijing rules count validity "from the date the result notice is issued" (自公告发布之日起计算). Under the
 * Civil Code's period rules (民法典 第二百零一、二百零二条) the starting day is not counted and the period ends on the
 * corresponding day N years later, or on the month's last day when there is none. So a 3-year rating decided on
 * 2022-12-08 is valid through 2025-12-08, and one decided 2024-02-29 through 2027-02-28 (date-fns clamps the same
 * way). The decision date stands in for the notice date; a user may edit valid-until with a reason.
 */
export function defaultValidUntil(scheme: RatingScheme | RatingSchemeId, decidedOn: string): string {
  const resolved = typeof scheme === 'string' ? RATING_SCHEMES[scheme] : scheme;
  return addYearsIso(decidedOn, resolved.validityYears);
}

export interface StarRatingRecord {
  id?: string;
  scheme?: RatingSchemeId;
  level: number;
  decidedOn: string;
  /** Last valid day, inclusive. */
  validUntil: string;
  /** First day the rating no longer holds; null or absent when never revoked. */
  revokedOn?: string | null;
}

/**
 * The rating in force on a date, or null.
 *
 * The latest decision made on or before the date is the one that counts; earlier decisions are superseded by it
 * (a downgrade replaces the higher star). If that latest decision is expired (date > validUntil) or revoked
 * (revokedOn <= date), there is no star: revoking a promotion must not silently bring back the star it replaced.
 * Decisions after the date are ignored. Same-day decisions: the one with the later validUntil wins, so the
 * outcome does not depend on input order.
 */
export function starInForce<T extends StarRatingRecord>(ratings: readonly T[], onDate: string): T | null {
  let latest: T | null = null;
  for (const rating of ratings) {
    if (rating.decidedOn > onDate) continue;
    if (
      latest === null ||
      rating.decidedOn > latest.decidedOn ||
      (rating.decidedOn === latest.decidedOn && rating.validUntil > latest.validUntil)
    ) {
      latest = rating;
    }
  }
  if (latest === null) return null;
  if (latest.validUntil < onDate) return null;
  if (latest.revokedOn && latest.revokedOn <= onDate) return null;
  return latest;
}

export type RatingState = 'not_yet_decided' | 'in_force' | 'expiring_soon' | 'expired' | 'revoked';

export const RATING_STATE_LABELS: Readonly<Record<RatingState, string>> = {
  not_yet_decided: '尚未评定',
  in_force: '有效',
  expiring_soon: '即将到期',
  expired: '已过期',
  revoked: '已撤销',
};

/** The Beijing rules let a facility re-apply within six months before expiry, so that is when warnings start. */
export const EXPIRY_WARNING_MONTHS = 6;

/** State of one rating on a date, for expiry lists. It does not consider supersession; use starInForce for that. */
export function ratingState(
  rating: StarRatingRecord,
  onDate: string,
  warningMonths: number = EXPIRY_WARNING_MONTHS,
): RatingState {
  if (rating.decidedOn > onDate) return 'not_yet_decided';
  if (rating.revokedOn && rating.revokedOn <= onDate) return 'revoked';
  if (rating.validUntil < onDate) return 'expired';
  const warnFrom = toIso(addMonths(toDate(onDate), warningMonths));
  return rating.validUntil <= warnFrom ? 'expiring_soon' : 'in_force';
}

// ---------------------------------------------------------------------------------------------------------------
// Beijing rules checked when a rating is entered

export interface RatingRuleContext {
  scheme: RatingScheme;
  /** Proposed level. */
  level: number;
  decidedOn: string;
  /** First day the facility was 运营 (operating); null when unknown. */
  operatingSince: string | null;
  /**
   * The facility's other ratings under the same scheme. When an existing rating is being edited, leave it out.
   * Only decisions strictly before `decidedOn` are considered.
   */
  previousRatings: readonly StarRatingRecord[];
}

export interface RuleViolation {
  ruleId: string;
  message: string;
}

export interface RatingRule {
  id: string;
  label: string;
  check(ctx: RatingRuleContext): RuleViolation | null;
}

/**
 * The star the facility is being promoted (or renewed, or downgraded) from: its latest earlier decision that was
 * not revoked by the decision date. An expired rating still counts, because renewals are often decided after the
 * old certificate lapsed; a revoked one does not, because revocation removes the star and a re-application starts
 * again from the first-rating cap.
 */
export function currentStanding(ctx: Pick<RatingRuleContext, 'decidedOn' | 'previousRatings'>): {
  level: number;
  heldSince: string;
} | null {
  const earlier = ctx.previousRatings
    .filter((r) => r.decidedOn < ctx.decidedOn)
    .sort((a, b) => (a.decidedOn < b.decidedOn ? 1 : a.decidedOn > b.decidedOn ? -1 : 0));
  const standing = earlier.find((r) => !(r.revokedOn && r.revokedOn <= ctx.decidedOn));
  if (!standing) return null;
  // A renewal at the same level keeps the clock running from when the level was first reached.
  let heldSince = standing.decidedOn;
  for (const r of earlier.slice(earlier.indexOf(standing) + 1)) {
    if (r.revokedOn && r.revokedOn <= ctx.decidedOn) break;
    if (r.level !== standing.level) break;
    heldSince = r.decidedOn;
  }
  return { level: standing.level, heldSince };
}

function facilityWord(scheme: RatingScheme): string {
  return scheme.id === 'institution' ? '养老机构' : '驿站';
}

export const RATING_RULES: readonly RatingRule[] = [
  {
    id: 'R1',
    label: '运营满一年方可评定',
    check(ctx) {
      const years = ctx.scheme.minOperatingYears;
      if (!ctx.operatingSince) {
        return {
          ruleId: 'R1',
          message: `未登记开始运营日期，无法确认评定日期（${ctx.decidedOn}）时已运营满${years}年；按北京市星级评定管理办法，运营满${years}年方可申请评定。`,
        };
      }
      if (addYearsIso(ctx.operatingSince, years) <= ctx.decidedOn) return null;
      return {
        ruleId: 'R1',
        message: `自开始运营（${ctx.operatingSince}）至评定日期（${ctx.decidedOn}）未满${years}年；按北京市星级评定管理办法，运营满${years}年方可申请评定。`,
      };
    },
  },
  {
    id: 'R2',
    label: '首次评定星级上限',
    check(ctx) {
      if (currentStanding(ctx) !== null) return null;
      const cap = ctx.scheme.firstRatingMaxStars;
      if (ctx.level <= cap) return null;
      return {
        ruleId: 'R2',
        message: `${facilityWord(ctx.scheme)}首次评定（或星级被撤销后重新评定）最高为${starLabel(cap)}级，本次评定为${starLabel(ctx.level)}级。`,
      };
    },
  },
  {
    id: 'R3',
    label: '逐级晋升',
    check(ctx) {
      const standing = currentStanding(ctx);
      if (!standing) return null;
      if (ctx.level - standing.level <= ctx.scheme.maxPromotionStep) return null;
      return {
        ruleId: 'R3',
        message: `星级须逐级晋升：当前为${starLabel(standing.level)}级，本次评定为${starLabel(ctx.level)}级，一次晋升超过${ctx.scheme.maxPromotionStep}级。`,
      };
    },
  },
  {
    id: 'R4',
    label: '保持现有星级满一年方可晋升',
    check(ctx) {
      const standing = currentStanding(ctx);
      if (!standing || ctx.level <= standing.level) return null;
      const years = ctx.scheme.minYearsAtLevelBeforePromotion;
      if (addYearsIso(standing.heldSince, years) <= ctx.decidedOn) return null;
      return {
        ruleId: 'R4',
        message: `晋升须保持现有星级满${years}年：自 ${standing.heldSince} 起为${starLabel(standing.level)}级，至评定日期（${ctx.decidedOn}）未满${years}年。`,
      };
    },
  },
];

/** Every violated rule, in rule order. Overriding one (with a recorded reason) is the caller's decision. */
export function checkRatingRules(
  ctx: RatingRuleContext,
  rules: readonly RatingRule[] = RATING_RULES,
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const rule of rules) {
    const violation = rule.check(ctx);
    if (violation) violations.push(violation);
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------------------------
// Import vocabulary

export const RATING_STATUSES = { active: '有效', revoked: '撤销' } as const;
export type RatingStatus = keyof typeof RATING_STATUSES;

export function parseRatingStatus(label: string): RatingStatus | null {
  const text = label.trim();
  if (text === '' || text === RATING_STATUSES.active) return 'active';
  if (text === RATING_STATUSES.revoked || text === '已撤销') return 'revoked';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// 星评率

/** 星评率 counts institutions holding a star of at least this level ([MY] 「已达到2星级及以上标准，星评率达91%」). */
export const STAR_RATE_MIN_LEVEL = 2;

/** Half-up rounding in decimal, so 0.125 → 0.13 and the same number rounds the same way in every export. */
export function roundHalfUp(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  // Whole numbers (every count) are already rounded: skip the string work, ~70,000 calls per national report.
  if (Number.isInteger(value) && decimals >= 0) return value || 0;
  const sign = value < 0 ? -1 : 1;
  // Away from a tie the float product rounds the same way as the decimal would: divide back directly
  // (an integer over a power of ten is the double nearest the decimal, as the string path gives).
  const scale = 10 ** decimals;
  const scaled = Math.abs(value) * scale;
  if (decimals >= 0 && scaled < 1e15 && Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6) return (sign * Math.round(scaled)) / scale || 0;
  const text = String(Math.abs(value));
  // Shifting through the decimal string avoids 1.005 * 100 = 100.49999…; exponent notation cannot be shifted that way.
  if (text.includes('e')) return (sign * Math.round(scaled)) / scale || 0;
  const shifted = Math.round(Number(`${text}e${decimals}`));
  // `|| 0` turns the −0 of a negative value rounding to zero into 0, so it never prints as "-0".
  return sign * Number(`${shifted}e-${decimals}`) || 0;
}

export interface StarRatingRateCounts {
  /** 养老机构 whose status is 运营 on the date. */
  operatingInstitutions: number;
  /** Of those, the ones holding a rating of 二星 or above in force on the date. */
  operatingInstitutionsAtLeastTwoStars: number;
}

export interface RateValue {
  value: number | null;
  numerator: number;
  denominator: number;
  missingReason?: string;
}

/**
 * 星评率 in percent, one decimal: 养老机构 in 运营 holding a valid star of 二星 or above ÷ 养老机构 in 运营.
 * The numerator is restricted to the denominator's institutions so the rate can never exceed 100 %.
 */
export function starRatingRate(counts: StarRatingRateCounts): RateValue {
  const { operatingInstitutions: denominator, operatingInstitutionsAtLeastTwoStars: numerator } = counts;
  if (denominator <= 0) {
    return { value: null, numerator, denominator, missingReason: '统计日无运营中的养老机构，无法计算星评率' };
  }
  return { value: roundHalfUp((numerator / denominator) * 100, 1), numerator, denominator };
}
