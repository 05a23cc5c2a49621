import { afterEach, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
import { computeCheckDigit, maskIdNumber } from '../../shared/domain/idNumber';
import { runImport } from '../../electron/core/import/framework';
import { elderImport } from '../../electron/core/features/elders/import';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

const id = (birth: string, seq: string) => {
  const first17 = `110105${birth}${seq}`;
  return first17 + computeCheckDigit(first17);
};

function csv(rows: string[][]) {
  return Buffer.from(['姓名,身份证号,户籍区划代码,联系电话,人员类别', ...rows.map((r) => r.join(','))].join('\n'), 'utf8');
}

it('the bulk elders import accepts and refuses exactly what the row-by-row path does, with the same messages', async () => {
  core = await makeCore({ today: '2026-11-23' });
  await core.call('elders.create', { name: '已登记', idNumber: id('19400101', '001') });
  const bad = csv([
    ['张一', id('19400102', '002'), '110105', '13800000000', '低保、独居'],
    ['张二', id('19400101', '001'), '', '', ''], // already registered
    ['张三', id('19400102', '002'), '', '', ''], // same person twice in the file
    ['张四', '110105194001030031', '', '', ''], // wrong check digit
    ['张五', id('19400104', '004'), '1101', 'abc', '富裕'], // bad area, phone, category
    ['', id('19400105', '005'), '', '', ''], // no name
    ['张七', id('19400101', '001'), '', '', ''], // registered before, and already on row 3
    ['张八', id('19400108', '008'), '', '1380000000', ''], // a mobile a digit short
  ]);
  const rowByRow = { ...elderImport, bulk: undefined };
  const a = await runImport(core.ctx, rowByRow, { fileName: 'x.csv', bytes: bad }, { dryRun: false });
  const b = await runImport(core.ctx, elderImport, { fileName: 'x.csv', bytes: bad }, { dryRun: false });
  expect(b.rowsRead).toBe(8);
  expect(b.errors.filter((e) => e.row === 9)).toEqual([{ row: 9, column: '联系电话', message: '联系电话“1380000000”是 10 位：手机号应为 11 位' }]);
  expect([b.rowsAccepted, b.rowsRejected]).toEqual([a.rowsAccepted, a.rowsRejected]);
  expect(b.rowsAccepted + b.rowsRejected).toBe(b.rowsRead);
  expect(b.errors).toEqual(a.errors);
  // The same person twice in the file names the first row; one registered before says by whom.
  expect(b.errors.filter((e) => e.row === 4)).toEqual([{ row: 4, column: '身份证号', message: `身份证号 ${maskIdNumber(id('19400102', '002'))} 与本文件第 2 行（张一）重复，同一人不能重复登记` }]);
  expect(b.errors.filter((e) => e.row === 8)).toEqual([{ row: 8, column: '身份证号', message: `身份证号 ${maskIdNumber(id('19400101', '001'))} 与本文件第 3 行（张二）重复，同一人不能重复登记` }]);
  expect(b.errors.filter((e) => e.row === 3)).toEqual([{ row: 3, column: '身份证号', message: `身份证号 ${maskIdNumber(id('19400101', '001'))} 已登记（已登记），同一人不能重复登记` }]);
  expect(b.committed).toBe(false);
  expect((await core.call('elders.list', {})).total).toBe(1);

  // A clean file is written whole, categories included, and dry runs write nothing.
  const good = csv(Array.from({ length: 250 }, (_, i) => [`老人${i}`, id(`1950${String(1 + (i % 12)).padStart(2, '0')}01`, String(100 + Math.floor(i / 12)).padStart(3, '0')), '110105', '', i % 5 === 0 ? '特困' : '']));
  const dry = await runImport(core.ctx, elderImport, { fileName: 'g.csv', bytes: good }, { dryRun: true });
  expect([dry.rowsAccepted, dry.rowsRejected, dry.committed]).toEqual([250, 0, false]);
  expect((await core.call('elders.list', {})).total).toBe(1);
  const done = await runImport(core.ctx, elderImport, { fileName: 'g.csv', bytes: good }, { dryRun: false });
  expect([done.rowsAccepted, done.committed]).toEqual([250, true]);
  expect((await core.call('elders.list', {})).total).toBe(251);
  expect((await core.call('elders.list', { category: 'extreme_hardship' })).total).toBe(50);
  expect(done.sample[0]).toMatchObject({ 姓名: '老人0', 人员类别: '特困' });
});

it('numbers registered before the import are refused wherever they fall in a clean file, as row by row', async () => {
  core = await makeCore({ today: '2026-11-23' });
  const idOf = (i: number) => id(`1950${String(1 + (i % 12)).padStart(2, '0')}01`, String(100 + Math.floor(i / 12)).padStart(3, '0'));
  // Rows 150 and 240 (file rows 152 and 242) repeat numbers registered by hand: both are in later chunks
  // of the bulk writer, after chunks it has written already.
  await core.call('elders.create', { name: '早登记甲', idNumber: idOf(150) });
  await core.call('elders.create', { name: '早登记乙', idNumber: idOf(240) });
  const file = csv(Array.from({ length: 250 }, (_, i) => [`老人${i}`, idOf(i), '110105', '', i % 5 === 0 ? '特困' : '']));
  const bulk = await runImport(core.ctx, elderImport, { fileName: 'm.csv', bytes: file }, { dryRun: false });
  const rowByRow = await runImport(core.ctx, { ...elderImport, bulk: undefined }, { fileName: 'm.csv', bytes: file }, { dryRun: false });
  expect(bulk).toMatchObject({ rowsRead: 250, rowsAccepted: 248, rowsRejected: 2, committed: false });
  expect(bulk.errors.map((e) => [e.row, e.column])).toEqual([[152, '身份证号'], [242, '身份证号']]);
  expect(bulk.errors[0]!.message).toContain('已登记（早登记甲）');
  expect([bulk.rowsAccepted, bulk.rowsRejected, bulk.errors]).toEqual([rowByRow.rowsAccepted, rowByRow.rowsRejected, rowByRow.errors]);
  expect((await core.call('elders.list', {})).total).toBe(2);
  expect(core.ctx.sqlite.prepare('SELECT count(*) AS n FROM elder_categories').get()).toEqual({ n: 0 });
});
