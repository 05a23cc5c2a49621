import type { ExchangeTable } from '../../../../shared/contract';
import { maskIdNumber } from '../../../../shared/domain/idNumber';

export type Row = Record<string, string | number | null>;

/**
 * Whose copy wins when a record is in both files and differs:
 * - `package`: the sender's. Used for what a facility keeps about itself and its residents (rooms, beds,
 *   admissions, stays, the waiting list): the station that sends them is where they are recorded.
 * - `newer`: the copy changed last (`updated_at`). Used for records both sides edit (the facility's
 *   registry entry, an elder's particulars).
 * - `receiver`: this file's. Used for decisions that are not the sender's to change: star ratings, the
 *   status history, finished assessments, areas. New records of these are still added.
 */
export type Policy = 'package' | 'newer' | 'receiver';

export interface TableSpec {
  name: ExchangeTable;
  /** The primary key's columns. */
  key: string[];
  /** Other ways the same record may already be here under another key (a facility the bureau registered itself). */
  natural?: string[][];
  /** Columns that hold another carried record's key, remapped when that record was matched by natural key. */
  refs?: Record<string, ExchangeTable>;
  policy: Policy;
  /**
   * Columns this file derives from other records, never taken from a package: a facility's status is
   * the one its status history ends with (migration 0018), merged by that table's own rule.
   */
  derived?: string[];
}

export const TABLE_SPECS: TableSpec[] = [
  { name: 'areas', key: ['code'], policy: 'receiver' },
  { name: 'facilities', key: ['id'], natural: [['credit_code'], ['name']], refs: { parent_id: 'facilities' }, policy: 'newer', derived: ['status'] },
  { name: 'facility_status_history', key: ['id'], natural: [['facility_id', 'effective_on']], refs: { facility_id: 'facilities' }, policy: 'receiver' },
  { name: 'star_ratings', key: ['id'], natural: [['facility_id', 'decided_on']], refs: { facility_id: 'facilities' }, policy: 'receiver' },
  { name: 'buildings', key: ['id'], natural: [['facility_id', 'name']], refs: { facility_id: 'facilities' }, policy: 'package' },
  { name: 'rooms', key: ['id'], natural: [['building_id', 'number']], refs: { building_id: 'buildings' }, policy: 'package' },
  { name: 'beds', key: ['id'], refs: { room_id: 'rooms', facility_id: 'facilities' }, policy: 'package' },
  { name: 'bed_attributes', key: ['id'], natural: [['bed_id', 'effective_on']], refs: { bed_id: 'beds' }, policy: 'package' },
  { name: 'bed_outages', key: ['id'], refs: { bed_id: 'beds' }, policy: 'package' },
  { name: 'elders', key: ['id'], natural: [['id_number']], policy: 'newer' },
  { name: 'elder_categories', key: ['elder_id', 'category'], refs: { elder_id: 'elders' }, policy: 'receiver' },
  { name: 'elder_contacts', key: ['id'], natural: [['elder_id', 'position']], refs: { elder_id: 'elders' }, policy: 'package' },
  { name: 'assessments', key: ['id'], refs: { elder_id: 'elders' }, policy: 'receiver' },
  { name: 'waiting_applications', key: ['id'], refs: { facility_id: 'facilities', elder_id: 'elders' }, policy: 'package' },
  { name: 'admissions', key: ['id'], refs: { elder_id: 'elders', facility_id: 'facilities', application_id: 'waiting_applications' }, policy: 'package' },
  { name: 'stays', key: ['id'], refs: { admission_id: 'admissions', elder_id: 'elders', facility_id: 'facilities', bed_id: 'beds' }, policy: 'package' },
  { name: 'stay_leaves', key: ['id'], refs: { admission_id: 'admissions' }, policy: 'package' },
  {
    name: 'family_care_beds',
    key: ['id'],
    refs: { provider_facility_id: 'facilities', elder_id: 'elders', assessment_id: 'assessments' },
    policy: 'package',
  },
  // The facility keeps its own staff registry: its copy wins, and a person already here is found by facility,
  // ID number and start date.
  { name: 'staff', key: ['id'], natural: [['facility_id', 'id_number', 'employed_from']], refs: { facility_id: 'facilities' }, policy: 'package' },
  { name: 'staff_trainings', key: ['id'], refs: { staff_id: 'staff' }, policy: 'package' },
];

/** Bookkeeping columns: not compared (two copies of one bed made on two PCs differ there and nowhere else). */
export const BOOKKEEPING = new Set(['created_at', 'recorded_at', 'recorded_by', 'updated_at']);

/** Names of the package's own records, for labels that say whose record it is. */
export interface LabelContext {
  elderName(id: unknown): string;
  facilityName(id: unknown): string;
}

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** How the preview names one record: enough to find it on screen, an ID number masked. */
export function recordLabel(table: ExchangeTable, row: Row, names: LabelContext): string {
  switch (table) {
    case 'areas':
      return `${s(row.name)}（${s(row.code)}）`;
    case 'facilities':
      return s(row.name);
    case 'facility_status_history':
      return `${names.facilityName(row.facility_id)} ${s(row.effective_on)} 起`;
    case 'star_ratings':
      return `${names.facilityName(row.facility_id)} ${s(row.decided_on)} 评定`;
    case 'buildings':
      return `${names.facilityName(row.facility_id)} ${s(row.name)}`;
    case 'rooms':
      return `房间 ${s(row.number)}`;
    case 'beds':
      return `${names.facilityName(row.facility_id)} 床位 ${s(row.number)}`;
    case 'bed_attributes':
      return `床位属性 ${s(row.effective_on)} 起`;
    case 'bed_outages':
      return `停用维修 ${s(row.start_on)} 起`;
    case 'elders':
      return `${s(row.name)}（${maskIdNumber(s(row.id_number))}）`;
    case 'elder_categories':
    case 'elder_contacts':
    case 'assessments':
      return `${names.elderName(row.elder_id)} ${s(row.name ?? row.assessed_on ?? row.category)}`.trim();
    case 'waiting_applications':
      return `${names.elderName(row.elder_id)} ${s(row.applied_on)} 申请`;
    case 'admissions':
    case 'stays':
      return `${names.elderName(row.elder_id)} ${s(row.start_on)} 入住`;
    case 'stay_leaves':
      return `请假 ${s(row.start_on)} 起`;
    case 'family_care_beds':
      return `${names.elderName(row.elder_id)} ${s(row.address)}`;
    case 'staff':
      return `${names.facilityName(row.facility_id)} ${s(row.name)}（${maskIdNumber(s(row.id_number))}）`;
    case 'staff_trainings':
      return `培训 ${s(row.trained_on)}`;
  }
}
