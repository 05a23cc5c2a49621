// A bureau that holds facility-level figures only (issue 28): a monthly 统计表 of 40 homes gives its
// district's indicators, labelled as declared, and each home switches to itemised as its beds arrive.
import { afterEach, describe, expect, it } from 'vitest';
import { fileOf, makeCore, type TestCore } from './helpers';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

const MIYUN = '110118';

async function fortyHomes(c: TestCore) {
  const facilities = ['机构名称,机构类型,区划代码,举办性质,运营状态,开业日期'];
  for (let i = 1; i <= 40; i++) facilities.push(`密云第${i}养老院,养老机构,密云区,民办,运营,2020-01-01`);
  const f = await c.call('imports.preview', { kind: 'facilities', file: fileOf('f.csv', facilities.join('\n')), options: {} });
  expect(f.errors).toEqual([]);
  await runJob(c, 'facilities', facilities.join('\n'));
  // The bureau's monthly report: 40 homes, 50 beds each (30 护理型, 40 在住), no bed itemised anywhere.
  const report = ['密云区养老机构床位统计表（2025年12月）', '序号,机构名,统计日期,核定床位数,护理型床位数,实际入住数'];
  for (let i = 1; i <= 40; i++) report.push(`${i},密云第${i}养老院,2025-12-31,50,30,40`);
  report.push('合计,,,2000,1200,1600');
  return report.join('\n');
}

async function runJob(c: TestCore, kind: string, csv: string, options = {}) {
  const { jobId } = await c.call('imports.start', { kind, file: fileOf(`${kind}.csv`, csv), dryRun: false, options });
  for (let i = 0; i < 500; i++) {
    const job = await c.call('jobs.get', { jobId });
    if (job.state !== 'running') {
      expect(job.error).toBeNull();
      expect(job.result?.errors).toEqual([]);
      expect(job.result?.committed).toBe(true);
      return job.result!;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('import did not finish');
}

async function miyun(c: TestCore, asOf: string, options?: { bedSource: 'itemised' }) {
  const report = await c.call('indicators.report', { asOf, options });
  const row = report.rows.find((r) => r.areaCode === MIYUN)!;
  const value = (id: string) => row.values.find((v) => v.id === id)!.value;
  return { beds: value('eldercare_beds'), nursing: value('nursing_beds'), occupied: value('occupied_beds'), sources: row.bedSources, city: report.rows[0]!.bedSources };
}

describe('declared bed figures until beds are itemised', () => {
  it('counts a monthly 统计表 of 40 homes as declared, then each home by its beds once they are itemised', async () => {
    core = await makeCore({ today: '2026-03-01' });
    const report = await fortyHomes(core);
    const preview = await core.call('imports.preview', { kind: 'bed-declarations', file: fileOf('r.csv', report), options: {} });
    expect(preview.mapping.filter((m) => m.target).map((m) => [m.fileColumn, m.target])).toEqual([
      ['机构名', '机构名称'],
      ['统计日期', '统计日期'],
      ['核定床位数', '床位数'],
      ['护理型床位数', '护理型床位数'],
      ['实际入住数', '在住人数'],
    ]);
    expect(preview.skipped.map((s) => s.reason)).toEqual([expect.stringContaining('合计')]);
    expect(preview.changes.every((c) => c.action === 'insert')).toBe(true);
    await runJob(core, 'bed-declarations', report);

    // Before the report's date nothing is declared; from it on, the district reads its figures.
    expect((await miyun(core, '2025-12-30')).beds).toBe(0);
    const declared = await miyun(core, '2026-01-15');
    expect(declared).toMatchObject({ beds: 2000, nursing: 1200, occupied: 1600, sources: { itemisedBeds: 0, declaredFacilities: 40, declaredBeds: 2000 } });
    expect(declared.city).toEqual(declared.sources);
    // The export says it too, per row.
    const csv = Buffer.from((await core.call('exports.indicators', { asOf: '2026-01-15', format: 'csv' })).dataBase64, 'base64').toString('utf8').replace(/^\uFEFF/, '');
    const [head, ...lines] = csv.trim().split(/\r?\n/).map((l) => l.split(','));
    const row = lines.find((l) => l[0] === MIYUN)!;
    const at = head!.indexOf('明细床位数');
    expect(head!.slice(at, at + 3)).toEqual(['明细床位数', '申报机构数', '申报床位数']);
    expect(row.slice(at, at + 3)).toEqual(['0', '40', '2000']);
    // The audit lists none while no home has itemised beds.
    expect((await core.call('quality.audit', { asOf: '2026-01-15' })).issues.filter((i) => i.kind === 'declared_vs_itemised')).toEqual([]);
    // A bureau that counts itemised beds only sees none yet.
    expect(await miyun(core, '2026-01-15', { bedSource: 'itemised' })).toMatchObject({ beds: 0, sources: { declaredFacilities: 0 } });

    // The first home itemises 3 beds from 2026-02-01 (a package from the home would write the same rows).
    const beds = ['机构名称,楼栋,楼层,房间,床位号,床位类别,护理型,分区,应急预留,启用日期,停用日期'];
    for (let n = 1; n <= 3; n++) beds.push(`密云第1养老院,1号楼,1,101,${n},长期集中,是,普通,否,2026-02-01,`);
    await runJob(core, 'beds', beds.join('\n'));
    expect(await miyun(core, '2026-02-15')).toMatchObject({ beds: 39 * 50 + 3, nursing: 39 * 30 + 3, sources: { itemisedBeds: 3, declaredFacilities: 39, declaredBeds: 1950 } });
    // The audit names the home whose 3 itemised beds differ from the 50 it declared.
    const audit = await core.call('quality.audit', { asOf: '2026-02-15' });
    expect(audit.issues.filter((i) => i.kind === 'declared_vs_itemised').map((i) => i.message)).toEqual(['密云第1养老院：申报床位 50 张（2025-12-31），床位明细 3 张']);
    // The past is unchanged: in January the home still counted by its declaration.
    expect((await miyun(core, '2026-01-15')).sources).toEqual({ itemisedBeds: 0, declaredFacilities: 40, declaredBeds: 2000 });

    // A corrected report updates the same date's figures, row by row.
    const corrected = report.replace('2,密云第2养老院,2025-12-31,50,30,40', '2,密云第2养老院,2025-12-31,60,30,40');
    const again = await core.call('imports.preview', { kind: 'bed-declarations', file: fileOf('r.csv', corrected), options: {} });
    // Without a 统计日期 column, the title's month gives the date: its last day.
    const february = ['密云区养老机构床位统计表（2026年2月）', '机构名称,床位数', '密云第3养老院,55'].join('\n');
    const dated = await core.call('imports.preview', { kind: 'bed-declarations', file: fileOf('f.csv', february), options: {} });
    expect(dated.fileDay).toBe('2026-02-28');
    expect(dated.sample[0]).toMatchObject({ 统计日期: '2026-02-28', 床位数: '55' });
    expect(again.changes.filter((c) => c.action === 'update')).toEqual([{ row: 4, action: 'update', fields: [{ column: '床位数', before: '50', after: '60' }] }]);
    expect(again.changes.filter((c) => c.action === 'same')).toHaveLength(39);
  });

  it('refuses figures whose parts exceed the whole and names unknown homes, through the form and the file', async () => {
    core = await makeCore({ today: '2026-03-01' });
    const home = await core.call('facilities.create', { name: '甲养老院', kind: 'institution', ownership: 'private', areaCode: MIYUN, status: 'operating', approvedBeds: 100, medicalService: 'none', openedOn: '2020-01-01' });
    const bad = await core.fail('declarations.save', { facilityId: home.id, declaredOn: '2026-01-31', totalBeds: 10, nursingBeds: 12 });
    expect(bad).toMatchObject({ code: 'DECLARATION_INVALID', message: '护理型床位数（12）不能大于床位数（10）' });
    const saved = await core.call('declarations.save', { facilityId: home.id, declaredOn: '2026-01-31', totalBeds: 10, nursingBeds: 5 });
    expect((await core.call('declarations.list', { facilityId: home.id })).map((d) => [d.declaredOn, d.totalBeds, d.source])).toEqual([['2026-01-31', 10, 'form']]);
    const csv = '机构名称,床位数,护理型床位数\n甲养老院,20,30\n乙养老院,10,';
    const preview = await core.call('imports.preview', { kind: 'bed-declarations', file: fileOf('d.csv', csv), options: { effectiveOn: '2026-02-28' } });
    expect(preview.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, '护理型床位数', '护理型床位数（30）不能大于床位数（20）'],
      [3, '机构名称', '机构“乙养老院”未登记（请先导入或登记机构）'],
    ]);
    await core.call('declarations.remove', { id: saved.id });
    expect(await core.call('declarations.list', { facilityId: home.id })).toEqual([]);
  });
});
