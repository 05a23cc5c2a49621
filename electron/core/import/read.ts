import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { AppError } from '../../../shared/errors';

export interface RawTable {
  headers: string[];
  /** Data rows, blank rows left out; `row` is the spreadsheet row number (header = 1). */
  rows: { row: number; cells: string[] }[];
  encoding: string | null;
}

/** Detects the text encoding of a CSV the way Chinese offices produce them: UTF-8 (BOM or not) or GB18030. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8 (BOM)' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    // Not valid UTF-8: Excel on Chinese Windows saves "CSV" as GBK, which GB18030 decodes (superset).
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030' };
  }
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

function parseCsv(bytes: Uint8Array): RawTable {
  const { text, encoding } = decodeText(bytes);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const lines = parsed.data;
  let headerIndex = lines.findIndex((l) => !isBlank(l));
  if (headerIndex < 0) headerIndex = 0;
  const headers = (lines[headerIndex] ?? []).map((h) => h.trim());
  const rows: RawTable['rows'] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const cells = lines[i]!.map((c) => c.trim());
    if (!isBlank(cells)) rows.push({ row: i + 1, cells });
  }
  return { headers, rows, encoding };
}

function cellToText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // exceljs gives date cells as UTC midnight of the calendar day shown in Excel.
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return cellToText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

async function parseXlsx(bytes: Uint8Array): Promise<RawTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (err) {
    throw new AppError('IMPORT_FILE_UNREADABLE', '无法读取该 Excel 文件，请确认是 .xlsx 格式且未加密', { cause: String(err) });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('IMPORT_EMPTY', 'Excel 文件中没有工作表');
  const all: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellToText(row.getCell(c).value).trim());
    if (!isBlank(cells)) all.push({ row: rowNumber, cells });
  });
  const [header, ...rest] = all;
  return { headers: (header?.cells ?? []).map((h) => h.trim()), rows: rest, encoding: null };
}

export async function readTable(fileName: string, bytes: Uint8Array): Promise<RawTable> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return parseXlsx(bytes);
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return parseCsv(bytes);
  if (lower.endsWith('.xls')) {
    throw new AppError('IMPORT_FILE_UNREADABLE', '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入');
  }
  throw new AppError('IMPORT_FILE_UNREADABLE', '只支持 .xlsx 和 .csv 文件');
}
