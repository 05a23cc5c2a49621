import { z } from 'zod';
import { channel } from './define';
import { fileInput, isoDate } from '../schemas/common';
import type { FilePayload } from '../schemas/common';

// ---------- output types ----------

export interface ImportColumn {
  header: string;
  required: boolean;
  description: string;
  example: string;
  /** The fixed values the column takes, offered as a dropdown in the Excel template. */
  choices?: readonly string[];
}

export interface ImportKindInfo {
  kind: string;
  title: string;
  columns: ImportColumn[];
}

export interface ImportRowError {
  /** Row number as the user sees it in the spreadsheet (the header is row 1). */
  row: number;
  column: string | null;
  message: string;
}

/** One column of the file and the template column it is imported as (null: 不导入). */
export interface ImportColumnMapping {
  /** 0-based column index in the sheet. */
  index: number;
  /** The column's name in the file (the lower cell of a two-level header). */
  fileColumn: string;
  /** The upper cell of a two-level header above this column, when there is one. */
  context: string | null;
  target: string | null;
  /** exact name, synonym, chosen by the user, remembered from a confirmed import, a 序号 column, a repeated name, or no match. */
  how: 'exact' | 'synonym' | 'user' | 'remembered' | 'skipped' | 'duplicate' | 'none';
  /** Whether any data row has a value in this column. */
  hasData: boolean;
}

export interface ImportRowChange {
  row: number;
  action: 'insert' | 'update' | 'same';
  /** For an update: each changed field, before → after. */
  fields: { column: string; before: string; after: string }[];
}

export interface ImportReport {
  kind: string;
  fileName: string;
  encoding: string | null;
  /** The sheet read (xlsx) and every sheet of the workbook, in tab order. */
  sheet: string | null;
  sheets: string[];
  /** The spreadsheet rows read as the header. */
  headerRows: number[];
  /** The file's 统计日期: given with the import, else stated in its title (年月 = the month's last day); null when neither. */
  fileDay: string | null;
  mapping: ImportColumnMapping[];
  /** File columns with data that are not imported: named before the commit, never dropped silently. */
  unmappedWithData: string[];
  /** Rows that are not records (合计, notes under the table), with why; not counted in rowsRead. */
  skipped: { row: number; reason: string }[];
  /** Per accepted row: 新增, 更新 (with each changed field) or 无变化, when the kind can update. */
  changes: ImportRowChange[];
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  errors: ImportRowError[];
  /** The first rows as they will be written, for the preview table. */
  sample: Record<string, string>[];
  dryRun: boolean;
  committed: boolean;
}

// ---------- input schemas ----------

export const importKindSchema = z.string().min(1).max(40);

/**
 * How a file is read and written: the sheet, the column mapping the user chose (file column → template
 * column, '' for 不导入), whether existing records are updated, which station 驿站 means, and the date
 * status changes from the file take effect.
 */
export const importOptionsSchema = z
  .object({
    sheet: z.string().max(100).optional(),
    map: z.array(z.object({ from: z.string().max(200), to: z.string().max(40) })).max(500).optional(),
    update: z.boolean().optional(),
    stationKind: z.enum(['community_station', 'rural_station']).optional(),
    effectiveOn: isoDate.optional(),
  })
  .default({});
export type ImportOptions = z.infer<typeof importOptionsSchema>;

// ---------- the channels ----------

export const importsContract = {
  'imports.kinds': channel(z.object({})).returns<ImportKindInfo[]>(),
  'imports.template': channel(
    z.object({ kind: importKindSchema, format: z.enum(['xlsx', 'csv']) }),
  ).returns<FilePayload>(),
  'imports.preview': channel(z.object({ kind: importKindSchema, file: fileInput, options: importOptionsSchema })).returns<ImportReport>(),
  'imports.start': channel(
    z.object({ kind: importKindSchema, file: fileInput, dryRun: z.boolean().default(false), options: importOptionsSchema }),
  ).returns<{ jobId: string }>(),
  'imports.errorReport': channel(z.object({ kind: importKindSchema, file: fileInput, options: importOptionsSchema })).returns<FilePayload>(),
};
