import Papa from 'papaparse';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell that Excel would run as a formula is prefixed with an apostrophe (OWASP CSV injection).
 * Plain negative numbers are left alone so figures stay numbers.
 */
export function safeCsvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (typeof value === 'number') return text;
  if (FORMULA_START.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) return `'${text}`;
  return text;
}

/** UTF-8 with BOM, so Excel on a Chinese Windows opens it without mojibake. */
export function toCsvBytes(rows: unknown[][]): Buffer {
  const text = Papa.unparse(rows.map((r) => r.map(safeCsvCell)), { newline: '\r\n' });
  return Buffer.from('\uFEFF' + text + '\r\n', 'utf8');
}
