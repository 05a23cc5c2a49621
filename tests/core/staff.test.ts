import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileOf, makeCore, type TestCore } from './helpers';
import type { IndicatorReport } from '../../shared/contract';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import { openSqlite } from '../../electron/core/db/connection';
import { buildCheckpoints, forgetReports, readCheckpoint } from '../../electron/core/counting';

// Hand-computed fixture, 密云 110118 (population 2025: 60+ 常住 20,000, 60+ 户籍 16,000):
//   A 密云社会福利中心 (institution, 2015), B 檀营驿站 (community station, 2018).
//   s1 A 养老护理员 2020-01-01 →, 四级 certified 2021-06-30
//   s2 A 养老护理员 2022-03-01 →, no certificate
//   s3 A 养老护理员 2019-01-01 → 2026-06-01 (left), 五级 certified 2019-05-01
//   s4 A 护士 2018-01-01 →
//   s5 B 养老护理员 2025-01-01 →, 三级 certified 2026-09-01 (imported)
// On duty / certified:  2026-11-23: s1 s2 s5 / s1 s5;  2026-05-31: s1 s2 s3 s5 / s1 s3;  2026-06-01: s1 s2 s5 / s1.
// 特困 (户籍 110118): T1 needs from 2026-01-10, admitted to A 2026-02-01; T2 needs from 2026-03-01, never placed;
//   T3 needs from 2026-01-01, then no need from 2026-07-01.

let core: TestCore;
let A = '';
let B = '';
const T: string[] = [];
let s3 = '';
let admission = '';

const idOf = (birth: string, seq: string) => {
  const first17 = `110118${birth}${seq}`;
  return first17 + computeCheckDigit(first17);
};

function value(report: IndicatorReport, area: string, id: string) {
  const v = report.rows.find((r) => r.areaCode === area)?.values.find((x) => x.id === id);
  if (!v) throw new Error(`no ${id} for ${area}`);
  return v;
}

async function runImport(kind: string, csv: string) {
  const started = await core.call('imports.start', { kind, file: fileOf(`${kind}.csv`, csv), dryRun: false });
  let job = await core.call('jobs.get', started);
  while (job.state === 'running') {
    await new Promise((r) => setTimeout(r, 20));
    job = await core.call('jobs.get', started);
  }
  return job;
}

beforeEach(async () => {
  core = await makeCore({ today: '2026-11-23' });
  await core.call('population.upsert', { areaCode: '110118', year: 2025, resident: 100000, resident60: 20000, registered60: 16000 });
  A = (await core.call('facilities.create', { name: '密云社会福利中心', kind: 'institution', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01' })).id;
  B = (await core.call('facilities.create', { name: '檀营驿站', kind: 'community_station', ownership: 'public', areaCode: '110118', openedOn: '2018-01-01' })).id;
  await core.call('staff.create', { facilityId: A, name: '张一', idNumber: idOf('19800101', '101'), post: 'caregiver', skillLevel: 'level4', certificateNo: 'Z-1', certifiedOn: '2021-06-30', employedFrom: '2020-01-01' });
  await core.call('staff.create', { facilityId: A, name: '张二', idNumber: idOf('19810101', '102'), post: 'caregiver', employedFrom: '2022-03-01' });
  s3 = (await core.call('staff.create', { facilityId: A, name: '张三', idNumber: idOf('19820101', '103'), post: 'caregiver', skillLevel: 'level5', certificateNo: 'Z-3', certifiedOn: '2019-05-01', employedFrom: '2019-01-01', employedTo: '2026-06-01' })).id;
  await core.call('staff.create', { facilityId: A, name: '张四', idNumber: idOf('19830101', '104'), post: 'nurse', employedFrom: '2018-01-01' });
  const csv = ['机构名称,姓名,身份证号,岗位,职业技能等级,证书编号,发证日期,入职日期,离职日期', `檀营驿站,张五,${idOf('19840101', '105')},养老护理员,三级,Z-5,2026-09-01,2025-01-01,`].join('\n');
  expect((await runImport('staff', csv)).result).toMatchObject({ committed: true, rowsAccepted: 1 });

  await core.call('beds.bulkCreate', { facilityId: A, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 102, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2020-01-01' });
  T.length = 0;
  for (const [i, name] of ['特困甲', '特困乙', '特困丙'].entries()) {
    T.push((await core.call('elders.create', { name, idNumber: idOf('19400101', `20${i}`), hukouAreaCode: '110118', categories: ['extreme_hardship'] })).id);
  }
  await core.call('tekun.setNeed', { elderId: T[0]!, effectiveOn: '2026-01-10', needs: true, source: '密民发〔2026〕1号' });
  await core.call('tekun.setNeed', { elderId: T[1]!, effectiveOn: '2026-03-01', needs: true, source: '密民发〔2026〕2号' });
  await core.call('tekun.setNeed', { elderId: T[2]!, effectiveOn: '2026-01-01', needs: true, source: '密民发〔2026〕3号' });
  await core.call('tekun.setNeed', { elderId: T[2]!, effectiveOn: '2026-07-01', needs: false, source: '复核：家属照料' });
  const board = await core.call('beds.board', { facilityId: A, asOf: null });
  const bedId = board.buildings[0]!.floors[0]!.rooms[0]!.beds[0]!.id;
  admission = (await core.call('stays.admit', { elderId: T[0]!, bedId, admittedOn: '2026-02-01', feeClass: 'free' })).id;
  // A later bed event, so that the summer dates below are past dates (stored, not read from the counters).
  await core.call('beds.retire', { id: board.buildings[0]!.floors[0]!.rooms[1]!.beds[1]!.id, retiredOn: '2026-10-01', reason: '改造' });
});

afterEach(async () => {
  await core?.close();
});

describe('caregiver indicators from the staff registry', () => {
  it('counts caregivers on duty and certified as of each date, per district and city', async () => {
    const r = await core.call('indicators.report', { asOf: '2026-11-23' });
    expect(value(r, '110118', 'caregivers_on_duty').value).toBe(3);
    // 3 ÷ 20,000 × 10,000 = 1.5
    expect(value(r, '110118', 'caregivers_per_ten_thousand_elderly')).toMatchObject({ value: 1.5, numerator: 3, denominator: 20000 });
    // s1 and s5 certified of 3 → 66.7 %
    expect(value(r, '110118', 'certified_caregiver_rate')).toMatchObject({ value: 66.7, numerator: 2, denominator: 3 });
    expect(value(r, '110000', 'caregivers_on_duty').value).toBe(3);
    expect(value(r, '110000', 'certified_caregiver_rate').value).toBe(66.7);
    // 门头沟 has nobody recorded: no data, not 0.
    expect(value(r, '110109', 'caregivers_on_duty')).toMatchObject({ value: null, missingReason: '未登记养老护理员人数' });

    const may = await core.call('indicators.report', { asOf: '2026-05-31' });
    expect(value(may, '110118', 'caregivers_on_duty').value).toBe(4);
    expect(value(may, '110118', 'certified_caregiver_rate')).toMatchObject({ value: 50, numerator: 2, denominator: 4 });
    const june = await core.call('indicators.report', { asOf: '2026-06-01' });
    expect(value(june, '110118', 'certified_caregiver_rate')).toMatchObject({ value: 33.3, numerator: 1, denominator: 3 });
    // Only the nurse was employed by mid-2018: staff recorded, no caregiver → 0 per 10,000, rate undefined.
    const early = await core.call('indicators.report', { asOf: '2018-06-30' });
    expect(value(early, '110118', 'caregivers_on_duty').value).toBe(0);
    expect(value(early, '110118', 'certified_caregiver_rate')).toMatchObject({ value: null, missingReason: '统计日没有在岗的养老护理员，无法计算' });
    expect(value(await core.call('indicators.report', { asOf: '2017-12-31' }), '110118', 'caregivers_on_duty').value).toBeNull();
  });

  it('follows the 老年人口口径 option for the denominator', async () => {
    await core.call('indicators.options.set', { elderlyPopulationBasis: 'registered' });
    const r = await core.call('indicators.report', { asOf: '2026-11-23' });
    // 3 ÷ 16,000 × 10,000 = 1.875 → 1.88
    expect(value(r, '110118', 'caregivers_per_ten_thousand_elderly')).toMatchObject({ value: 1.88, denominator: 16000 });
  });

  it('judges the caregiver targets (50 per 10,000; 持证上岗率 ≥ 90 %)', async () => {
    const r = await core.call('indicators.report', { asOf: '2026-11-23' });
    const targets = r.targets.filter((t) => t.areaCode === '110118');
    const per10k = targets.find((t) => t.target.metricId === 'caregivers_per_ten_thousand_elderly');
    expect(per10k).toMatchObject({ actual: 1.5, attainment: { status: 'not_met' } });
    const certified = targets.find((t) => t.target.metricId === 'certified_caregiver_rate');
    expect(certified).toMatchObject({ actual: 66.7, attainment: { status: 'not_met' } });
  });

  it('goes stale on a stored date when a staff row is written by plain SQL', async () => {
    await buildCheckpoints(core.ctx.db, ['2026-05-31']);
    forgetReports(core.ctx.counting);
    expect((await readCheckpoint(core.ctx.db, '2026-05-31', ['110118']))?.stale).toEqual([]);
    expect(value(await core.call('indicators.report', { asOf: '2026-05-31' }), '110118', 'caregivers_on_duty').value).toBe(4);
    const other = openSqlite(core.dbPath);
    other.prepare(`UPDATE staff SET employed_to = '2026-05-01' WHERE id = ?`).run(s3);
    other.close();
    expect((await readCheckpoint(core.ctx.db, '2026-05-31', ['110118']))?.stale).toEqual(['110118']);
    const may = await core.call('indicators.report', { asOf: '2026-05-31' });
    expect(value(may, '110118', 'caregivers_on_duty').value).toBe(3);
  });

  it('drills the caregivers down to facilities', async () => {
    const d = await core.call('indicators.drill', { indicatorId: 'caregivers_on_duty', areaCode: '110118', asOf: '2026-11-23' });
    expect(d.rows.map((x) => [x.facilityName, x.numerator])).toEqual([
      ['密云社会福利中心', 2],
      ['檀营驿站', 1],
    ]);
  });
});

describe('the staff registry', () => {
  it('masks ID numbers in lists and refuses a person on duty in two places at once', async () => {
    const list = await core.call('staff.list', { facilityId: A, asOf: '2026-11-23' });
    expect(list.total).toBe(4);
    expect(list.rows.every((r) => /\*/.test(r.idNumberMasked))).toBe(true);
    expect(JSON.stringify(list)).not.toContain(idOf('19800101', '101'));
    const e = await core.fail('staff.create', { facilityId: B, name: '张一', idNumber: idOf('19800101', '101'), post: 'caregiver', employedFrom: '2024-01-01' });
    expect(e.code).toBe('STAFF_EMPLOYED_ELSEWHERE');
    // After leaving, the same person may start elsewhere.
    await core.call('staff.create', { facilityId: B, name: '张三', idNumber: idOf('19820101', '103'), post: 'caregiver', employedFrom: '2026-06-01' });
  });

  it('travels in exchange packages, and a second import changes nothing', async () => {
    await core.call('staff.addTraining', { staffId: s3, topic: 'psychology', trainedOn: '2025-05-01', hours: 8 });
    // No key of the bureau's is known here yet: the first package goes under a passphrase told by phone.
    const passphrase = '护理员名册2026';
    const file = await core.call('exchange.export', { facilityIds: [A], passphrase });
    const bureau = await makeCore({ today: '2026-11-23' });
    try {
      const first = await bureau.call('exchange.apply', { file: { fileName: file.fileName, dataBase64: file.dataBase64 }, passphrase });
      expect(first.tables.find((t) => t.table === 'staff')).toMatchObject({ added: 4 });
      expect(first.tables.find((t) => t.table === 'staff_trainings')).toMatchObject({ added: 1 });
      const again = await bureau.call('exchange.apply', { file: { fileName: file.fileName, dataBase64: file.dataBase64 }, passphrase });
      expect(again.tables.find((t) => t.table === 'staff')).toMatchObject({ added: 0, updated: 0, unchanged: 4 });
      const r = await bureau.call('indicators.report', { asOf: '2026-11-23' });
      // The bureau counts A's two caregivers on duty (B's was not in the package).
      expect(value(r, '110118', 'caregivers_on_duty').value).toBe(2);
    } finally {
      await bureau.close();
    }
  });

  it('refuses a certificate without its date, or on a post other than caregiver', async () => {
    expect((await core.fail('staff.create', { facilityId: A, name: '李', idNumber: idOf('19850101', '106'), post: 'caregiver', skillLevel: 'level3', employedFrom: '2024-01-01' })).code).toBe('STAFF_CERTIFICATE_INVALID');
    expect((await core.fail('staff.create', { facilityId: A, name: '李', idNumber: idOf('19850101', '106'), post: 'doctor', skillLevel: 'level3', certifiedOn: '2024-01-01', employedFrom: '2024-01-01' })).code).toBe('STAFF_CERTIFICATE_INVALID');
    expect((await core.fail('staff.create', { facilityId: A, name: '李', idNumber: '110118198501011234', post: 'doctor', employedFrom: '2024-01-01' })).code).toBe('ID_NUMBER_INVALID');
  });

  it('names the bad rows of a staff import', async () => {
    const csv = [
      '机构名称,姓名,身份证号,岗位,职业技能等级,证书编号,发证日期,入职日期,离职日期',
      `不存在的机构,王,${idOf('19860101', '107')},养老护理员,,,,2024-01-01,`,
      `檀营驿站,王,${idOf('19860101', '108')},厨师,,,,2024-01-01,`,
      `檀营驿站,王,${idOf('19860101', '109')},养老护理员,六级,,,2024-01-01,`,
    ].join('\n');
    const report = await core.call('imports.preview', { kind: 'staff', file: fileOf('s.csv', csv) });
    expect(report).toMatchObject({ rowsRead: 3, rowsRejected: 3 });
    expect(report.errors.map((e) => e.column)).toEqual(['机构名称', '岗位', '职业技能等级']);
  });

  it('names the earlier row when a staff file puts one person in two places at once', async () => {
    const twice = idOf('19860101', '110');
    const csv = ['机构名称,姓名,身份证号,岗位,入职日期', `檀营驿站,赵,${twice},其他,2024-01-01`, `檀营驿站,赵,${twice},其他,2024-06-01`].join('\n');
    const report = await core.call('imports.preview', { kind: 'staff', file: fileOf('s.csv', csv) });
    expect(report).toMatchObject({ rowsRead: 2, rowsRejected: 1 });
    expect(report.errors).toEqual([{ row: 3, column: '入职日期', message: expect.stringContaining('本文件第 2 行') }]);
    expect(report.errors[0]!.message).not.toContain('已登记');
  });

  it('records training and shows the caregiver ratio by ability level against the rule', async () => {
    const detail = await core.call('staff.addTraining', { staffId: s3, topic: 'nursing', trainedOn: '2025-05-01', hours: 16 });
    expect(detail.trainings).toHaveLength(1);
    expect(detail.trainingHours).toBe(16);
    // One resident (T1, unassessed → 能力完好 by default) and 2 caregivers on duty in A.
    const ratio = await core.call('staff.ratio', { facilityId: A, asOf: '2026-11-23' });
    expect(ratio).toMatchObject({ residents: 1, unassessed: 1, caregivers: 2, required: 1, belowRule: false, residentsPerCaregiver: 0.5 });
    const none = await core.call('staff.ratio', { facilityId: A, asOf: '2019-12-31' });
    expect(none).toMatchObject({ residents: 0, caregivers: 1, required: 0 });
  });
});

describe('the data-quality audit', () => {
  it('names facilities below the staffing rule, with residents but no caregivers, and every unplaced 特困 person', async () => {
    const C = (await core.call('facilities.create', { name: '无护理员敬老院', kind: 'institution', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01' })).id;
    await core.call('beds.bulkCreate', { facilityId: C, buildingName: '主楼', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 1, category: 'long_term', nursing: true, openedOn: '2020-01-01' });
    const board = await core.call('beds.board', { facilityId: C, asOf: null });
    const other = await core.call('elders.create', { name: '住客', idNumber: idOf('19420101', '401') });
    await core.call('stays.admit', { elderId: other.id, bedId: board.buildings[0]!.floors[0]!.rooms[0]!.beds[0]!.id, admittedOn: '2026-03-01', feeClass: 'standard' });
    let audit = await core.call('quality.audit', { asOf: '2026-11-23' });
    expect(audit.issues.filter((i) => i.kind === 'residents_without_caregivers').map((i) => i.message)).toEqual(['无护理员敬老院：在住老人 1 人，无在岗养老护理员']);
    expect(audit.counts.caregivers_below_rule).toBe(0);
    expect(audit.issues.filter((i) => i.kind === 'tekun_not_placed').map((i) => i.message)).toEqual([expect.stringMatching(/^特困乙（110118\*{8}\d{3}[\dX]）：自 2026-03-01 起有集中供养需求/)]);
    // A rule of 0.25 residents per caregiver asks 4 caregivers for A's one resident; A has 2 on duty.
    const rule = await core.call('staff.rule.get', {});
    await core.call('staff.rule.set', { ...rule, residentsPerCaregiver: { ...rule.residentsPerCaregiver, intact: 0.25 }, source: '测试口径' });
    audit = await core.call('quality.audit', { asOf: '2026-11-23' });
    expect(audit.issues.filter((i) => i.kind === 'caregivers_below_rule').map((i) => i.message)).toEqual(['密云社会福利中心：在住老人 1 人，按配比需养老护理员 4 人，在岗 2 人']);
    expect(await core.call('staff.ratio', { facilityId: A, asOf: '2026-11-23' })).toMatchObject({ required: 4, belowRule: true });
  });
});

describe('特困 centralised support', () => {
  it('counts those with the need placed on the date, by the latest decision', async () => {
    const r = await core.call('indicators.report', { asOf: '2026-11-23' });
    expect(value(r, '110118', 'tekun_needing_central_support').value).toBe(2);
    expect(value(r, '110118', 'tekun_central_support_rate')).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
    expect(value(r, '110000', 'tekun_central_support_rate').value).toBe(50);
    const june = await core.call('indicators.report', { asOf: '2026-06-30' });
    expect(value(june, '110118', 'tekun_central_support_rate')).toMatchObject({ value: 33.3, numerator: 1, denominator: 3 });
    const jan = await core.call('indicators.report', { asOf: '2026-01-31' });
    expect(value(jan, '110118', 'tekun_central_support_rate')).toMatchObject({ value: 0, numerator: 0, denominator: 2 });
    expect(value(await core.call('indicators.report', { asOf: '2025-12-31' }), '110118', 'tekun_central_support_rate').value).toBeNull();
    // The binding 100 % target is judged.
    const target = r.targets.find((t) => t.areaCode === '110118' && t.target.metricId === 'tekun_central_support_rate');
    expect(target).toMatchObject({ actual: 50, attainment: { status: 'not_met' } });
  });

  it('lists every person with the need who is not placed', async () => {
    const list = await core.call('tekun.list', { asOf: '2026-11-23', unplacedOnly: true });
    expect(list).toMatchObject({ needing: 2, placed: 1 });
    expect(list.rows.map((x) => x.name)).toEqual(['特困乙']);
    expect(list.rows[0]!.idNumberMasked).toContain('*');
  });

  it('refuses a decision for an elder who is not 特困', async () => {
    const e = await core.call('elders.create', { name: '普通', idNumber: idOf('19450101', '301'), hukouAreaCode: '110118' });
    expect((await core.fail('tekun.setNeed', { elderId: e.id, effectiveOn: '2026-01-01', needs: true, source: '测试' })).code).toBe('TEKUN_NOT_ELIGIBLE');
  });

  it('refuses a decision dated after the elder died or before their birth, as every other dated fact about an elder', async () => {
    await core.call('stays.discharge', { admissionId: admission, on: '2026-08-01', reason: 'death' });
    const late = await core.fail('tekun.setNeed', { elderId: T[0]!, effectiveOn: '2026-09-01', needs: false, source: '复核' });
    expect(late.code).toBe('ELDER_DECEASED');
    expect(late.message).toContain('2026-08-01');
    const early = await core.fail('tekun.setNeed', { elderId: T[1]!, effectiveOn: '1939-12-31', needs: true, source: '测试' });
    expect(early.message).toMatch(/1939-12-31 早于特困乙的出生日期 1940-01-01/);
    expect((await core.call('tekun.needs', { elderId: T[0]! })).map((n) => n.effectiveOn)).toEqual(['2026-01-10']);
  });

  it('goes stale on a stored date when a placed elder loses the 特困 category by plain SQL', async () => {
    const before = await core.call('indicators.report', { asOf: '2026-06-30' });
    expect(value(before, '110118', 'tekun_central_support_rate').numerator).toBe(1);
    await buildCheckpoints(core.ctx.db, ['2026-06-30']);
    forgetReports(core.ctx.counting);
    expect((await readCheckpoint(core.ctx.db, '2026-06-30', ['110118']))?.stale).toEqual([]);
    const other = openSqlite(core.dbPath);
    other.prepare(`DELETE FROM elder_categories WHERE elder_id = ?`).run(T[0]!);
    other.close();
    expect((await readCheckpoint(core.ctx.db, '2026-06-30', ['110118']))?.stale).toEqual(['110118']);
    const after = await core.call('indicators.report', { asOf: '2026-06-30' });
    expect(value(after, '110118', 'tekun_central_support_rate')).toMatchObject({ numerator: 0, denominator: 2 });
  });
});
