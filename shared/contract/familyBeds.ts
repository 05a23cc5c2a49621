import { z } from 'zod';
import { channel } from './define';
import { isoDate, pageInput, picked, trimmed, uuid } from '../schemas/common';
import type { Page } from '../schemas/common';
import type { AbilityLevel } from '../domain/assessment';
import type { FacilityKind } from '../domain/facility';

/** Facility kinds that may run family care beds (机构, 驿站, 照料中心). */
export const FAMILY_BED_PROVIDER_KINDS = ['institution', 'community_station', 'rural_station', 'care_center'] as const satisfies readonly FacilityKind[];

// ---------- output types ----------

export interface FamilyCareBedRow {
  id: string;
  providerFacilityId: string;
  providerName: string;
  providerKind: FacilityKind;
  elderId: string;
  elderName: string;
  idNumberMasked: string;
  areaCode: string;
  areaName: string | null;
  address: string;
  assessmentId: string | null;
  assessmentLevel: AbilityLevel | null;
  agreementStartOn: string;
  agreementEndOn: string | null;
  openedOn: string;
  closedOn: string | null;
  closeReason: string | null;
}

// ---------- input schemas ----------

export const familyBedOpenInput = z
  .object({
    providerFacilityId: picked('服务机构'),
    elderId: picked('老人'),
    areaCode: z.string({ error: '请选择区划' }).trim().min(1, { error: '请选择区划', abort: true }).regex(/^(\d{6}|\d{9}|\d{12})$/, { error: '区划代码应为 6、9 或 12 位数字' }),
    address: trimmed('家庭住址', 200),
    /** Defaults to the elder's latest assessment on or before the opening date. */
    assessmentId: uuid.nullish().transform((v) => v ?? null),
    agreementStartOn: isoDate,
    agreementEndOn: isoDate.nullish().transform((v) => v ?? null),
    openedOn: isoDate,
  })
  .refine((v) => v.agreementEndOn === null || v.agreementEndOn >= v.agreementStartOn, { error: '服务协议结束日期不能早于开始日期', path: ['agreementEndOn'] });
export type FamilyBedOpenInput = z.infer<typeof familyBedOpenInput>;

export const familyBedCloseInput = z.object({ id: uuid, closedOn: isoDate, reason: trimmed('撤床原因', 200) });

const areaFilter = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, { error: '区划代码应为 6、9 或 12 位数字' }).optional();

export const familyBedListInput = z.object({
  providerFacilityId: uuid.optional(),
  areaCode: areaFilter,
  /** Beds open on this date; all beds ever opened when absent. */
  asOf: isoDate.nullish().transform((v) => v ?? null),
  ...pageInput,
});
export type FamilyBedListInput = z.infer<typeof familyBedListInput>;

// ---------- the channels ----------

export const familyBedsContract = {
  'familyBeds.open': channel(familyBedOpenInput).returns<FamilyCareBedRow>(),
  'familyBeds.close': channel(familyBedCloseInput).returns<FamilyCareBedRow>(),
  'familyBeds.list': channel(familyBedListInput).returns<Page<FamilyCareBedRow>>(),
  'familyBeds.count': channel(z.object({ areaCode: areaFilter, providerFacilityId: uuid.optional(), asOf: isoDate.nullish().transform((v) => v ?? null) })).returns<{ asOf: string; count: number }>(),
};
