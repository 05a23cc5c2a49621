import Database from 'better-sqlite3';
import { takeDownload } from '../../electron/core/features/system/downloads';
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, nthIdNumber, type TestCore } from './helpers';
import { runImport } from '../../electron/core/import/framework';
import { readPieces, readTable, WORKER_MIN_BYTES, type RawTable } from '../../electron/core/import/read';
import { elderImport } from '../../electron/core/features/elders/import';
import { XlsxWriter } from '../../electron/core/files/xlsx';
import { toCsvBytes } from '../../electron/core/files/csv';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

/**
 * What the reader gave before it streamed: ExcelJS's whole-workbook load of the first sheet (and, as now,
 * a formula saved without its computed value read as blank rather than as "[object Object]").
 */
async function loadedTable(bytes: Buffer): Promise<RawTable> {
  const text = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'object') {
      if ('richText' in v) return v.richText.map((t) => t.text).join('');
      if ('formula' in v && !('result' in v)) return '';
      if ('result' in v) return text(v.result as ExcelJS.CellValue);
      if ('text' in v) return String(v.text);
      if ('error' in v) return '';
    }
    return String(v);
  };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  const all: { row: number; cells: string[] }[] = [];
  wb.worksheets[0]!.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(text(row.getCell(c).value).trim());
    if (cells.some((c) => c !== '')) all.push({ row: n, cells });
  });
  const [header, ...rows] = all;
  return { headers: header?.cells ?? [], rows, encoding: null };
}

/** A workbook with every kind of cell an office file has, and more rows than one piece. */
async function variedWorkbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('老人');
  ws.addRow([' 姓名 ', '身份证号', '日期', '数字', '公式', '富文本', '布尔', '错误']);
  for (let i = 0; i < rows; i++) {
    if (i % 997 === 5) {
      ws.addRow([]); // a blank row the reader skips, keeping the spreadsheet row numbers
      continue;
    }
    const r = ws.addRow([
      `  老人${i}  `,
      `11010519${40 + (i % 50)}0101${String(i % 1000).padStart(3, '0')}X`,
      new Date(Date.UTC(1940 + (i % 60), i % 12, 1 + (i % 28))),
      i % 3 === 0 ? i * 1.5 : i,
      i % 2 === 0 ? { formula: `D${i + 2}*2+1`, result: i * 2 + 1 } : { formula: 'CONCAT("a","b")', result: 'ab' },
      i % 5 === 0 ? { richText: [{ text: '红', font: { bold: true } }, { text: '字' }] } : null,
      i % 4 === 0,
      i % 11 === 0 ? { error: '#N/A' } : '',
    ]);
    r.getCell(3).numFmt = 'yyyy-mm-dd';
  }
  wb.addWorksheet('说明').addRow(['第二张表', '不读']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"`;

/** An .xlsx from its parts, written by hand; some writers store parts uncompressed, so both are mixed. */
async function zipOf(parts: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  Object.entries(parts).forEach(([name, xml], i) => zip.addBuffer(Buffer.from(xml), name, { compress: i % 2 === 0 }));
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The smallest workbook around one sheet's XML. */
function oneSheet(sheetXml: string): Record<string, string> {
  return {
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<workbook ${NS}><sheets><sheet name="老人" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': sheetXml,
  };
}

describe('reading import files in pieces', () => {
  it('streams an XLSX to the same table the whole-workbook load gave, on the worker and on this thread', async () => {
    const bytes = await variedWorkbook(6000);
    expect(bytes.length).toBeGreaterThan(WORKER_MIN_BYTES); // so the default path is the worker
    const expected = await loadedTable(bytes);
    expect(expected.rows.length).toBe(5993); // 7 blank rows left out
    expect(expected.rows[0]!.cells).toEqual(['老人0', '11010519400101000X', '1940-01-01', '0', '1', '红字', 'true', '']);
    expect(expected.rows[1]!.cells).toEqual(['老人1', '11010519410101001X', '1941-02-02', '1', 'ab', '', 'false', '']);
    expect(expected.rows[2]!.cells).toEqual(['老人2', '11010519420101002X', '1942-03-03', '2', '5', '', 'false', '']);
    const here = await readTable('a.xlsx', bytes, { thread: 'here' });
    const worker = await readTable('a.xlsx', bytes);
    expect(here).toEqual(expected);
    expect(worker).toEqual(expected);
    // Rows come in order, in pieces, the header first.
    const kinds: string[] = [];
    for await (const piece of readPieces('a.xlsx', bytes)) kinds.push(piece.kind === 'head' ? 'head' : `rows:${piece.rows.length}`);
    expect(kinds).toEqual(['head', 'rows:2000', 'rows:2000', 'rows:1993']);
  });

  it('reads a workbook without shared strings (inline strings, as our own exports write them)', async () => {
    const w = new XlsxWriter({ creator: 't', created: new Date('2026-11-23T00:00:00Z') });
    // Long runs of characters outside the BMP (two UTF-16 units each) across more than one parse slice.
    const rows = [['姓名', '身份证号'], ...Array.from({ length: 3000 }, (_, i) => [`老人${i}${'𠮷'.repeat(40 + (i % 7))}`, `id${i}`])];
    w.addSheet({ name: '表', widths: [10, 10], rows });
    const bytes = await w.toBuffer();
    const expected = await loadedTable(bytes);
    expect(expected.rows.length).toBe(3000);
    expect(await readTable('a.xlsx', bytes, { thread: 'worker' })).toEqual(expected);
    expect(await readTable('a.xlsx', bytes, { thread: 'here' })).toEqual(expected);
  });

  it('reads what Excel writes that the test workbooks lack: CJK date formats, tab order, phonetic guides, 1904 dates', async () => {
    const parts: Record<string, string> = {
      '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      // The first tab is 名单, stored as sheet2.xml; 说明 (sheet1.xml) comes second.
      'xl/workbook.xml': `<workbook ${NS}><workbookPr date1904="1"/><sheets><sheet name="名单" sheetId="2" r:id="rId2"/><sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      // Styles: 0 General, 1 built-in 31 (yyyy"年"m"月"d"日"), 2 built-in 14, 3 custom e/m/d code, 4 "0.00".
      'xl/styles.xml': `<styleSheet ${NS}><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="177" formatCode="0.00_ "/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="31"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="177"/></cellXfs></styleSheet>`,
      // A name with a phonetic guide, and a rich-text name in two runs.
      'xl/sharedStrings.xml': `<sst ${NS}><si><t>姓名</t></si><si><t>张秀英</t><rPh sb="0" eb="1"><t>ちょう</t></rPh></si><si><r><t>王</t></r><r><rPr><b/></rPr><t>建国 </t></r></si><si><t>日期</t></si></sst>`,
      'xl/worksheets/sheet1.xml': `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>这是说明页</t></is></c></row></sheetData></worksheet>`,
      'xl/worksheets/sheet2.xml': `<worksheet ${NS}><sheetData>
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>3</v></c><c r="C1" t="inlineStr"><is><t>数</t></is></c><c r="D1" t="inlineStr"><is><t>其他</t></is></c></row>
        <row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" s="1"><v>43890</v></c><c r="C3" s="4"><v>12.5</v></c><c r="D3" t="b"><v>1</v></c></row>
        <row r="4"><c t="s"><v>2</v></c><c s="2"><v>43891</v></c><c><f>C3*2</f></c><c t="e"><v>#N/A</v></c></row>
        <row r="5"><c r="A5" t="inlineStr"><is><r><t>赵</t></r><r><t>钱</t></r><rPh><t>x</t></rPh></is></c><c r="B5" s="3"><v>43892</v></c><c r="C5" t="str"><f>A5</f><v>赵钱</v></c><c r="D5" t="d"><v>2024-03-05T00:00:00Z</v></c></row>
        <row r="6"><c r="A6" t="inlineStr"><is><t>𠮷田&amp;&lt;某&gt;</t></is></c><c r="F6"><v>7</v></c></row>
      </sheetData></worksheet>`,
    };
    const bytes = await zipOf(parts);
    const table = await readTable('a.xlsx', bytes, { thread: 'here' });
    expect(table.headers).toEqual(['姓名', '日期', '数', '其他']);
    // 1904 dating: serial 43890 is 2024-03-01 (it would be 2020-02-29 in 1900 dating).
    expect(table.rows).toEqual([
      { row: 3, cells: ['张秀英', '2024-03-01', '12.5', 'true'] },
      { row: 4, cells: ['王建国', '2024-03-02', '', ''] },
      { row: 5, cells: ['赵钱', '2024-03-03', '赵钱', '2024-03-05'] },
      { row: 6, cells: ['𠮷田&<某>', '', '', '', '', '7'] },
    ]);
    expect(await readTable('a.xlsx', bytes, { thread: 'worker' })).toEqual(table);
  });

  it('reads CSV the same on the worker, and sends file problems back as the same coded errors', async () => {
    const rows = [['姓名', '备注'], ...Array.from({ length: 5000 }, (_, i) => [`老人${i}`, i % 100 === 0 ? '含,逗号"引号' : ' 两边空格 ']), ['', ''], ['最后', '一行']];
    const bytes = toCsvBytes(rows);
    const here = await readTable('a.csv', bytes, { thread: 'here' });
    expect(here.rows.length).toBe(5001);
    expect(here.rows.at(-1)).toEqual({ row: 5003, cells: ['最后', '一行'] }); // after the blank line 5002
    expect(here.rows[0]!.cells).toEqual(['老人0', '含,逗号"引号']);
    expect(here.rows[1]!.cells).toEqual(['老人1', '两边空格']);
    expect(await readTable('a.csv', bytes, { thread: 'worker' })).toEqual(here);

    const garbage = Buffer.from('PK\u0003\u0004 this is not really a zip file '.repeat(20));
    for (const thread of ['worker', 'here'] as const) {
      await expect(readTable('a.xlsx', garbage, { thread })).rejects.toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
    }
    await expect(readTable('a.xls', garbage, { thread: 'worker' })).rejects.toMatchObject({ code: 'IMPORT_FILE_UNREADABLE', message: expect.stringContaining('.xls') });
    // The kept worker still reads after an error, and after a reader stopped half-way.
    for await (const piece of readPieces('a.csv', bytes, { thread: 'worker' })) if (piece.kind === 'rows') break;
    expect((await readTable('a.csv', bytes, { thread: 'worker' })).rows.length).toBe(5001);
  });
});

  it('reads shared strings as cells ask for them: first rows before the table is read, any order, a damaged table still refused', async () => {
    const n = 30_000; // a sheet of several parse slices
    const sst = (items: string[]) => `<sst ${NS}>${items.join('')}</sst>`;
    const item = (i: number) => `<si><t>老人${i}</t></si>`;
    const withStrings = (strings: string, index: (i: number) => number) => {
      const rows = [`<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>序号</t></is></c></row>`];
      for (let i = 0; i < n; i++) rows.push(`<row r="${i + 2}"><c r="A${i + 2}" t="s"><v>${index(i)}</v></c><c r="B${i + 2}"><v>${i}</v></c></row>`);
      const parts = oneSheet(`<worksheet ${NS}><sheetData>${rows.join('')}</sheetData></worksheet>`);
      parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels']!.replace(
        '</Relationships>',
        `<Relationship Id="rId9" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      );
      return zipOf({ ...parts, 'xl/sharedStrings.xml': strings });
    };
    const items = Array.from({ length: n }, (_, i) => item(i));
    const expected = Array.from({ length: n }, (_, i) => ({ row: i + 2, cells: [`老人${i}`, String(i)] }));

    // In the order of use (as Excel and ExcelJS write it): the same table, on either thread.
    const inOrder = await withStrings(sst(items), (i) => i);
    for (const thread of ['here', 'worker'] as const) expect((await readTable('a.xlsx', inOrder, { thread })).rows).toEqual(expected);
    // In reverse order the first row needs the table's last item: still the same table.
    const reversed = await withStrings(sst([...items].reverse()), (i) => n - 1 - i);
    expect((await readTable('a.xlsx', reversed, { thread: 'here' })).rows).toEqual(expected);

    // The table's last item is damaged: only the last row needs it, so pieces went out before the refusal
    // (the table was read whole before any row, and nothing went out).
    const damagedAtEnd = await withStrings(sst([...items.slice(0, -1), '<si><t>坏</si>']), (i) => i);
    const before: number[] = [];
    const reading = (async () => {
      for await (const piece of readPieces('a.xlsx', damagedAtEnd, { thread: 'here' })) if (piece.kind === 'rows') before.push(piece.rows.length);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
    expect(before.length).toBeGreaterThan(0);
    expect(before.reduce((a, b) => a + b, 0)).toBeLessThan(n);
    // A damaged item no cell uses, well past the last one used, is refused too: the rest of the table is
    // read after the last row.
    const unused = Array.from({ length: 10_000 }, (_, i) => item(n + i));
    const damagedUnused = await withStrings(sst([...items, ...unused, '<si><t>坏</si>']), (i) => i);
    for (const thread of ['here', 'worker'] as const) {
      await expect(readTable('a.xlsx', damagedUnused, { thread })).rejects.toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
    }
  });

describe('importing while reading', () => {
  const id = (i: number) => nthIdNumber('110105', i);
  const elderFile = (n: number, last?: string[]) =>
    toCsvBytes([
      ['姓名', '身份证号', '户籍区划代码', '联系电话', '人员类别'],
      ...Array.from({ length: n }, (_, i) => [`老人${i}`, id(i), '110105', '13800000000', i % 9 === 0 ? '低保、独居' : '']),
      ...(last ? [last] : []),
    ]);

  it('writes a large file piece by piece, and a bad row in its last piece leaves nothing written', async () => {
    core = await makeCore();
    const good = elderFile(7000);
    expect(good.length).toBeGreaterThan(WORKER_MIN_BYTES);
    const before = (await core.call('elders.list', {})).total;

    // Row 7002 repeats the ID number of row 2: found only after three pieces were written.
    const bad = elderFile(7000, ['重复', id(0), '', '', '']);
    const refused = await runImport(core.ctx, elderImport, { fileName: 'b.csv', bytes: bad }, { dryRun: false });
    expect(refused).toMatchObject({ rowsRead: 7001, rowsAccepted: 7000, rowsRejected: 1, committed: false });
    expect(refused.errors).toEqual([{ row: 7002, column: '身份证号', message: expect.stringContaining('与本文件第 2 行（老人0）重复') }]);
    expect((await core.call('elders.list', {})).total).toBe(before);
    expect(core.ctx.sqlite.prepare('SELECT count(*) AS n FROM elder_categories').get()).toEqual({ n: 0 });

    // The same file row by row, on this thread: the same verdict and messages.
    const rowByRow = await runImport(core.ctx, { ...elderImport, bulk: undefined }, { fileName: 'b.csv', bytes: bad }, { dryRun: false, thread: 'here' });
    expect([rowByRow.rowsAccepted, rowByRow.rowsRejected, rowByRow.errors]).toEqual([refused.rowsAccepted, refused.rowsRejected, refused.errors]);
    expect((await core.call('elders.list', {})).total).toBe(before);

    // The import's larger page cache is given back, after a refused import too.
    expect(core.ctx.sqlite.pragma('cache_size', { simple: true })).toBe(-65536);

    const progress: number[] = [];
    const done = await runImport(core.ctx, elderImport, { fileName: 'g.csv', bytes: good }, { dryRun: false, onProgress: (n) => progress.push(n) });
    expect(done).toMatchObject({ rowsRead: 7000, rowsAccepted: 7000, rowsRejected: 0, committed: true });
    expect(progress).toEqual(expect.arrayContaining([2000, 4000, 6000, 7000]));
    expect((await core.call('elders.list', {})).total).toBe(before + 7000);
    expect((await core.call('elders.list', { category: 'living_alone' })).total).toBe(Math.ceil(7000 / 9));
    expect((await core.call('elders.list', { search: '老人6999' })).rows[0]).toMatchObject({ name: '老人6999' });
    expect(core.ctx.sqlite.pragma('cache_size', { simple: true })).toBe(-65536);

    // Every number is now registered: importing the file again refuses every row and writes nothing. Two
    // such imports at once (a preview beside an error report): each runs with the large cache, and the
    // usual one comes back only when both have ended.
    const cacheSeen: number[] = [];
    const seeCache = () => cacheSeen.push(core!.ctx.sqlite.pragma('cache_size', { simple: true }) as number);
    const [again, alongside] = await Promise.all([
      runImport(core.ctx, elderImport, { fileName: 'g.csv', bytes: good }, { dryRun: false, onProgress: seeCache }),
      runImport(core.ctx, elderImport, { fileName: 'g.csv', bytes: good }, { dryRun: true, thread: 'here', onProgress: seeCache }),
    ]);
    expect([again.rowsRejected, again.committed, again.errors.length]).toEqual([7000, false, 5000]);
    expect(alongside.rowsRejected).toBe(7000);
    expect(new Set(cacheSeen.slice(2))).toEqual(new Set([-262144]));
    expect(core.ctx.sqlite.pragma('cache_size', { simple: true })).toBe(-65536);
    expect((await core.call('elders.list', {})).total).toBe(before + 7000);
  });

  it('a workbook damaged after its first pieces is refused as unreadable, and what was written is rolled back', async () => {
    core = await makeCore();
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const rows = [`<row r="1">${cell('A1', '姓名')}${cell('B1', '身份证号')}</row>`];
    for (let i = 0; i < 14000; i++) rows.push(`<row r="${i + 2}">${cell(`A${i + 2}`, `老人${i}`)}${cell(`B${i + 2}`, id(i))}</row>`);
    // Cut off in the middle of a cell, as a file broken in transfer would be.
    const broken = await zipOf(oneSheet(`<worksheet ${NS}><sheetData>${rows.join('')}<row r="14002"><c r="A14002" t="inlineStr"><is><t>断</sheetData></worksheet>`));
    const whole = await zipOf(oneSheet(`<worksheet ${NS}><sheetData>${rows.join('')}</sheetData></worksheet>`));
    const pieces: number[] = [];
    await expect(
      runImport(core.ctx, elderImport, { fileName: 'b.xlsx', bytes: broken }, { dryRun: false, thread: 'worker', onProgress: (n) => pieces.push(n) }),
    ).rejects.toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
    expect(pieces.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2); // pieces were written before the damage was found
    expect((await core.call('elders.list', {})).total).toBe(0);
    const done = await runImport(core.ctx, elderImport, { fileName: 'g.xlsx', bytes: whole }, { dryRun: false, thread: 'worker' });
    expect([done.rowsRead, done.committed]).toEqual([14000, true]);
    expect((await core.call('elders.list', {})).total).toBe(14000);
  });

  it('a backup asked for during a large import waits for it, and holds the imported rows', async () => {
    core = await makeCore();
    let started!: () => void;
    const inTransaction = new Promise<void>((resolve) => (started = resolve));
    const importing = runImport(core.ctx, elderImport, { fileName: 'g.csv', bytes: elderFile(7000) }, { dryRun: false, thread: 'worker', onProgress: (n) => n > 0 && started() });
    await inTransaction;
    const backup = await core.call('backup.download', {});
    expect((await importing).committed).toBe(true);
    // Named in Beijing time: the test core's clock says 2026-11-23 04:00 UTC.
    expect(backup.fileName).toBe('carebeds-20261123-120000.sqlite');
    const offered = takeDownload(new URL(backup.url, 'http://x/').searchParams.get('token')!)!;
    const copy = new Database(offered.file, { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM elders').get()).toEqual({ n: 7000 });
    copy.close();
    offered.release();
  });

  it('lets the event loop turn between pieces while a large import runs (job polls are answered)', async () => {
    core = await makeCore();
    const log: string[] = [];
    let ticking = true;
    const tick = () => {
      log.push('tick');
      if (ticking) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const report = await runImport(core.ctx, elderImport, { fileName: 'g.csv', bytes: elderFile(9000) }, {
      dryRun: true,
      onProgress: (n, total, phase) => log.push(`${phase}:${n}`),
    });
    ticking = false;
    expect([report.rowsAccepted, report.committed]).toEqual([9000, false]);
    // Timers ran between the pieces, not only after the last one.
    const last = log.indexOf('完成:9000');
    const between = log.slice(log.indexOf('校验并写入:2000'), last).filter((e) => e === 'tick').length;
    expect(between).toBeGreaterThanOrEqual(3);
  });
});
