import { describe, expect, it } from 'vitest';
import {
  ABILITY_LEVEL_DETAILS,
  ABILITY_LEVEL_KEYS,
  ABILITY_LEVELS,
  ASSESSMENT_DOMAINS,
  ASSESSMENT_DOMAIN_KEYS,
  ASSESSMENT_ITEM_OPTIONS,
  itemOptions,
  assessmentInputSchema,
  compareAbilityLevels,
  isAtLeastAsSevere,
  levelFromTotal,
  scoreAssessment,
  type AssessmentInput,
  type AssessmentScores,
} from '../../shared/domain/assessment';

function fullScores(): AssessmentScores {
  return {
    selfCare: { eating: 4, grooming: 4, bathing: 4, dressingUpper: 4, dressingLower: 4, urinaryControl: 4, bowelControl: 4, toileting: 4 },
    mobility: { bedPositionTransfer: 4, bedChairTransfer: 4, walking: 4, stairs: 3 },
    mental: {
      timeOrientation: 4,
      spaceOrientation: 4,
      personOrientation: 4,
      memory: 4,
      comprehension: 4,
      expression: 4,
      aggression: 1,
      depression: 1,
      consciousness: 2,
    },
    perception: { vision: 2, hearing: 2, dailyAffairs: 4, transportation: 3, socialInteraction: 4 },
  };
}

/** Full marks (90) minus `lost` points, taken item by item in table order. */
function scoresLosing(lost: number): AssessmentScores {
  const s = fullScores() as unknown as Record<string, Record<string, number>>;
  let left = lost;
  for (const domain of Object.values(s)) {
    for (const key of Object.keys(domain)) {
      const take = Math.min(left, domain[key]!);
      domain[key] = domain[key]! - take;
      left -= take;
    }
  }
  return s as unknown as AssessmentScores;
}

function score(input: AssessmentInput, options?: Parameters<typeof scoreAssessment>[1]) {
  const r = scoreAssessment(input, options);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.data;
}

describe('levels', () => {
  it('are ordered from 能力完好 to 完全失能 with the standard codes 0–4', () => {
    expect(ABILITY_LEVEL_KEYS).toEqual(['intact', 'mild', 'moderate', 'severe', 'complete']);
    expect(ABILITY_LEVEL_KEYS.map((k) => ABILITY_LEVELS[k])).toEqual(['能力完好', '轻度失能', '中度失能', '重度失能', '完全失能']);
    expect(ABILITY_LEVEL_DETAILS.map((d) => d.code)).toEqual([0, 1, 2, 3, 4]);
    expect(compareAbilityLevels('mild', 'severe')).toBeLessThan(0);
    expect(isAtLeastAsSevere('moderate', 'mild')).toBe(true);
    expect(isAtLeastAsSevere('mild', 'moderate')).toBe(false);
  });

  it('have bands that cover 0–90 without gaps or overlaps', () => {
    const covered = ABILITY_LEVEL_DETAILS.flatMap((d) => Array.from({ length: d.maxScore - d.minScore + 1 }, (_, i) => d.minScore + i));
    expect(covered.sort((a, b) => a - b)).toEqual(Array.from({ length: 91 }, (_, i) => i));
  });
});

describe('domains', () => {
  it('have 26 items and maxima 32 + 15 + 28 + 15 = 90', () => {
    const domains = Object.values(ASSESSMENT_DOMAINS);
    expect(domains.flatMap((d) => Object.keys(d.items))).toHaveLength(26);
    for (const d of domains) {
      expect(Object.values(d.items).reduce((sum, it) => sum + it.max, 0)).toBe(d.max);
    }
    expect(domains.map((d) => d.max)).toEqual([32, 15, 28, 15]);
  });
});

describe('option wording (Appendix B)', () => {
  it('describes every possible score of every item once, and nothing else; the described maxima sum to 90', () => {
    let maxima = 0;
    let items = 0;
    for (const d of ASSESSMENT_DOMAIN_KEYS) {
      const defs: Record<string, { max: number }> = ASSESSMENT_DOMAINS[d].items;
      const table: Record<string, { hint: string; options: Record<number, string> }> = ASSESSMENT_ITEM_OPTIONS[d];
      expect(Object.keys(table).sort(), d).toEqual(Object.keys(defs).sort());
      for (const [key, def] of Object.entries(defs)) {
        const scores = itemOptions(d, key).map((o) => o.score);
        expect(scores, key).toEqual(Array.from({ length: def.max + 1 }, (_, i) => def.max - i));
        for (const o of itemOptions(d, key)) expect(o.description.trim(), `${key} ${o.score}`).not.toBe('');
        expect(new Set(itemOptions(d, key).map((o) => o.description)).size, key).toBe(def.max + 1);
        expect(table[key]!.hint, key).not.toBe('');
        maxima += Math.max(...scores);
        items++;
      }
    }
    expect(items).toBe(26);
    expect(maxima).toBe(90);
  });

  it("carries the standard's own wording where it differs from the generic scale", () => {
    expect(ASSESSMENT_ITEM_OPTIONS.selfCare.eating.options[0]).toBe('完全依赖他人协助进食，或吞咽困难，或留置营养管');
    expect(ASSESSMENT_ITEM_OPTIONS.mobility.stairs.options[3]).toMatch(/^可独立上下楼梯/);
    expect(ASSESSMENT_ITEM_OPTIONS.mental.aggression.options).toEqual({ 1: '未出现', 0: '近一个月内出现过攻击行为' });
  });
});

describe('levelFromTotal (score bands)', () => {
  it.each([
    [90, 'intact'],
    [89, 'mild'],
    [66, 'mild'],
    [65, 'moderate'],
    [46, 'moderate'],
    [45, 'severe'],
    [30, 'severe'],
    [29, 'complete'],
    [0, 'complete'],
  ] as const)('%i → %s', (total, level) => {
    expect(levelFromTotal(total)).toBe(level);
  });

  it('throws outside 0–90 or for fractions', () => {
    expect(() => levelFromTotal(91)).toThrow(RangeError);
    expect(() => levelFromTotal(-1)).toThrow(RangeError);
    expect(() => levelFromTotal(65.5)).toThrow(RangeError);
  });
});

describe('scoreAssessment', () => {
  it('sums a realistic assessment by domain', () => {
    const scores: AssessmentScores = {
      selfCare: { eating: 3, grooming: 2, bathing: 1, dressingUpper: 2, dressingLower: 2, urinaryControl: 3, bowelControl: 3, toileting: 2 }, // 18
      mobility: { bedPositionTransfer: 3, bedChairTransfer: 2, walking: 2, stairs: 1 }, // 8
      mental: {
        timeOrientation: 3,
        spaceOrientation: 2,
        personOrientation: 4,
        memory: 2,
        comprehension: 3,
        expression: 3,
        aggression: 1,
        depression: 0,
        consciousness: 2,
      }, // 20
      perception: { vision: 1, hearing: 1, dailyAffairs: 2, transportation: 1, socialInteraction: 3 }, // 8
    };
    const r = score({ scores });
    expect(r.domainScores).toEqual({ selfCare: 18, mobility: 8, mental: 20, perception: 8 });
    expect(r.total).toBe(54);
    expect(r.preliminaryLevel).toBe('moderate');
    expect(r.finalLevel).toBe('moderate');
    expect(r.adjustments).toEqual([]);
    expect(r.riskEventCount).toBe(0);
  });

  it.each([
    [0, 90, 'intact'],
    [1, 89, 'mild'],
    [24, 66, 'mild'],
    [25, 65, 'moderate'],
    [44, 46, 'moderate'],
    [45, 45, 'severe'],
    [60, 30, 'severe'],
    [61, 29, 'complete'],
    [90, 0, 'complete'],
  ] as const)('losing %i points gives total %i and level %s', (lost, total, level) => {
    const r = score({ scores: scoresLosing(lost) });
    expect(r.total).toBe(total);
    expect(r.preliminaryLevel).toBe(level);
    expect(r.finalLevel).toBe(level);
  });

  describe('level changes (Appendix C)', () => {
    it('rates a person in a coma 完全失能 whatever the score', () => {
      const scores = fullScores();
      scores.mental.consciousness = 0; // total 88 → 轻度失能
      const r = score({ scores, coma: true });
      expect(r.preliminaryLevel).toBe('mild');
      expect(r.finalLevel).toBe('complete');
      expect(r.adjustments).toHaveLength(1);
      expect(r.adjustments[0]).toMatchObject({ kind: 'coma', fromLevel: 'mild', toLevel: 'complete' });
      expect(r.adjustments[0]!.reason).toContain('昏迷');
    });

    it('raises one level for dementia (F00–F03)', () => {
      const r = score({ scores: scoresLosing(1), dementia: true }); // 89 → 轻度
      expect(r.finalLevel).toBe('moderate');
      expect(r.adjustments).toEqual([
        expect.objectContaining({ kind: 'cognitive_or_mental', fromLevel: 'mild', toLevel: 'moderate' }),
      ]);
      expect(r.adjustments[0]!.reason).toContain('痴呆');
    });

    it('raises one level for another mental disorder (F04–F99), even from 能力完好', () => {
      const r = score({ scores: fullScores(), mentalDisorder: true });
      expect(r.preliminaryLevel).toBe('intact');
      expect(r.finalLevel).toBe('mild');
      expect(r.adjustments[0]!.reason).toContain('精神和行为障碍');
    });

    it('raises only one level when both dementia and a mental disorder are diagnosed', () => {
      const r = score({ scores: scoresLosing(25), dementia: true, mentalDisorder: true }); // 65 → 中度
      expect(r.finalLevel).toBe('severe');
      expect(r.adjustments).toHaveLength(1);
    });

    it('raises one level for 2 risk events in 30 days, counted across kinds', () => {
      const r = score({ scores: scoresLosing(45), riskEvents30d: { falls: 1, wandering: 1 } }); // 45 → 重度
      expect(r.riskEventCount).toBe(2);
      expect(r.finalLevel).toBe('complete');
      expect(r.adjustments).toEqual([expect.objectContaining({ kind: 'risk_events', fromLevel: 'severe', toLevel: 'complete' })]);
      expect(r.adjustments[0]!.reason).toContain('跌倒 1 次、走失 1 次');
    });

    it('does not raise for a single risk event', () => {
      const r = score({ scores: scoresLosing(45), riskEvents30d: { choking: 1 } });
      expect(r.finalLevel).toBe('severe');
      expect(r.adjustments).toEqual([]);
    });

    it('adds the two raises by default, and applies one with stackRaises: false', () => {
      const input: AssessmentInput = { scores: scoresLosing(1), dementia: true, riskEvents30d: { falls: 2 } }; // 89 → 轻度
      const stacked = score(input);
      expect(stacked.finalLevel).toBe('severe');
      expect(stacked.adjustments.map((a) => [a.fromLevel, a.toLevel])).toEqual([
        ['mild', 'moderate'],
        ['moderate', 'severe'],
      ]);
      const single = score(input, { stackRaises: false });
      expect(single.finalLevel).toBe('moderate');
      expect(single.adjustments.map((a) => [a.fromLevel, a.toLevel])).toEqual([
        ['mild', 'moderate'],
        ['moderate', 'moderate'],
      ]);
      expect(single.adjustments[1]!.reason).toContain('不叠加');
    });

    it('caps at 完全失能 and still lists the rules that applied', () => {
      const r = score({ scores: scoresLosing(70), dementia: true, riskEvents30d: { suicideSelfHarm: 2 } }); // 20 → 完全
      expect(r.finalLevel).toBe('complete');
      expect(r.adjustments.map((a) => [a.kind, a.fromLevel, a.toLevel])).toEqual([
        ['cognitive_or_mental', 'complete', 'complete'],
        ['risk_events', 'complete', 'complete'],
      ]);
      expect(r.adjustments[0]!.reason).toContain('等级不变');
    });

    it('applies coma first; later raises cannot go beyond 完全失能', () => {
      const scores = fullScores();
      scores.mental.consciousness = 0;
      const r = score({ scores, coma: true, dementia: true });
      expect(r.adjustments.map((a) => a.kind)).toEqual(['coma', 'cognitive_or_mental']);
      expect(r.finalLevel).toBe('complete');
    });
  });

  describe('validation', () => {
    it('reports an item above its maximum with ASSESSMENT_ITEM_RANGE', () => {
      const scores = fullScores();
      scores.mobility.stairs = 4; // stairs max is 3
      const r = scoreAssessment({ scores });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.issues).toEqual([
          { code: 'ASSESSMENT_ITEM_RANGE', path: 'scores.mobility.stairs', message: expect.stringContaining('上下楼梯') },
        ]);
      }
    });

    it('reports negative, fractional and non-numeric scores', () => {
      const scores = fullScores() as unknown as Record<string, Record<string, unknown>>;
      scores.selfCare!.eating = -1;
      scores.mental!.aggression = 0.5;
      scores.perception!.vision = '2';
      const r = scoreAssessment({ scores } as unknown as AssessmentInput);
      expect(!r.ok && r.issues.map((i) => [i.code, i.path])).toEqual([
        ['ASSESSMENT_ITEM_RANGE', 'scores.selfCare.eating'],
        ['ASSESSMENT_ITEM_RANGE', 'scores.mental.aggression'],
        ['ASSESSMENT_ITEM_RANGE', 'scores.perception.vision'],
      ]);
    });

    it('reports missing and unknown items', () => {
      const scores = fullScores() as unknown as Record<string, Record<string, unknown>>;
      delete scores.selfCare!.toileting;
      scores.mobility!.running = 4;
      const r = scoreAssessment({ scores } as unknown as AssessmentInput);
      expect(!r.ok && r.issues.map((i) => [i.code, i.path])).toEqual([
        ['ASSESSMENT_ITEM_MISSING', 'scores.selfCare.toileting'],
        ['ASSESSMENT_ITEM_UNKNOWN', 'scores.mobility.running'],
      ]);
    });

    it('reports names every object has (toString, constructor) as unknown items and domains', () => {
      const scores = fullScores() as unknown as Record<string, Record<string, unknown>>;
      Object.assign(scores.mobility!, { toString: 4 });
      Object.defineProperty(scores, 'constructor', { value: {}, enumerable: true });
      const r = scoreAssessment({ scores } as unknown as AssessmentInput);
      expect(!r.ok && r.issues.map((i) => [i.code, i.path])).toEqual([
        ['ASSESSMENT_ITEM_UNKNOWN', 'scores.constructor'],
        ['ASSESSMENT_ITEM_UNKNOWN', 'scores.mobility.toString'],
      ]);
    });

    it('reports bad risk-event counts', () => {
      const r = scoreAssessment({ scores: fullScores(), riskEvents30d: { falls: -1 } });
      expect(!r.ok && r.issues[0]).toMatchObject({ code: 'ASSESSMENT_RISK_COUNT', path: 'riskEvents30d.falls' });
    });

    it('refuses coma together with a consciousness score above 0', () => {
      const r = scoreAssessment({ scores: fullScores(), coma: true });
      expect(!r.ok && r.issues[0]).toMatchObject({ code: 'ASSESSMENT_INCONSISTENT', path: 'scores.mental.consciousness' });
    });
  });
});

describe('assessmentInputSchema', () => {
  it('accepts a complete input and fills the flags with defaults', () => {
    const parsed = assessmentInputSchema.parse({ scores: fullScores() });
    expect(parsed).toMatchObject({
      coma: false,
      dementia: false,
      mentalDisorder: false,
      riskEvents30d: { falls: 0, wandering: 0, choking: 0, suicideSelfHarm: 0, other: 0 },
    });
    expect(scoreAssessment(parsed)).toMatchObject({ ok: true, data: { total: 90 } });
  });

  it('rejects out-of-range scores with a Chinese message naming the item', () => {
    const scores = fullScores();
    scores.perception.vision = 3;
    const r = assessmentInputSchema.safeParse({ scores });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['scores', 'perception', 'vision']);
    expect(r.error!.issues[0]!.message).toBe('视力（B.4.1）的得分应为 0–2 之间的整数');
  });

  it('rejects unknown and missing items', () => {
    const scores = fullScores() as unknown as Record<string, Record<string, unknown>>;
    scores.mobility!.running = 4;
    expect(assessmentInputSchema.safeParse({ scores }).success).toBe(false);
    delete scores.mobility!.running;
    delete scores.mobility!.stairs;
    expect(assessmentInputSchema.safeParse({ scores }).success).toBe(false);
  });

  it('rejects coma with consciousness above 0', () => {
    const r = assessmentInputSchema.safeParse({ scores: fullScores(), coma: true });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['scores', 'mental', 'consciousness']);
  });
});
