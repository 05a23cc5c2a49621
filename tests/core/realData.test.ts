// Spreadsheets as district bureaus keep them (issue 28): a title row, a two-level merged header, 序号 and
// 合计, renamed columns, General-format serial dates, the table on a second sheet behind 说明, value
// synonyms, names where codes belong. Each goes through the dispatcher and the CLI.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { fileOf, makeCore, type TestCore } from './helpers';
import { runCli } from '../../electron/core/cli/main';
import { sheetRows } from '../../electron/core/files/xlsxRead';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

/** A bureau's monthly 统计表: 说明 first, the table on the second sheet under a title, 合计 and a signature line. */
async function bureauWorkbook(opts: { nursingColumn?: boolean; badRow?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('说明');
  notes.addRow(['本表由区民政局每月汇总，数据截至月末。']);
  const sheet = wb.addWorksheet('统计表');
  sheet.addRow(['密云区养老机构床位统计表（2025年12月）']);
  sheet.mergeCells('A1:J1');
  sheet.addRow([]);
  sheet.addRow(['序号', '机构名', '机构类型', '所属街乡', '举办性质', '运营状态', '床位情况', '', '成立日期', '详细地址']);
  sheet.addRow(['', '', '', '', '', '', '床位数', opts.nursingColumn === false ? '' : '护理型床位数', '', '']);
  for (const col of ['A', 'B', 'C', 'D', 'E', 'F', 'I', 'J']) sheet.mergeCells(`${col}3:${col}4`);
  sheet.mergeCells('G3:H3');
  // Dates as Excel serial numbers in General cells (45992 = 2025-12-01), numbers stored as text.
  sheet.addRow([1, '鼓楼敬老之家', '养老院', '鼓楼街道', '民办', '正常运营', '120', '80', 45992, '密云区鼓楼街道1号']);
  sheet.addRow([2, '溪翁庄幸福驿站', '驿站', '溪翁庄镇', '公办', '运营', 10, 0, 43831, '']);
  // An unknown street and beds that are not a number: two bad cells in one row.
  if (opts.badRow) sheet.addRow([3, '坏数据养老院', '养老院', '不存在街道', '民办', '运营', 'abc', '', 45992, '地址']);
  sheet.addRow(['合计', '', '', '', '', '', 130, 80, '', '']);
  sheet.addRow(['填表人：张三']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function withStreets(c: TestCore) {
  await c.call('areas.create', { code: '110118001', name: '鼓楼街道' });
  await c.call('areas.create', { code: '110118101', name: '溪翁庄镇' });
}

describe('a bureau spreadsheet as it is', () => {
  it('finds the table on the second sheet under its title, reads the two-level header, skips 序号 and 合计, and maps every column visibly', async () => {
    core = await makeCore();
    await withStreets(core);
    const file = fileOf('统计表.xlsx', await bureauWorkbook());
    const preview = await core.call('imports.preview', { kind: 'facilities', file, options: {} });
    expect(preview.sheet).toBe('统计表');
    expect(preview.sheets).toEqual(['说明', '统计表']);
    expect(preview.headerRows).toEqual([3, 4]);
    const target = Object.fromEntries(preview.mapping.map((m) => [m.fileColumn, [m.target, m.how]]));
    expect(target).toMatchObject({
      序号: [null, 'skipped'],
      机构名: ['机构名称', 'synonym'],
      所属街乡: ['区划代码', 'synonym'],
      床位数: ['核定床位数', 'synonym'],
      成立日期: ['开业日期', 'synonym'],
      详细地址: ['地址', 'synonym'],
      护理型床位数: [null, 'none'],
    });
    expect(preview.mapping.find((m) => m.fileColumn === '床位数')?.context).toBe('床位情况');
    // The column that used to be dropped without a word is named.
    expect(preview.unmappedWithData).toEqual(['护理型床位数']);
    expect(preview.skipped.map((s) => s.row)).toEqual([7, 8]);
    expect(preview.skipped[0]!.reason).toContain('合计');
    expect(preview.errors).toEqual([]);
    expect(preview.rowsRead).toBe(2);
    expect(preview.rowsAccepted).toBe(2);

    const started = await core.call('imports.start', { kind: 'facilities', file, dryRun: false, options: {} });
    for (let i = 0; i < 200 && (await core.call('jobs.get', { jobId: started.jobId })).state === 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await core.call('jobs.get', { jobId: started.jobId })).result?.committed).toBe(true);
    const list = await core.call('facilities.list', { limit: 10 });
    const home = list.rows.find((f) => f.name === '鼓楼敬老之家')!;
    const station = list.rows.find((f) => f.name === '溪翁庄幸福驿站')!;
    const detail = await core.call('facilities.get', { id: home.id });
    expect(detail).toMatchObject({ kind: 'institution', areaCode: '110118001', status: 'operating', approvedBeds: 120, openedOn: '2025-12-01', address: '密云区鼓楼街道1号' });
    // 驿站 in a 镇 is a rural station.
    expect(await core.call('facilities.get', { id: station.id })).toMatchObject({ kind: 'rural_station', areaCode: '110118101', openedOn: '2020-01-01' });
  });

  it('takes a mapping the user changes, remembers it for the same header, and asks when 驿站 cannot be told', async () => {
    core = await makeCore();
    await withStreets(core);
    const file = fileOf('统计表.xlsx', await bureauWorkbook());
    const unmapped = await core.call('imports.preview', { kind: 'facilities', file, options: { map: [{ from: '床位数', to: '' }] } });
    expect(unmapped.mapping.find((m) => m.fileColumn === '床位数')).toMatchObject({ target: null, how: 'user' });
    // Set to 不导入 by the user: shown as chosen, no longer named as dropped; the other one still is.
    expect(unmapped.unmappedWithData).toEqual(['护理型床位数']);
    const chosen = { map: [{ from: '护理型床位数', to: '' }, { from: '床位数', to: '核定床位数' }] };
    const started = await core.call('imports.start', { kind: 'facilities', file, dryRun: false, options: chosen });
    for (let i = 0; i < 200 && (await core.call('jobs.get', { jobId: started.jobId })).state === 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await core.call('jobs.get', { jobId: started.jobId })).result?.committed).toBe(true);
    // Same header next time: the confirmed mapping is offered again.
    const second = await core.call('imports.preview', { kind: 'facilities', file, options: {} });
    expect(second.mapping.find((m) => m.fileColumn === '护理型床位数')).toMatchObject({ target: null, how: 'remembered' });
    // A remembered mapping damaged from outside is ignored, not a failure.
    const stored = (await core.call('settings.get', { key: 'imports.mappings' })).value as Record<string, Record<string, unknown>>;
    const signature = Object.keys(stored.facilities!)[0]!;
    await core.call('settings.set', { key: 'imports.mappings', value: { facilities: { [signature]: 'nonsense' } } });
    const damaged = await core.call('imports.preview', { kind: 'facilities', file, options: {} });
    expect(damaged.mapping.find((m) => m.fileColumn === '护理型床位数')).toMatchObject({ target: null, how: 'none' });

    // A district-level 驿站 cannot say which station it is: the row asks, unless the user chose.
    const csv = '机构名称,机构类型,区划代码,举办性质,运营状态\n某驿站,驿站,密云区,公办,运营';
    const asked = await core.call('imports.preview', { kind: 'facilities', file: fileOf('s.csv', csv), options: {} });
    expect(asked.errors.map((e) => e.message)).toEqual([expect.stringContaining('“驿站”不能确定')]);
    const told = await core.call('imports.preview', { kind: 'facilities', file: fileOf('s.csv', csv), options: { stationKind: 'community_station' } });
    expect(told.errors).toEqual([]);
  });

  it('passes over an empty first sheet to the table on the next', async () => {
    core = await makeCore();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    const data = wb.addWorksheet('Sheet2');
    data.addRow(['机构名称', '机构类型', '区划代码', '举办性质', '运营状态']);
    data.addRow(['甲养老院', '养老机构', '110118', '公办', '运营']);
    const preview = await core.call('imports.preview', { kind: 'facilities', file: fileOf('x.xlsx', Buffer.from(await wb.xlsx.writeBuffer())), options: {} });
    expect(preview.sheet).toBe('Sheet2');
    expect(preview.rowsAccepted).toBe(1);
    // A workbook whose every sheet is empty still says so.
    const blank = new ExcelJS.Workbook();
    blank.addWorksheet('Sheet1');
    blank.addWorksheet('Sheet2');
    const e = await core.fail('imports.preview', { kind: 'facilities', file: fileOf('y.xlsx', Buffer.from(await blank.xlsx.writeBuffer())), options: {} });
    expect(e.code).toBe('IMPORT_EMPTY');
  });

  it('says in the error which row it read as the header and the closest names', async () => {
    core = await makeCore();
    const csv = '养老机构床位统计表\n\n序号,机构,类型,所在区,性质\n1,甲,养老机构,110118,公办';
    const e = await core.fail('imports.preview', { kind: 'facilities', file: fileOf('x.csv', csv), options: {} });
    expect(e.code).toBe('IMPORT_HEADER_MISSING');
    expect(e.message).toContain('第 3 行');
    expect(e.details).toMatchObject({ headerRows: [3], missing: ['机构名称', '运营状态'] });
    expect(e.message).toContain('“机构名称”（文件中最接近的是“机构”）');
    // In a workbook no sheet of which fits, the error names the sheets, so the user can pick one.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['说明']);
    wb.addWorksheet('数据').addRow(['机构', '类型']);
    const none = await core.fail('imports.preview', { kind: 'facilities', file: fileOf('x.xlsx', Buffer.from(await wb.xlsx.writeBuffer())), options: {} });
    expect(none.details).toMatchObject({ sheets: ['说明', '数据'], sheet: '说明' });
  });

  it('gives an error report that keeps every sheet, row and column as shown, marks the bad cells and says why per row', async () => {
    core = await makeCore();
    await withStreets(core);
    const original = await bureauWorkbook({ badRow: true });
    const file = fileOf('统计表.xlsx', original);
    const report = await core.call('imports.errorReport', { kind: 'facilities', file, options: {} });
    expect(report.fileName).toBe('统计表-错误标注.xlsx');
    const marked = Buffer.from(report.dataBase64, 'base64');
    /** Each non-empty row's cells as a person sees them (the importer's reading), by row number, trailing blanks dropped. */
    const shown = async (bytes: Uint8Array, sheet: string) => {
      const rows = new Map<number, string[]>();
      for await (const batch of sheetRows(bytes, { sheet })) {
        for (const r of batch) {
          const cells = [...r.cells];
          while (cells.length && cells.at(-1) === '') cells.pop();
          if (cells.length) rows.set(r.row, cells);
        }
      }
      return rows;
    };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(marked as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '统计表', '错误清单']);
    expect(await shown(marked, '说明')).toEqual(await shown(original, '说明'));
    // The table: every row (title, two header rows, data, 合计, the signature line) and column as it was,
    // the 错误说明 column added after the last one, on the header's last row.
    const before = await shown(original, '统计表');
    const after = await shown(marked, '统计表');
    expect([...after.keys()]).toEqual([...before.keys()]);
    const trimmed = (cells: string[]) => {
      const out = cells.slice(0, 10);
      while (out.length && out.at(-1) === '') out.pop();
      return out;
    };
    for (const [row, cells] of before) expect(trimmed(after.get(row)!), `第 ${row} 行`).toEqual(cells);
    expect(before.get(7)).toEqual(['3', '坏数据养老院', '养老院', '不存在街道', '民办', '运营', 'abc', '', '45992', '地址']);
    const data = wb.getWorksheet('统计表')!;
    expect(data.getCell('K4').value).toBe('错误说明');
    expect(String(data.getCell('K7').value)).toContain('【核定床位数】');
    expect(String(data.getCell('K7').value)).toContain('【区划代码】');
    for (let row = 1; row <= 9; row++) if (row !== 4 && row !== 7) expect(data.getCell(row, 11).value ?? null, `K${row}`).toBeNull();
    const fillOf = (ref: string) => (data.getCell(ref).fill as { pattern?: string; fgColor?: { argb?: string } } | undefined) ?? {};
    expect(fillOf('G7').fgColor?.argb).toBe('FFFFC7CE');
    expect(fillOf('D7').fgColor?.argb).toBe('FFFFC7CE');
    for (const ref of ['A7', 'B7', 'G5', 'D5', 'G6']) expect(fillOf(ref).pattern ?? 'none', ref).toBe('none');
    const list = wb.getWorksheet('错误清单')!;
    expect(list.getRow(1).values).toEqual([undefined, '行号', '列', '错误原因']);
    const listed: unknown[][] = [];
    list.eachRow((r, n) => n > 1 && listed.push((r.values as unknown[]).slice(1, 3)));
    expect(listed).toEqual([[7, '区划代码'], [7, '核定床位数']]);

    // Imported again as it is, the report reads as the same table with the same errors, and its own report
    // takes the 错误说明 column and the 错误清单 sheet over instead of adding second ones.
    const markedFile = fileOf('统计表-错误标注.xlsx', marked);
    const again = await core.call('imports.preview', { kind: 'facilities', file: markedFile, options: {} });
    expect(again).toMatchObject({ sheet: '统计表', headerRows: [3, 4], rowsRead: 3, rowsRejected: 1 });
    expect(again.errors.map((e) => [e.row, e.column])).toEqual([[7, '区划代码'], [7, '核定床位数']]);
    const second = new ExcelJS.Workbook();
    await second.xlsx.load(Buffer.from((await core.call('imports.errorReport', { kind: 'facilities', file: markedFile, options: {} })).dataBase64, 'base64') as never);
    expect(second.worksheets.map((w) => w.name)).toEqual(['说明', '统计表', '错误清单']);
    const table = second.getWorksheet('统计表')!;
    expect(table.getCell('K4').value).toBe('错误说明');
    expect(String(table.getCell('K7').value)).toContain('【核定床位数】');
    expect(table.getColumn(12).values.filter((v) => v !== null && v !== undefined && v !== '')).toEqual([]);
  });

  it('through the CLI: --sheet, --map, and the mapping it used printed', async () => {
    core = await makeCore();
    await withStreets(core);
    await core.close();
    const file = path.join(core.dir, '统计表.xlsx');
    fs.writeFileSync(file, await bureauWorkbook());
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['import', 'facilities', file, '--db', core.dbPath, '--sheet', '统计表', '--map', '床位数=核定床位数,护理型床位数='], (l) => out.push(l), (l) => err.push(l));
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain('工作表：统计表（共 说明、统计表）');
    // The title's month is the file's 统计日期 (its last day).
    expect(out).toContain('表头：第 3、4 行；统计日期：2025-12-31');
    expect(out.find((l) => l.startsWith('列对应：'))).toContain('床位情况›床位数→核定床位数');
    expect(out.find((l) => l.startsWith('列对应：'))).toContain('护理型床位数→不导入');
    expect(out).toContain('  第 7 行：“合计”行，是汇总而不是一条记录，已跳过');
    const missing = await runCli(['import', 'facilities', file, '--db', core.dbPath, '--sheet', '汇总', '--dry-run'], (l) => out.push(l), (l) => err.push(l));
    expect(missing).not.toBe(0);
    expect(err.join('\n')).toContain('工作簿中没有名为“汇总”的工作表；有：说明、统计表');
    core = await makeCore({ dbPath: core.dbPath });
  });
});

describe('update, not only add', () => {
  it('updates registered facilities from a corrected file in 新增并更新 mode, with each change before → after and a dated status entry', async () => {
    core = await makeCore();
    await withStreets(core);
    const csv = (beds: string, status: string, address = '') =>
      `机构名称,机构类型,区划代码,举办性质,运营状态,核定床位数,开业日期,地址\n鼓楼敬老之家,养老机构,110118001,民办,${status},${beds},2020-01-01,${address}\n新开养老院,养老机构,110118,民办,运营,30,2024-01-01,`;
    const first = await core.call('imports.preview', { kind: 'facilities', file: fileOf('a.csv', csv('', '运营')), options: {} });
    expect(first.changes.map((c) => c.action)).toEqual(['insert', 'insert']);
    const { jobId } = await core.call('imports.start', { kind: 'facilities', file: fileOf('a.csv', csv('', '运营').split('\n').slice(0, 2).join('\n')), dryRun: false, options: {} });
    for (let i = 0; i < 200 && (await core.call('jobs.get', { jobId })).state === 'running'; i++) await new Promise((r) => setTimeout(r, 20));

    // Only adding: the registered home is refused by name, with the way to update it.
    const addOnly = await core.call('imports.preview', { kind: 'facilities', file: fileOf('b.csv', csv('120', '停业整改')), options: {} });
    expect(addOnly.errors).toEqual([{ row: 2, column: '机构名称', message: expect.stringContaining('请选择“新增并更新”') }]);

    const update = await core.call('imports.preview', { kind: 'facilities', file: fileOf('b.csv', csv('120', '停业整改')), options: { update: true, effectiveOn: '2026-11-01' } });
    expect(update.errors).toEqual([]);
    expect(update.changes).toEqual([
      { row: 2, action: 'update', fields: [{ column: '运营状态', before: '运营', after: '停业整改' }, { column: '核定床位数', before: '', after: '120' }] },
      { row: 3, action: 'insert', fields: [] },
    ]);
    const started = await core.call('imports.start', { kind: 'facilities', file: fileOf('b.csv', csv('120', '停业整改')), dryRun: false, options: { update: true, effectiveOn: '2026-11-01' } });
    for (let i = 0; i < 200 && (await core.call('jobs.get', { jobId: started.jobId })).state === 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await core.call('jobs.get', { jobId: started.jobId })).result?.committed).toBe(true);
    const home = (await core.call('facilities.list', { search: '鼓楼敬老之家' })).rows[0]!;
    const detail = await core.call('facilities.get', { id: home.id });
    expect(detail).toMatchObject({ approvedBeds: 120, status: 'suspended' });
    expect(JSON.stringify(detail)).toContain('2026-11-01');
    // The same file again: nothing to change, said per row.
    const same = await core.call('imports.preview', { kind: 'facilities', file: fileOf('b.csv', csv('120', '停业整改')), options: { update: true, effectiveOn: '2026-11-01' } });
    expect(same.changes.map((c) => c.action)).toEqual(['same', 'same']);
  });
});

describe('elders update by ID number', () => {
  it('updates the elder a registered ID number names in 新增并更新 mode (特困人员 read as 特困), adds the others, and keeps contacts', async () => {
    core = await makeCore();
    const id1 = '11010519491231002X';
    const first = `姓名,身份证号,户籍区划代码,联系电话,人员类别\n张秀英,${id1},110105,13800000000,低保`;
    const { jobId } = await core.call('imports.start', { kind: 'elders', file: fileOf('e.csv', first), dryRun: false, options: {} });
    for (let i = 0; i < 200 && (await core.call('jobs.get', { jobId })).state === 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    // Only adding: the registered number is refused as before.
    const again = await core.call('imports.preview', { kind: 'elders', file: fileOf('e.csv', first), options: {} });
    expect(again.rowsRejected).toBe(1);
    const second = `身份证号码,姓名,联系电话,人员类别\n${id1},张秀英,13900000000,特困人员\n110105194912310046,李桂兰,,`;
    const update = await core.call('imports.preview', { kind: 'elders', file: fileOf('e2.csv', second), options: { update: true } });
    expect(update.errors).toEqual([]);
    expect(update.changes).toEqual([
      { row: 2, action: 'update', fields: [{ column: '联系电话', before: '13800000000', after: '13900000000' }, { column: '人员类别', before: '低保', after: '特困' }] },
      { row: 3, action: 'insert', fields: [] },
    ]);
  });
});

describe('beds update by facility, building, room and number', () => {
  it('gives a bed in use the row’s attributes as a version dated the file’s 统计日期, and counts the change from then', async () => {
    core = await makeCore();
    await core.call('facilities.create', { name: '甲养老院', kind: 'institution', ownership: 'private', areaCode: '110118', status: 'operating', approvedBeds: 2, medicalService: 'none', openedOn: '2020-01-01' });
    const header = '机构名称,楼栋,楼层,房间,床位号,床位类别,护理型,分区,应急预留,启用日期,停用日期';
    const beds = (nursing: string) => [header, `甲养老院,1号楼,1,101,1,长期集中,${nursing},普通,否,2020-01-01,`, `甲养老院,1号楼,1,101,2,长期集中,否,普通,否,2020-01-01,`].join('\n');
    const { jobId } = await core.call('imports.start', { kind: 'beds', file: fileOf('b.csv', beds('否')), dryRun: false, options: {} });
    for (let i = 0; i < 200 && (await core.call('jobs.get', { jobId })).state === 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    const options = { update: true, effectiveOn: '2026-06-30' };
    const preview = await core.call('imports.preview', { kind: 'beds', file: fileOf('b.csv', beds('是')), options });
    expect(preview.changes).toEqual([
      { row: 2, action: 'update', fields: [{ column: '护理型', before: '否', after: '是' }] },
      { row: 3, action: 'same', fields: [] },
    ]);
    const started = await core.call('imports.start', { kind: 'beds', file: fileOf('b.csv', beds('是')), dryRun: false, options });
    for (let i = 0; i < 200 && (await core.call('jobs.get', { jobId: started.jobId })).state === 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await core.call('jobs.get', { jobId: started.jobId })).result?.committed).toBe(true);
    const nursing = async (asOf: string) => (await core.call('indicators.report', { asOf })).rows.find((r) => r.areaCode === '110118')!.values.find((v) => v.id === 'nursing_beds')!.value;
    expect(await nursing('2026-06-29')).toBe(0);
    expect(await nursing('2026-06-30')).toBe(1);
  });
});
