import type { HandlerMap } from '../../app/handler';
import type { CoreContext } from '../../app/context';
import type { ParsedInput, QualityIssue } from '../../../../shared/contract';
import type { FilePayload } from '../../../../shared/schemas/common';
import { buildReport } from '../indicators/service';
import { qualityReport } from '../quality/service';
import { planningProjection } from '../planning/service';
import { exportFile } from './service';

/** Issues whose message names an elder. */
const NAMES_PEOPLE = new Set<QualityIssue['entity']>(['elder', 'stay']);

export async function exportIndicators(ctx: CoreContext, input: ParsedInput<'exports.indicators'>): Promise<FilePayload> {
  const rep = await buildReport(ctx.counting, ctx.db, ctx.now(), { asOf: input.asOf, level: input.level });
  if (input.format === 'csv') return exportFile(rep, { format: 'csv' });
  const audit = await qualityReport(ctx.counting, ctx.db, { asOf: input.asOf, limit: 5000 });
  // The workbook's 数据质量 sheet lists issues by name. Those about elders (their stays, ID numbers, 特困
  // placement) leave the app in bulk only for an account that may export personal data; others get
  // their counts, and the sheet says why the rows are left out.
  const personal = !ctx.access || ctx.access.permissions.has('bulk.personal');
  const quality = personal ? audit : { ...audit, issues: audit.issues.filter((i) => !NAMES_PEOPLE.has(i.entity)) };
  const withheld = audit.issues.length - quality.issues.length;
  const planning = await planningProjection(ctx, { years: [2025, 2030] });
  return exportFile(rep, { format: 'xlsx', quality, planning, withheld });
}

export const exportHandlers = {
  'exports.indicators': exportIndicators,
} satisfies Partial<HandlerMap>;
