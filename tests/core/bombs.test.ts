// Hostile files (issue 26): nothing a file contains may take the core down. Each bomb is a few MB that
// inflates far past its cap; it is built here from a small compressed piece repeated (or compressed as a
// stream), so the test itself never holds what the bomb inflates to.
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
import { PACKAGE_INFLATED_MAX_BYTES, sealPackage } from '../../electron/core/features/exchange/package';
import { ownKeys } from '../../electron/core/features/exchange/keys';
import { XLSX_INFLATED_MAX_BYTES } from '../../electron/core/files/xlsxRead';
import { readTable, WORKER_MIN_BYTES } from '../../electron/core/import/read';

const MiB = 1024 * 1024;
/** What a refused bomb may add to the process's memory: well under either cap, so neither was filled. */
const LIMIT = 150 * MiB;

/** How far the process's resident memory rose above `from` at its peak so far (maxRSS is the peak, in KB). */
const peakGrowth = (from: number) => process.resourceUsage().maxRSS * 1024 - from;

/** A gzip file that inflates to `total` bytes of spaces: one member of 16 MiB repeated (gunzip reads members on). */
function gzipBomb(total: number): Buffer {
  const member = gzipSync(Buffer.alloc(16 * MiB, 0x20), { level: 9 });
  return Buffer.concat(Array.from({ length: Math.ceil(total / (16 * MiB)) }, () => member));
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"`;
const HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c></row>';

/**
 * A valid workbook around one sheet part, its parts given as chunks so that a huge part is compressed as
 * a stream; `strings`, when given, is its shared-string table.
 */
async function workbook(sheetChunks: () => Iterable<Buffer | string>, strings?: () => Iterable<Buffer | string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const stream = (chunks: () => Iterable<Buffer | string>) => Readable.from((function* () { for (const c of chunks()) yield Buffer.from(c); })());
  const stringsRel = strings ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '';
  zip.addBuffer(Buffer.from(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`), '_rels/.rels');
  zip.addBuffer(Buffer.from(`<workbook ${NS}><sheets><sheet name="老人" sheetId="1" r:id="rId1"/></sheets></workbook>`), 'xl/workbook.xml');
  zip.addBuffer(Buffer.from(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>${stringsRel}</Relationships>`), 'xl/_rels/workbook.xml.rels');
  zip.addReadStream(stream(sheetChunks), 'xl/worksheets/sheet1.xml');
  if (strings) zip.addReadStream(stream(strings), 'xl/sharedStrings.xml');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** `spaces` MiB of white space between an XML part's start and end (well-formed). */
function* padded(start: string, spaces: number, end: string): Generator<Buffer | string> {
  yield start;
  const blank = Buffer.alloc(MiB, 0x20);
  for (let i = 0; i < spaces; i++) yield blank;
  yield end;
}
const paddedSheet = (spaces: number) => padded(`<worksheet ${NS}><sheetData>${HEADER_ROW}`, spaces, '</sheetData></worksheet>');

/** The archive with the sheet part's uncompressed size in its central directory set to `size` (a lying header). */
function withDeclaredSheetSize(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  for (let p = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); p >= 0; p = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p - 1)) {
    if (out.subarray(p + 46, p + 46 + name.length).equals(name)) {
      out.writeUInt32LE(size, p + 24);
      return out;
    }
  }
  throw new Error('no central directory entry for the sheet');
}

const file = (fileName: string, bytes: Buffer) => ({ fileName, dataBase64: bytes.toString('base64') });

let core: TestCore;
beforeAll(async () => {
  core = await makeCore();
});
afterAll(() => core.close());

describe('files that inflate past their caps', () => {
  it('refuses a 3 MB exchange package that inflates to 3 GiB, in preview, without the memory it claims', async () => {
    const bomb = gzipBomb(3 * 1024 * MiB);
    expect(bomb.length).toBeLessThan(4 * MiB);
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    // As a bare gzip file it is an unsigned version-1 package: refused before anything is inflated.
    expect((await core.fail('exchange.preview', { file: file('bomb.cbx', bomb) })).code).toBe('EXCHANGE_UNSIGNED');
    const error = await core.fail('exchange.preview', { file: file('bomb.cbx', bomb), allowUnsigned: true });
    expect(error).toMatchObject({ code: 'EXCHANGE_FILE_TOO_LARGE', message: expect.stringMatching(/^交换包解压后超过 \d+ MB/) });
    // Signed and encrypted to this file, as any installation can make it: refused once decrypted, the same way.
    const keys = ownKeys(core.ctx.sqlite, new Date().toISOString());
    const sealed = sealPackage(bomb, keys, { receiver: keys });
    expect(await core.fail('exchange.preview', { file: file('sealed-bomb.cbx', sealed) })).toMatchObject({ code: 'EXCHANGE_FILE_TOO_LARGE' });
    if (process.env.BOMB_LOG) console.log('peak growth MB', peakGrowth(rss) / MiB, 'ms', Date.now() - started);
    expect(peakGrowth(rss)).toBeLessThan(LIMIT);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(PACKAGE_INFLATED_MAX_BYTES).toBeGreaterThan(LIMIT);
    expect(await core.fail('exchange.apply', { file: file('bomb.cbx', bomb), allowUnsigned: true })).toMatchObject({ code: 'EXCHANGE_FILE_TOO_LARGE' });
    // The core is still there and answers.
    expect((await core.call('imports.kinds', {})).length).toBeGreaterThan(0);
  });

  // Built once (compressing it takes a few seconds): its sheet part inflates to 320 MiB, past the cap.
  const XLSX_BOMB_MIB = 320;
  let xlsxBomb: Buffer;
  beforeAll(async () => {
    xlsxBomb = await workbook(() => paddedSheet(XLSX_BOMB_MIB));
  });

  it('refuses an .xlsx whose sheet part inflates past the cap, on the import preview, before inflating it', async () => {
    const bomb = xlsxBomb;
    expect(bomb.length).toBeLessThan(2 * MiB);
    expect(bomb.length).toBeGreaterThanOrEqual(WORKER_MIN_BYTES); // so the preview reads it on the worker
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    const error = await core.fail('imports.preview', { kind: 'elders', file: file('老人.xlsx', bomb) });
    expect(error).toMatchObject({ code: 'IMPORT_FILE_TOO_LARGE', message: expect.stringMatching(/^文件解压后超过 \d+ MB/) });
    if (process.env.BOMB_LOG) console.log('peak growth MB', peakGrowth(rss) / MiB, 'ms', Date.now() - started);
    expect(peakGrowth(rss)).toBeLessThan(LIMIT);
    expect(XLSX_INFLATED_MAX_BYTES).toBeGreaterThan(LIMIT);
    expect(XLSX_INFLATED_MAX_BYTES).toBeLessThan(XLSX_BOMB_MIB * MiB);
    // And the same on the calling thread.
    await expect(readTable('老人.xlsx', bomb, { thread: 'here' })).rejects.toMatchObject({ code: 'IMPORT_FILE_TOO_LARGE' });
  });

  it('stops a part whose header lies about its size at the size it declared', async () => {
    // Declares 1 MiB; its data inflates to 320 MiB.
    const lying = withDeclaredSheetSize(xlsxBomb, MiB);
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    expect(await core.fail('imports.preview', { kind: 'elders', file: file('老人.xlsx', lying) })).toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
    if (process.env.BOMB_LOG) console.log('peak growth MB', peakGrowth(rss) / MiB, 'ms', Date.now() - started);
    expect(peakGrowth(rss)).toBeLessThan(LIMIT);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('XML that declares entities', () => {
  const laughs =
    '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [<!ENTITY lol "lol">' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
    ']>';

  it('refuses a sheet with a DOCTYPE, whether or not a cell uses its entities (billion laughs)', async () => {
    const rows = (cell: string) => `<worksheet ${NS}><sheetData>${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>${cell}</t></is></c></row></sheetData></worksheet>`;
    for (const cell of ['&lol9;', '张三']) {
      const bytes = await workbook(() => [laughs + rows(cell)]);
      const error = await core.fail('imports.preview', { kind: 'elders', file: file('老人.xlsx', bytes) });
      expect(error).toMatchObject({ code: 'IMPORT_FILE_UNREADABLE', message: expect.stringContaining('DOCTYPE') });
    }
  });
});

describe('parts that fit the cap alone but not together', () => {
  it('refuses a workbook whose sheet and shared strings together declare more than the cap, before inflating either', async () => {
    // 160 MiB each: either alone is within the cap, both are not.
    const bytes = await workbook(() => paddedSheet(160), () => padded(`<sst ${NS}>`, 160, '</sst>'));
    const rss = process.memoryUsage().rss;
    const error = await core.fail('imports.preview', { kind: 'elders', file: file('老人.xlsx', bytes) });
    expect(error.code).toBe('IMPORT_FILE_TOO_LARGE');
    expect(peakGrowth(rss)).toBeLessThan(LIMIT);
    expect(XLSX_INFLATED_MAX_BYTES).toBeGreaterThan(161 * MiB);
    expect(XLSX_INFLATED_MAX_BYTES).toBeLessThan(320 * MiB);
  });
});
