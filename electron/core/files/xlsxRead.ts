import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';

/**
 * Reads the first worksheet of an .xlsx file row by row, as the text a person sees in each cell.
 *
 * Why not ExcelJS's streaming reader: it decodes each inflated chunk on its own, so a Chinese character
 * split across two chunks comes out as "��" (exceljs issues #2084, #2316; unfixed in 4.4.0), about one
 * name in two thousand. Its whole-workbook load is correct but builds every cell first (5 s for 100,000
 * rows) before the first row can be checked. Here each part is unzipped whole (yauzl), then decoded and
 * parsed with saxes (the XML parser ExcelJS itself uses) a slice at a time, with a decoder that carries a
 * character cut by a slice end over to the next slice.
 */

/**
 * How much the parts read from one workbook may inflate to, together. A file of a few MB can claim (or
 * really hold) gigabytes: a ZIP bomb, which inflated whole would take the process down. The benchmark's
 * 100,000-row elders file inflates to 29 MB (sheet 22.5 MB, shared strings 6.7 MB), so 256 MB holds
 * about 850,000 such rows, close to Excel's own limit of 1,048,576 rows a sheet, and keeps what one
 * import holds in memory to a few hundred MB.
 */
export const XLSX_INFLATED_MAX_BYTES = 256 * 1024 * 1024;

/** Why a workbook cannot be read: damaged (or not a workbook), too large once inflated, or XML with a DOCTYPE. */
export type XlsxReadProblem = 'damaged' | 'too-large' | 'doctype';

export class XlsxReadError extends Error {
  constructor(
    message: string,
    readonly problem: XlsxReadProblem = 'damaged',
  ) {
    super(message);
  }
}

const tooLarge = () => new XlsxReadError(`parts inflate past ${XLSX_INFLATED_MAX_BYTES} bytes`, 'too-large');

/**
 * The archive's parts, unzipped on demand, within one budget of inflated bytes for the whole workbook:
 * each part's size as its central-directory entry declares it is checked against what is left before
 * anything is inflated, and no part may inflate past its declared size, so a header that lies gets no
 * further than the size it gave.
 */
class Archive {
  private budget = XLSX_INFLATED_MAX_BYTES;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
  ) {}

  static async open(buf: Buffer): Promise<Archive> {
    try {
      // decodeStrings off: names are compared as written (a part name with a leading "/" or a backslash,
      // which yauzl's name check refuses for the whole archive, is only looked up, never written to disk).
      const zip = await yauzl.fromBufferPromise(buf, { decodeStrings: false, validateEntrySizes: true });
      const entries = new Map<string, yauzl.Entry>();
      for await (const entry of zip.eachEntry()) entries.set(entry.fileNameRaw.toString('utf8').replace(/^\//, '').toLowerCase(), entry);
      return new Archive(zip, entries);
    } catch (err) {
      throw new XlsxReadError(`damaged zip: ${String(err)}`);
    }
  }

  /**
   * Refuses the workbook, before anything is inflated, when the parts it will read declare more than the
   * budget together (each alone may fit: a sheet and a shared-string table of 200 MB each).
   */
  checkDeclared(names: string[]): void {
    const declared = names.reduce((sum, name) => sum + (this.entries.get(name.toLowerCase())?.uncompressedSize ?? 0), 0);
    if (declared > this.budget) throw tooLarge();
  }

  /** The part's bytes, or null when the archive has no such part. */
  async part(name: string): Promise<Buffer | null> {
    const entry = this.entries.get(name.toLowerCase());
    if (!entry) return null;
    if (entry.uncompressedSize > this.budget) throw tooLarge();
    // Allocated at the declared size, which is within the budget; a part whose data inflates past it is
    // refused (yauzl stops it first, validateEntrySizes; the count here holds if it did not).
    const out = Buffer.allocUnsafe(entry.uncompressedSize);
    let size = 0;
    let stream: Readable | null = null;
    try {
      stream = await this.zip.openReadStreamPromise(entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (size + chunk.length > out.length) throw new XlsxReadError(`zip entry ${name} inflates past its declared size`);
        chunk.copy(out, size);
        size += chunk.length;
      }
    } catch (err) {
      stream?.destroy();
      if (err instanceof XlsxReadError) throw err;
      throw new XlsxReadError(`damaged zip entry ${name}: ${String(err)}`);
    }
    if (size !== out.length) throw new XlsxReadError(`zip entry ${name} is shorter than declared`);
    this.budget -= size;
    return out;
  }
}

/** A parser that refuses a DOCTYPE: the internal subset is where entities that expand (billion laughs) are declared. */
function xmlParser(): SaxesParser {
  const parser = new SaxesParser();
  parser.on('doctype', () => {
    throw new XlsxReadError('XML part declares a DOCTYPE', 'doctype');
  });
  return parser;
}

/**
 * Parses a part's XML a slice of bytes at a time, so a caller can take what one slice produced before the
 * next, and no part has to become one string (V8 strings stop at about 512 million characters). The
 * decoder is told the stream goes on, so a character cut by a slice end is joined with the next slice.
 */
function* parseInSlices(xml: Buffer, parser: SaxesParser, sliceBytes = 1 << 19): Generator<void> {
  let error: Error | null = null;
  parser.on('error', (e) => (error = e));
  const decoder = new TextDecoder('utf-8');
  for (let at = 0; at < xml.length; at += sliceBytes) {
    parser.write(decoder.decode(xml.subarray(at, at + sliceBytes), { stream: true }));
    if (error) throw new XlsxReadError(String(error));
    yield;
  }
  const rest = decoder.decode();
  if (rest) parser.write(rest);
  parser.close();
  if (error) throw new XlsxReadError(String(error));
}

function parseAll(xml: Buffer, on: (parser: SaxesParser) => void): void {
  const parser = xmlParser();
  on(parser);
  for (const _ of parseInSlices(xml, parser));
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);
type Attrs = SaxesTagPlain['attributes'];
const attr = (a: Attrs, name: string): string | undefined => {
  const v = a[name];
  return typeof v === 'string' ? v : undefined;
};

/** Relationship targets by id, from a .rels part. */
function relationships(xml: Buffer | null): { id: string; type: string; target: string }[] {
  const out: { id: string; type: string; target: string }[] = [];
  if (xml === null) return out;
  parseAll(xml, (p) =>
    p.on('opentag', (t) => {
      if (localName(t.name) === 'Relationship') out.push({ id: attr(t.attributes, 'Id') ?? '', type: attr(t.attributes, 'Type') ?? '', target: attr(t.attributes, 'Target') ?? '' });
    }),
  );
  return out;
}

function resolvePart(fromDir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `${fromDir}${target}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

/**
 * Built-in number formats that show a date or time: 14–22 and 45–47 (ECMA-376 §18.8.30), and the ids
 * 27–36 and 50–58 that Chinese, Japanese and Korean Excel give their own date formats (年月日).
 */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format shows a date when, outside [...] sections and quoted text, it has a date or time code (ExcelJS's rule). */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** For each cell style (index in cellXfs): whether it shows the number as a date. */
function dateStyles(xml: Buffer | null): boolean[] {
  if (xml === null) return [];
  const custom = new Map<number, string>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  const xfs: number[] = [];
  parseAll(xml, (p) => {
    p.on('opentag', (t) => {
      const name = localName(t.name);
      if (name === 'numFmt') custom.set(Number(attr(t.attributes, 'numFmtId')), attr(t.attributes, 'formatCode') ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfs.push(Number(attr(t.attributes, 'numFmtId') ?? 0));
    });
    p.on('closetag', (t) => {
      if (localName(t.name) === 'cellXfs') inCellXfs = false;
    });
  });
  for (const id of xfs) {
    const code = custom.get(id);
    styles.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id));
  }
  return styles;
}

/**
 * The shared string table, read only as far as the sheet needs. Writers such as ExcelJS number shared
 * strings in the order cells first use them, so row N rarely needs an item far beyond those of rows
 * 1…N−1: reading the table a slice at a time, as cells ask, lets the first rows go out before the whole
 * table is read. For the benchmark's 100,000 rows the first piece came after 200–280 ms of reading and
 * now after 50–100 ms (of about 0.8 s in all), and the import waits that much less. An item not yet read
 * is read up to, so a table in any other order costs what reading it first did. Each item's text has its
 * runs joined and phonetic guides (rPh) left out.
 */
class SharedStrings {
  private readonly items: string[] = [];
  private readonly slices: Generator<void> | null;

  constructor(xml: Buffer | null) {
    if (xml === null) {
      this.slices = null;
      return;
    }
    const parser = xmlParser();
    let current: string[] | null = null;
    let inText = false;
    let phonetic = 0;
    parser.on('opentag', (t) => {
      const name = localName(t.name);
      if (name === 'si') current = [];
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && current && phonetic === 0) inText = !t.isSelfClosing;
    });
    const onText = (text: string) => {
      if (inText) current!.push(text);
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on('closetag', (t) => {
      const name = localName(t.name);
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        this.items.push(current!.join(''));
        current = null;
      }
    });
    // Slices of 64 KB: about a thousand items, so a row waits for little more than what it uses.
    this.slices = parseInSlices(xml, parser, 1 << 16);
  }

  /** Item `index`, or undefined past the table's end. */
  get(index: number): string | undefined {
    while (index >= this.items.length && this.slices && !this.slices.next().done);
    return this.items[index];
  }

  /** Reads what no cell asked for, so a damaged table is still refused, as when it was read first. */
  finish(): void {
    if (this.slices) while (!this.slices.next().done);
  }
}

function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** A date serial as the calendar day Excel shows (ExcelJS's conversion, so imports read as they did). */
export function serialToDay(serial: number, date1904: boolean): string {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(serial) : d.toISOString().slice(0, 10);
}

export interface XlsxRow {
  /** The spreadsheet row number. */
  row: number;
  /** Each cell's text, from column A up to the row's last cell; '' for empty cells. */
  cells: string[];
}

/** Thrown when the sheet asked for is not in the workbook; `sheets` names those that are. */
export class XlsxSheetMissing extends Error {
  constructor(readonly sheet: string, readonly sheets: string[]) {
    super(`no sheet ${sheet}`);
  }
}

/**
 * The rows of one sheet (by name; the first in tab order when none is given), in file order, a batch per
 * parsed slice (empty batches skipped). Throws XlsxReadError for a damaged file, one that inflates past
 * XLSX_INFLATED_MAX_BYTES, or XML with a DOCTYPE. `onSheets` is told every sheet's name, in tab order, and which one is read, before the first row.
 */
export async function* sheetRows(
  bytes: Uint8Array,
  opts: { sheet?: string; onSheets?: (names: string[], chosen: string) => void } = {},
): AsyncGenerator<XlsxRow[]> {
  const archive = await Archive.open(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const part = (name: string) => archive.part(name);
  const main = relationships(await part('_rels/.rels')).find((r) => r.type.endsWith('/officeDocument'));
  const workbookPath = main ? resolvePart('', main.target) : 'xl/workbook.xml';
  const workbookXml = await part(workbookPath);
  if (workbookXml === null) throw new XlsxReadError('no workbook part');
  const dir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
  const rels = relationships(await part(`${dir}_rels/${workbookPath.slice(dir.length)}.rels`));

  let date1904 = false;
  const sheets: { name: string; rel: string | null }[] = [];
  parseAll(workbookXml, (p) =>
    p.on('opentag', (t) => {
      const name = localName(t.name);
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attr(t.attributes, 'date1904') ?? '');
      else if (name === 'sheet') {
        const idAttr = Object.keys(t.attributes).find((k) => k.includes(':') && localName(k) === 'id');
        sheets.push({ name: attr(t.attributes, 'name') ?? '', rel: idAttr ? (attr(t.attributes, idAttr) ?? null) : null });
      }
    }),
  );
  const chosen = opts.sheet === undefined ? sheets[0] : sheets.find((x) => x.name === opts.sheet);
  if (opts.sheet !== undefined && !chosen) throw new XlsxSheetMissing(opts.sheet, sheets.map((x) => x.name));
  opts.onSheets?.(sheets.map((x) => x.name), chosen?.name ?? '');
  const sheetTarget = rels.find((r) => r.id === chosen?.rel)?.target;
  if (!sheetTarget) throw new XlsxReadError('no worksheet');
  const stylesTarget = rels.find((r) => r.type.endsWith('/styles'))?.target;
  const stringsTarget = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target;
  const sheetPath = resolvePart(dir, sheetTarget);
  const stylesPath = stylesTarget ? resolvePart(dir, stylesTarget) : null;
  const stringsPath = stringsTarget ? resolvePart(dir, stringsTarget) : null;
  archive.checkDeclared([sheetPath, stylesPath ?? '', stringsPath ?? '']);
  const sheetXml = await part(sheetPath);
  if (sheetXml === null) throw new XlsxReadError('worksheet part missing');
  const dates = dateStyles(stylesPath ? await part(stylesPath) : null);
  const strings = new SharedStrings(stringsPath ? await part(stringsPath) : null);

  const parser = xmlParser();
  let batch: XlsxRow[] = [];
  let rowNumber = 0;
  let cells: string[] | null = null;
  let col = -1;
  let type = 'n';
  let style = 0;
  let value: string[] | null = null; // text of <v>
  let inline: string[] | null = null; // text of <is>
  let capture: string[] | null = null;
  let phonetic = 0;
  parser.on('opentag', (t) => {
    switch (localName(t.name)) {
      case 'row': {
        const r = Number(attr(t.attributes, 'r'));
        rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
        cells = [];
        col = -1;
        break;
      }
      case 'c': {
        const ref = attr(t.attributes, 'r');
        col = ref ? columnIndex(ref) : col + 1;
        type = attr(t.attributes, 't') ?? 'n';
        style = Number(attr(t.attributes, 's') ?? 0);
        value = null;
        inline = null;
        break;
      }
      case 'v':
        capture = value = [];
        break;
      case 'is':
        inline = [];
        break;
      case 'rPh':
        phonetic++;
        break;
      case 't':
        if (inline && phonetic === 0) capture = inline;
        break;
    }
  });
  const onText = (text: string) => {
    if (capture) capture.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (t) => {
    switch (localName(t.name)) {
      case 'v':
      case 't':
        capture = null;
        break;
      case 'rPh':
        phonetic--;
        break;
      case 'c': {
        if (!cells || col < 0) break;
        const v = value === null ? null : value.join('');
        let text = '';
        if (type === 'inlineStr') text = inline ? inline.join('') : (v ?? '');
        else if (v === null || v === '') text = '';
        else if (type === 's') text = strings.get(Number(v)) ?? '';
        else if (type === 'str') text = v;
        else if (type === 'b') text = Number(v) !== 0 ? 'true' : 'false';
        else if (type === 'e') text = '';
        else if (type === 'd') text = /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : v;
        else {
          const n = Number.parseFloat(v);
          text = Number.isNaN(n) ? v : dates[style] ? serialToDay(n, date1904) : String(n);
        }
        while (cells.length < col) cells.push('');
        cells[col] = text;
        break;
      }
      case 'row':
        if (cells) batch.push({ row: rowNumber, cells });
        cells = null;
        break;
    }
  });
  for (const _ of parseInSlices(sheetXml, parser)) {
    if (batch.length) {
      yield batch;
      batch = [];
    }
  }
  strings.finish();
  if (batch.length) yield batch;
}
