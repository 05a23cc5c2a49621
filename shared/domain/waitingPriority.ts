// Waiting-list (轮候) order for admission to a public institution.
//
// Beijing's official 轮候 categories and order were NOT FOUND (standards-and-policy §6.3; UNVERIFIED
// background only). The default below follows the Daxing plan's definition of 基本养老服务重点保障对象
// (seed-domain-brief §1.5, rule R10) and Miyun's "特困 first" rule (R9):
//   group 1  特困人员;
//   group 2  elders of 低保 / 低收入 / 计划生育特殊家庭 households who are 失能, 失智, 高龄 or 重度残疾;
//   group 3  everyone else.
// Within a group: earlier application date first, then earlier record creation.
// Because the order is unverified, it is plain data (WaitingPriorityRules) kept in settings, so an
// administrator can match the district's actual rules without a code change.

import { z } from 'zod';
import { ABILITY_LEVELS, ABILITY_LEVEL_KEYS, isAtLeastAsSevere, type AbilityLevel } from './assessment';
import { ageOn } from './idNumber';

// ---------- categories ----------

/** Categories recorded on an elder (seed-domain-brief §1.5). 高龄 is not stored: it follows from age. */
export const ELDER_CATEGORIES = {
  extreme_hardship: '特困',
  minimum_living_allowance: '低保',
  low_income: '低收入',
  family_planning_special: '计划生育特殊家庭',
  severe_disability: '重度残疾',
  lost_only_child: '失独',
  living_alone: '独居',
  empty_nest: '空巢',
} as const;
export type ElderCategory = keyof typeof ELDER_CATEGORIES;
export const ELDER_CATEGORY_KEYS = Object.keys(ELDER_CATEGORIES) as [ElderCategory, ...ElderCategory[]];

export const ADVANCED_AGE_LABEL = '高龄';
export const DEFAULT_ADVANCED_AGE = 80;

export function isAdvancedAge(birthDate: string, asOf: string, threshold: number = DEFAULT_ADVANCED_AGE): boolean {
  return ageOn(birthDate, asOf) >= threshold;
}

// ---------- rules (plain data) ----------

/**
 * One fact about an applicant. `disabled` means an assessed ability level at or beyond the rule set's
 * `disabledFrom`; `dementia` a dementia diagnosis (失智); `advanced_age` age ≥ `advancedAge` on the
 * as-of date.
 */
export type PriorityCondition =
  | { kind: 'category'; category: ElderCategory }
  | { kind: 'disabled' }
  | { kind: 'dementia' }
  | { kind: 'advanced_age' };

/**
 * A criterion holds when every clause holds, and a clause holds when any of its conditions does
 * (an AND of ORs). This keeps rules like "(低保 or 低收入) and (失能 or 高龄)" expressible as JSON.
 */
export interface PriorityCriterion {
  allOf: PriorityCondition[][];
}

export interface PriorityGroupRule {
  /** 1 is served first. */
  group: number;
  label: string;
  /** The applicant is in this group when any criterion holds. */
  anyOf: PriorityCriterion[];
}

export interface WaitingPriorityRules {
  /** Age (full years on the as-of date) from which an applicant counts as 高龄. */
  advancedAge: number;
  /**
   * Least severe ability level that counts as 失能. Default `mild` (轻度失能), because GB/T 42195 calls
   * every level below 能力完好 a degree of 失能. LOW confidence for admissions: Beijing's 失能护理补贴
   * starts at 重度失能 (京民养老发〔2019〕160号), so a district may want `severe` here.
   */
  disabledFrom: AbilityLevel;
  /** Checked in ascending group order; the first group whose criteria hold wins. */
  groups: PriorityGroupRule[];
  /** Where everyone else goes; its number must be above every group's. */
  fallback: { group: number; label: string };
}

const cat = (category: ElderCategory): PriorityCondition => ({ kind: 'category', category });

export const DEFAULT_WAITING_PRIORITY_RULES: WaitingPriorityRules = {
  advancedAge: DEFAULT_ADVANCED_AGE,
  disabledFrom: 'mild',
  groups: [
    { group: 1, label: '特困人员', anyOf: [{ allOf: [[cat('extreme_hardship')]] }] },
    {
      group: 2,
      label: '困难家庭失能、失智、高龄或重度残疾老年人',
      anyOf: [
        {
          allOf: [
            [cat('minimum_living_allowance'), cat('low_income'), cat('family_planning_special')],
            [{ kind: 'disabled' }, { kind: 'dementia' }, { kind: 'advanced_age' }, cat('severe_disability')],
          ],
        },
      ],
    },
  ],
  fallback: { group: 3, label: '其他申请人' },
};

const conditionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('category'), category: z.enum(ELDER_CATEGORY_KEYS, { error: '未知的老人类别' }) }),
  z.strictObject({ kind: z.literal('disabled') }),
  z.strictObject({ kind: z.literal('dementia') }),
  z.strictObject({ kind: z.literal('advanced_age') }),
]);

const groupNumber = z
  .number({ error: '优先组序号必须是数字' })
  .int({ error: '优先组序号必须是整数' })
  .min(1, { error: '优先组序号从 1 开始' });

/** For rule sets read back from settings or sent by an administrator. */
export const waitingPriorityRulesSchema = z
  .strictObject({
    advancedAge: z
      .number({ error: '高龄年龄必须是数字' })
      .int({ error: '高龄年龄必须是整数' })
      .min(60, { error: '高龄年龄不应低于 60 岁' })
      .max(120, { error: '高龄年龄不应高于 120 岁' }),
    disabledFrom: z.enum(ABILITY_LEVEL_KEYS, { error: '未知的能力等级' }).refine((l) => l !== 'intact', {
      error: '“失能”不能从“能力完好”算起',
    }),
    groups: z.array(
      z.strictObject({
        group: groupNumber,
        label: z.string().trim().min(1, { error: '优先组名称不能为空' }),
        anyOf: z
          .array(z.strictObject({ allOf: z.array(z.array(conditionSchema).min(1, { error: '条件组不能为空' })) }))
          .min(1, { error: '优先组至少需要一条条件' }),
      }),
    ),
    fallback: z.strictObject({ group: groupNumber, label: z.string().trim().min(1, { error: '优先组名称不能为空' }) }),
  })
  .superRefine((rules, ctx) => {
    const numbers = rules.groups.map((g) => g.group);
    if (new Set(numbers).size !== numbers.length) {
      ctx.addIssue({ code: 'custom', path: ['groups'], message: '优先组序号不能重复' });
    }
    if (numbers.some((n) => n >= rules.fallback.group)) {
      ctx.addIssue({ code: 'custom', path: ['fallback', 'group'], message: '“其他申请人”的序号必须大于所有优先组' });
    }
  });

// ---------- applicants ----------

export interface WaitingApplicant {
  id: string;
  /** YYYY-MM-DD, usually from the ID number. */
  birthDate: string;
  categories: readonly ElderCategory[];
  /** Final level of the latest valid assessment; null when never assessed. */
  abilityLevel: AbilityLevel | null;
  /** Diagnosed dementia (失智). */
  dementia: boolean;
  /** YYYY-MM-DD the application was made (申请日期). */
  applicationDate: string;
  /** ISO-8601 timestamp of the application record, the tie-breaker for same-day applications. */
  createdAt: string;
}

export interface PriorityAssignment {
  group: number;
  groupLabel: string;
  /** Chinese, shown to staff and applicants to explain the place in the queue. */
  reason: string;
}

export interface WaitingListEntry extends PriorityAssignment {
  /** 1-based place in the queue. */
  position: number;
  applicant: WaitingApplicant;
}

function describe(condition: PriorityCondition, applicant: WaitingApplicant, asOf: string): string {
  switch (condition.kind) {
    case 'category':
      return ELDER_CATEGORIES[condition.category];
    case 'disabled':
      return `失能（${ABILITY_LEVELS[applicant.abilityLevel!]}）`;
    case 'dementia':
      return '失智';
    case 'advanced_age':
      return `${ADVANCED_AGE_LABEL}（${ageOn(applicant.birthDate, asOf)} 岁）`;
  }
}

function holds(condition: PriorityCondition, applicant: WaitingApplicant, rules: WaitingPriorityRules, asOf: string): boolean {
  switch (condition.kind) {
    case 'category':
      return applicant.categories.includes(condition.category);
    case 'disabled':
      return applicant.abilityLevel !== null && isAtLeastAsSevere(applicant.abilityLevel, rules.disabledFrom);
    case 'dementia':
      return applicant.dementia;
    case 'advanced_age':
      return isAdvancedAge(applicant.birthDate, asOf, rules.advancedAge);
  }
}

/**
 * The priority group of one applicant on `asOf` (YYYY-MM-DD; age and hence 高龄 depend on it), with the
 * facts that put them there. The reason names, for each clause, the first matching fact in the rule's
 * order, so it reads like the rule itself: "低保；高龄（85 岁）".
 */
export function priorityGroupOf(
  applicant: WaitingApplicant,
  rules: WaitingPriorityRules,
  asOf: string,
): PriorityAssignment {
  const groups = [...rules.groups].sort((a, b) => a.group - b.group);
  for (const g of groups) {
    for (const criterion of g.anyOf) {
      const matched: PriorityCondition[] = [];
      const ok = criterion.allOf.every((clause) => {
        const hit = clause.find((c) => holds(c, applicant, rules, asOf));
        if (hit) matched.push(hit);
        return hit !== undefined;
      });
      if (ok) {
        const facts = matched.map((c) => describe(c, applicant, asOf)).join('；');
        return { group: g.group, groupLabel: g.label, reason: `第 ${g.group} 优先组（${g.label}）：${facts}` };
      }
    }
  }
  const notAssessed = applicant.abilityLevel === null ? '；尚无能力评估结果，未按失能认定' : '';
  return {
    group: rules.fallback.group,
    groupLabel: rules.fallback.label,
    reason: `第 ${rules.fallback.group} 优先组（${rules.fallback.label}）：不符合前面各优先组的条件${notAssessed}`,
  };
}

function compareTimestamps(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  // Timestamps may carry different offsets, so compare instants; fall back to text if one is unparsable.
  if (Number.isNaN(ta) || Number.isNaN(tb)) return a < b ? -1 : a > b ? 1 : 0;
  return ta - tb;
}

/**
 * The whole queue in order: group, then application date, then record creation, then id (so equal
 * records still come out in the same order every time).
 */
export function sortWaitingList(
  applicants: readonly WaitingApplicant[],
  rules: WaitingPriorityRules,
  asOf: string,
): WaitingListEntry[] {
  return applicants
    .map((applicant) => ({ applicant, ...priorityGroupOf(applicant, rules, asOf) }))
    .sort(
      (x, y) =>
        x.group - y.group ||
        (x.applicant.applicationDate < y.applicant.applicationDate ? -1 : x.applicant.applicationDate > y.applicant.applicationDate ? 1 : 0) ||
        compareTimestamps(x.applicant.createdAt, y.applicant.createdAt) ||
        (x.applicant.id < y.applicant.id ? -1 : x.applicant.id > y.applicant.id ? 1 : 0),
    )
    .map((entry, i) => ({ position: i + 1, ...entry }));
}
