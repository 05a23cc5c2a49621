import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { ImportColumn, ImportKindInfo, ImportReport, ImportRowError } from '../../../shared/contract';
import type { FileInput, FilePayload } from '../../../shared/schemas/common';
import type { CoreContext, Trx } from '../app/context';
import { writeAudit } from '../app/audit';
import { toCsvBytes } from '../files/csv';
import { readTable } from './read';
import { rowErrorsOf } from './row';

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
   * Optional bulk path for kinds imported by the hundred thousand: checks every row first (in memory and
   * with set-based lookups), and writes the accepted rows with multi-row inserts, inside the same single
   * transaction. It must accept and refuse exactly the rows applyRow would, with the same messages.
   */
  applyBatch?(trx: Trx, ctx: CoreContext, rows: { row: number; cells: Record<string, string> }[]): Promise<BatchOutcome>;
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

const SAMPLE_SIZE = 20;
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

/**
 * Reads a whole file, validates and writes every row in one transaction, and keeps it only when every
 * row was accepted and this is not a dry run. rowsRead = rowsAccepted + rowsRejected, always.
 */
export async function runImport(
  ctx: CoreContext,
  spec: ImportSpec,
  file: { fileName: string; bytes: Uint8Array },
  opts: { dryRun: boolean; onProgress?: ImportProgress },
): Promise<ImportReport> {
  opts.onProgress?.(0, 0, '读取文件');
  const table = await readTable(file.fileName, file.bytes);
  const known = new Set(spec.columns.map((c) => c.header));
  const missing = spec.columns.filter((c) => c.required && !table.headers.includes(c.header)).map((c) => c.header);
  if (missing.length) {
    throw new AppError('IMPORT_HEADER_MISSING', `导入文件缺少必需的列：${missing.join('、')}。请下载模板核对表头`, {
      missing,
      found: table.headers,
    });
  }
  if (table.rows.length === 0) throw new AppError('IMPORT_EMPTY', '导入文件中没有数据行');
  const index = new Map<string, number>();
  table.headers.forEach((h, i) => {
    if (known.has(h) && !index.has(h)) index.set(h, i);
  });

  const report: ImportReport = {
    kind: spec.kind,
    fileName: file.fileName,
    encoding: table.encoding,
    rowsRead: table.rows.length,
    rowsAccepted: 0,
    rowsRejected: 0,
    errors: [],
    sample: [],
    dryRun: opts.dryRun,
    committed: false,
  };
  const columnFor = (field: string) => spec.fieldColumns?.[field] ?? null;
  const total = table.rows.length;

  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (spec.applyBatch) {
        const rows = table.rows.map(({ row, cells: raw }) => {
          const cells: Record<string, string> = {};
          for (const [header, at] of index) cells[header] = raw[at] ?? '';
          return { row, cells };
        });
        opts.onProgress?.(0, total, '校验并写入');
        const outcome = await spec.applyBatch(trx, ctx, rows);
        report.rowsAccepted = outcome.accepted;
        report.rowsRejected = outcome.rejectedRows;
        report.errors = outcome.errors.slice(0, MAX_ERRORS);
        report.sample = outcome.stored.slice(0, SAMPLE_SIZE);
      }
      for (let i = 0; i < (spec.applyBatch ? 0 : total); i++) {
        const { row, cells: raw } = table.rows[i]!;
        const cells: Record<string, string> = {};
        for (const [header, at] of index) cells[header] = raw[at] ?? '';
        await sql`SAVEPOINT import_row`.execute(trx);
        try {
          const stored = await spec.applyRow(trx, ctx, cells, row);
          await sql`RELEASE import_row`.execute(trx);
          report.rowsAccepted++;
          if (report.sample.length < SAMPLE_SIZE) report.sample.push(stored);
        } catch (err) {
          await sql`ROLLBACK TO import_row`.execute(trx);
          await sql`RELEASE import_row`.execute(trx);
          const issues = rowErrorsOf(err, row, columnFor);
          if (!issues) throw err;
          report.rowsRejected++;
          if (report.errors.length < MAX_ERRORS) report.errors.push(...issues);
        }
        if ((i + 1) % YIELD_EVERY === 0) {
          opts.onProgress?.(i + 1, total, '校验并写入');
          // Let the host answer progress polls and keep the window responsive between chunks.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      opts.onProgress?.(total, total, '完成');
      if (opts.dryRun || report.rowsRejected > 0) throw new Rollback();
      await writeAudit(trx, ctx, {
        action: `import.${spec.kind}`,
        entity: 'import',
        entityId: spec.kind,
        summary: `导入${spec.title}：${file.fileName}，共 ${report.rowsAccepted} 行`,
        after: { fileName: file.fileName, rows: report.rowsAccepted },
      });
    });
    report.committed = true;
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return report;
}

export async function templateFile(spec: ImportSpec, format: 'xlsx' | 'csv'): Promise<FilePayload> {
  const headers = spec.columns.map((c) => c.header);
  const example = spec.columns.map((c) => c.example);
  if (format === 'csv') {
    return { fileName: `${spec.title}导入模板.csv`, mime: 'text/csv', dataBase64: toCsvBytes([headers, example]).toString('base64') };
  }
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('导入模板', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(headers);
  sheet.addRow(example);
  sheet.getRow(1).font = { bold: true };
  spec.columns.forEach((c, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = Math.max(12, c.header.length * 2 + 4, c.example.length + 4);
    col.numFmt = '@';
    if (c.required) sheet.getCell(1, i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  });
  const help = wb.addWorksheet('填写说明');
  help.addRow(['列名', '是否必填', '说明', '示例']);
  help.getRow(1).font = { bold: true };
  for (const c of spec.columns) help.addRow([c.header, c.required ? '必填' : '选填', c.description, c.example]);
  help.addRow([]);
  help.addRow(['说明', '', '第一行为表头，请勿修改；空单元格表示未知，不会被当作 0。整份文件全部通过校验后才会写入。']);
  help.columns.forEach((col, i) => (col.width = [16, 10, 60, 24][i]));
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
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
