import { z } from 'zod';
import { channel } from './define';
import { uuid } from '../schemas/common';
import type { FilePayload } from '../schemas/common';
import { subsidySettingsSchema, type SubsidySettings } from '../domain/subsidy';
import type { AbilityLevel } from '../domain/assessment';

// 运营补贴测算表: a facility's month of bed-days and what they are paid.

export interface SubsidyRow {
  elderId: string;
  name: string;
  idNumberMasked: string;
  /** Categories as recorded now (categories are not dated). */
  categories: string[];
  /** Latest assessment on or before the month's last bed-day; null when none. */
  abilityLevel: AbilityLevel | null;
  stayDays: number;
  leaveDays: number;
  bedDays: number;
  rate: number | null;
  amount: number | null;
}

export interface SubsidySheet {
  facilityId: string;
  facilityName: string;
  month: string;
  daysInMonth: number;
  /** Star level in force on the month's last day (0: none). */
  stars: number;
  settings: SubsidySettings;
  rows: SubsidyRow[];
  totalBedDays: number;
  totalAmount: number | null;
}

export const subsidyInput = z.object({
  facilityId: uuid,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM' }),
});

// ---------- the channels ----------

export const subsidyContract = {
  'subsidy.settings.get': channel(z.object({})).returns<SubsidySettings>(),
  'subsidy.settings.set': channel(subsidySettingsSchema).returns<SubsidySettings>(),
  'subsidy.sheet': channel(subsidyInput).returns<SubsidySheet>(),
  'subsidy.export': channel(subsidyInput).returns<FilePayload>(),
};
