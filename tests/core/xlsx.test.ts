import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { LISTS_SHEET, XlsxWriter, columnName, vmlXml, xmlText } from '../../electron/core/files/xlsx';

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as never);
  return wb;
}

describe('the XLSX writer of the exports', () => {
  it('names columns as Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('writes text, numbers and blanks that read back as written, escaping what XML forbids', async () => {
    const wb = new XlsxWriter({ creator: '测试', created: new Date('2026-11-23T00:00:00Z') });
    wb.addSheet({
      name: "A & B's <表>",
      widths: [10, 20],
      rows: [
        ['名称', '值'],
        ['a & b <c> "d"', 12.5],
        ['  前后空格  ', -3],
        ['控制\u0001字符', null],
        ['=SUM(A1:A2)', Number.NaN],
        ['𠮷 扩展汉字', 0],
      ],
    });
    const book = await readBack(await wb.toBuffer());
    const ws = book.worksheets[0]!;
    expect(ws.name).toBe("A & B's <表>");
    const values = [2, 3, 4, 5, 6].map((r) => [ws.getCell(r, 1).value, ws.getCell(r, 2).value]);
    expect(values).toEqual([
      ['a & b <c> "d"', 12.5],
      ['  前后空格  ', -3],
      ['控制字符', null],
      // Written as text, never as a formula.
      ['=SUM(A1:A2)', null],
      ['𠮷 扩展汉字', 0],
    ]);
    expect(ws.getColumn(2).width).toBe(20);
    expect(xmlText('<a&b>')).toBe('&lt;a&amp;b&gt;');
  });

  it('gives cells their styles, rows and columns theirs, one style per distinct spec', async () => {
    const wb = new XlsxWriter({ creator: '测试', created: new Date() });
    const percent = wb.style({ numFmt: '0.0"%"' });
    const bold = wb.style({ bold: true });
    expect(wb.style({ numFmt: '0.0"%"' })).toBe(percent);
    expect(wb.style({ bold: true, numFmt: '0.0"%"' })).not.toBe(percent);
    wb.addSheet({
      name: '样式',
      widths: [],
      frozen: { columns: 2, rows: 1 },
      autoFilterColumns: 3,
      rowStyles: [bold],
      columnStyles: [undefined, undefined, percent],
      rows: [
        ['区划', '名称', '占比'],
        ['110101', '东城区', { value: 55.3, note: '说明一' }],
        ['110102', '西城区', { value: null, style: bold, note: '缺少人口数据' }],
      ],
    });
    const book = await readBack(await wb.toBuffer());
    const ws = book.worksheets[0]!;
    // Excel keeps a filter's range under this hidden name.
    expect(book.definedNames.model).toEqual([{ name: '_xlnm._FilterDatabase', ranges: ["'样式'!$A$1:$C$1"] }]);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('C1').font?.bold).toBe(true);
    expect(ws.getCell('C2').numFmt).toBe('0.0"%"');
    expect(ws.getCell('C2').value).toBe(55.3);
    expect(ws.getCell('A2').font?.bold).toBeFalsy();
    expect(ws.getCell('C3').font?.bold).toBe(true);
    expect(JSON.stringify(ws.getCell('C2').note)).toContain('说明一');
    expect(JSON.stringify(ws.getCell('C3').note)).toContain('缺少人口数据');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:C1');
  });

  it('keeps every note of a large sheet, with shape ids unique across the workbook', async () => {
    const wb = new XlsxWriter({ creator: '测试', created: new Date() });
    const many = Array.from({ length: 1500 }, (_, i) => [{ value: i, note: `原因${i}` }]);
    wb.addSheet({ name: '多', widths: [], rows: many });
    wb.addSheet({ name: '少', widths: [], rows: [[{ value: 1, note: '另一张表' }]] });
    const book = await readBack(await wb.toBuffer());
    expect(JSON.stringify(book.worksheets[0]!.getCell('A1500').note)).toContain('原因1499');
    expect(JSON.stringify(book.worksheets[1]!.getCell('A1').note)).toContain('另一张表');

    // A drawing declares the blocks of 1,024 ids its shapes use; a second drawing starts after them.
    const vml = vmlXml(many.map((_, i) => ({ row: i, col: 0 })), 1);
    expect(vml).toContain('data="1,2"');
    const ids = [...vml.matchAll(/id="_x0000_s(\d+)"/g)].map((m) => Number(m[1]));
    expect(new Set(ids).size).toBe(1500);
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(1024);
    expect(Math.max(...ids)).toBeLessThan(3 * 1024);
  });

  it('offers dropdowns: a short list inline, a long one (or one with commas) from a hidden sheet', async () => {
    const wb = new XlsxWriter({ creator: '测试', created: new Date() });
    // 60 values of 5 characters: 359 characters joined, past Excel's 255 for an inline list.
    const long = Array.from({ length: 60 }, (_, i) => `选项${String(i).padStart(3, '0')}`);
    const common = { fromRow: 2, toRow: 100, errorTitle: '运营状态', error: '可选值：筹建、运营' };
    wb.addSheet({
      name: '模板',
      widths: [10, 10, 10],
      rows: [['状态', '长', '带逗号']],
      validations: [
        { column: 0, choices: ['筹建', '运营'], allowBlank: false, ...common },
        { column: 1, choices: long, allowBlank: true, ...common },
        { column: 2, choices: ['甲,乙', '丙'], allowBlank: true, ...common },
      ],
    });
    const book = await readBack(await wb.toBuffer());
    const ws = book.getWorksheet('模板')!;
    expect(ws.getCell('A2').dataValidation).toMatchObject({ type: 'list', formulae: ['"筹建,运营"'], showErrorMessage: true, errorStyle: 'warning', errorTitle: '运营状态' });
    expect(ws.getCell('A2').dataValidation.allowBlank).toBeFalsy();
    expect(ws.getCell('A100').dataValidation).toMatchObject({ type: 'list' });
    expect(ws.getCell('A101').dataValidation).toBeUndefined();
    expect(ws.getCell('B2').dataValidation).toMatchObject({ type: 'list', allowBlank: true, formulae: [`'${LISTS_SHEET}'!$A$1:$A$60`] });
    expect(ws.getCell('C50').dataValidation).toMatchObject({ type: 'list', formulae: [`'${LISTS_SHEET}'!$B$1:$B$2`] });
    const lists = book.getWorksheet(LISTS_SHEET)!;
    expect(lists.state).toBe('hidden');
    expect(lists.getColumn(1).values.slice(1)).toEqual(long);
    expect(lists.getColumn(2).values.slice(1)).toEqual(['甲,乙', '丙']);
    expect(book.worksheets.map((w) => w.name)).toEqual(['模板', LISTS_SHEET]);
  });

  it('fills cells with a solid colour, leaving the others unfilled', async () => {
    const wb = new XlsxWriter({ creator: '测试', created: new Date() });
    const red = wb.style({ fill: 'FFFFC7CE', numFmt: '@' });
    wb.addSheet({ name: '填充', widths: [], rows: [['a', { value: 'b', style: red }], [{ value: null, style: red }]] });
    const ws = (await readBack(await wb.toBuffer())).worksheets[0]!;
    expect(ws.getCell('B1').fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } });
    expect(ws.getCell('B1').numFmt).toBe('@');
    expect(ws.getCell('A2').fill).toMatchObject({ pattern: 'solid' });
    expect((ws.getCell('A1').fill as { pattern?: string } | undefined)?.pattern ?? 'none').toBe('none');
  });

  it('writes a sheet of 200,000 rows (a street-level national sheet is of that order)', async () => {
    const wb = new XlsxWriter({ creator: '测试', created: new Date() });
    wb.addSheet({ name: '大表', widths: [10], rows: Array.from({ length: 200_000 }, (_, i) => [i]) });
    const bytes = await wb.toBuffer();
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });
});
