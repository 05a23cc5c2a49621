import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { runCli } from '../../electron/core/cli/main';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fullScores, makeCore, type TestCore } from './helpers';
import { computeCheckDigit } from '../../shared/domain/idNumber';

// Hand-computed for October 2026 (31 days), facility A:
//   甲: in since 2026-09-20, on leave 10-10 → 10-15 (5 days), assessed 能力完好 2026-09-01 → 31 stay days, 26 without leave.
//   乙: 10-05 → 10-20 in one bed, 10-20 → 10-25 in another (transfer), never assessed → 20 days.
//   丙: in facility B: not on A's sheet.
// Rates per bed-day: 能力完好 100 元, any level 50 元 → 甲 3,100, 乙 1,000, total 4,100 (leave counted).

let core: TestCore;
let A = '';
const idOf = (birth: string, seq: string) => {
  const first17 = `110118${birth}${seq}`;
  return first17 + computeCheckDigit(first17);
};

async function bedsOf(facilityId: string) {
  const board = await core.call('beds.board', { facilityId, asOf: null });
  return board.buildings[0]!.floors[0]!.rooms.flatMap((r) => r.beds.map((b) => b.id));
}

beforeEach(async () => {
  core = await makeCore({ today: '2026-11-23' });
  A = (await core.call('facilities.create', { name: '密云社会福利中心', kind: 'institution', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01' })).id;
  const B = (await core.call('facilities.create', { name: '另一家', kind: 'institution', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01' })).id;
  for (const f of [A, B]) await core.call('beds.bulkCreate', { facilityId: f, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 102, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2020-01-01' });
  const [a1, a2, a3] = await bedsOf(A);
  const [b1] = await bedsOf(B);
  const jia = await core.call('elders.create', { name: '甲', idNumber: idOf('19400101', '011'), categories: ['extreme_hardship'] });
  const yi = await core.call('elders.create', { name: '乙', idNumber: idOf('19410101', '012') });
  const bing = await core.call('elders.create', { name: '丙', idNumber: idOf('19420101', '013') });
  await core.call('assessments.create', { elderId: jia.id, assessedOn: '2026-09-01', reason: 'initial', assessor: '评估员', assessment: { scores: fullScores() } });
  const j = await core.call('stays.admit', { elderId: jia.id, bedId: a1!, admittedOn: '2026-09-20', feeClass: 'standard' });
  await core.call('stays.startLeave', { admissionId: j.id, startOn: '2026-10-10', reason: '回家' });
  const leave = (await core.call('elders.get', { id: jia.id })).admissions[0]!.leaves[0]!;
  await core.call('stays.endLeave', { leaveId: leave.id, returnedOn: '2026-10-15' });
  const y = await core.call('stays.admit', { elderId: yi.id, bedId: a2!, admittedOn: '2026-10-05', feeClass: 'standard' });
  await core.call('stays.transfer', { admissionId: y.id, toBedId: a3!, on: '2026-10-20' });
  await core.call('stays.discharge', { admissionId: y.id, on: '2026-10-25', reason: 'voluntary' });
  await core.call('stays.admit', { elderId: bing.id, bedId: b1!, admittedOn: '2026-10-01', feeClass: 'standard' });
});
afterEach(async () => {
  await core?.close();
});

/** Bed-days of a facility in a month counted day by day from the stays: the independent recount. */
function recount(facilityId: string, month: string, today: string): number {
  const stays = core.ctx.sqlite.prepare(`SELECT start_on, end_on FROM stays WHERE facility_id = ?`).all(facilityId) as { start_on: string; end_on: string | null }[];
  let n = 0;
  for (let d = new Date(`${month}-01T00:00:00Z`); d.toISOString().slice(0, 7) === month; d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.toISOString().slice(0, 10);
    if (day > today) break;
    n += stays.filter((s) => s.start_on <= day && (s.end_on === null || s.end_on > day)).length;
  }
  return n;
}

describe('运营补贴测算表', () => {
  it('counts each resident’s bed-days in the month, reconciling with a day-by-day recount of the stays', async () => {
    const s = await core.call('subsidy.sheet', { facilityId: A, month: '2026-10' });
    expect(s.rows.map((r) => [r.name, r.stayDays, r.leaveDays, r.bedDays, r.abilityLevel])).toEqual([
      ['乙', 20, 0, 20, null],
      ['甲', 31, 5, 31, 'intact'],
    ]);
    expect(s.totalBedDays).toBe(recount(A, '2026-10', '2026-11-23'));
    expect(s.totalAmount).toBeNull();
    expect(s.rows[1]!.idNumberMasked).toContain('*');
    // The current month runs to today: 甲 1–23 November.
    const nov = await core.call('subsidy.sheet', { facilityId: A, month: '2026-11' });
    expect(nov.totalBedDays).toBe(23);
    expect(nov.totalBedDays).toBe(recount(A, '2026-11', '2026-11-23'));
  });

  it('prices the bed-days from the bureau’s rates, leave days counted or not', async () => {
    expect((await core.fail('subsidy.settings.set', { basis: 'per_bed_day', countLeaveDays: true, rates: [{ abilityLevel: null, stars: null, amount: 50 }], source: '' })).code).toBe('VALIDATION');
    await core.call('subsidy.settings.set', {
      basis: 'per_bed_day',
      countLeaveDays: true,
      rates: [
        { abilityLevel: 'intact', stars: null, amount: 100 },
        { abilityLevel: null, stars: null, amount: 50 },
      ],
      source: '京民养老发〔2026〕1号（测试）',
    });
    let s = await core.call('subsidy.sheet', { facilityId: A, month: '2026-10' });
    expect(s.rows.map((r) => [r.name, r.rate, r.amount])).toEqual([
      ['乙', 50, 1000],
      ['甲', 100, 3100],
    ]);
    expect(s.totalAmount).toBe(4100);
    const settings = await core.call('subsidy.settings.get', {});
    await core.call('subsidy.settings.set', { ...settings, countLeaveDays: false });
    s = await core.call('subsidy.sheet', { facilityId: A, month: '2026-10' });
    expect(s.rows.find((r) => r.name === '甲')).toMatchObject({ bedDays: 26, amount: 2600 });
  });

  it('exports the sheet as a Chinese workbook with ID numbers masked', async () => {
    const audited = () => core.ctx.sqlite.prepare(`SELECT count(*) FROM audit_log WHERE action = 'personalData.export' AND entity_id = ?`).pluck().get(A) as number;
    const before = audited();
    const file = await core.call('subsidy.export', { facilityId: A, month: '2026-10' });
    // Names, categories and ability levels leave the app: the export is on record.
    expect(audited()).toBe(before + 1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as never);
    const sheet = wb.getWorksheet('运营补贴测算表')!;
    expect(sheet.getRow(3).values).toContain('床日数');
    const total = sheet.getRow(sheet.rowCount);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(7).value).toBe(51);
    let text = '';
    sheet.eachRow((row) => (text += JSON.stringify(row.values)));
    expect(text).not.toContain(idOf('19400101', '011'));
    expect(wb.getWorksheet('说明')).toBeDefined();
  });

  it('writes the workbook cell for cell: title, basis, header, each resident, the total, and 说明', async () => {
    // Written before the writer changed hands (ExcelJS → the app's own): the same cells, types and layout.
    await core.call('subsidy.settings.set', { basis: 'per_bed_day', countLeaveDays: false, rates: [{ abilityLevel: 'intact', stars: null, amount: 100 }], source: '测试文件' });
    const file = await core.call('subsidy.export', { facilityId: A, month: '2026-10' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as never);
    expect(file.fileName).toBe('密云社会福利中心-2026-10-运营补贴测算表.xlsx');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['运营补贴测算表', '说明']);
    // An empty text cell and no cell look alike in Excel: both are read as null here, trailing ones dropped.
    const values = (ws: ExcelJS.Worksheet) => {
      const rows: unknown[][] = [];
      ws.eachRow({ includeEmpty: true }, (row, n) => {
        const cells = Array.from((row.values as unknown[]).slice(1), (v) => (v === '' || v === undefined ? null : v));
        while (cells.length && cells.at(-1) === null) cells.pop();
        rows[n - 1] = cells;
      });
      return rows;
    };
    const sheet = wb.getWorksheet('运营补贴测算表')!;
    const masked = (await core.call('subsidy.sheet', { facilityId: A, month: '2026-10' })).rows.map((r) => r.idNumberMasked);
    expect(values(sheet)).toEqual([
      ['密云社会福利中心 2026-10 运营补贴测算表'],
      ['星级：无有效星级；计算方式：按床日；请假天数不计入床日'],
      ['姓名', '身份证号', '人员类别', '能力等级', '在住天数', '请假天数', '床日数', '补贴标准（元）', '补贴金额（元）'],
      ['乙', masked[0], null, '未评估', 20, 0, 20, '未设标准'],
      ['甲', masked[1], '特困', '能力完好', 31, 5, 26, 100, 2600],
      ['合计', null, null, null, 51, 5, 46, null, 2600],
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.getRow(3).getCell(1).font?.bold).toBe(true);
    expect(sheet.getRow(4).getCell(1).font?.bold ?? false).toBe(false);
    expect(sheet.columns.map((c) => c.width)).toEqual([12, 22, 18, 12, 10, 10, 10, 14, 14]);
    const notes = wb.getWorksheet('说明')!;
    expect(values(notes).map((r) => r[0])).toEqual(['床日', '请假', '能力等级', '人员类别', '星级', '补贴标准', '个人信息']);
    expect(values(notes)[5]).toEqual(['补贴标准', '依据：测试文件；按能力等级和星级取最具体的一档。按月标准按本月在住床日折算。']);
    expect(values(notes)[1]).toEqual(['请假', '请假期间床位保留；按设置不计入床日。']);
    expect(notes.columns.map((c) => c.width)).toEqual([12, 90]);
  });

  it('is exported by the CLI, and staff are imported by it', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const target = path.join(core.dir, '补贴.xlsx');
    expect(await runCli(['export', 'subsidy', '密云社会福利中心', '--month', '2026-10', '--out', target, '--db', core.dbPath], (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(fs.existsSync(target)).toBe(true);
    const csv = path.join(core.dir, 'staff.csv');
    fs.writeFileSync(csv, ['机构名称,姓名,身份证号,岗位,职业技能等级,证书编号,发证日期,入职日期,离职日期', `密云社会福利中心,王,${idOf('19850101', '501')},养老护理员,五级,C1,2024-01-01,2023-01-01,`].join('\n'));
    expect(await runCli(['import', 'staff', csv, '--db', core.dbPath], (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect((await core.call('staff.list', { facilityId: A })).total).toBe(1);
    expect(await runCli(['export', 'subsidy', '没有这家', '--month', '2026-10', '--out', target, '--db', core.dbPath], (l) => out.push(l), (l) => err.push(l))).toBe(1);
  });
});
