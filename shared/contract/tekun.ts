import { z } from 'zod';
import { channel } from './define';
import { isoDate, trimmed, uuid } from '../schemas/common';

// 特困 centralised support (集中供养): the dated decisions on who needs it, and where they are placed.

// ---------- output types ----------

export interface TekunNeedRow {
  id: string;
  effectiveOn: string;
  needs: boolean;
  source: string;
  recordedAt: string;
  recordedBy: string;
}

/** A 特困 elder whose latest decision on the date says they need centralised support. */
export interface TekunPersonRow {
  elderId: string;
  name: string;
  idNumberMasked: string;
  hukouAreaCode: string | null;
  hukouAreaName: string | null;
  needSince: string;
  source: string;
  /** The facility of the stay covering the date; null when not placed. */
  placedFacilityName: string | null;
}

// ---------- input schemas ----------

export const tekunNeedInput = z.object({
  elderId: uuid,
  effectiveOn: isoDate,
  needs: z.boolean(),
  source: trimmed('认定依据', 300),
});

export const tekunListInput = z.object({
  asOf: isoDate.optional(),
  /** A district or street: the elders registered (户籍) there. */
  areaCode: z.string().regex(/^\d{6}(\d{3})?$/, { error: '区划代码格式不正确' }).optional(),
  unplacedOnly: z.boolean().default(false),
});

// ---------- the channels ----------

export const tekunContract = {
  'tekun.setNeed': channel(tekunNeedInput).returns<TekunNeedRow[]>(),
  'tekun.needs': channel(z.object({ elderId: uuid })).returns<TekunNeedRow[]>(),
  'tekun.list': channel(tekunListInput).returns<{ asOf: string; rows: TekunPersonRow[]; needing: number; placed: number }>(),
};
