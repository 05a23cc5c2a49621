import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
import { projectDistrict, trendValue } from '../../shared/domain/planning';

// Hand-computed (today 2026-11-23), 密云 110118:
//   population recorded 2020: 常住 500,000, 60+ 100,000; 2024: 540,000, 120,000 → trend 2025: 550,000 / 125,000;
//   2030: 600,000 / 150,000.
//   today's beds: one institution, 100 beds of which 60 护理型.
//   projects: new 300 (200 护理型) in construction due 2025-06-30; extension 100 (50) planned 2028-12-31;
//   a retirement of 20 beds due 2025-03-01; a completed project of 50 (already in the registry: not added).
//   2025: 100 + 300 − 20 = 380 beds, 260 护理型 → 0.69 per 1,000 residents against the plan's 10 → missing
//   ceil(10 × 550,000 ÷ 1000) − 380 = 5,120; 护理型 share 68.4 % ≥ 55 % (national) → met.
//   2030: 480 beds, 310 护理型 → 0.80; the 2025 target carried → missing 6,000 − 480 = 5,520.

let core: TestCore;
beforeEach(async () => {
  core = await makeCore({ today: '2026-11-23' });
  await core.call('population.upsert', { areaCode: '110118', year: 2020, resident: 500000, resident60: 100000 });
  await core.call('population.upsert', { areaCode: '110118', year: 2024, resident: 540000, resident60: 120000 });
  const A = (await core.call('facilities.create', { name: '密云社会福利中心', kind: 'institution', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01' })).id;
  await core.call('beds.bulkCreate', { facilityId: A, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 130, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2020-01-01' });
  await core.call('beds.bulkCreate', { facilityId: A, buildingName: '1号楼', floor: 2, roomFrom: 201, roomTo: 220, bedsPerRoom: 2, category: 'long_term', nursing: false, openedOn: '2020-01-01' });
  const base = { districtCode: '110118', source: '密云区养老服务设施专项规划' };
  await core.call('planning.saveProject', { ...base, name: '新城养老中心', kind: 'new', plannedBeds: 300, nursingBeds: 200, status: 'building', plannedCompletionOn: '2025-06-30' });
  await core.call('planning.saveProject', { ...base, name: '福利中心扩建', kind: 'extension', facilityId: A, plannedBeds: 100, nursingBeds: 50, status: 'planned', plannedCompletionOn: '2028-12-31' });
  await core.call('planning.saveProject', { ...base, name: '旧楼腾退', kind: 'retirement', plannedBeds: 20, status: 'planned', plannedCompletionOn: '2025-03-01' });
  await core.call('planning.saveProject', { ...base, name: '已竣工项目', kind: 'new', plannedBeds: 50, status: 'completed', plannedCompletionOn: '2024-01-01', actualCompletionOn: '2024-03-01' });
});
afterEach(async () => {
  await core?.close();
});

describe('规划测算', () => {
  it('projects beds and indicators to 2025 and 2030 and says how many beds are missing', async () => {
    const r = await core.call('planning.project', { years: [2025, 2030], districtCode: '110118' });
    expect(r.rows).toHaveLength(1);
    const [y2025, y2030] = r.rows[0]!.projections;
    expect(r.rows[0]!.base).toEqual({ beds: 100, nursingBeds: 60, nursingScopeBeds: 100 });
    expect(y2025).toMatchObject({ beds: 380, nursingBeds: 260, addedBeds: 300, retiredBeds: 20, residents: { value: 550000, method: 'trend', fromYears: [2020, 2024] }, elderly: { value: 125000 } });
    const v25 = Object.fromEntries(y2025!.values.map((v) => [v.metricId, v]));
    expect(v25.beds_per_thousand_residents).toMatchObject({ value: 0.69, met: false, missing: 5120, carried: false, target: { value: 10, year: 2025 } });
    expect(v25.nursing_bed_share).toMatchObject({ value: 68.4, met: true, missing: 0, target: { value: 55 } });
    const v30 = Object.fromEntries(y2030!.values.map((v) => [v.metricId, v]));
    expect(y2030).toMatchObject({ beds: 480, nursingBeds: 310, residents: { value: 600000 } });
    expect(v30.beds_per_thousand_residents).toMatchObject({ value: 0.8, met: false, missing: 5520, carried: true });
  });

  it('goes into the indicator workbook as 规划测算', async () => {
    const file = await core.call('exports.indicators', { asOf: '2026-11-23', format: 'xlsx', level: 'district' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as never);
    const sheet = wb.getWorksheet('规划测算')!;
    const rows: unknown[][] = [];
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]).toContain('尚缺床位（张）');
    const miyun2025 = rows.find((r) => r[0] === '110118' && r[2] === 2025 && r[3] === '每千名常住人口养老床位数');
    expect(miyun2025).toEqual(['110118', '密云区', 2025, '每千名常住人口养老床位数', 0.69, '>= 10', '2025', '未达标', 5120, 380, 260, 550000, '按2020、2024年直线趋势', 125000, '60岁及以上常住人口，按2020、2024年直线趋势']);
  });

  it('prefers an entered population projection to the trend', async () => {
    await core.call('planning.savePopulation', { areaCode: '110118', year: 2030, resident: 480000, source: '区统计局预测' });
    const r = await core.call('planning.project', { years: [2030], districtCode: '110118' });
    const p = r.rows[0]!.projections[0]!;
    expect(p.residents).toEqual({ value: 480000, method: 'entered', fromYears: [2030] });
    // 480 beds ÷ 480,000 × 1000 = 1.00; missing 4,800 − 480 = 4,320
    expect(p.values.find((v) => v.metricId === 'beds_per_thousand_residents')).toMatchObject({ value: 1, missing: 4320 });
  });

  it('refuses a completed project without its completion date, and more 护理型 than planned beds', async () => {
    const base = { districtCode: '110118', source: '测试', name: 'X', kind: 'new' as const, plannedCompletionOn: '2027-01-01' };
    expect((await core.fail('planning.saveProject', { ...base, plannedBeds: 10, status: 'completed' })).code).toBe('VALIDATION');
    expect((await core.fail('planning.saveProject', { ...base, plannedBeds: 10, nursingBeds: 11, status: 'planned' })).code).toBe('VALIDATION');
  });
});

describe('the projection arithmetic', () => {
  it('fits a least-squares line, and carries a single year forward', () => {
    // slope 15 a year through (2021, 113.33) → 2025: 173.33 → 173
    expect(trendValue([{ year: 2020, value: 100 }, { year: 2021, value: 110 }, { year: 2022, value: 130 }], 2025)).toEqual({ value: 173, method: 'trend', fromYears: [2020, 2021, 2022] });
    expect(trendValue([{ year: 2020, value: 100 }], 2030)).toEqual({ value: 100, method: 'latest', fromYears: [2020] });
    expect(trendValue([], 2030)).toBeNull();
  });

  it('counts the new 护理型 beds a share target needs', () => {
    const p = projectDistrict({
      year: 2025,
      base: { beds: 100, nursingBeds: 40, nursingScopeBeds: 100 },
      projects: [],
      residents: null,
      elderly: null,
      targets: [{ metricId: 'nursing_bed_share', comparator: '>=', value: 55, year: 2025, source: 's' }],
    });
    // (40 + x) ÷ (100 + x) ≥ 0.55 → x ≥ 33.3 → 34
    expect(p.values.find((v) => v.metricId === 'nursing_bed_share')).toMatchObject({ value: 40, met: false, missing: 34 });
    expect(p.values.find((v) => v.metricId === 'beds_per_thousand_residents')).toMatchObject({ value: null, met: null, missing: null });
  });
});
