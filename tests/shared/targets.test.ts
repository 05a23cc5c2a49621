import { describe, expect, it } from 'vitest';
import { INDICATOR_BY_ID, type IndicatorValue } from '../../shared/domain/indicators';
import {
  CITY_AREA_CODE,
  NATIONAL_AREA_CODE,
  PLAN_MEASURES,
  SEED_TARGETS,
  attainment,
  metricInfo,
  targetSchema,
  targetsForArea,
  type Target,
} from '../../shared/domain/targets';

function seed(id: string): Target {
  const target = SEED_TARGETS.find((t) => t.id === id);
  if (!target) throw new Error(`no seed target ${id}`);
  return target;
}

describe('seed targets', () => {
  it('are valid, uniquely identified and name a known metric', () => {
    expect(new Set(SEED_TARGETS.map((t) => t.id)).size).toBe(SEED_TARGETS.length);
    for (const target of SEED_TARGETS) {
      expect(() => targetSchema.parse(target), target.id).not.toThrow();
      expect(metricInfo(target.metricId).name, target.id).toMatch(/[\u4e00-\u9fff]/);
      expect(target.source, target.id).toMatch(/[《“]/);
    }
  });

  it('hold the targets issue 6 names', () => {
    expect(seed('miyun-2025-beds-per-thousand-residents')).toMatchObject({
      areaCode: '110118',
      metricId: 'beds_per_thousand_residents',
      year: 2025,
      comparator: '>=',
      value: 10,
      baseline: { value: 10.8, year: 2020 },
      attribute: 'expected',
    });
    expect(seed('mentougou-2025-beds-per-thousand-residents')).toMatchObject({
      areaCode: '110109',
      value: 7.6,
      baseline: { value: 6.69, year: 2020 },
      attribute: 'unspecified',
    });
    expect(seed('miyun-2025-reserve-bed-share')).toMatchObject({ metricId: 'reserve_bed_share', value: 2, comparator: '>=' });
    for (const [id, area] of [
      ['miyun-2025-caregivers', '110118'],
      ['daxing-2025-caregivers', '110115'],
    ] as const) {
      expect(seed(id)).toMatchObject({ areaCode: area, metricId: 'caregivers_per_ten_thousand_elderly', value: 50 });
    }
    expect(seed('national-2025-nursing-bed-share')).toMatchObject({
      areaCode: NATIONAL_AREA_CODE,
      metricId: 'nursing_bed_share',
      value: 55,
      year: 2025,
    });
  });

  it('hold the other bed, facility and rating targets of the plans', () => {
    expect(seed('miyun-2025-mutual-aid-points')).toMatchObject({ value: 100, attribute: 'expected' });
    expect(seed('miyun-2025-brand-institutions')).toMatchObject({ value: 2, attribute: 'expected' });
    expect(seed('miyun-2025-tekun-central-support')).toMatchObject({ value: 100, attribute: 'binding' });
    expect(seed('daxing-2025-care-centers')).toMatchObject({ metricId: 'care_centers', value: 20 });
    expect(seed('daxing-2025-care-center-coverage')).toMatchObject({ metricId: 'care_center_street_coverage', value: 100 });
    expect(seed('daxing-2025-public-institution-nursing-60').value).toBe(1);
    expect(seed('daxing-2025-township-home-three-star').value).toBe(1);
    expect(seed('daxing-2025-intellectual-disability-facilities').value).toBe(2);
    expect(seed('daxing-2025-mental-health-facility').value).toBe(1);
    expect(seed('miyun-2025-consortium-coverage').value).toBe(80);
    expect(seed('miyun-2025-facility-area-per-capita').value).toBe(0.1);
  });

  it('marks plan measures the app does not compute', () => {
    expect(metricInfo('brand_institutions')).toMatchObject({ computed: false, unit: '家' });
    expect(metricInfo('beds_per_thousand_residents')).toMatchObject({ computed: true, decimals: 2, unit: '张/千人' });
    for (const measure of PLAN_MEASURES) expect(INDICATOR_BY_ID[measure.id as never]).toBeUndefined();
  });

  it('says why a plan measure can never be computed, so its seeded target is not a silent 无数据', () => {
    expect(metricInfo('brand_institutions').notComputedReason).toBe('无法计算：“示范性品牌”为认定结果，系统未登记');
    expect(metricInfo('beds_per_thousand_residents').notComputedReason).toBeNull();
    for (const measure of PLAN_MEASURES) expect(metricInfo(measure.id).notComputedReason).toMatch(/^无法计算：.+/);
  });

  it('refuses an unknown metric or a malformed area code', () => {
    const base = seed('miyun-2025-beds-per-thousand-residents');
    expect(() => targetSchema.parse({ ...base, metricId: 'no_such_metric' })).toThrow();
    expect(() => targetSchema.parse({ ...base, areaCode: '1101' })).toThrow();
  });
});

describe('attainment', () => {
  const miyun = seed('miyun-2025-beds-per-thousand-residents'); // >= 10
  const mentougou = seed('mentougou-2025-beds-per-thousand-residents'); // >= 7.6
  const reserve = seed('miyun-2025-reserve-bed-share'); // >= 2 %

  it('is met when the actual reaches the target, with a non-negative gap', () => {
    expect(attainment(miyun, 10)).toEqual({ status: 'met', gap: 0 });
    expect(attainment(mentougou, 7.61)).toEqual({ status: 'met', gap: 0.01 });
  });

  it('is simply met when already exceeded at baseline', () => {
    expect(attainment(miyun, 10.8)).toEqual({ status: 'met', gap: 0.8 });
  });

  it('is not met below the target, with the shortfall as a negative gap', () => {
    expect(attainment(mentougou, 6.69)).toEqual({ status: 'not_met', gap: -0.91 });
    expect(attainment(mentougou, 7.59)).toEqual({ status: 'not_met', gap: -0.01 });
    expect(attainment(reserve, 1.9)).toEqual({ status: 'not_met', gap: -0.1 });
    expect(attainment(reserve, 2)).toEqual({ status: 'met', gap: 0 });
  });

  it('has no data when the actual is missing', () => {
    expect(attainment(miyun, null)).toEqual({ status: 'no_data', gap: null });
    expect(attainment(miyun, Number.NaN)).toEqual({ status: 'no_data', gap: null });
    expect(attainment(seed('miyun-2025-brand-institutions'), null)).toEqual({ status: 'no_data', gap: null });
  });

  it('accepts a computed indicator value', () => {
    const computed: IndicatorValue = { id: 'beds_per_thousand_residents', value: 9.96, numerator: 448, denominator: 45000 };
    expect(attainment(miyun, computed)).toEqual({ status: 'not_met', gap: -0.04 });
    const missing: IndicatorValue = {
      id: 'beds_per_thousand_residents',
      value: null,
      numerator: 448,
      denominator: null,
      missingReason: '缺少2024年及以前的常住人口数据',
    };
    expect(attainment(miyun, missing)).toEqual({ status: 'no_data', gap: null });
  });

  it('handles <= and = comparators', () => {
    const cap = { metricId: 'occupancy_rate' as const, comparator: '<=' as const, value: 95 };
    expect(attainment(cap, 95)).toEqual({ status: 'met', gap: 0 });
    expect(attainment(cap, 96.5)).toEqual({ status: 'not_met', gap: 1.5 });
    const exact = { metricId: 'care_centers' as const, comparator: '=' as const, value: 20 };
    expect(attainment(exact, 20)).toEqual({ status: 'met', gap: 0 });
    expect(attainment(exact, 19)).toEqual({ status: 'not_met', gap: -1 });
  });

  it('rounds the gap free of floating-point noise', () => {
    expect(attainment({ metricId: 'nursing_bed_share', comparator: '>=', value: 55 }, 55.3).gap).toBe(0.3);
    expect(attainment({ metricId: 'beds_per_thousand_residents', comparator: '>=', value: 0.3 }, 0.1 + 0.2)).toEqual({
      status: 'met',
      gap: 0,
    });
  });
});

describe('targetsForArea', () => {
  it('returns an area’s own targets, and wider benchmarks on request', () => {
    const own = targetsForArea(SEED_TARGETS, '110118');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((t) => t.areaCode === '110118' && !t.inherited)).toBe(true);

    const withWider = targetsForArea(SEED_TARGETS, '110118', { includeWider: true });
    const national = withWider.find((t) => t.id === 'national-2025-nursing-bed-share');
    expect(national?.inherited).toBe(true);
    expect(withWider.some((t) => t.areaCode === '110115')).toBe(false);

    expect(targetsForArea(SEED_TARGETS, '110118', { year: 2030 })).toEqual([]);
    expect(targetsForArea(SEED_TARGETS, CITY_AREA_CODE, { includeWider: true }).map((t) => t.id)).toEqual([
      'national-2025-nursing-bed-share',
    ]);
  });
});
