import { z } from 'zod';
import { channel } from './define';
import { trimmed } from '../schemas/common';
import type { AreaLevel } from '../domain/facility';

export interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
}

export const areaCodeSchema = z
  .string({ error: '请输入区划代码' })
  .trim()
  .min(1, { error: '请输入区划代码', abort: true })
  .regex(/^(\d{6}|\d{9}|\d{12})$/, { error: '区划代码应为 6 位（区）、9 位（街道/乡镇）或 12 位（社区/村）数字' });

/** The area of a report's row: a district (6 digits) or a street (9). */
export const reportAreaCode = z.string().regex(/^\d{6}(\d{3})?$/, { error: '区划代码应为 6 位或 9 位数字' });

// ---------- the channels ----------

export const areasContract = {
  'areas.list': channel(
    z.object({ parentCode: z.string().optional(), level: z.enum(['city', 'district', 'street', 'community']).optional() }),
  ).returns<AreaRow[]>(),
  'areas.create': channel(z.object({ code: areaCodeSchema, name: trimmed('区划名称', 50) })).returns<AreaRow>(),
  'areas.rename': channel(z.object({ code: areaCodeSchema, name: trimmed('区划名称', 50) })).returns<AreaRow>(),
  /** Registers the shipped list of Beijing's streets and towns (all, or one district's); registered ones are kept. */
  'areas.seedStreets': channel(z.object({ districtCode: z.string().regex(/^11\d{4}$/, { error: '区级区划代码应为 6 位数字' }).optional() })).returns<{ added: number; kept: number }>(),
};
