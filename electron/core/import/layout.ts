// Where a spreadsheet's table is and what its columns are, as bureaus and facilities make them: a title
// row above the header, a two-level merged header, a 序号 column, 合计 rows, columns named their own way.
// Finds the header row, maps each file column to a template column (or to nothing, visibly), and says which
// rows are not records. Synonyms are data (shared/domain/importSynonyms.ts).
import { AppError } from '../../../shared/errors';
import type { ImportColumnMapping } from '../../../shared/contract';
import { COLUMN_SYNONYMS, NOTE_ROW_PREFIXES, ROW_NUMBER_COLUMNS, TOTAL_ROW_WORDS, normalizeHeader } from '../../../shared/domain/importSynonyms';
import type { RawRow } from './read';

/** How many rows from the top are searched for the header (titles, notes and blank rows above it). */
export const HEADER_SEARCH_ROWS = 20;

export interface Layout {
  /** The spreadsheet rows that make the header (one, or two for a two-level header). */
  headerRows: number[];
  /** The date a title row above the header gives (「…（2025年12月）」: the month's last day), or null. */
  titleDay: string | null;
  mapping: ImportColumnMapping[];
  /** The template column → the file column's index. */
  index: Map<string, number>;
  /** Rows from this spreadsheet row on are data. */
  dataFrom: number;
  signature: string;
}

interface Candidate {
  rows: number[];
  names: { name: string; context: string | null }[];
  score: number;
}

const ROW_NUMBER = new Set(ROW_NUMBER_COLUMNS.map(normalizeHeader));

/** The template column a file column name stands for, by exact name or synonym; null when none. */
export function templateColumnFor(kind: string, headers: readonly string[], name: string): string | null {
  const n = normalizeHeader(name);
  if (!n) return null;
  const exact = headers.find((h) => normalizeHeader(h) === n);
  if (exact) return exact;
  const synonyms = COLUMN_SYNONYMS[kind] ?? {};
  for (const h of headers) {
    if (!Object.prototype.hasOwnProperty.call(synonyms, h)) continue;
    if (synonyms[h]!.some((s) => normalizeHeader(s) === n)) return h;
  }
  return null;
}

function candidates(rows: readonly RawRow[]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < rows.length; i++) {
    out.push({ rows: [rows[i]!.row], names: rows[i]!.cells.map((c) => ({ name: c, context: null })), score: 0 });
    const lower = rows[i + 1];
    if (!lower || lower.row !== rows[i]!.row + 1) continue;
    // A merged upper cell holds its text in its first column only; it is the context of the columns
    // under it, up to the next upper cell.
    const upper = rows[i]!.cells;
    const width = Math.max(upper.length, lower.cells.length);
    const names: Candidate['names'] = [];
    let group = '';
    for (let j = 0; j < width; j++) {
      if (upper[j]) group = upper[j]!;
      const below = lower.cells[j] ?? '';
      names.push(below ? { name: below, context: group || null } : { name: upper[j] ?? '', context: null });
    }
    out.push({ rows: [rows[i]!.row, lower.row], names, score: 0 });
  }
  return out;
}

/** How many characters of `a` occur in `b`, as a share of a's length: how close two column names are. */
function closeness(a: string, b: string): number {
  if (!a || !b) return 0;
  let common = 0;
  for (const ch of a) if (b.includes(ch)) common++;
  return common / Math.max(a.length, b.length);
}

/**
 * The header and the mapping for a table's first rows. `userMap` (file column → template column, '' for
 * 不导入) wins over names and synonyms. Refuses, saying which row it read as the header and the closest
 * names it found, when a required template column is in no file column.
 */
export function findLayout(
  spec: { kind: string; columns: readonly { header: string; required: boolean }[] },
  top: readonly RawRow[],
  userMap: ReadonlyMap<string, string>,
  how: 'user' | 'remembered' = 'user',
): Layout {
  const headers = spec.columns.map((c) => c.header);
  const targetOf = (name: string): { target: string | null; how: ImportColumnMapping['how'] } => {
    if (userMap.has(name)) {
      const t = userMap.get(name)!;
      return { target: t && headers.includes(t) ? t : null, how };
    }
    if (ROW_NUMBER.has(normalizeHeader(name))) return { target: null, how: 'skipped' };
    const t = templateColumnFor(spec.kind, headers, name);
    return { target: t, how: t === null ? 'none' : normalizeHeader(t) === normalizeHeader(name) ? 'exact' : 'synonym' };
  };
  const all = candidates(top.slice(0, HEADER_SEARCH_ROWS));
  let best: Candidate | null = null;
  for (const c of all) {
    // Names the user mapped count as found even when mapped to 不导入: they chose that column of this header.
    c.score = new Set(c.names.map((n) => (userMap.has(n.name) ? `user:${n.name}` : targetOf(n.name).target)).filter((t) => t !== null)).size;
    // A two-level header wins only when it gives more columns than its lower row alone: a title row above
    // a one-row header is not the header's upper level.
    const lowerAlone = best && c.rows.length === 1 && best.rows.length === 2 && best.rows[1] === c.rows[0] && c.score === best.score;
    if (!best || c.score > best.score || lowerAlone) best = c;
  }
  if (!best || best.score === 0) best = all[0] ?? { rows: [top[0]?.row ?? 1], names: [], score: 0 };

  const mapping: ImportColumnMapping[] = [];
  const index = new Map<string, number>();
  best.names.forEach(({ name, context }, i) => {
    if (!name) return;
    let { target, how: via } = targetOf(name);
    if (target !== null && index.has(target)) {
      // The first column of a name wins; a second one is shown, not imported, so the user sees both.
      target = null;
      via = 'duplicate';
    }
    if (target !== null) index.set(target, i);
    mapping.push({ index: i, fileColumn: name, context, target, how: via, hasData: false });
  });
  const missing = spec.columns.filter((c) => c.required && !index.has(c.header)).map((c) => c.header);
  const found = best.names.map((n) => n.name).filter(Boolean);
  if (missing.length) {
    const closest = missing.map((m) => {
      const ranked = found
        .filter((f) => !mapping.some((x) => x.fileColumn === f && x.target !== null))
        .map((f) => ({ f, s: closeness(m, normalizeHeader(f)) }))
        .sort((a, b) => b.s - a.s);
      return { column: m, closest: ranked[0] && ranked[0].s >= 0.34 ? ranked[0].f : null };
    });
    const hints = closest.map((c) => (c.closest ? `“${c.column}”（文件中最接近的是“${c.closest}”）` : `“${c.column}”`)).join('、');
    throw new AppError(
      'IMPORT_HEADER_MISSING',
      `导入文件缺少必需的列：${hints}。作为表头读取的是第 ${best.rows.join('、')} 行：${found.join('、') || '（空）'}。请在预览中为这些列选择对应的文件列，或下载模板核对表头`,
      { missing, found, headerRows: best.rows, closest },
    );
  }
  const titles = top.filter((r) => r.row < best.rows[0]!).flatMap((r) => r.cells);
  return {
    headerRows: best.rows,
    titleDay: titles.map(dayInTitle).find((d) => d !== null) ?? null,
    mapping,
    index,
    dataFrom: best.rows.at(-1)! + 1,
    signature: found.map(normalizeHeader).join('|'),
  };
}

/** Why a data row is not a record (a 合计 row, a note under the table), or null for a record. */
export function skipReason(layout: Layout, cells: readonly string[]): string | null {
  const firstCells = cells.filter((c) => c !== '').slice(0, 3).map((c) => c.replace(/[\s\u3000]+/g, ''));
  const total = firstCells.find((c) => TOTAL_ROW_WORDS.some((w) => c === w || c.startsWith(w)));
  if (total) return `“${total}”行，是汇总而不是一条记录，已跳过`;
  const mapped = [...layout.index.values()].some((i) => (cells[i] ?? '') !== '');
  if (!mapped) return '只有不导入的列有内容（如序号），已跳过';
  const first = firstCells[0] ?? '';
  if (NOTE_ROW_PREFIXES.some((p) => first.startsWith(p)) && [...layout.index.values()].filter((i) => (cells[i] ?? '') !== '').length <= 1) {
    return `表格下方的说明“${first.slice(0, 20)}”，已跳过`;
  }
  return null;
}

/**
 * The date a report's title states: 2025年12月31日 as it is, 2025年12月 as the month's last day (a monthly
 * 统计表 counts as of its month's end); null when the title has none.
 */
export function dayInTitle(title: string): string | null {
  const m = /(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?/.exec(title);
  if (!m) return null;
  const [year, month] = [Number(m[1]), Number(m[2])];
  if (month < 1 || month > 12) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = m[3] ? Number(m[3]) : last;
  if (day < 1 || day > last) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
