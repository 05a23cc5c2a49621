// GB/T 42195-2022 《老年人能力评估规范》: Appendix B items and scores, the total-score bands and the
// Appendix C level changes (standards-and-policy §2.1).
//
// Confidence, per the research notes:
// - HIGH: the 4 domains, 26 items, item maxima (32 + 15 + 28 + 15 = 90), the five score bands, and the
//   three level-change rules. Several independent repositories quoting Appendix B/C agree.
// - MEDIUM: coma → 能力完全丧失. One draft copy (the note under B.3.9) says 重度失能; the final text as
//   quoted by two repositories says 完全丧失, which is what is implemented.
// - LOW (not in the reference; our reading): whether the dementia/mental-disorder raise and the
//   risk-event raise add up when both apply. Each clause says "在原有能力级别上提高一个等级"; one public
//   implementation adds them (capped at 完全失能), so that is the default, and `stackRaises: false`
//   applies at most one raise. Also ours: dementia (F00–F03) and another mental disorder (F04–F99)
//   together are one clause, so they raise one level, not two; risk events are counted across all
//   kinds together ("2 次及以上照护风险事件"), not per kind.
// The reassessment interval of GB/T 42195 was NOT FOUND (the 6 months belongs to MZ/T 039), so nothing
// here computes a due date.

import { z } from 'zod';

// ---------- levels ----------

/** Ability levels, least to most severe; the index is the standard's level code 0–4. */
export const ABILITY_LEVELS = {
  intact: '能力完好',
  mild: '轻度失能',
  moderate: '中度失能',
  severe: '重度失能',
  complete: '完全失能',
} as const;
export type AbilityLevel = keyof typeof ABILITY_LEVELS;
export const ABILITY_LEVEL_KEYS = ['intact', 'mild', 'moderate', 'severe', 'complete'] as [AbilityLevel, ...AbilityLevel[]];

export interface AbilityLevelDetail {
  key: AbilityLevel;
  /** The standard's level code. */
  code: 0 | 1 | 2 | 3 | 4;
  label: string;
  /** The standard's own wording, for reports. */
  fullLabel: string;
  minScore: number;
  maxScore: number;
}

export const ABILITY_LEVEL_DETAILS: readonly AbilityLevelDetail[] = [
  { key: 'intact', code: 0, label: '能力完好', fullLabel: '能力完好', minScore: 90, maxScore: 90 },
  { key: 'mild', code: 1, label: '轻度失能', fullLabel: '能力轻度受损（轻度失能）', minScore: 66, maxScore: 89 },
  { key: 'moderate', code: 2, label: '中度失能', fullLabel: '能力中度受损（中度失能）', minScore: 46, maxScore: 65 },
  { key: 'severe', code: 3, label: '重度失能', fullLabel: '能力重度受损（重度失能）', minScore: 30, maxScore: 45 },
  { key: 'complete', code: 4, label: '完全失能', fullLabel: '能力完全丧失（完全失能）', minScore: 0, maxScore: 29 },
];

export function abilityLevelCode(level: AbilityLevel): number {
  return ABILITY_LEVEL_KEYS.indexOf(level);
}

/** Negative when `a` is less severe than `b`, so `Array.sort` orders from 能力完好 to 完全失能. */
export function compareAbilityLevels(a: AbilityLevel, b: AbilityLevel): number {
  return abilityLevelCode(a) - abilityLevelCode(b);
}

export function isAtLeastAsSevere(level: AbilityLevel, threshold: AbilityLevel): boolean {
  return compareAbilityLevels(level, threshold) >= 0;
}

function raiseLevel(level: AbilityLevel, steps: number): AbilityLevel {
  return ABILITY_LEVEL_KEYS[Math.min(abilityLevelCode(level) + steps, ABILITY_LEVEL_KEYS.length - 1)]!;
}

export const MAX_TOTAL_SCORE = 90;

/** The preliminary level (初步等级) from the total score. */
export function levelFromTotal(total: number): AbilityLevel {
  if (!Number.isInteger(total) || total < 0 || total > MAX_TOTAL_SCORE) {
    throw new RangeError(`total score must be an integer 0–${MAX_TOTAL_SCORE}, got ${total}`);
  }
  return ABILITY_LEVEL_DETAILS.find((d) => total >= d.minScore && total <= d.maxScore)!.key;
}

// ---------- domains and items (Appendix B) ----------

interface ItemDef {
  code: string;
  label: string;
  max: number;
}

export const ASSESSMENT_DOMAINS = {
  selfCare: {
    code: 'B.1',
    label: '自理能力',
    max: 32,
    items: {
      eating: { code: 'B.1.1', label: '进食', max: 4 },
      grooming: { code: 'B.1.2', label: '修饰', max: 4 },
      bathing: { code: 'B.1.3', label: '洗澡', max: 4 },
      dressingUpper: { code: 'B.1.4', label: '穿/脱上衣', max: 4 },
      dressingLower: { code: 'B.1.5', label: '穿/脱裤子和鞋袜', max: 4 },
      urinaryControl: { code: 'B.1.6', label: '小便控制', max: 4 },
      bowelControl: { code: 'B.1.7', label: '大便控制', max: 4 },
      toileting: { code: 'B.1.8', label: '如厕', max: 4 },
    },
  },
  mobility: {
    code: 'B.2',
    label: '基础运动能力',
    max: 15,
    items: {
      bedPositionTransfer: { code: 'B.2.1', label: '床上体位转移', max: 4 },
      bedChairTransfer: { code: 'B.2.2', label: '床椅转移', max: 4 },
      walking: { code: 'B.2.3', label: '平地行走', max: 4 },
      stairs: { code: 'B.2.4', label: '上下楼梯', max: 3 },
    },
  },
  mental: {
    code: 'B.3',
    label: '精神状态',
    max: 28,
    items: {
      timeOrientation: { code: 'B.3.1', label: '时间定向', max: 4 },
      spaceOrientation: { code: 'B.3.2', label: '空间定向', max: 4 },
      personOrientation: { code: 'B.3.3', label: '人物定向', max: 4 },
      memory: { code: 'B.3.4', label: '记忆', max: 4 },
      comprehension: { code: 'B.3.5', label: '理解能力', max: 4 },
      expression: { code: 'B.3.6', label: '表达能力', max: 4 },
      // 1 = not observed in the last month, 0 = observed: a higher score is still "better".
      aggression: { code: 'B.3.7', label: '攻击行为', max: 1 },
      depression: { code: 'B.3.8', label: '抑郁症状', max: 1 },
      consciousness: { code: 'B.3.9', label: '意识水平', max: 2 },
    },
  },
  perception: {
    code: 'B.4',
    label: '感知觉与社会参与',
    max: 15,
    items: {
      vision: { code: 'B.4.1', label: '视力', max: 2 },
      hearing: { code: 'B.4.2', label: '听力', max: 2 },
      dailyAffairs: { code: 'B.4.3', label: '执行日常事务', max: 4 },
      transportation: { code: 'B.4.4', label: '使用交通工具外出', max: 3 },
      socialInteraction: { code: 'B.4.5', label: '社会交往能力', max: 4 },
    },
  },
} as const satisfies Record<string, { code: string; label: string; max: number; items: Record<string, ItemDef> }>;

export type AssessmentDomain = keyof typeof ASSESSMENT_DOMAINS;
export const ASSESSMENT_DOMAIN_KEYS = Object.keys(ASSESSMENT_DOMAINS) as [AssessmentDomain, ...AssessmentDomain[]];

/** Care-risk events counted by Appendix C (跌倒、噎食、自杀、自伤、走失等). */
export const RISK_EVENT_KINDS = {
  falls: '跌倒',
  wandering: '走失',
  choking: '噎食',
  suicideSelfHarm: '自杀、自伤',
  other: '其他',
} as const;
export type RiskEventKind = keyof typeof RISK_EVENT_KINDS;
const RISK_EVENT_KEYS = Object.keys(RISK_EVENT_KINDS) as RiskEventKind[];

/** Events in the last 30 days at which the level goes up one step. */
export const RISK_EVENT_THRESHOLD = 2;

// ---------- input schema ----------

function itemScore(def: ItemDef) {
  const range = `${def.label}（${def.code}）的得分应为 0–${def.max} 之间的整数`;
  return z
    .number({ error: `${def.label}（${def.code}）的得分必须是数字` })
    .int({ error: range })
    .min(0, { error: range })
    .max(def.max, { error: range });
}

function domainSchema<T extends Record<string, ItemDef>>(items: T) {
  const shape = Object.fromEntries(Object.entries(items).map(([key, def]) => [key, itemScore(def)])) as {
    [K in keyof T]: ReturnType<typeof itemScore>;
  };
  return z.strictObject(shape);
}

const riskCount = (label: string) =>
  z
    .number({ error: `${label}次数必须是数字` })
    .int({ error: `${label}次数必须是整数` })
    .min(0, { error: `${label}次数不能为负数` })
    .max(999, { error: `${label}次数不合理` })
    .default(0);

export const assessmentScoresSchema = z.strictObject({
  selfCare: domainSchema(ASSESSMENT_DOMAINS.selfCare.items),
  mobility: domainSchema(ASSESSMENT_DOMAINS.mobility.items),
  mental: domainSchema(ASSESSMENT_DOMAINS.mental.items),
  perception: domainSchema(ASSESSMENT_DOMAINS.perception.items),
});

export const riskEventsSchema = z.strictObject({
  falls: riskCount('跌倒'),
  wandering: riskCount('走失'),
  choking: riskCount('噎食'),
  suicideSelfHarm: riskCount('自杀、自伤'),
  other: riskCount('其他照护风险事件'),
});

// Consciousness 0 covers both 昏睡 and 昏迷, but a person in a coma cannot score above 0: one of the two
// entries is a data-entry mistake and the level would silently depend on which.
const COMA_CONSCIOUSNESS_MESSAGE = '已勾选“昏迷”，意识水平（B.3.9）的得分应为 0';

/**
 * What the core accepts for one assessment. The flags come from the assessment's basic-information part
 * (A.5.11 昏迷, diagnoses) and its risk-event record; they default to "none".
 */
export const assessmentInputSchema = z
  .strictObject({
    scores: assessmentScoresSchema,
    /** 处于昏迷状态. */
    coma: z.boolean().default(false),
    /** 确诊痴呆 (ICD-10 F00–F03). */
    dementia: z.boolean().default(false),
    /** 精神科专科医生诊断的其他精神和行为障碍 (F04–F99). */
    mentalDisorder: z.boolean().default(false),
    /** Care-risk events in the 30 days before the assessment. */
    riskEvents30d: riskEventsSchema.default({ falls: 0, wandering: 0, choking: 0, suicideSelfHarm: 0, other: 0 }),
  })
  .superRefine((v, ctx) => {
    if (v.coma && v.scores.mental.consciousness !== 0) {
      ctx.addIssue({ code: 'custom', path: ['scores', 'mental', 'consciousness'], message: COMA_CONSCIOUSNESS_MESSAGE });
    }
  });

/** What callers pass in (flags optional). */
export type AssessmentInput = z.input<typeof assessmentInputSchema>;
export type AssessmentScores = z.infer<typeof assessmentScoresSchema>;
export type RiskEvents = z.infer<typeof riskEventsSchema>;

// ---------- scoring ----------

export const ASSESSMENT_ADJUSTMENTS = {
  coma: '昏迷',
  cognitive_or_mental: '痴呆或其他精神和行为障碍',
  risk_events: '近30天照护风险事件',
} as const;
export type AssessmentAdjustmentKind = keyof typeof ASSESSMENT_ADJUSTMENTS;

export interface AppliedAdjustment {
  kind: AssessmentAdjustmentKind;
  fromLevel: AbilityLevel;
  /** Equal to fromLevel when the rule applied but could not change anything (already 完全失能). */
  toLevel: AbilityLevel;
  /** Chinese, for the assessment report. */
  reason: string;
}

export interface AssessmentOutcome {
  domainScores: Record<AssessmentDomain, number>;
  total: number;
  preliminaryLevel: AbilityLevel;
  finalLevel: AbilityLevel;
  /** Every level-change rule that applied, in the order applied. */
  adjustments: AppliedAdjustment[];
  riskEventCount: number;
}

export type AssessmentIssueCode =
  | 'ASSESSMENT_ITEM_MISSING'
  | 'ASSESSMENT_ITEM_RANGE'
  | 'ASSESSMENT_ITEM_UNKNOWN'
  | 'ASSESSMENT_RISK_COUNT'
  | 'ASSESSMENT_INCONSISTENT';

export interface AssessmentIssue {
  code: AssessmentIssueCode;
  /** Dotted path to the offending field, e.g. `scores.mobility.stairs`. */
  path: string;
  message: string;
}

export type AssessmentResult = { ok: true; data: AssessmentOutcome } | { ok: false; issues: AssessmentIssue[] };

export interface ScoringOptions {
  /** Whether the two "raise one level" rules add up when both apply (LOW confidence; default true). */
  stackRaises?: boolean;
}

function checkInput(input: AssessmentInput): AssessmentIssue[] {
  const issues: AssessmentIssue[] = [];
  const scores = (input.scores ?? {}) as unknown as Record<string, Record<string, unknown> | undefined>;
  for (const key of Object.keys(scores)) {
    if (!Object.prototype.hasOwnProperty.call(ASSESSMENT_DOMAINS, key)) {
      issues.push({ code: 'ASSESSMENT_ITEM_UNKNOWN', path: `scores.${key}`, message: `未知的评估维度“${key}”` });
    }
  }
  for (const domain of ASSESSMENT_DOMAIN_KEYS) {
    const items: Record<string, ItemDef> = ASSESSMENT_DOMAINS[domain].items;
    const given = scores[domain] ?? {};
    for (const key of Object.keys(given)) {
      if (!Object.prototype.hasOwnProperty.call(items, key)) {
        issues.push({ code: 'ASSESSMENT_ITEM_UNKNOWN', path: `scores.${domain}.${key}`, message: `未知的评估项目“${key}”` });
      }
    }
    for (const [key, def] of Object.entries(items)) {
      const value = given[key];
      const path = `scores.${domain}.${key}`;
      if (value === undefined || value === null) {
        issues.push({ code: 'ASSESSMENT_ITEM_MISSING', path, message: `缺少${def.label}（${def.code}）的得分` });
      } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > def.max) {
        issues.push({
          code: 'ASSESSMENT_ITEM_RANGE',
          path,
          message: `${def.label}（${def.code}）的得分应为 0–${def.max} 之间的整数，实际为 ${String(value)}`,
        });
      }
    }
  }
  const events = (input.riskEvents30d ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(events)) {
    const label = RISK_EVENT_KINDS[key as RiskEventKind];
    if (!label) {
      issues.push({ code: 'ASSESSMENT_RISK_COUNT', path: `riskEvents30d.${key}`, message: `未知的照护风险事件类型“${key}”` });
    } else if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
      issues.push({ code: 'ASSESSMENT_RISK_COUNT', path: `riskEvents30d.${key}`, message: `${label}次数应为非负整数` });
    }
  }
  if (input.coma && issues.length === 0 && scores.mental?.consciousness !== 0) {
    issues.push({ code: 'ASSESSMENT_INCONSISTENT', path: 'scores.mental.consciousness', message: COMA_CONSCIOUSNESS_MESSAGE });
  }
  return issues;
}

const CAPPED = '（已是完全失能，等级不变）';

/**
 * Scores one assessment: domain totals, total, the preliminary level from the score bands, then the
 * Appendix C level changes in the order coma → diagnosis → risk events. Never throws for bad scores:
 * the core validates with `assessmentInputSchema`, and anything else still gets stable issue codes.
 */
export function scoreAssessment(input: AssessmentInput, options: ScoringOptions = {}): AssessmentResult {
  const issues = checkInput(input);
  if (issues.length > 0) return { ok: false, issues };
  const stackRaises = options.stackRaises ?? true;

  const domainScores = {} as Record<AssessmentDomain, number>;
  for (const domain of ASSESSMENT_DOMAIN_KEYS) {
    const given = input.scores[domain] as Record<string, number>;
    domainScores[domain] = Object.keys(ASSESSMENT_DOMAINS[domain].items).reduce((sum, key) => sum + given[key]!, 0);
  }
  const total = ASSESSMENT_DOMAIN_KEYS.reduce((sum, d) => sum + domainScores[d], 0);
  const preliminaryLevel = levelFromTotal(total);

  const events: Partial<Record<RiskEventKind, number>> = input.riskEvents30d ?? {};
  const riskEventCount = RISK_EVENT_KEYS.reduce((sum, k) => sum + (events[k] ?? 0), 0);

  const adjustments: AppliedAdjustment[] = [];
  let level = preliminaryLevel;
  let raised = false;
  const raise = (kind: AssessmentAdjustmentKind, because: string) => {
    const from = level;
    let to = from;
    let note = '';
    if (raised && !stackRaises) {
      note = '（与前一条变更依据不叠加，等级不变）';
    } else {
      to = raiseLevel(from, 1);
      if (to === from) note = CAPPED;
      raised = true;
    }
    adjustments.push({ kind, fromLevel: from, toLevel: to, reason: `${because}，在原有能力等级上提高一个等级${note}` });
    level = to;
  };

  if (input.coma) {
    const from = level;
    level = 'complete';
    adjustments.push({
      kind: 'coma',
      fromLevel: from,
      toLevel: level,
      reason: `处于昏迷状态，直接评定为能力完全丧失（完全失能）${from === level ? CAPPED : ''}`,
    });
  }
  if (input.dementia || input.mentalDisorder) {
    const because = [
      input.dementia ? '确诊痴呆（F00–F03）' : null,
      input.mentalDisorder ? '经精神科专科医生诊断有其他精神和行为障碍（F04–F99）' : null,
    ]
      .filter(Boolean)
      .join('，且');
    raise('cognitive_or_mental', because);
  }
  if (riskEventCount >= RISK_EVENT_THRESHOLD) {
    const detail = RISK_EVENT_KEYS.filter((k) => (events[k] ?? 0) > 0)
      .map((k) => `${RISK_EVENT_KINDS[k]} ${events[k]} 次`)
      .join('、');
    raise('risk_events', `近30天内发生照护风险事件共 ${riskEventCount} 次（${detail}）`);
  }

  return { ok: true, data: { domainScores, total, preliminaryLevel, finalLevel: level, adjustments, riskEventCount } };
}
