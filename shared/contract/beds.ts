import type { AbilityLevel } from '../domain/assessment';
import { z } from 'zod';
import { channel } from './define';
import { isoDate, optionalText, pageInput, picked, trimmed, uuid } from '../schemas/common';
import type { Page } from '../schemas/common';
import {
  BED_CATEGORY_KEYS,
  BED_NUMBERINGS,
  BED_ZONE_KEYS,
  MAX_BEDS_PER_ROOM,
  type BedCategory,
  type BedState,
  type BedZone,
  type SexRestriction,
} from '../domain/beds';

// ---------- output types ----------

export interface BuildingRow {
  id: string;
  facilityId: string;
  name: string;
}

export interface RoomRow {
  id: string;
  buildingId: string;
  floor: number;
  number: string;
  capacity: number | null;
  sexRestriction: SexRestriction | null;
}

export interface BedAttributes {
  category: BedCategory;
  nursing: boolean;
  zone: BedZone;
  reserve: boolean;
}

/** Counts of beds registered on one date, for a facility, an area or a whole district. */
export interface BedCounts {
  asOf: string;
  /** Beds open on the date (opened_on <= D and not yet retired), whatever their state. */
  total: number;
  byCategory: Record<BedCategory, number>;
  byZone: Record<BedZone, number>;
  /** 护理型 beds. */
  nursing: number;
  /** 应急预留 beds (flag), occupied or not. */
  reserve: number;
  /** By state on the date; the five add up to total. */
  byState: Record<BedState, number>;
  occupied: number;
  free: number;
  /** Sum of the facilities' approved beds (核定床位数); null when none of them is known. */
  approved: number | null;
  /** Facilities in scope whose approved count is unknown (for an area the sum is then partial). */
  approvedUnknown: number;
  /** total − approved, or null when approved is unknown. */
  approvedDifference: number | null;
}

/** Who is in a bed on the board's date; shown to accounts that may read elders. */
export interface BoardOccupant {
  elderId: string;
  name: string;
  sex: 'M' | 'F';
  /** The final level of the latest assessment on or before the date; null when never assessed. */
  abilityLevel: AbilityLevel | null;
  admittedOn: string;
  /** Days since admission, the admission day being day 0. */
  days: number;
  /** On leave that day: the recorded return day, null while the return is not yet recorded. */
  leave: { startOn: string; returnOn: string | null } | null;
}

export interface BoardBed extends BedAttributes {
  id: string;
  number: string;
  state: BedState;
  openedOn: string;
  occupant?: BoardOccupant | null;
}

export interface BoardRoom extends RoomRow {
  beds: BoardBed[];
}

export interface BoardFloor {
  floor: number;
  rooms: BoardRoom[];
}

export interface BoardBuilding extends BuildingRow {
  floors: BoardFloor[];
}

export interface BedBoard {
  facility: { id: string; name: string; approvedBeds: number | null; openedOn: string | null };
  asOf: string;
  counts: BedCounts;
  buildings: BoardBuilding[];
}

export interface BedAttributeEntry extends BedAttributes {
  id: string;
  effectiveOn: string;
  reason: string | null;
  recordedAt: string;
}

export interface BedOutage {
  id: string;
  startOn: string;
  endOn: string | null;
  reason: string;
  recordedAt: string;
}

export interface BedDetail extends BedAttributes {
  id: string;
  number: string;
  label: string;
  facilityId: string;
  facilityName: string;
  buildingId: string;
  buildingName: string;
  room: RoomRow;
  openedOn: string;
  retiredOn: string | null;
  retireReason: string | null;
  /** State and attributes as of `asOf` (today unless asked otherwise). */
  asOf: string;
  state: BedState | null;
  attributeHistory: BedAttributeEntry[];
  outages: BedOutage[];
}

export interface BulkCreateResult {
  buildingId: string;
  roomsCreated: number;
  roomsReused: number;
  bedsCreated: number;
}

export interface FacilityBedSummary {
  facilityId: string;
  facilityName: string;
  districtCode: string;
  districtName: string;
  counts: BedCounts;
}

// ---------- input schemas ----------

const attributeFields = {
  category: z.enum(BED_CATEGORY_KEYS, { error: '请选择床位类别' }),
  nursing: z.boolean({ error: '请选择是否护理型' }),
  zone: z.enum(BED_ZONE_KEYS, { error: '请选择分区' }).default('general'),
  reserve: z.boolean({ error: '请选择是否应急预留' }).default(false),
};

const floorSchema = z
  .number({ error: '楼层必须是数字' })
  .int({ error: '楼层必须是整数' })
  .min(-5, { error: '楼层不能低于 -5（地下五层）' })
  .max(100, { error: '楼层不能高于 100' });

const roomNumber = trimmed('房间号', 20);
const bedNumber = trimmed('床位号', 10);

export const buildingCreateInput = z.object({ facilityId: picked('机构'), name: trimmed('楼栋名称', 50) });

export const roomCreateInput = z.object({
  buildingId: picked('楼栋'),
  floor: floorSchema,
  number: roomNumber,
  capacity: z.number().int().min(1, { error: '额定床位数至少为 1' }).max(MAX_BEDS_PER_ROOM).nullish().transform((v) => v ?? null),
  sexRestriction: z.enum(['M', 'F']).nullish().transform((v) => v ?? null),
});
export type RoomCreateInput = z.infer<typeof roomCreateInput>;

export const roomUpdateInput = roomCreateInput.omit({ buildingId: true }).extend({ id: uuid });
export type RoomUpdateInput = z.infer<typeof roomUpdateInput>;

export const bedCreateInput = z.object({ roomId: picked('房间'), number: bedNumber, openedOn: isoDate, ...attributeFields });
export type BedCreateInput = z.infer<typeof bedCreateInput>;

export const bulkCreateInput = z
  .object({
    facilityId: picked('机构'),
    buildingName: trimmed('楼栋名称', 50),
    floor: floorSchema,
    roomFrom: z.number({ error: '起始房间号必须是数字' }).int().min(1, { error: '起始房间号至少为 1' }).max(99999),
    roomTo: z.number({ error: '结束房间号必须是数字' }).int().min(1).max(99999),
    bedsPerRoom: z.number({ error: '每间床位数必须是数字' }).int().min(1, { error: '每间至少 1 张床' }).max(MAX_BEDS_PER_ROOM, { error: `每间最多 ${MAX_BEDS_PER_ROOM} 张床` }),
    bedNumbering: z.enum(BED_NUMBERINGS).default('1,2'),
    openedOn: isoDate,
    sexRestriction: z.enum(['M', 'F']).nullish().transform((v) => v ?? null),
    ...attributeFields,
  })
  .refine((v) => v.roomTo >= v.roomFrom, { error: '结束房间号不能小于起始房间号', path: ['roomTo'] })
  .refine((v) => v.roomTo - v.roomFrom < 200, { error: '一次最多新增 200 间房', path: ['roomTo'] });
export type BulkCreateInput = z.infer<typeof bulkCreateInput>;

export const bedRetireInput = z.object({ id: uuid, retiredOn: isoDate, reason: trimmed('停用原因', 200) });
export const bedSetAttributesInput = z.object({ id: uuid, effectiveOn: isoDate, reason: optionalText('变更原因', 200), ...attributeFields });
export type BedSetAttributesInput = z.infer<typeof bedSetAttributesInput>;
export const bedAddOutageInput = z.object({
  bedId: uuid,
  startOn: isoDate,
  endOn: isoDate.nullish().transform((v) => v ?? null),
  reason: trimmed('停用维修原因', 200),
});
export const bedEndOutageInput = z.object({ outageId: uuid, endOn: isoDate });

const asOfField = isoDate.nullish().transform((v) => v ?? null);

export const bedCountsInput = z
  .object({
    facilityId: uuid.optional(),
    areaCode: z.string().regex(/^(\d{6}|\d{9})$/, { error: '区划代码应为 6 位（区）或 9 位（街道/乡镇）' }).optional(),
    asOf: asOfField,
  })
  .refine((v) => !(v.facilityId && v.areaCode), { error: '机构与区划只能选一个', path: ['areaCode'] });
export type BedCountsInput = z.infer<typeof bedCountsInput>;

export const bedSummaryInput = z.object({
  districtCode: z.string().regex(/^\d{6}$/).optional(),
  search: z.string().trim().max(100).optional(),
  asOf: asOfField,
  ...pageInput,
});
export type BedSummaryInput = z.infer<typeof bedSummaryInput>;

// ---------- the channels ----------

export const bedsContract = {
  'beds.createBuilding': channel(buildingCreateInput).returns<BuildingRow>(),
  'beds.createRoom': channel(roomCreateInput).returns<RoomRow>(),
  'beds.updateRoom': channel(roomUpdateInput).returns<RoomRow>(),
  'beds.create': channel(bedCreateInput).returns<BedDetail>(),
  'beds.bulkCreate': channel(bulkCreateInput).returns<BulkCreateResult>(),
  'beds.get': channel(z.object({ id: uuid, asOf: asOfField })).returns<BedDetail>(),
  'beds.retire': channel(bedRetireInput).returns<BedDetail>(),
  'beds.setAttributes': channel(bedSetAttributesInput).returns<BedDetail>(),
  'beds.addOutage': channel(bedAddOutageInput).returns<BedDetail>(),
  'beds.endOutage': channel(bedEndOutageInput).returns<BedDetail>(),
  'beds.counts': channel(bedCountsInput).returns<BedCounts>(),
  'beds.board': channel(z.object({ facilityId: uuid, asOf: asOfField })).returns<BedBoard>(),
  'beds.summary': channel(bedSummaryInput).returns<Page<FacilityBedSummary>>(),
};
