import { dayOf } from '../../../shared/domain/calendar';
import { AppError } from '../../../shared/errors';
import { serialToDay } from '../files/xlsxRead';
import type { ImportRowError } from '../../../shared/contract';
import { invisibleTextProblem, trimInvisible } from '../../../shared/schemas/common';

/**
 * A date Excel stored as its serial number in a General cell (45992 for 2025-12-01), as the sheet gives it
 * when the cell was not formatted as a date. Only five-digit serials (1927–2173) are read so: a year or a
 * count in a date column stays an error.
 */
export function serialDay(raw: string): string | null {
  if (!/^\d{5}(\.0+)?$/.test(raw)) return null;
  return serialToDay(Number.parseInt(raw, 10), false);
}

/** Thrown by a row's parser or writer: every problem of that row, each tied to a column. */
export class RowErrors extends Error {
  constructor(readonly issues: { column: string | null; message: string }[]) {
    super(issues.map((i) => i.message).join('；'));
  }
}

/**
 * Reads typed values out of one spreadsheet row and collects every problem instead of stopping at
 * the first, so the user fixes a row once. Empty cells mean "unknown" (null), never 0.
 */
export class RowReader {
  readonly issues: { column: string | null; message: string }[] = [];
  constructor(private readonly cells: Record<string, string>) {}

  fail(column: string | null, message: string): null {
    this.issues.push({ column, message });
    return null;
  }

  text(column: string, opts: { required?: boolean; max?: number } = {}): string | null {
    const raw = this.cells[column] ?? '';
    const problem = invisibleTextProblem(`“${column}”`, raw);
    if (problem) return this.fail(column, problem);
    const value = trimInvisible(raw);
    if (!value) return opts.required ? this.fail(column, `“${column}”不能为空`) : null;
    if (opts.max && value.length > opts.max) return this.fail(column, `“${column}”不能超过 ${opts.max} 个字符`);
    return value;
  }

  int(column: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | null {
    const raw = this.text(column, opts);
    if (raw === null) return null;
    // Numbers typed as text the way forms have them: full-width digits, thousands separators, a unit after.
    const normalized = raw
      .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
      .replace(/[,，\s]/g, '')
      .replace(/(张|人|个|床)$/, '');
    if (!/^-?\d+(\.0+)?$/.test(normalized)) return this.fail(column, `“${column}”应为整数，实际为“${raw}”`);
    const n = Number.parseInt(normalized, 10);
    if (opts.min !== undefined && n < opts.min) return this.fail(column, `“${column}”不能小于 ${opts.min}`);
    if (opts.max !== undefined && n > opts.max) return this.fail(column, `“${column}”不能大于 ${opts.max}`);
    return n;
  }

  /** A calendar day, as `dayOf` reads one. */
  date(column: string, opts: { required?: boolean } = {}): string | null {
    const raw = this.text(column, opts);
    if (raw === null) return null;
    const day = dayOf(raw) ?? serialDay(raw);
    if (!day) return this.fail(column, `“${column}”应为有效日期（如 2023-05-10、2023/5/10 或 2023年5月10日），实际为“${raw}”`);
    return day;
  }

  /** A value from a fixed vocabulary given by its Chinese label; the message lists what is allowed. */
  choice<K extends string>(column: string, table: Record<K, string>, opts: { required?: boolean; aliases?: Record<string, K> } = {}): K | null {
    const raw = this.text(column, opts);
    if (raw === null) return null;
    for (const [key, label] of Object.entries(table) as [K, string][]) if (label === raw) return key;
    if (opts.aliases && Object.prototype.hasOwnProperty.call(opts.aliases, raw)) return opts.aliases[raw]!;
    return this.fail(column, `“${column}”的值“${raw}”无效，可选值：${Object.values(table).join('、')}`);
  }

  yesNo(column: string, opts: { required?: boolean } = {}): boolean | null {
    const raw = this.text(column, opts);
    if (raw === null) return null;
    if (['是', 'Y', 'y', '1', 'TRUE', 'true'].includes(raw)) return true;
    if (['否', 'N', 'n', '0', 'FALSE', 'false'].includes(raw)) return false;
    return this.fail(column, `“${column}”应填“是”或“否”，实际为“${raw}”`);
  }

  /** Stops the row here if anything was wrong so far. */
  check(): void {
    if (this.issues.length) throw new RowErrors(this.issues);
  }
}

/** Turns whatever a row threw into row errors when it is a user error; rethrows real failures. */
export function rowErrorsOf(err: unknown, row: number, columnForField: (field: string) => string | null): ImportRowError[] | null {
  if (err instanceof RowErrors) return err.issues.map((i) => ({ row, column: i.column, message: i.message }));
  if (err instanceof AppError) {
    const field = (err.details as { field?: string } | undefined)?.field;
    return [{ row, column: field ? columnForField(field) : null, message: err.message }];
  }
  return null;
}
