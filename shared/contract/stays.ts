import { z } from 'zod';
import { channel } from './define';
import { isoDate, optionalText, pageInput, picked, trimmed, uuid } from '../schemas/common';
import type { Page } from '../schemas/common';
import type { BedCategory, BedZone } from '../domain/beds';
import type { BedCounts } from './beds';
import { DISCHARGE_REASON_KEYS, FEE_CLASS_KEYS, type DischargeReason, type FeeClass } from '../domain/stays';

// ---------- output types ----------

/** One bed period of an admission; a transfer ends one segment and starts the next on the same day. */
export interface StaySegment {
  id: string;
  bedId: string;
  bedLabel: string;
  buildingName: string;
  startOn: string;
  /** Exclusive: the transfer or discharge day. */
  endOn: string | null;
  endReason: 'transfer' | 'discharge' | null;
  transferReason: string | null;
}

export interface StayLeave {
  id: string;
  startOn: string;
  /** The return day (exclusive); null while still away. */
  endOn: string | null;
  reason: string;
}

export interface AdmissionSummary {
  id: string;
  elderId: string;
  facilityId: string;
  facilityName: string;
  admittedOn: string;
  dischargedOn: string | null;
  dischargeReason: DischargeReason | null;
  dischargeNote: string | null;
  feeClass: FeeClass;
  applicationId: string | null;
  segments: StaySegment[];
  leaves: StayLeave[];
  /** Current bed (open segment), null once discharged. */
  currentBedId: string | null;
  onLeave: boolean;
}

export interface FreeBed {
  id: string;
  label: string;
  buildingName: string;
  floor: number;
  category: BedCategory;
  nursing: boolean;
  zone: BedZone;
  reserve: boolean;
  sexRestriction: 'M' | 'F' | null;
}

export interface ResidentRow {
  admissionId: string;
  elderId: string;
  elderName: string;
  idNumberMasked: string;
  sex: 'M' | 'F';
  admittedOn: string;
  dischargedOn: string | null;
  dischargeReason: DischargeReason | null;
  feeClass: FeeClass;
  /** Bed on the list's date (current list) or the last bed (past list). */
  bedId: string | null;
  bedLabel: string | null;
  onLeave: boolean;
}

export interface Occupancy {
  asOf: string;
  /** Institutional beds only; family care beds are counted separately (familyCareBeds). */
  beds: BedCounts;
  /** Admissions open on the date; always equals beds.byState.occupied + beds.byState.on_leave. */
  residents: number;
  inBed: number;
  onLeave: number;
  familyCareBeds: number;
}

export interface BedHistoryRow {
  stayId: string;
  admissionId: string;
  elderId: string;
  elderName: string;
  idNumberMasked: string;
  startOn: string;
  endOn: string | null;
  endReason: 'transfer' | 'discharge' | null;
}

// ---------- input schemas ----------

const asOf = isoDate.nullish().transform((v) => v ?? null);

export const admitInput = z.object({
  elderId: picked('老人'),
  bedId: picked('床位'),
  admittedOn: isoDate,
  feeClass: z.enum(FEE_CLASS_KEYS, { error: '请选择收费类别' }),
  /** The waiting-list application this admission serves; it is marked admitted in the same transaction. */
  applicationId: uuid.nullish().transform((v) => v ?? null),
});
export type AdmitInput = z.infer<typeof admitInput>;

export const transferInput = z.object({ admissionId: uuid, toBedId: picked('新床位'), on: isoDate, reason: optionalText('调床原因', 200) });
export type TransferInput = z.infer<typeof transferInput>;

export const leaveStartInput = z.object({ admissionId: uuid, startOn: isoDate, reason: trimmed('请假事由', 200) });
export const leaveEndInput = z.object({ leaveId: uuid, returnedOn: isoDate });

export const dischargeInput = z.object({
  admissionId: uuid,
  on: isoDate,
  reason: z.enum(DISCHARGE_REASON_KEYS, { error: '请选择退住原因' }),
  note: optionalText('退住说明', 500),
});
export type DischargeInput = z.infer<typeof dischargeInput>;

/** Corrections, each with a reason kept in the audit log: a discharge undone, an admission withdrawn. */
export const correctionInput = z.object({ admissionId: uuid, reason: trimmed('更正原因', 200) });
export type CorrectionInput = z.infer<typeof correctionInput>;

export const residentsInput = z.object({
  facilityId: uuid,
  /** current: in the home on asOf (in bed or on leave); past: discharged on or before asOf. */
  which: z.enum(['current', 'past']).default('current'),
  asOf,
  search: z.string().trim().max(50).optional(),
  ...pageInput,
});
export type ResidentsInput = z.infer<typeof residentsInput>;

export const occupancyInput = z
  .object({
    facilityId: uuid.optional(),
    areaCode: z.string().regex(/^(\d{6}|\d{9})$/, { error: '区划代码应为 6 位（区）或 9 位（街道/乡镇）' }).optional(),
    asOf,
  })
  .refine((v) => !(v.facilityId && v.areaCode), { error: '机构与区划只能选一个', path: ['areaCode'] });
export type OccupancyInput = z.infer<typeof occupancyInput>;

// ---------- the channels ----------

export const staysContract = {
  'stays.admit': channel(admitInput).returns<AdmissionSummary>(),
  'stays.transfer': channel(transferInput).returns<AdmissionSummary>(),
  'stays.startLeave': channel(leaveStartInput).returns<AdmissionSummary>(),
  'stays.endLeave': channel(leaveEndInput).returns<AdmissionSummary>(),
  'stays.discharge': channel(dischargeInput).returns<AdmissionSummary>(),
  /** Undoes the discharge of the elder's latest admission (a wrong date or reason, a death recorded by mistake). */
  'stays.reopen': channel(correctionInput).returns<AdmissionSummary>(),
  /** Removes an admission recorded by mistake (wrong elder, bed or facility), with its stays and leaves. */
  'stays.cancel': channel(correctionInput).returns<{ admissionId: string }>(),
  'stays.freeBeds': channel(z.object({ facilityId: uuid, on: isoDate, sex: z.enum(['M', 'F']).optional(), admitting: z.boolean().optional() })).returns<FreeBed[]>(),
  'stays.residents': channel(residentsInput).returns<Page<ResidentRow>>(),
  'stays.occupancy': channel(occupancyInput).returns<Occupancy>(),
  'stays.bedHistory': channel(z.object({ bedId: uuid, ...pageInput })).returns<Page<BedHistoryRow>>(),
};
