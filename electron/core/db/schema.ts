import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { BedCategory, BedZone, SexRestriction } from '../../../shared/domain/beds';
import type { RatingSchemeId } from '../../../shared/domain/starRating';
import type { AbilityLevel } from '../../../shared/domain/assessment';
import type { ElderCategory } from '../../../shared/domain/waitingPriority';
import type { AssessmentReason } from '../../../shared/contract/assessments';
import type { ApplicationStatus } from '../../../shared/contract/waiting';
import type { DischargeReason, FeeClass } from '../../../shared/domain/stays';
import type { SkillLevel, StaffPost, TrainingTopic } from '../../../shared/domain/staff';
import type { ProjectKind, ProjectStatus } from '../../../shared/domain/planning';
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
  prev_hash: string | null;
  hash: string | null;
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

export interface AccountTable {
  id: string;
  name: string;
  password_hash: string;
  password_set_at: string;
  failed_logins: Generated<number>;
  locked_until: string | null;
  disabled_at: string | null;
  created_at: string;
  created_by: string;
}

export interface AccountGrantTable {
  id: string;
  account_id: string;
  role: string;
  scope_kind: 'all' | 'district' | 'facility';
  scope_id: string | null;
}

export interface FoundationTables {
  areas: AreaTable;
  population: PopulationTable;
  facilities: FacilityTable;
  facility_status_history: FacilityStatusHistoryTable;
  audit_log: AuditLogTable;
  settings: SettingTable;
  users: UserTable;
  accounts: AccountTable;
  account_grants: AccountGrantTable;
}

export interface BuildingTable {
  id: string;
  facility_id: string;
  name: string;
  created_at: string;
}

export interface RoomTable {
  id: string;
  building_id: string;
  floor: number;
  number: string;
  capacity: number | null;
  sex_restriction: SexRestriction | null;
  created_at: string;
  updated_at: string;
}

export interface BedTable {
  id: string;
  room_id: string;
  facility_id: string;
  number: string;
  opened_on: string;
  retired_on: string | null;
  retire_reason: string | null;
  created_at: string;
}

export interface BedAttributeTable {
  id: string;
  bed_id: string;
  effective_on: string;
  category: BedCategory;
  /** 0 or 1 (SQLite has no boolean). */
  nursing: number;
  zone: BedZone;
  reserve: number;
  reason: string | null;
  recorded_at: string;
  recorded_by: string;
}

export interface BedOutageTable {
  id: string;
  bed_id: string;
  start_on: string;
  end_on: string | null;
  reason: string;
  recorded_at: string;
  recorded_by: string;
}

export interface BedTables {
  buildings: BuildingTable;
  rooms: RoomTable;
  beds: BedTable;
  bed_attributes: BedAttributeTable;
  bed_outages: BedOutageTable;
}

export interface StarRatingTable {
  id: string;
  facility_id: string;
  scheme: RatingSchemeId;
  level: number;
  decided_on: string;
  /** Last valid day, inclusive. */
  valid_until: string;
  valid_until_reason: string | null;
  score_environment: number | null;
  score_facilities: number | null;
  score_operations: number | null;
  score_services: number | null;
  total: number | null;
  reviewer: string | null;
  notes: string | null;
  rule_exception_reason: string | null;
  /** JSON array of {ruleId, message}; set exactly when rule_exception_reason is. */
  rule_violations: string | null;
  revoked_on: string | null;
  revoke_reason: string | null;
  created_at: string;
  recorded_by: string;
}

export interface RatingTables {
  star_ratings: StarRatingTable;
}

export interface ElderTable {
  id: string;
  name: string;
  /** Normalised 18-character GB 11643 number. */
  id_number: string;
  birth_date: string;
  sex: 'M' | 'F';
  hukou_area_code: string | null;
  phone: string | null;
  address: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface ElderCategoryTable {
  elder_id: string;
  category: ElderCategory;
}

export interface ElderContactTable {
  id: string;
  elder_id: string;
  position: number;
  name: string;
  relation: string | null;
  phone: string;
}

export interface AssessmentTable {
  id: string;
  elder_id: string;
  assessed_on: string;
  reason: AssessmentReason;
  assessor: string;
  scores_json: string;
  coma: number;
  dementia: number;
  mental_disorder: number;
  risk_events_json: string;
  self_care: number;
  mobility: number;
  mental: number;
  perception: number;
  total: number;
  preliminary_level: AbilityLevel;
  final_level: AbilityLevel;
  adjustments_json: string;
  notes: string | null;
  created_at: string;
  recorded_by: string;
}

export interface WaitingApplicationTable {
  id: string;
  facility_id: string;
  elder_id: string;
  applied_on: string;
  requested_category: BedCategory;
  requested_nursing: number | null;
  notes: string | null;
  status: ApplicationStatus;
  admitted_on: string | null;
  withdrawn_on: string | null;
  withdraw_reason: string | null;
  created_at: string;
  recorded_by: string;
}

export interface FamilyCareBedTable {
  id: string;
  provider_facility_id: string;
  elder_id: string;
  area_code: string;
  /** Generated from area_code in SQL; never written. */
  district_code: ColumnType<string, never, never>;
  street_code: ColumnType<string, never, never>;
  address: string;
  assessment_id: string | null;
  agreement_start_on: string;
  agreement_end_on: string | null;
  opened_on: string;
  closed_on: string | null;
  close_reason: string | null;
  created_at: string;
  recorded_by: string;
}

export interface ElderTables {
  elders: ElderTable;
  elder_categories: ElderCategoryTable;
  elder_contacts: ElderContactTable;
  assessments: AssessmentTable;
  waiting_applications: WaitingApplicationTable;
  family_care_beds: FamilyCareBedTable;
  facility_declarations: FacilityDeclarationTable;
}

/** A facility's declared bed figures as of a date (申报床位, migration 0021); null figures are unknown. */
export interface FacilityDeclarationTable {
  id: string;
  facility_id: string;
  declared_on: string;
  total_beds: number;
  nursing_beds: number | null;
  reserve_beds: number | null;
  short_term_beds: number | null;
  residents: number | null;
  source: 'form' | 'import';
  created_at: string;
}

/** An admission episode (入住 to 退住). */
export interface AdmissionTable {
  id: string;
  elder_id: string;
  facility_id: string;
  start_on: string;
  end_on: string | null;
  discharge_reason: DischargeReason | null;
  discharge_note: string | null;
  fee_class: FeeClass;
  application_id: string | null;
  created_at: string;
  recorded_by: string;
}

/** One bed segment of an admission; a transfer ends one and starts the next. */
export interface StayTable {
  id: string;
  admission_id: string;
  elder_id: string;
  facility_id: string;
  bed_id: string;
  start_on: string;
  end_on: string | null;
  end_reason: 'transfer' | 'discharge' | null;
  transfer_reason: string | null;
  created_at: string;
  recorded_by: string;
}

export interface StayLeaveTable {
  id: string;
  admission_id: string;
  start_on: string;
  end_on: string | null;
  reason: string;
  created_at: string;
  recorded_by: string;
}

/** A stay's room and bed numbers, kept by triggers (migration 0016) so lists need not join bed and room. */
export interface StayLabelTable {
  stay_id: string;
  room_number: string;
  bed_number: string;
}

export interface StayTables {
  admissions: AdmissionTable;
  stays: StayTable;
  stay_leaves: StayLeaveTable;
  stay_labels: StayLabelTable;
}

export type Database = FoundationTables & BedTables & RatingTables & ElderTables & StayTables & IndicatorTables & StaffTables;

export interface StaffTable {
  id: string;
  facility_id: string;
  name: string;
  /** Normalised 18-character GB 11643 number. */
  id_number: string;
  post: StaffPost;
  skill_level: SkillLevel | null;
  certificate_no: string | null;
  certified_on: string | null;
  employed_from: string;
  employed_to: string | null;
  created_at: string;
  updated_at: string;
  recorded_by: string;
}

export interface StaffTrainingTable {
  id: string;
  staff_id: string;
  topic: TrainingTopic;
  trained_on: string;
  hours: number;
  created_at: string;
  recorded_by: string;
}

/** A dated decision on whether a 特困 elder needs centralised support; the latest on or before D holds on D. */
export interface TekunSupportNeedTable {
  id: string;
  elder_id: string;
  effective_on: string;
  /** 0 or 1. */
  needs: number;
  source: string;
  recorded_at: string;
  recorded_by: string;
}

export interface CapacityProjectTable {
  id: string;
  name: string;
  district_code: string;
  kind: ProjectKind;
  facility_id: string | null;
  planned_beds: number;
  nursing_beds: number;
  status: ProjectStatus;
  planned_completion_on: string;
  actual_completion_on: string | null;
  source: string;
  created_at: string;
  updated_at: string;
  recorded_by: string;
}

export interface PopulationProjectionTable {
  area_code: string;
  year: number;
  resident: number | null;
  resident_60: number | null;
  resident_65: number | null;
  registered_60: number | null;
  source: string;
  updated_at: string;
}

export interface StaffTables {
  capacity_projects: CapacityProjectTable;
  population_projections: PopulationProjectionTable;
  staff: StaffTable;
  staff_trainings: StaffTrainingTable;
  tekun_support_needs: TekunSupportNeedTable;
}

export type Trx = Transaction<Database>;
/** A connection or a transaction on it: what every read and write in the core takes. */
export type Db = Kysely<Database> | Trx;

export interface TargetTable {
  id: string;
  area_code: string;
  metric_id: string;
  year: number;
  comparator: '>=' | '<=' | '=';
  value: number;
  baseline_value: number | null;
  baseline_year: number | null;
  attribute: 'expected' | 'binding' | 'unspecified';
  source: string;
  note: string | null;
  seeded: number;
  created_by: string | null;
  updated_at: string | null;
}

export interface BedCounterRow {
  category: string;
  beds: number;
  nursing: number;
  reserve: number;
  occupied: number;
}

export interface IndicatorTables {
  targets: TargetTable;
  counters_meta: { id: number; max_event_on: string; seq: Generated<number> };
  district_dated_versions: { district_code: string; from_month: string; seq: number };
  audit_versions: { district_code: string; seq: number };
  tally_checkpoints: { as_of: string; district_code: string; format: number; seq: number; counts: string };
  facility_bed_counters: BedCounterRow & { facility_id: string };
  district_bed_counters: BedCounterRow & { district_code: string; kind: string; status: string };
  district_facility_counters: { district_code: string; kind: string; status: string; medical_service: string; facilities: number; approved: number; without_approved: number };
}
