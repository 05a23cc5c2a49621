import type { Worker } from 'node:worker_threads';
import Papa from 'papaparse';
import { AppError, isErrorCode } from '../../../shared/errors';
import { sheetRows, XLSX_INFLATED_MAX_BYTES, XlsxReadError, XlsxSheetMissing } from '../files/xlsxRead';
import { startWorker } from '../app/workers';

export interface RawRow {
  /** The spreadsheet row number (header = 1). */
  row: number;
  cells: string[];
}

export interface RawTable {
  headers: string[];
  /** Data rows, blank rows left out. */
  rows: RawRow[];
  encoding: string | null;
}

/**
 * A table read piece by piece: first its header, then its data rows in order, so the import can check
 * and write the first rows while the rest of the file is still being read.
 */
export type TablePiece =
  | { kind: 'head'; headers: string[]; encoding: string | null; row: number; sheet: string | null; sheets: string[] }
  | { kind: 'rows'; rows: RawRow[] };

const PIECE_ROWS = 2000;

/** Where the first byte that is not valid UTF-8 is (its offset and 1-based line), or null. */
export function firstBadUtf8(bytes: Uint8Array): { offset: number; line: number } | null {
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0x0a) line++;
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return { offset: i, line };
    // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or > U+10FFFF).
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (bytes[i + 1]! < lo || bytes[i + 1]! > hi) return { offset: i, line };
    for (let k = 2; k < len; k++) if (bytes[i + k]! < 0x80 || bytes[i + k]! > 0xbf) return { offset: i, line };
    i += len;
  }
  return null;
}

/**
 * Whether bytes that are not valid UTF-8 are still mostly UTF-8: its characters outnumber the damaged
 * spots several times. GBK text read as UTF-8 is the other way round (a valid UTF-8 character in it is a
 * coincidence of a few byte pairs; most of its characters are errors).
 */
function mostlyUtf8(bytes: Uint8Array): boolean {
  const text = new TextDecoder('utf-8').decode(bytes);
  let valid = 0;
  let damaged = 0;
  for (const ch of text) {
    if (ch === '\uFFFD') damaged++;
    else if (ch.codePointAt(0)! >= 0x80) valid++;
  }
  return valid >= 4 * damaged;
}

function badUtf8(bytes: Uint8Array, bom: boolean): AppError {
  const at = firstBadUtf8(bytes) ?? { offset: 0, line: 1 };
  const offset = at.offset + (bom ? 3 : 0);
  const hex = (bytes[at.offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return new AppError(
    'IMPORT_FILE_ENCODING',
    `文件${bom ? '标明是 UTF-8 编码，但' : '不是有效的 UTF-8 编码（也不是 GB18030/GBK）：'}第 ${at.line} 行（第 ${offset + 1} 个字节，0x${hex}）不是有效的 UTF-8 字符。文件可能已损坏或被截断，请在 Excel 或记事本中打开、另存为“CSV UTF-8”后重新导入`,
    { offset, line: at.line, byte: `0x${hex}` },
  );
}

/**
 * Detects the text encoding of a CSV the way Chinese offices produce them: UTF-8 (BOM or not) or
 * GB18030. Nothing is decoded with replacement characters: a byte that fits neither encoding refuses
 * the file, naming where it is, instead of importing 乱码 or reporting the header as missing.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'UTF-8 (BOM)' };
    } catch {
      throw badUtf8(body, true);
    }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    // Not valid UTF-8: Excel on Chinese Windows saves "CSV" as GBK, which GB18030 decodes (superset). A
    // UTF-8 file with a damaged byte mostly decodes as GB18030 too, as 乱码; its many valid UTF-8
    // characters give it away (in GBK text they are rare coincidences).
    if (mostlyUtf8(bytes)) throw badUtf8(bytes, false);
    try {
      return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'GB18030' };
    } catch {
      throw badUtf8(bytes, false);
    }
  }
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c === '');
}

function* csvPieces(bytes: Uint8Array): Generator<TablePiece> {
  const { text, encoding } = decodeText(bytes);
  const lines = Papa.parse<string[]>(text, { skipEmptyLines: false }).data;
  let headerIndex = lines.findIndex((l) => !isBlank(l.map((c) => c.trim())));
  if (headerIndex < 0) headerIndex = 0;
  yield { kind: 'head', headers: (lines[headerIndex] ?? []).map((h) => h.trim()), encoding, row: headerIndex + 1, sheet: null, sheets: [] };
  let rows: RawRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const cells = lines[i]!.map((c) => c.trim());
    if (isBlank(cells)) continue;
    rows.push({ row: i + 1, cells });
    if (rows.length === PIECE_ROWS) {
      yield { kind: 'rows', rows };
      rows = [];
    }
  }
  if (rows.length) yield { kind: 'rows', rows };
}

/** One worksheet (the first, or `sheet`), read a slice of its XML at a time (see files/xlsxRead.ts). */
async function* xlsxPieces(bytes: Uint8Array, sheet?: string): AsyncGenerator<TablePiece> {
  let headed = false;
  let rows: RawRow[] = [];
  let names: string[] = [];
  let chosen: string | null = null;
  try {
    for await (const batch of sheetRows(bytes, { sheet, onSheets: (all, one) => ([names, chosen] = [all, one]) })) {
      for (const r of batch) {
        const cells = r.cells.map((c) => c.trim());
        if (isBlank(cells)) continue;
        if (!headed) {
          headed = true;
          yield { kind: 'head', headers: cells, encoding: null, row: r.row, sheet: chosen, sheets: names };
          continue;
        }
        rows.push({ row: r.row, cells });
        if (rows.length === PIECE_ROWS) {
          yield { kind: 'rows', rows };
          rows = [];
        }
      }
    }
  } catch (err) {
    if (err instanceof XlsxSheetMissing) {
      throw new AppError('IMPORT_SHEET_MISSING', `工作簿中没有名为“${err.sheet}”的工作表；有：${err.sheets.join('、')}`, { sheets: err.sheets });
    }
    if (err instanceof XlsxReadError && err.problem === 'too-large') {
      throw new AppError('IMPORT_FILE_TOO_LARGE', `文件解压后超过 ${XLSX_INFLATED_MAX_BYTES / 1024 / 1024} MB，可能已损坏或不是正常的表格文件。请在 Excel 中打开并另存为 .xlsx，或分成几个文件导入`);
    }
    if (err instanceof XlsxReadError && err.problem === 'doctype') {
      throw new AppError('IMPORT_FILE_UNREADABLE', '文件中含有 DOCTYPE（XML 文档类型）声明，Excel 保存的表格不会有，为安全起见不予读取。请在 Excel 中打开并另存为 .xlsx 后重新导入', { cause: String(err) });
    }
    if (err instanceof XlsxReadError || err instanceof RangeError || (err instanceof Error && 'code' in err && String(err.code).startsWith('Z_'))) {
      throw new AppError('IMPORT_FILE_UNREADABLE', '无法读取该 Excel 文件：文件可能已损坏、设有密码，或不是 .xlsx 格式。请在 Excel 中打开并另存为 .xlsx 后重新导入', { cause: String(err) });
    }
    throw err;
  }
  if (!headed) yield { kind: 'head', headers: [], encoding: null, row: 1, sheet: chosen, sheets: names };
  if (rows.length) yield { kind: 'rows', rows };
}

function formatOf(fileName: string): 'xlsx' | 'csv' {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.xls')) {
    throw new AppError('IMPORT_FILE_UNREADABLE', '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入');
  }
  throw new AppError('IMPORT_FILE_UNREADABLE', '只支持 .xlsx 和 .csv 文件');
}

/** The file's pieces, read on the calling thread. */
export function tablePieces(fileName: string, bytes: Uint8Array, sheet?: string): AsyncIterable<TablePiece> {
  const format = formatOf(fileName);
  return format === 'xlsx' ? xlsxPieces(bytes, sheet) : (async function* () { yield* csvPieces(bytes); })();
}

/**
 * From this size on a file is read on a worker thread: reading a 100,000-row file takes about a second of
 * CPU, which then runs on the second core while the import checks and writes the rows already read.
 * Below it the hand-over between threads would cost more than it saves.
 */
export const WORKER_MIN_BYTES = 256 * 1024;


export type WorkerMessage = { job: number } & (
  | { type: 'piece'; piece: TablePiece }
  | { type: 'done' }
  | { type: 'error'; code: string | null; message: string; details?: unknown }
);

export interface WorkerJob {
  job: number;
  fileName: string;
  bytes: Uint8Array;
  sheet?: string;
}

const IDLE_MS = 10 * 60 * 1000;

/**
 * One reader worker is kept between imports: starting one adds about 0.07 s before the first row in the
 * desktop build and 0.2 s run from source (tsx compiles it), and a preview is followed by the real import
 * of the same file. An idle worker does not keep the process alive and stops after ten idle minutes.
 */
class ReaderPool {
  private idle: { worker: Worker; timer: NodeJS.Timeout } | null = null;
  private nextJob = 1;

  acquire(): Worker {
    const kept = this.idle;
    this.idle = null;
    if (!kept) return this.spawn();
    clearTimeout(kept.timer);
    kept.worker.ref();
    return kept.worker;
  }

  /** A worker that finished its job cleanly goes back; one stopped half-way (or a spare) is ended. */
  release(worker: Worker, clean: boolean): void {
    if (clean && !this.idle) this.keep(worker);
    else void worker.terminate();
  }

  job(): number {
    return this.nextJob++;
  }

  private keep(worker: Worker): void {
    worker.unref();
    const timer = setTimeout(() => {
      if (this.idle?.worker === worker) this.idle = null;
      void worker.terminate();
    }, IDLE_MS);
    timer.unref();
    this.idle = { worker, timer };
  }

  private spawn(): Worker {
    const worker = startWorker(__dirname, 'readWorker');
    // A worker that dies is never handed out again.
    const forget = () => {
      if (this.idle?.worker === worker) {
        clearTimeout(this.idle.timer);
        this.idle = null;
      }
    };
    worker.on('error', forget);
    worker.on('exit', forget);
    return worker;
  }
}

const readers = new ReaderPool();

/**
 * The file's pieces, read on a worker thread when the file is large (or when asked), so reading and the
 * import's writing overlap on the two cores. The same pieces either way; errors arrive as the same AppErrors.
 */
export async function* readPieces(fileName: string, bytes: Uint8Array, opts: { thread?: 'worker' | 'here'; sheet?: string } = {}): AsyncGenerator<TablePiece> {
  formatOf(fileName);
  const useWorker = opts.thread === 'worker' || (opts.thread !== 'here' && bytes.length >= WORKER_MIN_BYTES);
  if (!useWorker) {
    yield* tablePieces(fileName, bytes, opts.sheet);
    return;
  }
  const worker = readers.acquire();
  const job = readers.job();
  const queue: (WorkerMessage | { type: 'crash'; error: unknown })[] = [];
  let wake: (() => void) | null = null;
  const push = (m: (typeof queue)[number]) => {
    queue.push(m);
    wake?.();
  };
  const onMessage = (m: WorkerMessage) => {
    if (m.job === job) push(m);
  };
  const onError = (error: unknown) => push({ type: 'crash', error });
  const onExit = (code: number) => push({ type: 'crash', error: new Error(`import reader exited (${code})`) });
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.on('exit', onExit);
  let clean = false;
  try {
    worker.postMessage({ job, fileName, bytes, sheet: opts.sheet } satisfies WorkerJob);
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const m = queue.shift()!;
      if (m.type === 'piece') yield m.piece;
      else if (m.type === 'done') {
        clean = true;
        return;
      } else if (m.type === 'error') {
        clean = true; // the worker caught it and is ready for the next file
        throw m.code && isErrorCode(m.code) ? new AppError(m.code, m.message, m.details) : new Error(m.message);
      } else throw m.error;
    }
  } finally {
    worker.off('message', onMessage);
    worker.off('error', onError);
    worker.off('exit', onExit);
    readers.release(worker, clean);
  }
}

/** The whole table at once: the benchmark's reading baseline (xlsx_parse_100k_ms) and the reader tests. */
export async function readTable(fileName: string, bytes: Uint8Array, opts: { thread?: 'worker' | 'here' } = {}): Promise<RawTable> {
  const table: RawTable = { headers: [], rows: [], encoding: null };
  for await (const piece of readPieces(fileName, bytes, opts)) {
    if (piece.kind === 'head') Object.assign(table, { headers: piece.headers, encoding: piece.encoding });
    else for (const r of piece.rows) table.rows.push(r);
  }
  return table;
}
