import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WAITING_PRIORITY_RULES,
  ELDER_CATEGORIES,
  isAdvancedAge,
  priorityGroupOf,
  sortWaitingList,
  waitingPriorityRulesSchema,
  type WaitingApplicant,
  type WaitingPriorityRules,
} from '../../shared/domain/waitingPriority';

const AS_OF = '2025-06-30';
const RULES = DEFAULT_WAITING_PRIORITY_RULES;

function applicant(id: string, over: Partial<WaitingApplicant> = {}): WaitingApplicant {
  return {
    id,
    birthDate: '1950-01-01', // 75 on AS_OF
    categories: [],
    abilityLevel: 'intact',
    dementia: false,
    applicationDate: '2025-03-01',
    createdAt: '2025-03-01T02:00:00.000Z',
    ...over,
  };
}

describe('categories', () => {
  it('have stable keys and the Chinese labels of the brief', () => {
    expect(ELDER_CATEGORIES).toEqual({
      extreme_hardship: '特困',
      minimum_living_allowance: '低保',
      low_income: '低收入',
      family_planning_special: '计划生育特殊家庭',
      severe_disability: '重度残疾',
      lost_only_child: '失独',
      living_alone: '独居',
      empty_nest: '空巢',
    });
  });

  it('derive 高龄 from age on the date, 80 by default', () => {
    expect(isAdvancedAge('1945-06-30', AS_OF)).toBe(true); // 80th birthday today
    expect(isAdvancedAge('1945-07-01', AS_OF)).toBe(false); // 79
    expect(isAdvancedAge('1950-01-01', AS_OF, 75)).toBe(true);
  });
});

describe('priorityGroupOf (default rules)', () => {
  it('puts 特困 first, whatever else holds', () => {
    expect(priorityGroupOf(applicant('a', { categories: ['extreme_hardship', 'minimum_living_allowance'] }), RULES, AS_OF)).toEqual({
      group: 1,
      groupLabel: '特困人员',
      reason: '第 1 优先组（特困人员）：特困',
    });
  });

  it('puts a 低保 elder who is 失能 in group 2 and says why', () => {
    const r = priorityGroupOf(applicant('b', { categories: ['minimum_living_allowance'], abilityLevel: 'mild' }), RULES, AS_OF);
    expect(r.group).toBe(2);
    expect(r.reason).toBe('第 2 优先组（困难家庭失能、失智、高龄或重度残疾老年人）：低保；失能（轻度失能）');
  });

  it('counts 高龄 from the 80th birthday on', () => {
    const turning80 = applicant('c', { categories: ['low_income'], birthDate: '1945-06-30' });
    expect(priorityGroupOf(turning80, RULES, AS_OF)).toMatchObject({ group: 2, reason: expect.stringContaining('低收入；高龄（80 岁）') });
    expect(priorityGroupOf(turning80, RULES, '2025-06-29').group).toBe(3);
  });

  it('accepts 失智 and 重度残疾 as the need for a 计划生育特殊家庭 or 低保 elder', () => {
    expect(priorityGroupOf(applicant('e', { categories: ['family_planning_special'], dementia: true }), RULES, AS_OF)).toMatchObject({
      group: 2,
      reason: expect.stringContaining('计划生育特殊家庭；失智'),
    });
    expect(
      priorityGroupOf(applicant('g', { categories: ['minimum_living_allowance', 'severe_disability'] }), RULES, AS_OF).reason,
    ).toContain('低保；重度残疾');
  });

  it('needs both a hardship household and a need for group 2', () => {
    // hardship without need
    expect(priorityGroupOf(applicant('d', { categories: ['low_income'] }), RULES, AS_OF).group).toBe(3);
    // need without hardship
    expect(priorityGroupOf(applicant('f', { categories: ['severe_disability'], abilityLevel: 'complete' }), RULES, AS_OF).group).toBe(3);
    // the other categories do not count by default
    expect(
      priorityGroupOf(applicant('h', { categories: ['lost_only_child', 'living_alone', 'empty_nest'], abilityLevel: 'complete' }), RULES, AS_OF),
    ).toEqual({ group: 3, groupLabel: '其他申请人', reason: '第 3 优先组（其他申请人）：不符合前面各优先组的条件' });
  });

  it('treats an applicant without an assessment as not 失能 and says so', () => {
    const r = priorityGroupOf(applicant('n', { categories: ['minimum_living_allowance'], abilityLevel: null }), RULES, AS_OF);
    expect(r.group).toBe(3);
    expect(r.reason).toContain('尚无能力评估结果');
  });
});

describe('priorityGroupOf (configured rules)', () => {
  it('uses disabledFrom as the 失能 threshold', () => {
    const strict: WaitingPriorityRules = { ...RULES, disabledFrom: 'severe' };
    const mild = applicant('b', { categories: ['minimum_living_allowance'], abilityLevel: 'mild' });
    const severe = applicant('s', { categories: ['minimum_living_allowance'], abilityLevel: 'severe' });
    expect(priorityGroupOf(mild, strict, AS_OF).group).toBe(3);
    expect(priorityGroupOf(severe, strict, AS_OF).group).toBe(2);
  });

  it('uses advancedAge as the 高龄 threshold', () => {
    const young = applicant('d', { categories: ['low_income'] }); // 75
    expect(priorityGroupOf(young, RULES, AS_OF).group).toBe(3);
    expect(priorityGroupOf(young, { ...RULES, advancedAge: 75 }, AS_OF)).toMatchObject({
      group: 2,
      reason: expect.stringContaining('高龄（75 岁）'),
    });
  });

  it('supports an alternative reading: every 计划生育特殊家庭 elder in group 2, and a group 3 for 失独', () => {
    const rules: WaitingPriorityRules = {
      ...RULES,
      groups: [
        RULES.groups[0]!,
        {
          ...RULES.groups[1]!,
          anyOf: [...RULES.groups[1]!.anyOf, { allOf: [[{ kind: 'category', category: 'family_planning_special' }]] }],
        },
        { group: 3, label: '失独老人', anyOf: [{ allOf: [[{ kind: 'category', category: 'lost_only_child' }]] }] },
      ],
      fallback: { group: 4, label: '其他申请人' },
    };
    expect(priorityGroupOf(applicant('p', { categories: ['family_planning_special'] }), rules, AS_OF)).toMatchObject({
      group: 2,
      reason: '第 2 优先组（困难家庭失能、失智、高龄或重度残疾老年人）：计划生育特殊家庭',
    });
    expect(priorityGroupOf(applicant('l', { categories: ['lost_only_child'] }), rules, AS_OF).group).toBe(3);
    expect(priorityGroupOf(applicant('x'), rules, AS_OF).group).toBe(4);
  });

  it('checks groups in ascending number order even if stored out of order', () => {
    const rules: WaitingPriorityRules = { ...RULES, groups: [RULES.groups[1]!, RULES.groups[0]!] };
    const both = applicant('a', { categories: ['extreme_hardship', 'minimum_living_allowance'], abilityLevel: 'severe' });
    expect(priorityGroupOf(both, rules, AS_OF).group).toBe(1);
  });
});

describe('sortWaitingList', () => {
  it('orders by group, then application date, then creation time, with 1-based positions', () => {
    const list = [
      applicant('general-early', { applicationDate: '2024-01-01' }),
      applicant('g2-late', { categories: ['low_income'], abilityLevel: 'moderate', applicationDate: '2025-05-01' }),
      applicant('g2-same-day-later', {
        categories: ['minimum_living_allowance'],
        dementia: true,
        applicationDate: '2025-04-01',
        createdAt: '2025-04-01T03:00:00.000Z',
      }),
      applicant('g2-same-day-earlier', {
        categories: ['family_planning_special'],
        birthDate: '1940-02-02',
        applicationDate: '2025-04-01',
        // 09:30 in Beijing is 01:30 UTC, before 03:00 UTC
        createdAt: '2025-04-01T09:30:00+08:00',
      }),
      applicant('tekun', { categories: ['extreme_hardship'], applicationDate: '2025-06-01' }),
    ];
    const sorted = sortWaitingList(list, RULES, AS_OF);
    expect(sorted.map((e) => [e.position, e.applicant.id, e.group])).toEqual([
      [1, 'tekun', 1],
      [2, 'g2-same-day-earlier', 2],
      [3, 'g2-same-day-later', 2],
      [4, 'g2-late', 2],
      [5, 'general-early', 3],
    ]);
    expect(sorted[1]!.reason).toContain('高龄（85 岁）');
    expect(sorted[2]!.groupLabel).toBe('困难家庭失能、失智、高龄或重度残疾老年人');
  });

  it('falls back to id for identical records and does not mutate the input', () => {
    const list = [applicant('b'), applicant('a')];
    const sorted = sortWaitingList(list, RULES, AS_OF);
    expect(sorted.map((e) => e.applicant.id)).toEqual(['a', 'b']);
    expect(list.map((a) => a.id)).toEqual(['b', 'a']);
  });

  it('returns an empty list for no applicants', () => {
    expect(sortWaitingList([], RULES, AS_OF)).toEqual([]);
  });
});

describe('waitingPriorityRulesSchema', () => {
  it('accepts the default rules, which survive a JSON round trip', () => {
    const roundTripped = JSON.parse(JSON.stringify(RULES)) as unknown;
    expect(waitingPriorityRulesSchema.parse(roundTripped)).toEqual(RULES);
  });

  it('rejects duplicate group numbers and a fallback that is not last', () => {
    const dup = { ...RULES, groups: [RULES.groups[0]!, { ...RULES.groups[1]!, group: 1 }] };
    expect(waitingPriorityRulesSchema.safeParse(dup).error!.issues[0]!.message).toBe('优先组序号不能重复');
    const low = { ...RULES, fallback: { group: 2, label: '其他' } };
    expect(waitingPriorityRulesSchema.safeParse(low).error!.issues[0]!.message).toBe('“其他申请人”的序号必须大于所有优先组');
  });

  it('rejects unknown categories, empty clauses, 能力完好 as 失能 and odd ages', () => {
    const badCategory = {
      ...RULES,
      groups: [{ group: 1, label: 'x', anyOf: [{ allOf: [[{ kind: 'category', category: 'rich' }]] }] }],
    };
    expect(waitingPriorityRulesSchema.safeParse(badCategory).success).toBe(false);
    const emptyClause = { ...RULES, groups: [{ group: 1, label: 'x', anyOf: [{ allOf: [[]] }] }] };
    expect(waitingPriorityRulesSchema.safeParse(emptyClause).success).toBe(false);
    expect(waitingPriorityRulesSchema.safeParse({ ...RULES, disabledFrom: 'intact' }).success).toBe(false);
    expect(waitingPriorityRulesSchema.safeParse({ ...RULES, advancedAge: 30 }).success).toBe(false);
  });
});
