import { z } from 'zod';
import { channel } from './define';
import { optionalText, trimmed } from '../schemas/common';
import { COMPARATORS, type Attainment, type Target, type TargetAttribute } from '../domain/targets';
import { reportAreaCode as areaCode } from './areas';

// ---------- output types ----------

/** A target judged against the report's actual value for its area and metric. */
export interface TargetAttainmentRow {
  target: Target & { createdBy: string | null; updatedAt: string | null; seeded: boolean };
  /** The area judged: the district for a national benchmark's copy (inherited), else the target's own area. */
  areaCode: string;
  areaName: string;
  metricName: string;
  unit: string;
  /** The actual the target is judged against; null when the metric is not computed (e.g. caregivers not recorded). */
  actual: number | null;
  /** Why actual is null. */
  missingReason: string | null;
  attainment: Attainment;
  /** Benchmark from the city or nation shown against a district. */
  inherited: boolean;
}

// ---------- inputs ----------

const targetFields = {
  areaCode,
  metricId: trimmed('指标', 80),
  year: z.number({ error: '年份必须是数字' }).int().min(2000, { error: '年份不能早于 2000' }).max(2100),
  comparator: z.enum(COMPARATORS, { error: '比较方式应为 ≥、≤ 或 =' }),
  value: z.number({ error: '目标值必须是数字' }).finite(),
  baselineValue: z.number().finite().nullish().transform((v) => v ?? null),
  baselineYear: z.number().int().min(1990).max(2100).nullish().transform((v) => v ?? null),
  attribute: z.enum(['expected', 'binding', 'unspecified'] satisfies TargetAttribute[]),
  source: trimmed('来源', 300),
  note: optionalText('备注', 500),
};

export const targetCreateInput = z.object(targetFields);
export const targetUpdateInput = z.object({ id: z.string().min(1), ...targetFields });

// ---------- the channels ----------

export const targetsContract = {
  'targets.list': channel(z.object({ areaCode: areaCode.optional() })).returns<TargetAttainmentRow['target'][]>(),
  'targets.create': channel(targetCreateInput).returns<TargetAttainmentRow['target']>(),
  'targets.update': channel(targetUpdateInput).returns<TargetAttainmentRow['target']>(),
  'targets.delete': channel(z.object({ id: z.string().min(1), reason: trimmed('删除原因', 300) })).returns<{ id: string }>(),
} as const;
