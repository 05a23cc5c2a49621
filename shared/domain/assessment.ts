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

// ---------- option wording (Appendix B) ----------

// What each score of each item means, so the assessor picks a described option rather than a bare number.
// Source: a public repository quoting GB/T 42195-2022 Appendix B (B.1.1–B.4.5) near-verbatim; all 26 items
// were found there, so none uses the generic fallback wording. B.1.1 agrees with two further independent
// copies up to small wording differences (至少需要少量 / 需要少量). Confidence MEDIUM–HIGH: one full copy, not
// the published PDF. Edits of ours, all single-character slips of the copy: B.4.3 "是需要" → "时需要"
// (three times) and B.3.9 "做出正确反映" → "做出正确反应". The option texts are otherwise as quoted,
// punctuation included; the item definitions (`hint`) fold the copy's 注 lines in and are lightly
// punctuated. B.2.4 and B.4.4 (0–3) fold two situations into 0 分, as the standard does.
const G4 = '独立完成，不需要协助';
const G3 = '在他人指导或提示下完成';
const G2 = '需要他人协助，但以自身完成为主';
const G1 = '主要依靠他人协助，自身能给予配合';
const G0 = '完全依赖他人协助，且不能给予配合';
const GENERIC = { 4: G4, 3: G3, 2: G2, 1: G1, 0: G0 } as const;

type ItemKeyOf<D extends AssessmentDomain> = keyof (typeof ASSESSMENT_DOMAINS)[D]['items'];
type OptionTable = { readonly [D in AssessmentDomain]: { readonly [K in ItemKeyOf<D>]: { readonly hint: string; readonly options: Readonly<Record<number, string>> } } };

/** Per item: what it assesses (the standard's definition) and score → description. */
export const ASSESSMENT_ITEM_OPTIONS: OptionTable = {
  selfCare: {
    eating: {
      hint: '使用适当的器具将食物送入口中并咽下',
      options: {
        4: '独立使用器具将食物送进口中并咽下，没有呛咳',
        3: '在他人指导或提示下完成，或独立使用辅具，没有呛咳',
        2: '进食中至少需要少量接触式协助，偶尔（每月一次及以上）呛咳',
        1: '在进食中需要大量接触式协助，经常（每周一次及以上）呛咳',
        0: '完全依赖他人协助进食，或吞咽困难，或留置营养管',
      },
    },
    grooming: { hint: '指洗脸、刷牙、梳头、刮脸、剪指（趾）甲等', options: GENERIC },
    bathing: { hint: '清洗和擦干身体', options: GENERIC },
    dressingUpper: { hint: '指穿/脱上身衣服、系扣、拉拉链等', options: GENERIC },
    dressingLower: { hint: '指穿/脱裤子、鞋袜等', options: GENERIC },
    urinaryControl: {
      hint: '控制和排出尿液的能力',
      options: {
        4: '可自行控制排尿，排尿次数、排尿控制均正常',
        3: '白天可自行控制排尿次数，夜间出现排尿次数增多、排尿控制较差，或自行使用尿布、尿垫等辅助用物',
        2: '白天大部分时间可自行控制排尿，偶出现（每天<1次，但每周>1次）尿失禁，夜间控制排尿较差，或他人少量协助使用尿布、尿垫等辅助用物',
        1: '白天大部分时间不能控制排尿（每天≥1次，但尚非完全失控），夜间出现尿失禁，或他人大量协助使用尿布、尿垫等辅助用物',
        0: '小便失禁，完全不能控制排尿，或留置导尿管',
      },
    },
    bowelControl: {
      hint: '控制和排出粪便的能力',
      options: {
        4: '可正常自行控制大便排出',
        3: '有时出现（每天<1次）便秘或大便失禁，或自行使用开塞露、尿垫等辅助用物',
        2: '经常出现（每天<1次，但每周>1次）便秘或大便失禁，或他人少量协助使用开塞露、尿垫等辅助用物',
        1: '大部分时间均出现（每天≥1次）便秘或大便失禁，但尚非完全失控，或他人大量协助使用开塞露、尿垫等辅助用物',
        0: '严重便秘或者完全大便失禁，需要依赖他人协助排便或清洁皮肤',
      },
    },
    toileting: { hint: '上厕所排泄大小便，并清洁身体（含排泄前解开裤子、排泄后清洁身体、穿上裤子）', options: GENERIC },
  },
  mobility: {
    bedPositionTransfer: { hint: '卧床翻身及坐起躺下', options: GENERIC },
    bedChairTransfer: { hint: '从坐位到站位，再从站位到坐位的转换过程', options: GENERIC },
    walking: {
      hint: '双脚交互的方式在地面行动，总是一只脚在前（包括他人辅助和使用辅具的步行）',
      options: {
        4: '独立平地行走50m左右，不需要协助，无摔倒风险',
        3: '能平地行走50m左右，存在跌倒风险，需要他人监护或指导，或使用拐杖、助行器等辅助工具',
        2: '在步行时需要他人少量扶持协助',
        1: '在步行时需要他人大量扶持协助',
        0: '完全不能步行',
      },
    },
    stairs: {
      hint: '双脚交替完成楼梯台阶连续的上下移动',
      options: {
        3: '可独立上下楼梯（连续上下10个~15个台阶），不需要协助',
        2: G3,
        1: G2,
        0: `${G1}；或者${G0}`,
      },
    },
  },
  mental: {
    timeOrientation: {
      hint: '知道并确认时间的能力',
      options: {
        4: '时间观念（年、月）清楚，日期（或星期几）可相差一天',
        3: '时间观念有些下降，年、月、日（或星期几）不能全部分清（相差两天或以上）',
        2: '时间观念较差，年、月、日不清楚，可知上半年或下半年或季节',
        1: '时间观念很差，年、月、日不清楚，可知上午、下午或白天、夜间',
        0: '无时间观念',
      },
    },
    spaceOrientation: {
      hint: '知道并确认空间的能力',
      options: {
        4: '能在日常生活范围内单独外出，如在日常居住小区内独自外出购物等',
        3: '不能单独外出，但能准确知道自己日常生活所在地的地址信息',
        2: '不能单独外出，但知道较多有关自己日常生活的地址信息',
        1: '不能单独外出，但知道较少自己居住或生活所在地的地址信息',
        0: '不能单独外出，无空间观念',
      },
    },
    personOrientation: {
      hint: '知道并确认人物的能力',
      options: {
        4: '认识长期共同一起生活的人，能称呼并知道关系',
        3: '能认识大部分共同生活居住的人，能称呼或知道关系',
        2: '能认识部分日常同住的亲人或照护者等，能称呼或知道关系等',
        1: '只认识自己或极少数日常同住的亲人或照护者等',
        0: '不认识任何人（包括自己）',
      },
    },
    memory: {
      hint: '短期近期和远期记忆能力',
      options: {
        4: '总能保持与社会、年龄所适应的记忆能力，能完整的回忆',
        3: '出现轻度的记忆紊乱或回忆不能（不能回忆即时信息3个词语经过5分钟后仅能回忆0~1个）',
        2: '出现中度的记忆紊乱或回忆不能（不能回忆近期记忆，不记得上一顿饭吃了什么）',
        1: '出现重度记忆紊乱或回忆不能（不能回忆远期记忆，不记得自己老朋友）',
        0: '记忆完全紊乱或者完全不能对既往事物进行正确的回忆',
      },
    },
    comprehension: {
      hint: '理解语言信息和非语言信息的能力（可借助平时使用的助听设备等），即理解别人的话',
      options: {
        4: '能正常理解他人的话',
        3: '能理解他人的话，但需要增加时间',
        2: '理解有困难，需要频繁重复或简化口头表达',
        1: '理解有严重困难，需要大量他人帮助',
        0: '完全不能理解他人的话',
      },
    },
    expression: {
      hint: '表达信息能力，包括口头的和非口头的，即表达自己的想法',
      options: {
        4: '能正常表达自己的想法',
        3: '能表达自己的需要，但需要增加时间',
        2: '表达需要有困难，需频繁重复或简化口头表达',
        1: '表达有严重困难，需要大量他人帮助',
        0: '完全不能表达需要',
      },
    },
    aggression: {
      hint: '身体攻击行为（如打/踢/推/咬/抓/摔东西）和语言攻击行为（如骂人、语言威胁、尖叫）',
      options: { 1: '未出现', 0: '近一个月内出现过攻击行为' },
    },
    depression: {
      hint: '存在情绪低落、兴趣减退、活力减退等症状，甚至出现妄想、幻觉、自杀念头或自杀行为（长期的负性情绪）',
      options: { 1: '未出现', 0: '近一个月内出现过负性情绪' },
    },
    consciousness: {
      hint: '机体对自身和周围环境的刺激做出应答反应的能力程度，包括清醒和持续的觉醒状态',
      options: {
        2: '神志清醒，对周围环境能做出正确反应',
        1: '嗜睡，表现为睡眠状态过度延长。当呼唤或推动老年人的肢体时可唤醒，并能进行正确的交谈或执行指令，停止刺激后又继续入睡；意识模糊，注意力涣散，对外界刺激不能清晰的认识，空间和时间定向力障碍，理解力迟钝，记忆力模糊和不连贯',
        0: '昏睡，一般的外界刺激不能使其觉醒，给予较强烈的刺激时可有短时的意识清醒，醒后可简短回答提问，当刺激减弱后又很快进入睡眠状态；或者昏迷；意识丧失，随意运动丧失，对一般刺激全无反应',
      },
    },
  },
  perception: {
    vision: {
      hint: '感受存在的光线并感受物体的大小、形状的能力，在个体的最好矫正视力下进行评估',
      options: {
        2: '视力正常',
        1: '能看清楚大字体，但看不清书报上的标准字体；视力有限，看不清楚报纸大标题，但能辨认物体',
        0: '只能看到光、颜色和形状；完全失明',
      },
    },
    hearing: {
      hint: '能辨别声音的方位、音调、音量和音质的有关能力（可借助平时使用助听设备等）',
      options: {
        2: '听力正常',
        1: '在轻声说话或说话距离超过两米时听不清；正常交流有些困难，需要在安静的环境或大声说话才能听到',
        0: '讲话者大声说话或说话很慢，才能部分听见；完全失聪',
      },
    },
    dailyAffairs: {
      hint: '计划、安排并完成日常事务，包括但不限于洗衣服、小金额购物、服药管理',
      options: {
        4: '能完全独立计划、安排和完成日常事务，无需协助',
        3: '在计划、安排和完成日常事务时需要他人监护或指导',
        2: '在计划、安排和完成日常事务时需要少量协助',
        1: '在计划、安排和完成日常事务时需要大量协助',
        0: '完全依赖他人进行日常事务',
      },
    },
    transportation: {
      hint: '使用交通工具外出',
      options: {
        3: '能自己骑车或搭乘公共交通工具外出',
        2: '能自己搭乘出租车，但不会搭乘其他交通工具外出',
        1: '当有人协助或陪伴，可搭乘公共交通工具外出',
        0: '只能在他人协助下搭乘出租车或私家车外出；完全不能出门，或者外出完全需要协助',
      },
    },
    socialInteraction: {
      hint: '社会交往能力',
      options: {
        4: '参与社会，在社会环境有一定的适应能力，待人接物恰当',
        3: '能适应单纯环境，主动接触他人，初次见面时难让人发现智力问题，不能理解隐喻语',
        2: '脱离社会，可被动接触，不会主动待他人，谈话中很多不适词句，容易上当受骗',
        1: '勉强可与他人接触，谈吐内容不清楚，表情不恰当',
        0: '不能与人交往',
      },
    },
  },
};

/** An item's options, highest score first (the order of the standard's tables). */
export function itemOptions(domain: AssessmentDomain, item: string): { score: number; description: string }[] {
  const entry = (ASSESSMENT_ITEM_OPTIONS[domain] as Record<string, { options: Readonly<Record<number, string>> }>)[item];
  if (!entry) return [];
  return Object.entries(entry.options)
    .map(([score, description]) => ({ score: Number(score), description }))
    .sort((a, b) => b.score - a.score);
}

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
