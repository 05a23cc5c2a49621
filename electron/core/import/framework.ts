import { sql } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { ImportColumn, ImportKindInfo, ImportReport, ImportRowError } from '../../../shared/contract';
import type { FileInput, FilePayload } from '../../../shared/schemas/common';
import type { CoreContext, Trx } from '../app/context';
import { writeAudit } from '../app/audit';
import { toCsvBytes } from '../files/csv';
import { XlsxWriter } from '../files/xlsx';
import { readPieces } from './read';
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
  applyRow(trx: Trx, ctx: CoreContext, cells: Record<string, string>, row: number): Promise<Record<string, string>>;
  /**
   * Optional bulk path for kinds imported by the hundred thousand: a writer that takes the file's rows a
   * piece at a time (as they are read), checks them in memory and with set-based lookups, and writes the
   * accepted ones with multi-row inserts on the import's transaction (statements on ctx.sqlite run on the
   * transaction's one connection). It must accept and refuse exactly the rows applyRow would, with the
   * same messages.
   */
  bulk?(ctx: CoreContext): ImportWriter;
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

/** Each row's cells by header, from the file's header row; refuses a file missing a required column. */
function cellsByHeader(spec: ImportSpec, headers: string[]): (raw: string[]) => Record<string, string> {
  const missing = spec.columns.filter((c) => c.required && !headers.includes(c.header)).map((c) => c.header);
  if (missing.length) {
    throw new AppError('IMPORT_HEADER_MISSING', `导入文件缺少必需的列：${missing.join('、')}。请下载模板核对表头`, {
      missing,
      found: headers,
    });
  }
  const known = new Set(spec.columns.map((c) => c.header));
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    if (known.has(h) && !index.has(h)) index.set(h, i);
  });
  return (raw) => {
    const cells: Record<string, string> = {};
    for (const [header, at] of index) cells[header] = raw[at] ?? '';
    return cells;
  };
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
    private readonly between: (rowsDone: number) => Promise<void>,
  ) {}

  async add(rows: { row: number; cells: Record<string, string> }[]): Promise<void> {
    const o = this.outcome;
    for (const { row, cells } of rows) {
      await sql`SAVEPOINT import_row`.execute(this.trx);
      try {
        const stored = await this.spec.applyRow(this.trx, this.ctx, cells, row);
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

/**
 * Reads a file and validates and writes every row in one transaction as the rows are read, and keeps it
 * only when every row was accepted and this is not a dry run. rowsRead = rowsAccepted + rowsRejected,
 * always. While it runs, other requests wait for the connection; polls of the job's progress do not.
 */
export async function runImport(
  ctx: CoreContext,
  spec: ImportSpec,
  file: { fileName: string; bytes: Uint8Array },
  opts: { dryRun: boolean; onProgress?: ImportProgress; thread?: 'worker' | 'here' },
): Promise<ImportReport> {
  opts.onProgress?.(0, 0, '读取文件');
  const pieces = readPieces(file.fileName, file.bytes, { thread: opts.thread });
  try {
    const first = await pieces.next();
    if (first.done || first.value.kind !== 'head') throw new AppError('IMPORT_EMPTY', '导入文件中没有数据行');
    const cellsOf = cellsByHeader(spec, first.value.headers);
    const report: ImportReport = {
      kind: spec.kind,
      fileName: file.fileName,
      encoding: first.value.encoding,
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
    try {
      await withBulkCache(ctx.sqlite, () => ctx.db.transaction().execute(async (trx) => {
        // Rows are checked and written as they are read: the reader (a worker for large files) runs ahead
        // on the other core, and between pieces the host answers progress polls.
        const writer = spec.bulk?.(ctx) ?? new RowByRow(trx, ctx, spec, (done) => progress(done));
        const examples: ImportRowError[] = [];
        for await (const piece of pieces) {
          if (piece.kind !== 'rows') continue;
          const rows: { row: number; cells: Record<string, string> }[] = [];
          for (const { row, cells } of piece.rows) {
            const r = { row, cells: cellsOf(cells) };
            if (isExample(spec, r.cells)) examples.push({ row, column: null, message: EXAMPLE_ROW });
            else rows.push(r);
          }
          await writer.add(rows);
          report.rowsRead += piece.rows.length;
          await progress(report.rowsRead);
        }
        if (report.rowsRead === 0) throw new AppError('IMPORT_EMPTY', '导入文件中没有数据行');
        const outcome = writer.finish();
        report.rowsAccepted = outcome.accepted;
        report.rowsRejected = outcome.rejectedRows + examples.length;
        report.errors = (examples.length ? [...examples, ...outcome.errors].sort((a, b) => a.row - b.row) : outcome.errors).slice(0, MAX_ERRORS);
        report.sample = outcome.stored.slice(0, SAMPLE_SIZE);
        opts.onProgress?.(report.rowsRead, report.rowsRead, '完成');
        if (opts.dryRun || report.rowsRejected > 0) throw new Rollback();
        await writeAudit(trx, ctx, {
          action: `import.${spec.kind}`,
          entity: 'import',
          entityId: spec.kind,
          summary: `导入${spec.title}：${file.fileName}，共 ${report.rowsAccepted} 行`,
          after: { fileName: file.fileName, rows: report.rowsAccepted },
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
  // Written by the app's own workbook writer, like the exports. Every column is text ('@'), so what is
  // typed stays as typed (an ID number, a code with leading zeros); required headers are bold and red.
  const wb = new XlsxWriter({ creator: 'CareBeds 养老床位', created: new Date() });
  const bold = wb.style({ bold: true });
  const required = wb.style({ bold: true, color: 'FFC00000' });
  const text = wb.style({ numFmt: '@' });
  wb.addSheet({
    name: '导入模板',
    widths: spec.columns.map((c) => Math.max(12, c.header.length * 2 + 4, c.example.length + 4)),
    frozen: { rows: 1 },
    rows: [spec.columns.map((c) => ({ value: c.header, style: c.required ? required : bold }))],
    columnFormats: spec.columns.map(() => text),
  });
  wb.addSheet({
    name: '填写说明',
    widths: [16, 10, 60, 24],
    rows: [
      ['列名', '是否必填', '说明', '示例'],
      ...spec.columns.map((c) => [c.header, c.required ? '必填' : '选填', c.description, c.example]),
      [],
      ['说明', '', '“导入模板”表的第一行为表头，请勿修改；从第二行起每行一条记录（上表的示例仅供参考，不要抄入）。空单元格表示未知，不会被当作 0。整份文件全部通过校验后才会写入。'],
    ],
    rowStyles: [bold],
  });
  const buffer = await wb.toBuffer();
  return {
    fileName: `${spec.title}导入模板.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    dataBase64: buffer.toString('base64'),
  };
}

export function errorReportFile(spec: ImportSpec, fileName: string, errors: ImportRowError[]): FilePayload {
  const rows: unknown[][] = [['行号', '列', '错误原因']];
  for (const e of errors) rows.push([e.row, e.column ?? '', e.message]);
  const base = fileName.replace(/\.[^.]+$/, '');
  return { fileName: `${base}-错误报告.csv`, mime: 'text/csv', dataBase64: toCsvBytes(rows).toString('base64') };
}
