import { sql } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { ImportColumn, ImportKindInfo, ImportOptions, ImportReport, ImportRowChange, ImportRowError } from '../../../shared/contract';
import { VALUE_SYNONYMS } from '../../../shared/domain/importSynonyms';
import { readSetting, writeSetting } from '../app/settings';
import { findLayout, HEADER_SEARCH_ROWS, skipReason, type Layout } from './layout';
import type { RawRow } from './read';
import type { FileInput, FilePayload } from '../../../shared/schemas/common';
import type { CoreContext, Trx } from '../app/context';
import { writeAudit } from '../app/audit';
import { toCsvBytes } from '../files/csv';
import { XlsxWriter, type Cell } from '../files/xlsx';
import { sheetRows } from '../files/xlsxRead';
import Papa from 'papaparse';
import { decodeText, readPieces, type TablePiece } from './read';
import { BEIJING_STREETS } from '../db/seed/beijingStreets';
import { rowErrorsOf } from './row';
import { withBulkCache } from '../db/connection';

/**
 * What an import remembers from row to row of one file (the row that gave a name, a number, an
 * admission), so that a repeat names that row. Kept by the import's transaction: a preview, a dry run
 * and the real run each start afresh, and nothing outlives the import.
 */
export function perImport<T>(make: () => T): (trx: Trx) => T {
  const byImport = new WeakMap<Trx, T>();
  return (trx) => {
    let value = byImport.get(trx);
    if (value === undefined) byImport.set(trx, (value = make()));
    return value;
  };
}

export interface ImportSpec {
  kind: string;
  title: string;
  columns: ImportColumn[];
  /** Maps a service field name (from AppError details) back to the column the user typed it in. */
  fieldColumns?: Record<string, string>;
  /**
   * Validates and writes one row inside the import's transaction (rows written earlier in the file are
   * visible, so a row may refer to one above it). Throws RowErrors or an AppError to reject the row.
   * Returns the row as it will be stored, for the preview.
   */
  applyRow(trx: Trx, ctx: CoreContext, cells: Record<string, string>, row: number, options: ImportOptions): Promise<Record<string, string>>;
  /**
   * Optional bulk path for kinds imported by the hundred thousand: a writer that takes the file's rows a
   * piece at a time (as they are read), checks them in memory and with set-based lookups, and writes the
   * accepted ones with multi-row inserts on the import's transaction (statements on ctx.sqlite run on the
   * transaction's one connection). It must accept and refuse exactly the rows applyRow would, with the
   * same messages.
   */
  bulk?(ctx: CoreContext): ImportWriter;
  /** Columns that hold an area code: a district or street name found there is read as its code. */
  areaColumns?: string[];
}

export interface ImportWriter {
  /** Checks (and, while no row has been refused, writes) the next rows of the file, in file order. */
  add(rows: { row: number; cells: Record<string, string> }[]): void | Promise<void>;
  finish(): BatchOutcome;
}

export interface BatchOutcome {
  /** Stored form of the accepted rows, in file order (for the preview sample). */
  stored: Record<string, string>[];
  accepted: number;
  errors: ImportRowError[];
  rejectedRows: number;
}

export interface ImportProgress {
  (done: number, total: number, phase: string): void;
}

/** Accepted rows shown in the preview. */
export const SAMPLE_SIZE = 20;
const MAX_ERRORS = 5000;
const YIELD_EVERY = 250;

class Rollback extends Error {}

export function kindInfo(spec: ImportSpec): ImportKindInfo {
  return { kind: spec.kind, title: spec.title, columns: spec.columns };
}

export function decodeFile(file: FileInput): Uint8Array {
  const bytes = Buffer.from(file.dataBase64, 'base64');
  if (bytes.length === 0) throw new AppError('IMPORT_EMPTY', '文件内容为空');
  return bytes;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Whether a row is the template's example, cell for cell. Templates from before this check shipped the
 * example as their first data row, and a station that typed its own rows under it would send the bureau
 * a facility, a population figure or an elder that does not exist; so such a row is refused, by name.
 */
function isExample(spec: ImportSpec, cells: Record<string, string>): boolean {
  return spec.columns.some((c) => c.example !== '') && spec.columns.every((c) => (cells[c.header] ?? '').trim() === c.example);
}

const EXAMPLE_ROW = '这一行是导入模板中的示例，不是实际数据；请删除这一行后再导入';

/**
 * The path of kinds without a bulk writer: each row through applyRow in its own savepoint, so a refused
 * row leaves nothing behind while the others stay written (the whole import is still rolled back when any
 * row was refused). Every YIELD_EVERY rows `between` lets the host answer progress polls.
 */
class RowByRow implements ImportWriter {
  private readonly outcome: BatchOutcome = { stored: [], accepted: 0, errors: [], rejectedRows: 0 };
  private done = 0;

  constructor(
    private readonly trx: Trx,
    private readonly ctx: CoreContext,
    private readonly spec: ImportSpec,
    private readonly options: ImportOptions,
    private readonly between: (rowsDone: number) => Promise<void>,
  ) {}

  async add(rows: { row: number; cells: Record<string, string> }[]): Promise<void> {
    const o = this.outcome;
    for (const { row, cells } of rows) {
      await sql`SAVEPOINT import_row`.execute(this.trx);
      try {
        const stored = await this.spec.applyRow(this.trx, this.ctx, cells, row, this.options);
        await sql`RELEASE import_row`.execute(this.trx);
        o.accepted++;
        if (o.stored.length < SAMPLE_SIZE) o.stored.push(stored);
      } catch (err) {
        await sql`ROLLBACK TO import_row`.execute(this.trx);
        await sql`RELEASE import_row`.execute(this.trx);
        const issues = rowErrorsOf(err, row, (field) => this.spec.fieldColumns?.[field] ?? null);
        if (!issues) throw err;
        o.rejectedRows++;
        if (o.errors.length < MAX_ERRORS) o.errors.push(...issues);
      }
      if (++this.done % YIELD_EVERY === 0) await this.between(this.done);
    }
  }

  finish(): BatchOutcome {
    return this.outcome;
  }
}

/** What each row did, for kinds that can update (新增 / 更新 with each changed field / 无变化); filled by the specs. */
export const rowChanges = perImport((): ImportRowChange[] => []);

/** Where confirmed mappings are remembered: kind → the file's header → file column → template column. */
const MAPPINGS_SETTING = 'imports.mappings';
type Remembered = Record<string, Record<string, [string, string][]>>;

/**
 * The file's table: its sheet (the one asked for; otherwise the first whose header fits, so data behind a
 * 说明 sheet is found), its layout, and the rows after the header.
 */
async function openTable(
  ctx: CoreContext,
  spec: ImportSpec,
  file: { fileName: string; bytes: Uint8Array },
  options: ImportOptions,
  thread: 'worker' | 'here' | undefined,
) {
  const userMap = new Map((options.map ?? []).map((m) => [m.from, m.to] as const));
  const remembered = await readSetting<Remembered>(ctx.db, MAPPINGS_SETTING, {});
  let sheet = options.sheet;
  // The first sheet whose header did not fit, with why: the error to show when no sheet fits.
  let firstFailure: { err: AppError; sheet: string | null } | null = null;
  for (let attempt = 0; ; attempt++) {
    const pieces = readPieces(file.fileName, file.bytes, { thread, sheet });
    try {
      const top: RawRow[] = [];
      let head: Extract<TablePiece, { kind: 'head' }> | null = null;
      let pending: IteratorResult<TablePiece> = await pieces.next();
      if (pending.done || pending.value.kind !== 'head') throw new AppError('IMPORT_EMPTY', '导入文件中没有数据行');
      head = pending.value;
      if (head.headers.length) top.push({ row: head.row, cells: head.headers });
      while (top.length < HEADER_SEARCH_ROWS + 1) {
        pending = await pieces.next();
        if (pending.done) break;
        if (pending.value.kind !== 'rows') continue;
        top.push(...pending.value.rows);
      }
      let layout: Layout;
      try {
        if (top.length === 0) throw new AppError('IMPORT_EMPTY', '导入文件中没有数据行');
        layout = findLayout(spec, top, userMap);
        if (userMap.size === 0) {
          const known = remembered && typeof remembered === 'object' && Object.prototype.hasOwnProperty.call(remembered, spec.kind) ? (remembered[spec.kind] ?? {}) : {};
          const pairs: unknown = Object.prototype.hasOwnProperty.call(known, layout.signature) ? known[layout.signature] : null;
          // Settings can be written from outside (settings.set): only well-formed pairs are taken.
          if (Array.isArray(pairs) && pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string'))) {
            layout = findLayout(spec, top, new Map(pairs as [string, string][]), 'remembered');
          }
        }
      } catch (err) {
        const unfit = err instanceof AppError && (err.code === 'IMPORT_HEADER_MISSING' || err.code === 'IMPORT_EMPTY');
        if (unfit && err.code === 'IMPORT_HEADER_MISSING') firstFailure ??= { err, sheet: head.sheet };
        // Another sheet may hold the table (a 说明 sheet, or an empty one, first): try each in tab order before giving up.
        if (options.sheet === undefined && unfit && attempt + 1 < head.sheets.length) {
          sheet = head.sheets[attempt + 1];
          await pieces.return(undefined);
          continue;
        }
        if (!firstFailure || !unfit) throw err;
        const failure = firstFailure.err;
        // The workbook's sheets travel with a header problem, so the user can pick the one that holds the table.
        if (head.sheets.length > 1) throw new AppError(failure.code, failure.message, { ...(failure.details as object), sheets: head.sheets, sheet: firstFailure.sheet });
        throw failure;
      }
      const buffered = top.filter((r) => r.row >= layout.dataFrom);
      return { pieces, head, layout, buffered, userMap };
    } catch (err) {
      await pieces.return(undefined);
      throw err;
    }
  }
}

/** Every area by name (several when a name repeats), to read names given where codes belong. */
async function areaNames(ctx: CoreContext): Promise<Map<string, string[]>> {
  const rows = await ctx.db.selectFrom('areas').select(['code', 'name']).execute();
  const byName = new Map<string, string[]>();
  const add = (code: string, rawName: string) => {
    const name = rawName.replace(/[\s\u3000]+/g, '');
    const codes = byName.get(name) ?? [];
    if (!codes.includes(code)) byName.set(name, [...codes, code]);
  };
  const registered = new Set(rows.map((r) => r.code));
  for (const r of rows) add(r.code, r.name);
  // A street of the shipped list not registered yet (nor renamed here) reads as its code, so the row says
  // the code is not registered rather than that a name is not a code.
  for (const [code, name] of BEIJING_STREETS) if (!registered.has(code)) add(code, name);
  return byName;
}

/** An area name as its code when exactly one area is called so (also without 街道/地区/镇/乡 or 北京市); else the text. */
function areaCodeOf(byName: Map<string, string[]>, text: string): string {
  if (text === '' || /^\d+$/.test(text)) return text;
  const name = text.replace(/[\s\u3000]+/g, '').replace(/^北京市?/, '');
  for (const n of [name, `${name}街道`, `${name}地区`, `${name}镇`, `${name}乡`, name.replace(/办事处$/, '')]) {
    const codes = byName.get(n);
    if (codes?.length === 1) return codes[0]!;
    if (codes && codes.length > 1) return text;
  }
  return text;
}

/**
 * Reads a file and validates and writes every row in one transaction as the rows are read, and keeps it
 * only when every row was accepted and this is not a dry run. rowsRead = rowsAccepted + rowsRejected,
 * always; rows that are not records (合计, notes) are listed as skipped. While it runs, other requests wait
 * for the connection; polls of the job's progress do not.
 */
export async function runImport(
  ctx: CoreContext,
  spec: ImportSpec,
  file: { fileName: string; bytes: Uint8Array },
  opts: { dryRun: boolean; onProgress?: ImportProgress; thread?: 'worker' | 'here'; options?: ImportOptions },
): Promise<ImportReport> {
  let options = opts.options ?? {};
  opts.onProgress?.(0, 0, '读取文件');
  const opened = await openTable(ctx, spec, file, options, opts.thread);
  const { pieces, head, layout, buffered, userMap } = opened;
  // The file's 统计日期: the one the user gave, else the one its title states.
  if (options.effectiveOn === undefined && layout.titleDay) options = { ...options, effectiveOn: layout.titleDay };
  try {
    const byName = spec.areaColumns?.length ? await areaNames(ctx) : new Map<string, string[]>();
    const values = Object.prototype.hasOwnProperty.call(VALUE_SYNONYMS, spec.kind) ? VALUE_SYNONYMS[spec.kind]! : {};
    const targets = [...layout.index.entries()];
    const hasData = new Set<number>();
    const cellsOf = (raw: string[]): Record<string, string> => {
      raw.forEach((c, i) => c !== '' && hasData.add(i));
      const cells: Record<string, string> = {};
      for (const [header, at] of targets) {
        let v = raw[at] ?? '';
        const synonyms = Object.prototype.hasOwnProperty.call(values, header) ? values[header]! : null;
        if (synonyms && Object.prototype.hasOwnProperty.call(synonyms, v)) v = synonyms[v]!;
        if (spec.areaColumns?.includes(header)) v = areaCodeOf(byName, v);
        cells[header] = v;
      }
      return cells;
    };
    const report: ImportReport = {
      kind: spec.kind,
      fileName: file.fileName,
      encoding: head.encoding,
      sheet: head.sheet,
      sheets: head.sheets,
      headerRows: layout.headerRows,
      fileDay: options.effectiveOn ?? null,
      mapping: layout.mapping,
      unmappedWithData: [],
      skipped: [],
      changes: [],
      rowsRead: 0,
      rowsAccepted: 0,
      rowsRejected: 0,
      errors: [],
      sample: [],
      dryRun: opts.dryRun,
      committed: false,
    };
    const progress = async (rowsRead: number) => {
      opts.onProgress?.(rowsRead, 0, '校验并写入');
      await nextTurn();
    };
    async function* allRows(): AsyncGenerator<RawRow[]> {
      if (buffered.length) yield buffered;
      for await (const piece of pieces) if (piece.kind === 'rows') yield piece.rows;
    }
    try {
      await withBulkCache(ctx.sqlite, () => ctx.db.transaction().execute(async (trx) => {
        // Rows are checked and written as they are read: the reader (a worker for large files) runs ahead
        // on the other core, and between pieces the host answers progress polls.
        // The bulk writers only add: an import that may update goes row by row.
        const writer = (options.update ? undefined : spec.bulk?.(ctx)) ?? new RowByRow(trx, ctx, spec, options, (done) => progress(done));
        const examples: ImportRowError[] = [];
        for await (const piece of allRows()) {
          const rows: { row: number; cells: Record<string, string> }[] = [];
          for (const { row, cells } of piece) {
            const skip = skipReason(layout, cells);
            if (skip) {
              report.skipped.push({ row, reason: skip });
              continue;
            }
            const r = { row, cells: cellsOf(cells) };
            report.rowsRead++;
            if (isExample(spec, r.cells)) examples.push({ row, column: null, message: EXAMPLE_ROW });
            else rows.push(r);
          }
          await writer.add(rows);
          await progress(report.rowsRead);
        }
        if (report.rowsRead === 0) throw new AppError('IMPORT_EMPTY', '导入文件中没有数据行');
        for (const m of layout.mapping) m.hasData = hasData.has(m.index);
        report.unmappedWithData = layout.mapping.filter((m) => m.target === null && m.how !== 'skipped' && m.how !== 'user' && m.how !== 'remembered' && m.hasData).map((m) => m.fileColumn);
        report.changes = rowChanges(trx).slice(0, MAX_ERRORS);
        const outcome = writer.finish();
        report.rowsAccepted = outcome.accepted;
        report.rowsRejected = outcome.rejectedRows + examples.length;
        report.errors = (examples.length ? [...examples, ...outcome.errors].sort((a, b) => a.row - b.row) : outcome.errors).slice(0, MAX_ERRORS);
        report.sample = outcome.stored.slice(0, SAMPLE_SIZE);
        opts.onProgress?.(report.rowsRead, report.rowsRead, '完成');
        if (opts.dryRun || report.rowsRejected > 0) throw new Rollback();
        if (userMap.size) {
          // A mapping the user confirmed by importing with it is offered again for files with this header.
          const stored = await readSetting<Remembered>(trx, MAPPINGS_SETTING, {});
          const remembered = stored && typeof stored === 'object' && !Array.isArray(stored) ? stored : {};
          const mine = Object.prototype.hasOwnProperty.call(remembered, spec.kind) && typeof remembered[spec.kind] === 'object' ? remembered[spec.kind]! : {};
          const next: Remembered = { ...remembered, [spec.kind]: { ...mine, [layout.signature]: [...userMap] } };
          await writeSetting(trx, ctx, MAPPINGS_SETTING, next, { action: 'imports.mapping', summary: `记住${spec.title}导入的列对应关系` });
        }
        await writeAudit(trx, ctx, {
          action: `import.${spec.kind}`,
          entity: 'import',
          entityId: spec.kind,
          summary: `导入${spec.title}：${file.fileName}，共 ${report.rowsAccepted} 行`,
          after: { fileName: file.fileName, rows: report.rowsAccepted, mapping: layout.mapping.map((m) => [m.fileColumn, m.target]) },
        });
      }));
      report.committed = true;
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
    return report;
  } finally {
    // Stops the reader when the import ends early (a missing column, an error): nothing waits on it.
    await pieces.return(undefined);
  }
}

/**
 * The header row alone (rows are typed under it), and in the workbook a 填写说明 sheet with each column's
 * rules and example. The example is not a row of the template: typed-under, it would be imported as data.
 */
export async function templateFile(spec: ImportSpec, format: 'xlsx' | 'csv'): Promise<FilePayload> {
  const headers = spec.columns.map((c) => c.header);
  if (format === 'csv') {
    return { fileName: `${spec.title}导入模板.csv`, mime: 'text/csv', dataBase64: toCsvBytes([headers]).toString('base64') };
  }
  const wb = new XlsxWriter({ creator: 'CareBeds', created: new Date() });
  const text = wb.style({ numFmt: '@' });
  const bold = wb.style({ bold: true });
  const required = wb.style({ bold: true, color: 'FFC00000' });
  wb.addSheet({
    name: '导入模板',
    widths: spec.columns.map((c) => Math.max(12, c.header.length * 2 + 4, c.example.length + 4)),
    columnFormats: spec.columns.map(() => text),
    frozen: { rows: 1 },
    rows: [spec.columns.map((c) => ({ value: c.header, style: c.required ? required : bold }))],
    // A dropdown for each column of fixed values; a value outside it is warned of, as the import would refuse it.
    validations: spec.columns.flatMap((c, i) =>
      c.choices?.length
        ? [{ column: i, fromRow: 2, toRow: 5000, choices: c.choices, allowBlank: !c.required, errorTitle: c.header, error: `可选值：${c.choices.join('、')}` }]
        : [],
    ),
  });
  wb.addSheet({
    name: '填写说明',
    widths: [16, 10, 60, 24],
    rowStyles: [bold],
    rows: [
      ['列名', '是否必填', '说明', '示例'],
      ...spec.columns.map((c) => [c.header, c.required ? '必填' : '选填', c.description, c.example]),
      [],
      ['说明', '', '“导入模板”表的第一行为表头，请勿修改；从第二行起每行一条记录（上表的示例仅供参考，不要抄入）。空单元格表示未知，不会被当作 0。整份文件全部通过校验后才会写入。'],
    ],
  });
  const buffer = await wb.toBuffer();
  return {
    fileName: `${spec.title}导入模板.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    dataBase64: buffer.toString('base64'),
  };
}

/** Text as the importer reads it, row by row: each sheet of a workbook in tab order, or a CSV as one 数据 sheet. */
async function sheetsAsRead(fileName: string, bytes: Uint8Array): Promise<{ name: string; rows: string[][] }[]> {
  if (!fileName.toLowerCase().endsWith('.xlsx')) {
    return [{ name: '数据', rows: Papa.parse<string[]>(decodeText(bytes).text, { skipEmptyLines: false }).data }];
  }
  let names: string[] = [];
  const sheets: { name: string; rows: string[][] }[] = [];
  for (let i = 0; i === 0 || i < names.length; i++) {
    const rows: string[][] = [];
    const read = sheetRows(bytes, { sheet: names[i], onSheets: (all) => (names = all) });
    // Rows keep their numbers: the blank rows between them stay blank, so row N of the report is row N of the file.
    for await (const batch of read) for (const r of batch) rows[r.row - 1] = r.cells;
    sheets.push({ name: names[i] ?? '', rows: Array.from(rows, (r) => r ?? []) });
  }
  return sheets;
}

const ERROR_LIST_SHEET = '错误清单';
const NOTE_HEADER = '错误说明';

/**
 * The error report, a new workbook of the user's own file: every sheet in tab order (a CSV as one 数据
 * sheet), each cell the text the import read there (an ID number or a code with leading zeros stays what
 * the file said) in its own row and column; in the imported sheet the bad cells filled red and a 错误说明
 * column with each row's problems, ready to fix and import again; then a 错误清单 sheet. Formatting and
 * merged cells of the user's file are not carried over.
 */
export async function errorReportFile(fileName: string, bytes: Uint8Array, report: ImportReport): Promise<FilePayload> {
  // An earlier report's list is replaced by this one's (unless the table itself is on a sheet so named).
  const listName = report.sheet === ERROR_LIST_SHEET ? `${ERROR_LIST_SHEET}（本次）` : ERROR_LIST_SHEET;
  const sheets = (await sheetsAsRead(fileName, bytes)).filter((x) => x.name !== listName);
  const data = sheets.find((x) => x.name === report.sheet) ?? sheets[0]!;
  const wb = new XlsxWriter({ creator: 'CareBeds', created: new Date() });
  const text = wb.style({ numFmt: '@' });
  const red = wb.style({ numFmt: '@', fill: 'FFFFC7CE' });
  const bold = wb.style({ bold: true });
  const noteHeader = wb.style({ bold: true, color: 'FFC00000' });
  const wrap = wb.style({ numFmt: '@', wrap: true });
  const widthOf = (rows: string[][], column: number) => {
    let longest = 0;
    for (const r of rows.slice(0, 1000)) longest = Math.max(longest, [...(r[column] ?? '')].length);
    return Math.min(40, Math.max(10, longest * 2));
  };
  const byRow = new Map<number, ImportRowError[]>();
  for (const e of report.errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);
  const indexOf = new Map(report.mapping.filter((m) => m.target !== null).map((m) => [m.target!, m.index]));
  const headerRow = report.headerRows.at(-1) ?? 1;
  for (const sheet of sheets) {
    let columns = 0;
    for (const r of sheet.rows) columns = Math.max(columns, r.length);
    const rows: (string | Cell)[][] = sheet.rows.map((r) => [...r]);
    let noteColumn = -1;
    if (sheet === data) {
      // A report imported again has its 错误说明 column (not imported): this report's notes take its place.
      const earlier = report.mapping.find((m) => m.fileColumn === NOTE_HEADER && m.target === null);
      noteColumn = earlier ? earlier.index : Math.max(columns, ...report.mapping.map((m) => m.index + 1));
      if (earlier) for (const r of rows.slice(headerRow)) if (r.length > noteColumn) r[noteColumn] = '';
      while (rows.length < Math.max(headerRow, ...byRow.keys())) rows.push([]);
      const put = (row: number, column: number, cell: Cell) => {
        const r = rows[row - 1]!;
        while (r.length < column) r.push('');
        r[column] = cell;
      };
      put(headerRow, noteColumn, { value: NOTE_HEADER, style: noteHeader });
      for (const [row, errors] of byRow) {
        put(row, noteColumn, { value: errors.map((e) => (e.column ? `【${e.column}】${e.message}` : e.message)).join('；'), style: wrap });
        for (const e of errors) {
          const at = e.column === null ? undefined : indexOf.get(e.column);
          if (at !== undefined) put(row, at, { value: sheet.rows[row - 1]?.[at] ?? '', style: red });
        }
      }
      columns = Math.max(columns, noteColumn + 1);
    }
    const widths = Array.from({ length: columns }, (_, i) => widthOf(sheet.rows, i));
    if (noteColumn >= 0) widths[noteColumn] = 60;
    wb.addSheet({ name: sheet.name, widths, columnFormats: widths.map(() => text), rows });
  }
  wb.addSheet({
    name: listName,
    widths: [8, 16, 80],
    rowStyles: [bold],
    rows: [['行号', '列', '错误原因'], ...report.errors.map((e) => [e.row, e.column ?? '', e.message])],
  });
  const base = fileName.replace(/\.[^.]+$/, '');
  return {
    fileName: `${base}-错误标注.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    dataBase64: (await wb.toBuffer()).toString('base64'),
  };
}
