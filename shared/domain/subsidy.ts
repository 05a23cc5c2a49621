// 运营补贴测算表: what a bureau pays operating subsidies on, per facility and month. Bed-days come from the
// stays (a stay covers its first day and not its last, so the day of discharge or transfer is not a
// bed-day here); the amount from a rate table the bureau enters (empty by default, the source required).

import { z } from 'zod';
import { ABILITY_LEVEL_KEYS, type AbilityLevel } from './assessment';

export const SUBSIDY_BASES = { per_bed_day: '按床日', per_month: '按月（按在住天数折算）' } as const;
export type SubsidyBasis = keyof typeof SUBSIDY_BASES;

export const subsidyRateSchema = z.object({
  /** null: any ability level. */
  abilityLevel: z.enum(ABILITY_LEVEL_KEYS).nullable(),
  /** null: any rating; 0: facilities without a star in force. */
  stars: z.number().int().min(0).max(5).nullable(),
  amount: z.number({ error: '补贴标准须为数字' }).min(0, { error: '补贴标准不能为负数' }).max(100000),
});
export type SubsidyRate = z.output<typeof subsidyRateSchema>;

export const subsidySettingsSchema = z.object({
  basis: z.enum(['per_bed_day', 'per_month']),
  /** Whether days on leave (请假) count as bed-days. */
  countLeaveDays: z.boolean(),
  rates: z.array(subsidyRateSchema).max(100),
  source: z.string().trim().max(500),
}).refine((s) => s.rates.length === 0 || s.source.length > 0, { error: '请填写补贴标准的依据（文件名称和文号）', path: ['source'] });
export type SubsidySettings = z.output<typeof subsidySettingsSchema>;

export const DEFAULT_SUBSIDY_SETTINGS: SubsidySettings = { basis: 'per_bed_day', countLeaveDays: true, rates: [], source: '' };

/**
 * The rate for a resident: the most specific row that matches (level and stars, then level, then stars,
 * then neither); null when none does.
 */
export function rateFor(rates: readonly SubsidyRate[], level: AbilityLevel | null, stars: number): SubsidyRate | null {
  const score = (r: SubsidyRate) => (r.abilityLevel !== null ? 2 : 0) + (r.stars !== null ? 1 : 0);
  const matching = rates.filter((r) => (r.abilityLevel === null || r.abilityLevel === level) && (r.stars === null || r.stars === stars));
  return matching.sort((a, b) => score(b) - score(a))[0] ?? null;
}

/** The amount for a resident's bed-days in a month of `daysInMonth` days, rounded to the fen. */
export function subsidyAmount(basis: SubsidyBasis, rate: SubsidyRate | null, bedDays: number, daysInMonth: number): number | null {
  if (!rate) return null;
  const raw = basis === 'per_bed_day' ? rate.amount * bedDays : (rate.amount * bedDays) / daysInMonth;
  return Math.round(raw * 100) / 100;
}
