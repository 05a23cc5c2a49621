import { z } from 'zod';
import { channel } from './define';
import { nonNegativeInt, optionalText, pageInput } from '../schemas/common';
import type { Page } from '../schemas/common';
import { areaCodeSchema } from './areas';

export interface PopulationRow {
  id: string;
  areaCode: string;
  areaName: string;
  year: number;
  resident: number | null;
  registered: number | null;
  resident60: number | null;
  registered60: number | null;
  resident65: number | null;
  resident80: number | null;
  source: string | null;
}

/** A head count: empty is unknown (null), never 0. */
export const countField = (label: string) => nonNegativeInt(label).nullish().transform((v) => v ?? null);

export const populationUpsertInput = z.object({
  areaCode: areaCodeSchema,
  year: z.number({ error: '年份必须是数字' }).int().min(1949, { error: '年份不能早于 1949' }).max(2100, { error: '年份不能晚于 2100' }),
  resident: countField('常住人口'),
  registered: countField('户籍人口'),
  resident60: countField('60岁及以上常住人口'),
  registered60: countField('60岁及以上户籍人口'),
  resident65: countField('65岁及以上常住人口'),
  resident80: countField('80岁及以上常住人口'),
  source: optionalText('数据来源'),
});
export type PopulationUpsertInput = z.infer<typeof populationUpsertInput>;

export const populationPageInput = z.object({
  areaCode: z.string().optional(),
  year: z.number().int().optional(),
  /** Part of the area's name, or the start of its code. */
  search: z.string().trim().max(50).optional(),
  ...pageInput,
});
export type PopulationPageInput = z.infer<typeof populationPageInput>;

// ---------- the channels ----------

export const populationContract = {
  'population.list': channel(
    z.object({ areaCode: z.string().optional(), year: z.number().int().optional() }),
  ).returns<PopulationRow[]>(),
  /** The same rows in the same order, one page at a time, with the total. */
  'population.page': channel(populationPageInput).returns<Page<PopulationRow>>(),
  'population.upsert': channel(populationUpsertInput).returns<PopulationRow>(),
};
