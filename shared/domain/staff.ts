// Facility staff (人员) and the caregiver rules the indicators read: who is on duty on a date, who is
// certified on it, and how many residents one caregiver may look after by ability level.
//
// Sources: seed-domain-brief.md W1 (每万名老年人拥有养老护理员数), W2 (持证上岗率: certified caregivers on
// duty ÷ caregivers on duty) and §5 item 9 (training topics 康复、护理、营养、心理、社工); issue 30.

import { z } from 'zod';
import { ABILITY_LEVEL_KEYS, type AbilityLevel } from './assessment';

export const STAFF_POSTS = {
  caregiver: '养老护理员',
  doctor: '医生',
  nurse: '护士',
  therapist: '康复师',
  social_worker: '社会工作者',
  manager: '管理人员',
  other: '其他',
} as const;
export type StaffPost = keyof typeof STAFF_POSTS;
export const STAFF_POST_KEYS = Object.keys(STAFF_POSTS) as [StaffPost, ...StaffPost[]];

/** 养老护理员 vocational skill levels (国家职业技能标准), lowest first. */
export const SKILL_LEVELS = {
  level5: '五级/初级工',
  level4: '四级/中级工',
  level3: '三级/高级工',
  level2: '二级/技师',
  level1: '一级/高级技师',
} as const;
export type SkillLevel = keyof typeof SKILL_LEVELS;
export const SKILL_LEVEL_KEYS = Object.keys(SKILL_LEVELS) as [SkillLevel, ...SkillLevel[]];

export const TRAINING_TOPICS = {
  rehabilitation: '康复',
  nursing: '护理',
  nutrition: '营养',
  psychology: '心理',
  social_work: '社工',
} as const;
export type TrainingTopic = keyof typeof TRAINING_TOPICS;
export const TRAINING_TOPIC_KEYS = Object.keys(TRAINING_TOPICS) as [TrainingTopic, ...TrainingTopic[]];

/** Accepts a label as written in a file: the full label, either half of a skill level (五级, 初级工) or the key. */
export function parseLabel<K extends string>(labels: Readonly<Record<K, string>>, raw: string): K | null {
  const text = raw.trim();
  for (const [key, label] of Object.entries(labels) as [K, string][]) {
    if (text === key || text === label || label.split('/').includes(text)) return key;
  }
  return null;
}

export interface StaffDates {
  post: StaffPost;
  employedFrom: string;
  employedTo: string | null;
  skillLevel: SkillLevel | null;
  certifiedOn: string | null;
}

/** On duty on D: employed_from <= D and not yet left (the 离职日期 is the first day no longer on duty). */
export function onDutyOn(s: StaffDates, d: string): boolean {
  return s.employedFrom <= d && (s.employedTo === null || s.employedTo > d);
}

/** A caregiver is certified on D when a skill level is recorded with a 发证日期 not after D. */
export function certifiedOn(s: StaffDates, d: string): boolean {
  return s.skillLevel !== null && s.certifiedOn !== null && s.certifiedOn <= d;
}

// ---------------------------------------------------------------------------------------------------------------
// Staffing rule: residents per caregiver by ability level

export const staffingRuleSchema = z.object({
  residentsPerCaregiver: z.object(
    Object.fromEntries(ABILITY_LEVEL_KEYS.map((k) => [k, z.number().positive({ error: '每名护理员照护人数须大于 0' }).max(100)])) as Record<
      AbilityLevel,
      z.ZodNumber
    >,
  ),
  /** Residents without an assessment are counted at this level. */
  unassessedAs: z.enum(ABILITY_LEVEL_KEYS),
  source: z.string().trim().min(1, { error: '请填写配比依据' }).max(500),
});
export type StaffingRule = z.output<typeof staffingRuleSchema>;

/**
 * Provisional: no Beijing rule in force giving caregiver ratios by the GB/T 42195 levels was found in the
 * sources this app was built from, so the default says so and asks the bureau to enter its own.
 */
export const DEFAULT_STAFFING_RULE: StaffingRule = {
  residentsPerCaregiver: { intact: 10, mild: 6, moderate: 4, severe: 3, complete: 2 },
  unassessedAs: 'intact',
  source: '软件暂定值（未查到北京市按 GB/T 42195 能力等级规定的护理员配比）：能力完好 10 人、轻度失能 6 人、中度失能 4 人、重度失能 3 人、完全失能 2 人配 1 名养老护理员；请按本区执行口径修改并注明依据',
};

/**
 * Caregivers a facility needs for its residents: Σ residents of a level ÷ residents per caregiver at that
 * level, rounded up once over the sum (a caregiver looks after residents of several levels).
 */
export function caregiversRequired(residentsByLevel: Partial<Record<AbilityLevel, number>>, rule: StaffingRule): number {
  let need = 0;
  for (const level of ABILITY_LEVEL_KEYS) need += (residentsByLevel[level] ?? 0) / rule.residentsPerCaregiver[level];
  return Math.max(0, Math.ceil(need - 1e-9));
}

