import { describe, expect, it } from 'vitest';
import { DEFAULT_STAFFING_RULE, SKILL_LEVELS, STAFF_POSTS, caregiversRequired, certifiedOn, onDutyOn, parseLabel } from '../../shared/domain/staff';
import { rateFor, subsidyAmount } from '../../shared/domain/subsidy';

const person = { post: 'caregiver' as const, employedFrom: '2024-03-01', employedTo: '2025-03-01', skillLevel: 'level4' as const, certifiedOn: '2024-06-30' };

describe('staff rules', () => {
  it('is on duty from the first day to the day before leaving', () => {
    expect(onDutyOn(person, '2024-02-29')).toBe(false);
    expect(onDutyOn(person, '2024-03-01')).toBe(true);
    expect(onDutyOn(person, '2025-02-28')).toBe(true);
    expect(onDutyOn(person, '2025-03-01')).toBe(false);
    expect(onDutyOn({ ...person, employedTo: null }, '2030-01-01')).toBe(true);
  });

  it('is certified from the certificate’s date, and only with a skill level', () => {
    expect(certifiedOn(person, '2024-06-29')).toBe(false);
    expect(certifiedOn(person, '2024-06-30')).toBe(true);
    expect(certifiedOn({ ...person, skillLevel: null }, '2024-12-31')).toBe(false);
  });

  it('asks for caregivers rounded up once over all levels', () => {
    // 5 ÷ 10 + 3 ÷ 6 + 1 ÷ 2 = 1.5 → 2
    expect(caregiversRequired({ intact: 5, mild: 3, complete: 1 }, DEFAULT_STAFFING_RULE)).toBe(2);
    expect(caregiversRequired({ intact: 10 }, DEFAULT_STAFFING_RULE)).toBe(1);
    expect(caregiversRequired({}, DEFAULT_STAFFING_RULE)).toBe(0);
  });

  it('reads the labels a file may use', () => {
    expect(parseLabel(SKILL_LEVELS, '四级')).toBe('level4');
    expect(parseLabel(SKILL_LEVELS, '高级技师')).toBe('level1');
    expect(parseLabel(SKILL_LEVELS, '四级/中级工')).toBe('level4');
    expect(parseLabel(STAFF_POSTS, '养老护理员')).toBe('caregiver');
    expect(parseLabel(STAFF_POSTS, '厨师')).toBeNull();
  });
});

describe('subsidy rates', () => {
  const rates = [
    { abilityLevel: null, stars: null, amount: 10 },
    { abilityLevel: 'severe' as const, stars: null, amount: 30 },
    { abilityLevel: 'severe' as const, stars: 3, amount: 40 },
    { abilityLevel: null, stars: 0, amount: 5 },
  ];
  it('takes the most specific matching row', () => {
    expect(rateFor(rates, 'severe', 3)?.amount).toBe(40);
    expect(rateFor(rates, 'severe', 2)?.amount).toBe(30);
    expect(rateFor(rates, 'intact', 0)?.amount).toBe(5);
    expect(rateFor(rates, null, 2)?.amount).toBe(10);
    expect(rateFor([], 'severe', 3)).toBeNull();
  });
  it('prices bed-days, or a month pro rata, to the fen', () => {
    expect(subsidyAmount('per_bed_day', rates[1]!, 31, 31)).toBe(930);
    // 1000 × 10 ÷ 31 = 322.58…
    expect(subsidyAmount('per_month', { abilityLevel: null, stars: null, amount: 1000 }, 10, 31)).toBe(322.58);
    expect(subsidyAmount('per_month', null, 10, 31)).toBeNull();
  });
});
