import type { ColumnType, Generated } from 'kysely';
import type { AreaLevel, FacilityKind, FacilityStatus, InstitutionSubtype, MedicalService, Ownership } from '../../../shared/domain/facility';

// Kysely's Database interface: one entry per table. Feature tables are declared in their own
// interfaces and merged into `Database` below, so each feature owns its part of the schema.

export interface AreaTable {
  code: string;
  name: string;
  level: AreaLevel;
  parent_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface PopulationTable {
  id: string;
  area_code: string;
  year: number;
  resident: number | null;
  registered: number | null;
  resident_60: number | null;
  registered_60: number | null;
  resident_65: number | null;
  resident_80: number | null;
  source: string | null;
  created_at: string;
  updated_at: string;
}

export interface FacilityTable {
  id: string;
  name: string;
  kind: FacilityKind;
  subtype: InstitutionSubtype | null;
  ownership: Ownership;
  status: FacilityStatus;
  area_code: string;
  /** Generated from area_code in SQL; never written. */
  district_code: ColumnType<string, never, never>;
  credit_code: string | null;
  filing_no: string | null;
  approved_beds: number | null;
  medical_service: MedicalService;
  opened_on: string | null;
  address: string | null;
  parent_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface FacilityStatusHistoryTable {
  id: string;
  facility_id: string;
  status: FacilityStatus;
  effective_on: string;
  reason: string | null;
  recorded_at: string;
  recorded_by: string;
}

export interface AuditLogTable {
  id: string;
  seq: Generated<number>;
  at: string;
  actor_id: string;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string;
  summary: string | null;
  before_json: string | null;
  after_json: string | null;
}

export interface SettingTable {
  key: string;
  value_json: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  name: string;
  created_at: string;
}

export interface FoundationTables {
  areas: AreaTable;
  population: PopulationTable;
  facilities: FacilityTable;
  facility_status_history: FacilityStatusHistoryTable;
  audit_log: AuditLogTable;
  settings: SettingTable;
  users: UserTable;
}

export type Database = FoundationTables;
