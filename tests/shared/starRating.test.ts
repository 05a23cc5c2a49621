import { describe, expect, it } from 'vitest';
import {
  RATING_RULES,
  RATING_SCHEMES,
  checkRatingRules,
  currentStanding,
  defaultValidUntil,
  isLevelInScheme,
  parseRatingStatus,
  parseStarLevel,
  ratingState,
  roundHalfUp,
  schemeForFacilityKind,
  starInForce,
  starLabel,
  starRatingRate,
  totalSectionScore,
  validateSectionScores,
  type RatingRuleContext,
  type StarRatingRecord,
} from '../../shared/domain/starRating';

const institution = RATING_SCHEMES.institution;
const station = RATING_SCHEMES.station;

function rating(level: number, decidedOn: string, extra: Partial<StarRatingRecord> = {}): StarRatingRecord {
  return { level, decidedOn, validUntil: defaultValidUntil(institution, decidedOn), ...extra };
}

describe('schemes', () => {
  it('holds the Beijing levels, validity and institution section maxima', () => {
    expect(institution).toMatchObject({ maxStars: 5, validityYears: 3, firstRatingMaxStars: 2, totalMax: 1000 });
    expect(institution.sections.map((s) => [s.label, s.max])).toEqual([
      ['环境', 120],
      ['设施设备', 130],
      ['运营管理', 150],
      ['服务', 600],
    ]);
    expect(institution.sections.reduce((n, s) => n + s.max, 0)).toBe(institution.totalMax);
    expect(station).toMatchObject({ maxStars: 3, validityYears: 2, firstRatingMaxStars: 1, totalMax: null });
  });

  it('maps facility kinds to schemes', () => {
    expect(schemeForFacilityKind('institution')?.id).toBe('institution');
    expect(schemeForFacilityKind('care_center')?.id).toBe('institution');
    expect(schemeForFacilityKind('community_station')?.id).toBe('station');
    expect(schemeForFacilityKind('rural_station')?.id).toBe('station');
    expect(schemeForFacilityKind('guidance_center')).toBeNull();
    expect(schemeForFacilityKind('mutual_aid_point')).toBeNull();
  });

  it('checks a level against the scheme', () => {
    expect(isLevelInScheme(institution, 5)).toBe(true);
    expect(isLevelInScheme(station, 4)).toBe(false);
    expect(isLevelInScheme(station, 0)).toBe(false);
    expect(isLevelInScheme(institution, 2.5)).toBe(false);
  });
});

describe('star levels', () => {
  it('parses the ways users write a level', () => {
    for (const input of [3, '3', '三星', '三星级', '3星', '3 星级', '３', '★★★', ' 三 星 ', '三级']) {
      expect(parseStarLevel(input), String(input)).toBe(3);
    }
    expect(parseStarLevel('一星')).toBe(1);
    expect(parseStarLevel('五星级')).toBe(5);
  });

  it('rejects anything else', () => {
    for (const input of [0, 6, 2.5, '', '六星', '0', '十星', 'abc', '33', null, undefined]) {
      expect(parseStarLevel(input), String(input)).toBeNull();
    }
  });

  it('labels levels', () => {
    expect(starLabel(3)).toBe('三星');
    expect(starLabel(1)).toBe('一星');
    expect(starLabel(5)).toBe('五星');
    expect(() => starLabel(6)).toThrow(RangeError);
    expect(() => starLabel(0)).toThrow(RangeError);
  });

  it('parses the import status column', () => {
    expect(parseRatingStatus('有效')).toBe('active');
    expect(parseRatingStatus('')).toBe('active');
    expect(parseRatingStatus('撤销')).toBe('revoked');
    expect(parseRatingStatus('作废')).toBeNull();
  });
});

describe('section scores', () => {
  it('accepts scores within each maximum and totals them only when complete', () => {
    const scores = { environment: 100, facilities: 120, operations: 140, services: 540 };
    expect(validateSectionScores(institution, scores)).toEqual([]);
    expect(totalSectionScore(institution, scores)).toBe(900);
    expect(totalSectionScore(institution, { environment: 100 })).toBeNull();
    expect(totalSectionScore(station, {})).toBeNull();
  });

  it('explains scores out of range, in Chinese', () => {
    expect(validateSectionScores(institution, { environment: 121, services: -1 })).toEqual([
      '环境得分应在 0–120 之间，填写的是 121',
      '服务得分应在 0–600 之间，填写的是 -1',
    ]);
    expect(validateSectionScores(station, { environment: 50 })).toEqual(['社区养老服务驿站服务质量星级没有分项评分，不应填写分项得分']);
  });
});

describe('validity', () => {
  it('ends N years after the decision date, that day included', () => {
    expect(defaultValidUntil('institution', '2022-12-08')).toBe('2025-12-08');
    expect(defaultValidUntil(institution, '2023-01-01')).toBe('2026-01-01');
    expect(defaultValidUntil('station', '2022-12-08')).toBe('2024-12-08');
  });

  it('clamps 29 February to the 28th in a common year', () => {
    expect(defaultValidUntil('station', '2024-02-29')).toBe('2026-02-28');
    expect(defaultValidUntil('institution', '2024-02-29')).toBe('2027-02-28');
  });

  it('rejects a malformed date', () => {
    expect(() => defaultValidUntil('station', '2024-13-01')).toThrow(RangeError);
  });
});

describe('starInForce', () => {
  const threeStar = rating(3, '2022-12-08'); // valid through 2025-12-08

  it('is in force from the decision day through the last valid day, and not the day after', () => {
    expect(starInForce([threeStar], '2022-12-07')).toBeNull();
    expect(starInForce([threeStar], '2022-12-08')).toBe(threeStar);
    expect(starInForce([threeStar], '2025-12-08')).toBe(threeStar);
    expect(starInForce([threeStar], '2025-12-09')).toBeNull();
  });

  it('stops on the revocation day', () => {
    const revoked = { ...threeStar, revokedOn: '2024-05-01' };
    expect(starInForce([revoked], '2024-04-30')).toBe(revoked);
    expect(starInForce([revoked], '2024-05-01')).toBeNull();
    expect(starInForce([revoked], '2025-01-01')).toBeNull();
  });

  it('lets the latest decision win, including a downgrade', () => {
    const four = rating(4, '2021-01-10');
    const two = rating(2, '2023-03-01');
    expect(starInForce([two, four], '2022-06-01')).toBe(four);
    expect(starInForce([four, two], '2023-03-01')).toBe(two);
  });

  it('ignores decisions after the date', () => {
    const later = rating(3, '2024-09-01');
    const earlier = rating(2, '2022-09-01');
    expect(starInForce([later, earlier], '2024-08-31')).toBe(earlier);
  });

  it('does not bring back a superseded star when the newer one is revoked', () => {
    const three = rating(3, '2021-01-01'); // valid through 2024-01-01
    const four = rating(4, '2022-02-01', { revokedOn: '2023-01-01' });
    expect(starInForce([three, four], '2022-12-31')).toBe(four);
    expect(starInForce([three, four], '2023-06-01')).toBeNull();
  });

  it('has no star once the latest decision expired', () => {
    const old = rating(2, '2018-01-01');
    expect(starInForce([old], '2021-01-01')).toBe(old);
    expect(starInForce([old], '2021-01-02')).toBeNull();
    expect(starInForce([], '2021-01-02')).toBeNull();
  });

  it('honours an edited valid-until', () => {
    const edited = rating(3, '2022-01-01', { validUntil: '2024-06-30' });
    expect(starInForce([edited], '2024-06-30')).toBe(edited);
    expect(starInForce([edited], '2024-07-01')).toBeNull();
  });

  it('picks the same rating whatever the input order for same-day decisions', () => {
    const a = rating(2, '2023-01-01', { validUntil: '2025-01-01' });
    const b = rating(3, '2023-01-01', { validUntil: '2026-01-01' });
    expect(starInForce([a, b], '2023-05-01')).toBe(b);
    expect(starInForce([b, a], '2023-05-01')).toBe(b);
  });
});

describe('ratingState', () => {
  const r = rating(3, '2022-12-08'); // valid through 2025-12-08

  it('warns within six months of expiry, boundaries included', () => {
    expect(ratingState(r, '2022-12-07')).toBe('not_yet_decided');
    expect(ratingState(r, '2025-06-07')).toBe('in_force');
    expect(ratingState(r, '2025-06-08')).toBe('expiring_soon');
    expect(ratingState(r, '2025-12-08')).toBe('expiring_soon');
    expect(ratingState(r, '2025-12-09')).toBe('expired');
  });

  it('reports revocation before expiry', () => {
    expect(ratingState({ ...r, revokedOn: '2023-01-01' }, '2023-01-01')).toBe('revoked');
    expect(ratingState({ ...r, revokedOn: '2023-01-01' }, '2026-01-01')).toBe('revoked');
  });

  it('takes another warning window', () => {
    expect(ratingState(r, '2025-10-08', 1)).toBe('in_force');
    expect(ratingState(r, '2025-11-08', 1)).toBe('expiring_soon');
  });
});

describe('Beijing rating rules', () => {
  function ctx(overrides: Partial<RatingRuleContext>): RatingRuleContext {
    return {
      scheme: institution,
      level: 2,
      decidedOn: '2024-03-01',
      operatingSince: '2020-01-01',
      previousRatings: [],
      ...overrides,
    };
  }
  const ids = (c: RatingRuleContext) => checkRatingRules(c).map((v) => v.ruleId);

  it('passes a compliant first rating', () => {
    expect(checkRatingRules(ctx({}))).toEqual([]);
  });

  describe('R1: operated at least one year', () => {
    it('passes on the anniversary and fails the day before', () => {
      expect(ids(ctx({ operatingSince: '2023-03-01', decidedOn: '2024-03-01' }))).toEqual([]);
      const [violation] = checkRatingRules(ctx({ operatingSince: '2023-03-01', decidedOn: '2024-02-29' }));
      expect(violation).toEqual({
        ruleId: 'R1',
        message: '自开始运营（2023-03-01）至评定日期（2024-02-29）未满1年；按北京市星级评定管理办法，运营满1年方可申请评定。',
      });
    });

    it('flags an unknown start of operation', () => {
      const [violation] = checkRatingRules(ctx({ operatingSince: null }));
      expect(violation?.ruleId).toBe('R1');
      expect(violation?.message).toContain('未登记开始运营日期');
    });
  });

  describe('R2: first rating cap', () => {
    it('caps an institution at 二星 and a station at 一星', () => {
      expect(ids(ctx({ level: 2 }))).toEqual([]);
      const [violation] = checkRatingRules(ctx({ level: 3 }));
      expect(violation).toEqual({
        ruleId: 'R2',
        message: '养老机构首次评定（或星级被撤销后重新评定）最高为二星级，本次评定为三星级。',
      });
      expect(ids(ctx({ scheme: station, level: 1 }))).toEqual([]);
      expect(checkRatingRules(ctx({ scheme: station, level: 2 }))[0]?.message).toBe(
        '驿站首次评定（或星级被撤销后重新评定）最高为一星级，本次评定为二星级。',
      );
    });

    it('applies again after the only earlier rating was revoked', () => {
      const revoked = rating(3, '2021-01-01', { revokedOn: '2022-01-01' });
      expect(ids(ctx({ level: 3, previousRatings: [revoked] }))).toEqual(['R2']);
      expect(ids(ctx({ level: 2, previousRatings: [revoked] }))).toEqual([]);
    });

    it('does not apply once the facility holds a star', () => {
      expect(ids(ctx({ level: 3, previousRatings: [rating(2, '2022-01-01')] }))).toEqual([]);
    });

    it('ignores earlier ratings decided on or after the decision date', () => {
      expect(ids(ctx({ level: 3, previousRatings: [rating(2, '2024-03-01')] }))).toEqual(['R2']);
    });
  });

  describe('R3: one level at a time', () => {
    it('refuses a two-level promotion and allows one level, renewal and downgrade', () => {
      const previous = [rating(2, '2021-01-01')];
      const [violation] = checkRatingRules(ctx({ level: 4, previousRatings: previous }));
      expect(violation).toEqual({ ruleId: 'R3', message: '星级须逐级晋升：当前为二星级，本次评定为四星级，一次晋升超过1级。' });
      expect(ids(ctx({ level: 3, previousRatings: previous }))).toEqual([]);
      expect(ids(ctx({ level: 2, previousRatings: previous }))).toEqual([]);
      expect(ids(ctx({ level: 1, previousRatings: previous }))).toEqual([]);
    });

    it('counts from an expired star for a renewal decided after the lapse', () => {
      const expired = rating(3, '2020-01-01'); // valid through 2023-01-01
      expect(ids(ctx({ level: 4, decidedOn: '2023-03-01', previousRatings: [expired] }))).toEqual([]);
      expect(ids(ctx({ level: 5, decidedOn: '2023-03-01', previousRatings: [expired] }))).toEqual(['R3']);
    });
  });

  describe('R4: a year at the current level before promotion', () => {
    it('passes on the anniversary of the current level and fails the day before', () => {
      const previous = [rating(2, '2023-03-01')];
      expect(ids(ctx({ level: 3, decidedOn: '2024-03-01', previousRatings: previous }))).toEqual([]);
      const [violation] = checkRatingRules(ctx({ level: 3, decidedOn: '2024-02-29', previousRatings: previous }));
      expect(violation).toEqual({
        ruleId: 'R4',
        message: '晋升须保持现有星级满1年：自 2023-03-01 起为二星级，至评定日期（2024-02-29）未满1年。',
      });
    });

    it('counts a same-level renewal as continuous holding', () => {
      const previous = [rating(2, '2020-05-01'), rating(2, '2023-04-15')];
      expect(currentStanding({ decidedOn: '2023-10-01', previousRatings: previous })).toEqual({
        level: 2,
        heldSince: '2020-05-01',
      });
      expect(ids(ctx({ level: 3, decidedOn: '2023-10-01', previousRatings: previous }))).toEqual([]);
    });

    it('restarts the clock after a downgrade', () => {
      const previous = [rating(2, '2019-01-01'), rating(3, '2020-06-01'), rating(2, '2023-06-01')];
      expect(currentStanding({ decidedOn: '2024-01-01', previousRatings: previous })?.heldSince).toBe('2023-06-01');
      expect(ids(ctx({ level: 3, decidedOn: '2024-01-01', previousRatings: previous }))).toEqual(['R4']);
    });

    it('does not apply to a renewal or a downgrade', () => {
      const previous = [rating(3, '2023-12-01')];
      expect(ids(ctx({ level: 3, previousRatings: previous }))).toEqual([]);
      expect(ids(ctx({ level: 2, previousRatings: previous }))).toEqual([]);
    });
  });

  it('reports several violations in rule order', () => {
    const previous = [rating(1, '2023-10-01')];
    expect(ids(ctx({ level: 3, operatingSince: '2023-06-01', previousRatings: previous }))).toEqual(['R1', 'R3', 'R4']);
  });

  it('runs a caller-supplied rule list', () => {
    const onlyR2 = RATING_RULES.filter((r) => r.id === 'R2');
    expect(checkRatingRules(ctx({ level: 3, operatingSince: null }), onlyR2).map((v) => v.ruleId)).toEqual(['R2']);
    expect(checkRatingRules(ctx({ level: 3 }), [])).toEqual([]);
  });

  it('gives every rule an id and a Chinese label', () => {
    expect(RATING_RULES.map((r) => r.id)).toEqual(['R1', 'R2', 'R3', 'R4']);
    for (const rule of RATING_RULES) expect(rule.label).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('starRatingRate', () => {
  it('divides institutions at 二星 or above by operating institutions, in percent', () => {
    expect(starRatingRate({ operatingInstitutions: 6, operatingInstitutionsAtLeastTwoStars: 4 })).toEqual({
      value: 66.7,
      numerator: 4,
      denominator: 6,
    });
    expect(starRatingRate({ operatingInstitutions: 16, operatingInstitutionsAtLeastTwoStars: 15 }).value).toBe(93.8);
    expect(starRatingRate({ operatingInstitutions: 5, operatingInstitutionsAtLeastTwoStars: 0 }).value).toBe(0);
  });

  it('is missing, not 0, without operating institutions', () => {
    expect(starRatingRate({ operatingInstitutions: 0, operatingInstitutionsAtLeastTwoStars: 0 })).toEqual({
      value: null,
      numerator: 0,
      denominator: 0,
      missingReason: '统计日无运营中的养老机构，无法计算星评率',
    });
  });
});

describe('roundHalfUp', () => {
  it('rounds halves up in decimal', () => {
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(0.125, 2)).toBe(0.13);
    expect(roundHalfUp(42.65, 1)).toBe(42.7);
    expect(roundHalfUp(-0.45, 1)).toBe(-0.5);
    expect(Object.is(roundHalfUp(-0.001, 1), 0)).toBe(true);
    expect(roundHalfUp(1e-9, 2)).toBe(0);
  });

  it('gives what shifting the decimal string gives, for ratios, percentages and counts alike', () => {
    // The reference: the decimal string shifted, rounded, shifted back (the rule itself, slow).
    const byString = (value: number, decimals: number) => {
      const sign = value < 0 ? -1 : 1;
      const text = String(Math.abs(value));
      if (text.includes('e')) return (sign * Math.round(Math.abs(value) * 10 ** decimals)) / 10 ** decimals || 0;
      return sign * Number(`${Math.round(Number(`${text}e${decimals}`))}e-${decimals}`) || 0;
    };
    let seed = 3;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const values: number[] = [0.125, 2.675, 1.005, 8.345, -2.5, 1234.5, 99.995];
    for (let i = 0; i < 100_000; i++) {
      values.push((Math.floor(rnd() * 100000) / 1000) * (rnd() < 0.2 ? -1 : 1)); // decimals as typed
      values.push((Math.floor(rnd() * 1000) / Math.floor(1 + rnd() * 999)) * 100); // a share in percent
      values.push(Math.floor(rnd() * 1e6)); // a count
    }
    const differ = values.flatMap((v) => [0, 1, 2, 3].filter((d) => !Object.is(roundHalfUp(v, d), byString(v, d))).map((d) => `${v}@${d}`));
    expect(differ).toEqual([]);
  });
});
