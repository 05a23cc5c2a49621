import { z } from 'zod';
import { channel } from './define';
import { isoDate, optionalText, pageInput, trimmed, uuid } from '../schemas/common';
import type { Page } from '../schemas/common';
import {
  FACILITY_KIND_KEYS,
  FACILITY_STATUS_KEYS,
  MEDICAL_SERVICE_KEYS,
  OWNERSHIP_KEYS,
  type FacilityKind,
  type FacilityStatus,
  type InstitutionSubtype,
  type MedicalService,
  type Ownership,
} from '../domain/facility';
import { areaCodeSchema } from './areas';
import { countField } from './population';

// ---------- output types ----------

export interface FacilityRow {
  id: string;
  name: string;
  kind: FacilityKind;
  subtype: InstitutionSubtype | null;
  ownership: Ownership;
  status: FacilityStatus;
  areaCode: string;
  areaName: string;
  districtCode: string;
  districtName: string;
  approvedBeds: number | null;
  openedOn: string | null;
  updatedAt: string;
}

export interface FacilityStatusEntry {
  id: string;
  status: FacilityStatus;
  effectiveOn: string;
  reason: string | null;
  recordedAt: string;
}

export interface FacilityDetail extends FacilityRow {
  creditCode: string | null;
  filingNo: string | null;
  medicalService: MedicalService;
  address: string | null;
  parentId: string | null;
  parentName: string | null;
  children: { id: string; name: string; kind: FacilityKind }[];
  statusHistory: FacilityStatusEntry[];
  createdAt: string;
}

// ---------- input schemas ----------

const facilityFields = {
  name: trimmed('机构名称', 100),
  kind: z.enum(FACILITY_KIND_KEYS, { error: '请选择机构类型' }),
  subtype: z.enum(['nursing_home', 'welfare_center']).nullish().transform((v) => v ?? null),
  ownership: z.enum(OWNERSHIP_KEYS, { error: '请选择举办性质' }),
  areaCode: areaCodeSchema,
  creditCode: optionalText('统一社会信用代码', 18),
  filingNo: optionalText('备案号', 50),
  approvedBeds: countField('核定床位数'),
  medicalService: z.enum(MEDICAL_SERVICE_KEYS, { error: '请选择医疗服务' }).default('none'),
  openedOn: isoDate.nullish().transform((v) => v ?? null),
  address: optionalText('地址', 200),
  parentId: uuid.nullish().transform((v) => v ?? null),
};

export const facilityCreateInput = z.object({
  ...facilityFields,
  status: z.enum(FACILITY_STATUS_KEYS, { error: '请选择运营状态' }).default('operating'),
  /** When the initial status took effect; defaults to the opening date, else today. */
  statusSince: isoDate.nullish().transform((v) => v ?? null),
});
export type FacilityCreateInput = z.infer<typeof facilityCreateInput>;

export const facilityUpdateInput = z.object({ id: uuid, ...facilityFields });
export type FacilityUpdateInput = z.infer<typeof facilityUpdateInput>;

export const facilityListInput = z.object({
  search: z.string().trim().max(100).optional(),
  districtCode: z.string().regex(/^\d{6}$/).optional(),
  kind: z.enum(FACILITY_KIND_KEYS).optional(),
  status: z.enum(FACILITY_STATUS_KEYS).optional(),
  ...pageInput,
});
export type FacilityListInput = z.infer<typeof facilityListInput>;

// ---------- the channels ----------

export const facilitiesContract = {
  'facilities.list': channel(facilityListInput).returns<Page<FacilityRow>>(),
  'facilities.get': channel(z.object({ id: uuid })).returns<FacilityDetail>(),
  'facilities.create': channel(facilityCreateInput).returns<FacilityDetail>(),
  'facilities.update': channel(facilityUpdateInput).returns<FacilityDetail>(),
  'facilities.setStatus': channel(
    z.object({
      id: uuid,
      status: z.enum(FACILITY_STATUS_KEYS, { error: '请选择运营状态' }),
      effectiveOn: isoDate,
      reason: optionalText('原因'),
    }),
  ).returns<FacilityDetail>(),
};
