import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
import type { BedBoard, IndicatorReport, QualityReport } from '../../shared/contract';
import { QUALITY_KINDS } from '../../electron/core/features/quality/service';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import { runCli } from '../../electron/core/cli/main';
import { openSqlite } from '../../electron/core/db/connection';

// Hand-computed fixture (as of 2026-11-23 unless said otherwise):
//   密云 110118: population 2025 row: 常住 100,000, 60+ 常住 20,000, 60+ 户籍 16,000.
//     A 密云社会福利中心 (institution, operating since 2015, 核定 10, 内设医疗机构):
//        rooms 301–303 × 2 long-term 护理型 beds (6) + rooms 401–402 × 2 short-term non-nursing (4), from 2020-01-01;
//        bed 401-1 reserve from 2020-01-01; bed 402-2 becomes 护理型 on 2026-03-01; bed 303-2 retired 2026-06-01.
//        one resident in 301-1 since 2026-02-01.
//     B 檀营驿站 (community station, operating since 2018): 2 long-term non-nursing beds from 2019-01-01.
//     one family care bed (provider B) opened 2026-05-01.
//   门头沟 110109: C 门头沟敬老院 (institution, operating since 2012, 核定 4): 4 long-term 护理型 beds from 2012-06-01.
//     门头沟 keeps only the seeded 2020 census population (392,606 常住).
// So on 2026-11-23: 密云 beds = 9 (A, one retired) + 2 (B) = 11; 护理型 in institutions = 5 + 1 (402-2) = 6 of 9 in A.

let core: TestCore;
let A = '';
let B = '';
let C = '';
const bed: Record<string, string> = {};

function fullScores() {
  return {
    selfCare: { eating: 4, grooming: 4, bathing: 4, dressingUpper: 4, dressingLower: 4, urinaryControl: 4, bowelControl: 4, toileting: 4 },
    mobility: { bedPositionTransfer: 4, bedChairTransfer: 4, walking: 4, stairs: 3 },
    mental: { timeOrientation: 4, spaceOrientation: 4, personOrientation: 4, memory: 4, comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2 },
    perception: { vision: 2, hearing: 2, dailyAffairs: 4, transportation: 3, socialInteraction: 4 },
  };
}

function idFor(birth: string, seq: string): string {
  const first17 = `110118${birth}${seq}`;
  return first17 + computeCheckDigit(first17);
}

function bedIdOf(board: BedBoard, room: string, number: string): string {
  for (const b of board.buildings) for (const f of b.floors) for (const r of f.rooms) {
    const x = r.number === room ? r.beds.find((y) => y.number === number) : undefined;
    if (x) return x.id;
  }
  throw new Error(`no bed ${room}-${number}`);
}

function value(report: IndicatorReport, area: string, id: string) {
  const row = report.rows.find((r) => r.areaCode === area);
  if (!row) throw new Error(`no row ${area}`);
  const v = row.values.find((x) => x.id === id);
  if (!v) throw new Error(`no indicator ${id}`);
  return v;
}

beforeEach(async () => {
  core = await makeCore({ today: '2026-11-23' });
  await core.call('population.upsert', { areaCode: '110118', year: 2025, resident: 100000, resident60: 20000, registered60: 16000 });
  A = (await core.call('facilities.create', { name: '密云社会福利中心', kind: 'institution', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01', approvedBeds: 10, medicalService: 'onsite' })).id;
  B = (await core.call('facilities.create', { name: '檀营驿站', kind: 'community_station', ownership: 'public', areaCode: '110118', openedOn: '2018-01-01' })).id;
  C = (await core.call('facilities.create', { name: '门头沟敬老院', kind: 'institution', ownership: 'public', areaCode: '110109', openedOn: '2012-01-01', approvedBeds: 4 })).id;
  await core.call('beds.bulkCreate', { facilityId: A, buildingName: '1号楼', floor: 3, roomFrom: 301, roomTo: 303, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2020-01-01' });
  await core.call('beds.bulkCreate', { facilityId: A, buildingName: '1号楼', floor: 4, roomFrom: 401, roomTo: 402, bedsPerRoom: 2, category: 'short_term', nursing: false, openedOn: '2020-01-01' });
  await core.call('beds.bulkCreate', { facilityId: B, buildingName: '驿站', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 2, category: 'long_term', nursing: false, openedOn: '2019-01-01' });
  await core.call('beds.bulkCreate', { facilityId: C, buildingName: '主楼', floor: 1, roomFrom: 101, roomTo: 102, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2012-06-01' });
  const board = await core.call('beds.board', { facilityId: A, asOf: null });
  for (const r of ['301', '302', '303', '401', '402']) for (const n of ['1', '2']) bed[`${r}-${n}`] = bedIdOf(board, r, n);
  await core.call('beds.setAttributes', { id: bed['401-1']!, effectiveOn: '2020-01-02', category: 'short_term', nursing: false, reserve: true });
  await core.call('beds.setAttributes', { id: bed['402-2']!, effectiveOn: '2026-03-01', category: 'short_term', nursing: true, reason: '改造为护理型' });
  await core.call('beds.retire', { id: bed['303-2']!, retiredOn: '2026-06-01', reason: '房间改造' });
  const elder = await core.call('elders.create', { name: '王大爷', idNumber: idFor('19400101', '011') });
  await core.call('stays.admit', { elderId: elder.id, bedId: bed['301-1']!, admittedOn: '2026-02-01', feeClass: 'standard' });
  const home = await core.call('elders.create', { name: '李奶奶', idNumber: idFor('19380303', '022') });
  await core.call('assessments.create', { elderId: home.id, assessedOn: '2026-04-20', reason: 'initial', assessor: '评估员', assessment: { scores: fullScores() } });
  await core.call('familyBeds.open', { providerFacilityId: B, elderId: home.id, areaCode: '110118', address: '檀营乡 1 号', agreementStartOn: '2026-05-01', openedOn: '2026-05-01' });
});

afterEach(async () => {
  await core?.close();
});

describe('indicators by district, hand-computed', () => {
  it('computes every bed indicator with the default options', async () => {
    const r = await core.call('indicators.report', { asOf: '2026-11-23' });
    expect(r.rows[0]!.areaCode).toBe('110000');
    expect(r.rows.filter((x) => x.level === 'district')).toHaveLength(16);
    expect(value(r, '110118', 'eldercare_beds').value).toBe(11);
    // 11 ÷ 100,000 × 1000 = 0.11 (the 2025 figure, latest not after 2026)
    expect(value(r, '110118', 'beds_per_thousand_residents')).toMatchObject({ value: 0.11, numerator: 11, denominator: 100000, populationYear: 2025 });
    // 11 ÷ 20,000 × 1000 = 0.55
    expect(value(r, '110118', 'beds_per_thousand_elderly').value).toBe(0.55);
    // 护理型 over 养老机构 only: A has 9 open beds, 6 护理型 → 66.7 %
    expect(value(r, '110118', 'nursing_beds').value).toBe(6);
    expect(value(r, '110118', 'nursing_bed_share')).toMatchObject({ value: 66.7, numerator: 6, denominator: 9 });
    // 1 reserve of 11 → 9.1 %; 1 resident of 11 → 9.1 %
    expect(value(r, '110118', 'reserve_bed_share')).toMatchObject({ value: 9.1, numerator: 1, denominator: 11 });
    expect(value(r, '110118', 'occupancy_rate')).toMatchObject({ value: 9.1, numerator: 1, denominator: 11 });
    expect(value(r, '110118', 'family_care_beds').value).toBe(1);
    // 1 ÷ 20,000 × 1000 = 0.05
    expect(value(r, '110118', 'family_care_beds_per_thousand_elderly').value).toBe(0.05);
    expect(value(r, '110118', 'institutions').value).toBe(1);
    expect(value(r, '110118', 'community_stations').value).toBe(1);
    // 门头沟: 4 beds over the seeded 2020 census 392,606 → 0.01
    expect(value(r, '110109', 'beds_per_thousand_residents')).toMatchObject({ value: 0.01, populationYear: 2020 });
    // City = sum of districts: 15 beds, 护理型 10 of 13 institution beds → 76.9 %
    expect(value(r, '110000', 'eldercare_beds').value).toBe(15);
    expect(value(r, '110000', 'nursing_bed_share')).toMatchObject({ numerator: 10, denominator: 13, value: 76.9 });
    // 医疗服务覆盖率: one of two institutions with a medical service → 50 %
    expect(value(r, '110000', 'medical_service_coverage')).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    expect(value(r, '110118', 'beds_per_thousand_residents').populationYear).toBe(2025);
    expect(r.optionsText.length).toBeGreaterThan(3);
  });

  it('counts as of dates around the retirement and the nursing-flag change', async () => {
    const before = await core.call('indicators.report', { asOf: '2026-02-28' });
    expect(value(before, '110118', 'eldercare_beds').value).toBe(12);
    expect(value(before, '110118', 'nursing_beds').value).toBe(6);
    const flag = await core.call('indicators.report', { asOf: '2026-03-01' });
    expect(value(flag, '110118', 'nursing_beds').value).toBe(7);
    const lastDay = await core.call('indicators.report', { asOf: '2026-05-31' });
    expect(value(lastDay, '110118', 'eldercare_beds').value).toBe(12);
    expect(value(lastDay, '110118', 'family_care_beds').value).toBe(1);
    expect(value(await core.call('indicators.report', { asOf: '2026-04-30' }), '110118', 'family_care_beds').value).toBe(0);
    const retired = await core.call('indicators.report', { asOf: '2026-06-01' });
    expect(value(retired, '110118', 'eldercare_beds').value).toBe(11);
    expect(value(retired, '110118', 'nursing_beds').value).toBe(6);
    // Before the resident arrived nobody occupied a bed.
    expect(value(await core.call('indicators.report', { asOf: '2026-01-31' }), '110118', 'occupied_beds').value).toBe(0);
  });

  it('shows a missing population as missing with the reason, never as 0, and a zero denominator likewise', async () => {
    const r = await core.call('indicators.report', { asOf: '2019-12-31' });
    const v = value(r, '110109', 'beds_per_thousand_residents');
    expect(v.value).toBeNull();
    expect(v.missingReason).toContain('常住人口');
    expect(value(r, '110109', 'eldercare_beds').value).toBe(4);
    // 朝阳 has no beds at all: the share has no denominator.
    const share = value(r, '110105', 'nursing_bed_share');
    expect(share.value).toBeNull();
    expect(share.missingReason).toBeTruthy();
    // 密云 before 2020: only station B's 2 beds (A's beds open 2020-01-01).
    expect(value(r, '110118', 'eldercare_beds').value).toBe(2);
  });

  it('applies every option: family beds, facility kinds, population basis and age, nursing scope, statuses', async () => {
    const asOf = '2026-11-23';
    const withFamily = await core.call('indicators.report', { asOf, options: { includeFamilyCareBeds: true } });
    expect(value(withFamily, '110118', 'eldercare_beds').value).toBe(12);
    const institutionsOnly = await core.call('indicators.report', { asOf, options: { bedFacilityKinds: ['institution'] } });
    expect(value(institutionsOnly, '110118', 'eldercare_beds').value).toBe(9);
    const registered = await core.call('indicators.report', { asOf, options: { elderlyPopulationBasis: 'registered' } });
    // 11 ÷ 16,000 × 1000 = 0.6875 → 0.69
    expect(value(registered, '110118', 'beds_per_thousand_elderly').value).toBe(0.69);
    const age65 = await core.call('indicators.report', { asOf, options: { elderlyAgeThreshold: 65 } });
    expect(value(age65, '110118', 'beds_per_thousand_elderly').value).toBeNull();
    const allScope = await core.call('indicators.report', { asOf, options: { nursingShareScope: 'all' } });
    // 6 护理型 of all 11 beds → 54.5 %
    expect(value(allScope, '110118', 'nursing_bed_share')).toMatchObject({ numerator: 6, denominator: 11, value: 54.5 });
    // Suspending A from 2026-10-01: with only 运营 counted its beds leave the count.
    await core.call('facilities.setStatus', { id: A, status: 'suspended', effectiveOn: '2026-10-01', reason: '整改' });
    const operatingOnly = await core.call('indicators.report', { asOf, options: { facilityStatusesCounted: ['operating'] } });
    expect(value(operatingOnly, '110118', 'eldercare_beds').value).toBe(2);
    expect(value(await core.call('indicators.report', { asOf }), '110118', 'eldercare_beds').value).toBe(11);
    // Saved options become the default for every report, and are audited.
    await core.call('indicators.options.set', { includeFamilyCareBeds: true });
    expect((await core.call('indicators.options.get', {})).includeFamilyCareBeds).toBe(true);
    expect(value(await core.call('indicators.report', { asOf }), '110118', 'eldercare_beds').value).toBe(12);
    expect((await core.call('audit.list', { entity: 'setting', limit: 5 })).rows[0]?.action).toBe('indicators.options.set');
    expect((await core.fail('indicators.options.set', { bedFacilityKinds: [] })).code).toBe('VALIDATION');
  });

  it('drills into the facilities behind a value; their numerators add up', async () => {
    const d = await core.call('indicators.drill', { asOf: '2026-11-23', areaCode: '110118', indicatorId: 'eldercare_beds' });
    expect(d.rows.map((r) => [r.facilityName, r.numerator])).toEqual([['密云社会福利中心', 9], ['檀营驿站', 2]]);
    const share = await core.call('indicators.drill', { asOf: '2026-11-23', areaCode: '110118', indicatorId: 'nursing_bed_share' });
    expect(share.rows).toEqual([expect.objectContaining({ facilityId: A, numerator: 6, denominator: 9 })]);
    expect((await core.fail('indicators.drill', { asOf: '2026-11-23', areaCode: '110118', indicatorId: 'nope' })).code).toBe('INDICATOR_UNKNOWN');
  });

  it('pages the drill-down: each page is the same slice of the full answer, with the full count', async () => {
    for (const [areaCode, indicatorId] of [['110000', 'eldercare_beds'], ['110118', 'eldercare_beds'], ['110000', 'nursing_bed_share']] as const) {
      const full = await core.call('indicators.drill', { asOf: '2026-11-23', areaCode, indicatorId });
      expect(full.rows.length).toBeGreaterThan(0);
      for (const limit of [1, 2, 50]) {
        for (let offset = 0; offset <= full.rows.length + 1; offset += limit) {
          const page = await core.call('indicators.drillPage', { asOf: '2026-11-23', areaCode, indicatorId, offset, limit });
          expect(page).toEqual({ indicatorId, total: full.rows.length, rows: full.rows.slice(offset, offset + limit) });
        }
      }
    }
    // Without offset and limit: the first 50 rows (here all three of the city's facilities).
    const first = await core.call('indicators.drillPage', { asOf: '2026-11-23', areaCode: '110000', indicatorId: 'eldercare_beds' });
    expect([first.total, first.rows.length]).toEqual([3, 3]);
    expect((await core.fail('indicators.drillPage', { asOf: '2026-11-23', areaCode: '110118', indicatorId: 'nope' })).code).toBe('INDICATOR_UNKNOWN');
    expect((await core.fail('indicators.drillPage', { asOf: '2026-11-23', areaCode: '110118', indicatorId: 'eldercare_beds', limit: 501 })).code).toBe('VALIDATION');
  });

  it("turns the drill-down's pages without counting it again, and counts again after any write", async () => {
    const source = core.ctx.counting.source;
    const original = source.bedTallies;
    let counted = 0;
    source.bedTallies = (...args) => {
      counted++;
      return original.apply(source, args);
    };
    try {
      const q = { asOf: '2026-11-23', areaCode: '110000', indicatorId: 'eldercare_beds' };
      const pages = [];
      for (const offset of [0, 1, 2]) pages.push(await core.call('indicators.drillPage', { ...q, offset, limit: 1 }));
      expect(counted).toBe(1);
      // Another question is counted; the same question after a write (plain SQL from elsewhere) is counted again.
      await core.call('indicators.drillPage', { ...q, indicatorId: 'nursing_bed_share' });
      expect(counted).toBe(2);
      core.ctx.sqlite.prepare(`UPDATE facilities SET name = '密云社会福利中心（新址）' WHERE id = ?`).run(A);
      const after = await core.call('indicators.drillPage', { ...q, limit: 50 });
      expect(counted).toBe(3);
      expect(after.rows.map((r: { facilityName: string }) => r.facilityName)).toContain('密云社会福利中心（新址）');
      expect(pages.map((p) => p.rows[0]!.facilityId)).toEqual(after.rows.map((r: { facilityId: string }) => r.facilityId));
    } finally {
      source.bedTallies = original;
      core.ctx.sqlite.prepare(`UPDATE facilities SET name = '密云社会福利中心' WHERE id = ?`).run(A);
    }
  });

  it('gives a year-by-year trend as of 31 December', async () => {
    const t = await core.call('indicators.trend', { asOf: '2026-11-23', areaCode: '110118', indicatorId: 'eldercare_beds', fromYear: 2018 });
    expect(t.map((p) => [p.year, p.value])).toEqual([[2018, 0], [2019, 2], [2020, 12], [2021, 12], [2022, 12], [2023, 12], [2024, 12], [2025, 12], [2026, 11]]);
  });
});

describe('targets', () => {
  it('seeds the plan targets and judges attainment against the report', async () => {
    const targets = await core.call('targets.list', {});
    const miyun = targets.find((t) => t.areaCode === '110118' && t.metricId === 'beds_per_thousand_residents');
    expect(miyun).toMatchObject({ value: 10, year: 2025, attribute: 'expected', seeded: true });
    expect(targets.find((t) => t.areaCode === '110109' && t.metricId === 'beds_per_thousand_residents')?.value).toBe(7.6);
    const r = await core.call('indicators.report', { asOf: '2026-11-23' });
    const row = r.targets.find((t) => t.target.id === miyun!.id)!;
    expect(row.actual).toBe(0.11);
    expect(row.attainment).toEqual({ status: 'not_met', gap: -9.89 });
    // The national 55 % nursing share is judged for each district as a benchmark.
    const national = r.targets.filter((t) => t.target.metricId === 'nursing_bed_share' && t.inherited);
    expect(national.find((t) => t.areaName === '密云区')?.attainment.status).toBe('met');
    expect(national.find((t) => t.areaName === '朝阳区')?.attainment.status).toBe('no_data');
  });

  it('creates, edits and deletes targets with validation and audit', async () => {
    const t = await core.call('targets.create', { areaCode: '110118', metricId: 'reserve_bed_share', year: 2026, comparator: '>=', value: 2, attribute: 'binding', source: '区民政局内部目标' });
    let r = await core.call('indicators.report', { asOf: '2026-11-23' });
    expect(r.targets.find((x) => x.target.id === t.id)?.attainment).toEqual({ status: 'met', gap: 7.1 });
    await core.call('targets.update', { id: t.id, areaCode: '110118', metricId: 'reserve_bed_share', year: 2026, comparator: '>=', value: 10, attribute: 'binding', source: '区民政局内部目标' });
    r = await core.call('indicators.report', { asOf: '2026-11-23' });
    expect(r.targets.find((x) => x.target.id === t.id)?.attainment.status).toBe('not_met');
    expect((await core.fail('targets.create', { areaCode: '110118', metricId: 'nope', year: 2026, comparator: '>=', value: 2, attribute: 'binding', source: 'x' })).code).toBe('TARGET_INVALID');
    expect((await core.fail('targets.create', { areaCode: '110118', metricId: 'nursing_bed_share', year: 2026, comparator: '>=', value: 120, attribute: 'binding', source: 'x' })).code).toBe('TARGET_INVALID');
    expect((await core.fail('targets.create', { areaCode: '110199', metricId: 'nursing_bed_share', year: 2026, comparator: '>=', value: 50, attribute: 'binding', source: 'x' })).code).toBe('AREA_NOT_FOUND');
    await core.call('targets.delete', { id: t.id, reason: '目标调整' });
    expect((await core.call('targets.list', { areaCode: '110118' })).some((x) => x.id === t.id)).toBe(false);
    const actions = (await core.call('audit.list', { entity: 'target', limit: 10 })).rows.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['targets.create', 'targets.update', 'targets.delete']));
  });
});

describe('data-quality audit', () => {
  it('finds each kind of problem and links to the record', async () => {
    // A: 9 registered beds vs 核定 10 → mismatch; C: 4 vs 4 → fine.
    // A closed facility with open beds; a lapsed rating; an old elder row with a bad check digit.
    const D = (await core.call('facilities.create', { name: '已注销养老院', kind: 'institution', ownership: 'private', areaCode: '110105', openedOn: '2010-01-01' })).id;
    await core.call('beds.bulkCreate', { facilityId: D, buildingName: '楼', floor: 1, roomFrom: 1, roomTo: 1, bedsPerRoom: 1, category: 'long_term', nursing: false, openedOn: '2011-01-01' });
    await core.call('facilities.setStatus', { id: D, status: 'closed', effectiveOn: '2025-01-01', reason: '注销' });
    await core.call('ratings.create', { facilityId: C, level: 1, decidedOn: '2020-01-10' });
    core.ctx.sqlite
      .prepare(`INSERT INTO elders (id, name, id_number, birth_date, sex, hukou_area_code, created_at, updated_at)
                VALUES ('old-1', '旧数据', '110118194001010110', '1940-01-01', 'M', '110118', 'x', 'x')`)
      .run();
    // A stay that outlives its bed: only an old import could write it, so write it directly.
    core.ctx.sqlite.prepare(`UPDATE beds SET retired_on = '2026-09-01', retire_reason = '旧数据' WHERE id = ?`).run(bed['301-1']);
    // Stays the closed facility's status forbids, as an old file might have left them (the app refuses
    // both): one running past its closure on 2025-01-01, one admitted after it.
    const dBed = core.ctx.sqlite.prepare(`SELECT id FROM beds WHERE facility_id = ?`).pluck().get(D) as string;
    const legacy = (id: string, from: string, to: string | null) => {
      core.ctx.sqlite
        .prepare(`INSERT INTO admissions (id, elder_id, facility_id, start_on, end_on, discharge_reason, fee_class, created_at, recorded_by)
                  VALUES (?, 'old-1', ?, ?, ?, ?, 'standard', 'x', 'x')`)
        .run(id, D, from, to, to ? 'voluntary' : null);
      core.ctx.sqlite
        .prepare(`INSERT INTO stays (id, admission_id, elder_id, facility_id, bed_id, start_on, end_on, end_reason, created_at, recorded_by)
                  VALUES (?, ?, 'old-1', ?, ?, ?, ?, ?, 'x', 'x')`)
        .run(`${id}-s`, id, D, dBed, from, to, to ? 'discharge' : null);
    };
    legacy('legacy-1', '2024-06-01', '2025-02-01');
    legacy('legacy-2', '2025-03-01', null);
    const q = await core.call('quality.audit', { asOf: '2026-11-23' });
    expect(q.issues.filter((i) => i.kind === 'stay_facility_not_operating').map((i) => [i.entityId, i.message, i.link])).toEqual([
      ['legacy-2', '旧数据 于 2025-03-01 入住已注销养老院，当时机构为“注销”状态', '/elders/old-1'],
      ['legacy-1', '旧数据 在已注销养老院自 2024-06-01 起的入住，在机构注销（2025-01-01）后仍未结束', '/elders/old-1'],
    ]);
    // As of a date before the closure, neither is a problem yet.
    expect((await core.call('quality.audit', { asOf: '2024-12-31' })).counts.stay_facility_not_operating).toBe(0);
    expect(q.counts.registered_vs_approved).toBe(1);
    expect(q.issues.find((i) => i.kind === 'registered_vs_approved')).toMatchObject({ entityId: A, link: `/facilities/${A}`, districtName: '密云区' });
    expect(q.counts.beds_in_closed_facility).toBe(1);
    expect(q.counts.expired_rating_shown).toBe(1);
    expect(q.counts.invalid_id_number).toBe(1);
    expect(q.issues.find((i) => i.kind === 'invalid_id_number')).toMatchObject({ entityId: 'old-1', link: '/elders/old-1' });
    expect(q.counts.stay_on_retired_bed).toBe(1);
    expect(q.counts.overlapping_stays).toBe(0);
    // An overlap the triggers would refuse, as an old file might have left it: one more stay on 301-1.
    core.ctx.sqlite.exec('DROP TRIGGER stays_no_overlap_insert');
    const other = core.ctx.sqlite.prepare(`SELECT id FROM elders WHERE id_number LIKE '1101181938%'`).get() as { id: string };
    const adm = core.ctx.sqlite.prepare(`SELECT admission_id AS a FROM stays WHERE bed_id = ?`).get(bed['301-1']) as { a: string };
    const rawStay = (id: string, bedId: string, from: string, to: string) =>
      core.ctx.sqlite
        .prepare(`INSERT INTO stays (id, admission_id, elder_id, facility_id, bed_id, start_on, end_on, end_reason, created_at, recorded_by)
                  VALUES (?, ?, ?, ?, ?, ?, ?, 'discharge', 'x', 'x')`)
        .run(id, adm.a, other.id, A, bedId, from, to);
    rawStay('s-old', bed['301-1']!, '2026-03-01', '2026-04-01');
    const q2 = await core.call('quality.audit', { asOf: '2026-11-23' });
    expect(q2.counts.overlapping_stays).toBe(1);
    expect(q2.issues.find((i) => i.kind === 'overlapping_stays')?.message).toContain('301-1 床在 2026-03-01 起的入住与更早的入住记录重叠');
    // The same elder in two beds at once: reported as the elder's overlap, once.
    rawStay('s-old2', bed['302-1']!, '2026-03-15', '2026-03-20');
    const q2b = await core.call('quality.audit', { asOf: '2026-11-23' });
    expect(q2b.counts.overlapping_stays).toBe(2);
    const overlaps = (q: typeof q2b) => q.issues.filter((i) => i.kind === 'overlapping_stays').map((i) => i.message);
    expect(overlaps(q2b).filter((m) => m.includes(' 在 2026-03-15 起的入住与本人更早的入住记录重叠'))).toHaveLength(1);
    // Remembered between calls, and redone when anything a message quotes changes (migration 0012).
    const roomOf = core.ctx.sqlite.prepare(`UPDATE rooms SET number = ? WHERE id = (SELECT room_id FROM beds WHERE id = ?)`);
    roomOf.run('901', bed['301-1']);
    const q3 = await core.call('quality.audit', { asOf: '2026-11-23' });
    expect(overlaps(q3).some((m) => m.includes('901-1 床在 2026-03-01 起'))).toBe(true);
    core.ctx.sqlite.prepare(`UPDATE elders SET name = '改名老人' WHERE id = (SELECT elder_id FROM stays WHERE bed_id = ? AND end_on IS NULL)`).run(bed['301-1']);
    const q4 = await core.call('quality.audit', { asOf: '2026-11-23' });
    expect(q4.issues.find((i) => i.kind === 'stay_on_retired_bed')?.message).toMatch(/^改名老人 的入住记录/);
    expect(q4.counts).toEqual(q3.counts);
    // Proof that the answer came from memory: a write the triggers cannot see is not picked up.
    core.ctx.sqlite.exec('DROP TRIGGER av_rooms_update');
    roomOf.run('902', bed['301-1']);
    const q5 = await core.call('quality.audit', { asOf: '2026-11-23' });
    expect(overlaps(q5).some((m) => m.includes('901-1 床'))).toBe(true);
    const plan = core.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT id FROM elders WHERE id_check_bad = 1`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('elders_bad_id_number');
    // Only 密云 has a 2026 population row? No: 2025 — so every district lacks 2026.
    expect(q.counts.missing_population).toBe(16);
    // Counts per district stay exact when the list is cut (here at one row per kind): kept checks, the
    // overlap list and the index-read ones alike, equal to the uncut list counted by district.
    const cut = await core.call('quality.audit', { asOf: '2026-11-23', limit: 1 });
    const uncut = await core.call('quality.audit', { asOf: '2026-11-23', limit: 5000 });
    const byDistrict = (r: QualityReport) =>
      Object.fromEntries(QUALITY_KINDS.map((k) => [k, r.issues.filter((i) => i.kind === k).reduce<Record<string, number>>((m, i) => ({ ...m, [i.districtCode ?? '']: (m[i.districtCode ?? ''] ?? 0) + 1 }), {})]));
    expect(cut.issues.filter((i) => i.kind === 'missing_population')).toHaveLength(1);
    expect(cut.byDistrict).toEqual(byDistrict(uncut));
    expect(uncut.byDistrict).toEqual(byDistrict(uncut));
    expect(Object.keys(cut.byDistrict.missing_population)).toHaveLength(16);
    expect((await core.call('quality.audit', { asOf: '2026-11-23', districtCode: '110118', limit: 1 })).byDistrict.missing_population).toEqual({ '110118': 1 });
    const miyunOnly = await core.call('quality.audit', { asOf: '2025-06-30', districtCode: '110118' });
    expect(miyunOnly.counts.missing_population).toBe(0);
    expect(miyunOnly.issues.every((i) => i.districtCode === '110118')).toBe(true);
  });

  it('the ID check column flags exactly the numbers whose last character is not the GB 11643 one', async () => {
    const insert = core.ctx.sqlite.prepare(`INSERT INTO elders (id, name, id_number, birth_date, sex, created_at, updated_at) VALUES (?, '核验', ?, '1940-01-01', 'M', 'x', 'x')`);
    const flagged = core.ctx.sqlite.prepare(`SELECT id_check_bad AS bad FROM elders WHERE id = ?`);
    // Sequence numbers chosen so the right check characters cover all eleven (0-9 and X).
    const seen = new Set<string>();
    let n = 0;
    for (let seq = 0; seq < 200 && seen.size < 11; seq++) {
      const first17 = `11010519400101${String(seq).padStart(3, '0')}`;
      const right = computeCheckDigit(first17);
      if (seen.has(right)) continue;
      seen.add(right);
      for (const last of '0123456789X') {
        const id = `chk-${n++}`;
        insert.run(id, first17 + last);
        expect([first17 + last, (flagged.get(id) as { bad: number }).bad]).toEqual([first17 + last, last === right ? 0 : 1]);
      }
    }
    expect(seen.size).toBe(11);
  });

  it('a file from before migration 0017 gets the new ID check column, its index, and the same verdicts', async () => {
    core.ctx.sqlite.exec(`INSERT INTO elders (id, name, id_number, birth_date, sex, hukou_area_code, created_at, updated_at)
      VALUES ('old-bad', '旧数据', '110118194001010110', '1940-01-01', 'M', '110118', 'x', 'x')`);
    const dbPath = core.dbPath;
    await core.close();
    // Stand-in for the 0009 column: any expression will do, since 0017 must replace it whatever it was.
    const old = openSqlite(dbPath);
    old.exec(`DROP INDEX elders_bad_id_number; ALTER TABLE elders DROP COLUMN id_check_bad;
      ALTER TABLE elders ADD COLUMN id_check_bad INTEGER GENERATED ALWAYS AS (0) VIRTUAL;
      CREATE INDEX elders_bad_id_number ON elders(id_check_bad, hukou_area_code);
      DELETE FROM schema_migrations WHERE name = '0017_cheaper_id_check'`);
    expect(old.prepare(`SELECT count(*) AS n FROM elders WHERE id_check_bad = 1`).get()).toEqual({ n: 0 });
    old.close();
    core = await makeCore({ dbPath, today: '2026-11-23' });
    expect(core.ctx.sqlite.prepare(`SELECT id FROM elders WHERE id_check_bad = 1`).all()).toEqual([{ id: 'old-bad' }]);
    expect(core.ctx.sqlite.prepare(`SELECT count(*) AS n FROM elders WHERE id_check_bad = 0`).get()).toEqual({
      n: (core.ctx.sqlite.prepare(`SELECT count(*) AS n FROM elders`).get() as { n: number }).n - 1,
    });
    const plan = core.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT id FROM elders WHERE id_check_bad = 1`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('elders_bad_id_number');
    expect((await core.call('quality.audit', { asOf: '2026-11-23' })).counts.invalid_id_number).toBe(1);
  });

  it('scans all stays for overlaps once, then re-checks only the stays it found', async () => {
    // Two overlaps written past the insert trigger (as an old file might have left them), then the trigger back.
    const trigger = core.ctx.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'stays_no_overlap_insert'`).get() as { sql: string };
    core.ctx.sqlite.exec('DROP TRIGGER stays_no_overlap_insert');
    const other = core.ctx.sqlite.prepare(`SELECT id FROM elders WHERE id_number LIKE '1101181938%'`).get() as { id: string };
    const adm = core.ctx.sqlite.prepare(`SELECT admission_id AS a FROM stays WHERE bed_id = ?`).get(bed['301-1']) as { a: string };
    const insert = core.ctx.sqlite.prepare(`INSERT INTO stays (id, admission_id, elder_id, facility_id, bed_id, start_on, end_on, end_reason, created_at, recorded_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'discharge', 'x', 'x')`);
    insert.run('s-old', adm.a, other.id, A, bed['301-1'], '2026-03-01', '2026-04-01');
    insert.run('s-old2', adm.a, other.id, A, bed['302-1'], '2026-03-15', '2026-03-20');
    core.ctx.sqlite.exec(trigger.sql);
    const overlaps = (q: QualityReport) => q.issues.filter((i) => i.kind === 'overlapping_stays').map((i) => i.message);

    const scans = core.ctx.counting.audit.stats.overlapScans;
    const q1 = await core.call('quality.audit', { asOf: '2026-11-23' });
    expect(q1.counts.overlapping_stays).toBe(2);
    expect(core.ctx.counting.audit.stats.overlapScans).toBe(scans + 1);
    // A write can only resolve overlaps (the triggers refuse new ones): the two stays found are re-checked.
    core.ctx.sqlite.prepare(`DELETE FROM stays WHERE id = 's-old2'`).run();
    const q2 = await core.call('quality.audit', { asOf: '2026-11-23' });
    expect(q2.counts.overlapping_stays).toBe(1);
    expect(overlaps(q2)[0]).toContain('301-1 床在 2026-03-01 起的入住与更早的入住记录重叠');
    // Messages are rebuilt from the current records.
    core.ctx.sqlite.prepare(`UPDATE rooms SET number = '901' WHERE id = (SELECT room_id FROM beds WHERE id = ?)`).run(bed['301-1']);
    expect(overlaps(await core.call('quality.audit', { asOf: '2026-11-23' }))[0]).toContain('901-1 床在 2026-03-01 起');
    expect((await core.call('quality.audit', { asOf: '2024-01-01', districtCode: '110118' })).counts.overlapping_stays).toBe(1);
    expect(core.ctx.counting.audit.stats.overlapScans).toBe(scans + 1);
    // Without the triggers nothing guarantees that, so every audit scans again and finds the new overlap.
    core.ctx.sqlite.exec('DROP TRIGGER stays_no_overlap_insert');
    insert.run('s-old3', adm.a, other.id, A, bed['302-1'], '2026-03-15', '2026-03-20');
    const q3 = await core.call('quality.audit', { asOf: '2026-11-23' });
    expect(q3.counts.overlapping_stays).toBe(2);
    expect(core.ctx.counting.audit.stats.overlapScans).toBe(scans + 2);
  });
});

describe('exports read back', () => {
  it('writes an XLSX whose sheets hold the report numbers, with frozen header and percent formats', async () => {
    const file = await core.call('exports.indicators', { asOf: '2026-11-23', format: 'xlsx' });
    expect(file.fileName).toBe('养老床位指标-2026-11-23.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['指标', '目标达成', '指标定义与口径', '数据质量', '规划测算', '说明']);
    const ws = wb.getWorksheet('指标')!;
    // The sheet states its day above the header, and each header carries its unit.
    expect(ws.getRow(1).getCell(1).value).toBe('养老床位指标　统计日期：2026-11-23');
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['区划代码', '区划名称', '养老床位数（张）', '每千名常住人口养老床位数（张/千人）']);
    expect(header).toContain('护理型床位占比（%）');
    expect(header).toContain('申报机构数（家）');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBe(`A2:${ws.getRow(2).getCell(header.length).address.replace(/\d+$/, '')}2`);
    const report = await core.call('indicators.report', { asOf: '2026-11-23' });
    const miyunRow = ws.getRows(3, ws.rowCount - 2)!.find((r) => r.getCell(1).value === '110118')!;
    for (const [i, d] of report.definitions.entries()) {
      const expected = value(report, '110118', d.id).value;
      expect(miyunRow.getCell(i + 3).value ?? null).toBe(expected);
    }
    const shareCol = report.definitions.findIndex((d) => d.id === 'nursing_bed_share') + 3;
    expect(miyunRow.getCell(shareCol).numFmt).toBe('0.0"%"');
    // The city's row alone is bold, and keeps each column's number format.
    const cityCode = report.rows.find((r) => r.level === 'city')!.areaCode;
    const cityRow = ws.getRows(3, ws.rowCount - 2)!.find((r) => r.getCell(1).value === cityCode)!;
    expect(cityRow.getCell(2).font?.bold).toBe(true);
    expect(cityRow.getCell(shareCol).font?.bold).toBe(true);
    expect(cityRow.getCell(shareCol).numFmt).toBe('0.0"%"');
    expect(cityRow.getCell(3).numFmt).toBe('#,##0');
    expect(miyunRow.getCell(shareCol).font?.bold).toBeFalsy();
    expect(miyunRow.getCell(2).font?.bold).toBeFalsy();
    // 门头沟 2019 has no population: blank cell with the reason as a note.
    const old = await core.call('exports.indicators', { asOf: '2019-12-31', format: 'xlsx' });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(Buffer.from(old.dataBase64, 'base64') as never);
    const row2 = wb2.getWorksheet('指标')!.getRows(3, 20)!.find((r) => r.getCell(1).value === '110109')!;
    expect(row2.getCell(4).value).toBeNull();
    expect(JSON.stringify(row2.getCell(4).note)).toContain('常住人口');
    const meta = wb.getWorksheet('说明')!;
    expect(meta.getRow(2).values).toEqual([undefined, '统计日期', '2026-11-23']);
    // Every population figure an indicator lacks is named per district, the elderly figures too.
    const lacking = report.rows.flatMap((r) => {
      const lacks = [...new Set(r.values.filter((v) => v.value === null && /人口/.test(v.missingReason ?? '')).map((v) => v.missingPopulation))];
      return lacks.length ? [`${r.areaName}（${lacks.join('、')}）`] : [];
    });
    const metaRow = (sheet: ExcelJS.Worksheet, label: string) => sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === label)!;
    expect(metaRow(meta, '缺少人口数据的区划（相关指标空缺）').getCell(2).value).toBe(lacking.length ? lacking.join('；') : '无');
    // The fixture's districts have their total but no 60岁及以上常住人口 figure (the default basis):
    // the per-elder indicators are blank, and the sheet says so instead of 无.
    expect(lacking).toContain('东城区（60岁及以上常住人口）');
    const meta2 = wb2.getWorksheet('说明')!;
    expect(String(metaRow(meta2, '缺少人口数据的区划（相关指标空缺）').getCell(2).value)).toMatch(/门头沟区（常住人口[、）]/);
    // Read by people in Beijing: the core's clock says 04:00 UTC.
    const generated = meta.getRows(1, meta.rowCount)!.find((r) => r.getCell(1).value === '生成时间（北京时间）')!;
    expect(generated.getCell(2).value).toBe('2026-11-23 12:00:00');
    // 目标达成: a national benchmark is judged for the city under its own code, and for each district
    // under the district's code (an auditor filters by code), flagged 上级目标对照.
    const targets = wb.getWorksheet('目标达成')!.getRows(2, wb.getWorksheet('目标达成')!.rowCount - 1)!;
    const national = targets.filter((r) => r.getCell(3).value === '护理型床位占比' && r.getCell(6).value === 55);
    expect(national.map((r) => r.getCell(1).value)).toEqual(['000000', ...report.rows.filter((r) => r.level === 'district').map((r) => r.areaCode)]);
    expect(national.find((r) => r.getCell(1).value === '110118')!.getCell(2).value).toBe('密云区');
    expect(String(national.find((r) => r.getCell(1).value === '110118')!.getCell(15).value)).toContain('上级目标对照');
  });

  it('names the year behind every population figure when an area’s figures come from different years', async () => {
    // 密云 publishes only its 2026 total: 每千名常住人口 divides by 2026, the per-elder indicators still by
    // the 60+ figure of 2025 (the latest record that has it). The export names both, per area and overall.
    await core.call('population.upsert', { areaCode: '110118', year: 2026, resident: 101000 });
    try {
      const report = await core.call('indicators.report', { asOf: '2026-11-23' });
      expect(value(report, '110118', 'beds_per_thousand_residents')).toMatchObject({ populationYear: 2026, populationFigure: '常住人口' });
      const elderly = report.rows.find((r) => r.areaCode === '110118')!.values.find((v) => v.populationFigure === '60岁及以上常住人口')!;
      expect(elderly.populationYear).toBe(2025);
      const file = await core.call('exports.indicators', { asOf: '2026-11-23', format: 'xlsx' });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as never);
      const ws = wb.getWorksheet('指标')!;
      const header = (ws.getRow(2).values as unknown[]).slice(1);
      const yearsCol = header.indexOf('人口数据年份') + 1;
      expect(yearsCol).toBe(header.length);
      const miyun = ws.getRows(3, ws.rowCount - 2)!.find((r) => r.getCell(1).value === '110118')!;
      expect(miyun.getCell(yearsCol).value).toBe('常住人口 2026 年；60岁及以上常住人口 2025 年');
      const perThousand = header.indexOf('每千名常住人口养老床位数（张/千人）') + 1;
      expect(JSON.stringify(miyun.getCell(perThousand).note)).toContain('分母：2026 年常住人口');
      const meta = wb.getWorksheet('说明')!;
      const row = (label: string) => String(meta.getRows(1, meta.rowCount)!.find((r) => r.getCell(1).value === label)!.getCell(2).value);
      expect(row('人口数据年份')).toContain('2026 年（密云区）');
      expect(row('人口数据年份')).toMatch(/60岁及以上常住人口：.*2025 年/);
      expect(row('人口数据取年规则')).toContain('已填写该项数字的最近年份');
      const definitions = wb.getWorksheet('指标定义与口径')!;
      expect(definitions.getRows(1, definitions.rowCount)!.some((r) => r.getCell(1).value === '人口数据取年规则')).toBe(true);
      const csv = await core.call('exports.indicators', { asOf: '2026-11-23', format: 'csv' });
      expect(Buffer.from(csv.dataBase64, 'base64').toString('utf8')).toContain('常住人口 2026 年；60岁及以上常住人口 2025 年');
    } finally {
      core.ctx.sqlite.prepare(`DELETE FROM population WHERE area_code = '110118' AND year = 2026`).run();
    }
  });

  it('writes a CSV with BOM whose numbers equal the report; percentages in percent', async () => {
    const file = await core.call('exports.indicators', { asOf: '2026-11-23', format: 'csv' });
    const bytes = Buffer.from(file.dataBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<string[]>(bytes.toString('utf8').slice(1), { skipEmptyLines: true });
    const [header, ...rows] = parsed.data;
    expect(header!.slice(0, 3)).toEqual(['区划代码', '区划名称', '养老床位数']);
    const miyun = rows.find((r) => r[0] === '110118')!;
    expect(miyun[header!.indexOf('护理型床位占比')]).toBe('66.7');
    expect(miyun[header!.indexOf('养老床位数')]).toBe('11');
    expect(rows).toHaveLength(17);
  });

  it('exports through the CLI', async () => {
    const out = path.join(core.dir, 'out', '指标.xlsx');
    const dbPath = core.dbPath;
    await core.close();
    const lines: string[] = [];
    const code = await runCli(
      ['export', 'indicators', '--as-of', '2026-11-23', '--format', 'xlsx', '--out', out, '--db', dbPath],
      (l) => lines.push(l),
      (l) => lines.push(l),
    );
    expect(code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('指标')!.getRow(2).getCell(3).value).toBe('养老床位数（张）');
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
    core = await makeCore({ dbPath });
  });
});
