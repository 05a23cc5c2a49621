import { z } from 'zod';
import { channel } from './define';
import { isoDate } from '../schemas/common';
import type { FilePayload } from '../schemas/common';

// ---------- the channels ----------

export const exportsContract = {
  /** The report as a file: XLSX (indicators, targets, definitions, data quality, metadata) or CSV (indicators). */
  'exports.indicators': channel(
    z.object({ asOf: isoDate, format: z.enum(['xlsx', 'csv']), level: z.enum(['district', 'street']).default('district') }),
  ).returns<FilePayload>(),
} as const;
