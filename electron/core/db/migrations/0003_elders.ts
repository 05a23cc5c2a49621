import { sql, type Kysely } from 'kysely';

// Elders and what is recorded about them before (or instead of) an institutional stay: categories,
// emergency contacts, GB/T 42195-2022 ability assessments, waiting-list applications per facility and
// family care beds (家庭照护床位), which stand in the elder's home and are never institutional beds.
// Frozen once released: change the schema with a new migration.

const ISO_DATE = (col: string) => `(${col} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(${col}) = ${col})`;
const LEVELS = `('intact', 'mild', 'moderate', 'severe', 'complete')`;

const STATEMENTS = [
  // id_number is the normalised 18-character form (15-digit numbers are converted before storing), so
  // the UNIQUE constraint catches the same person typed in either spelling. birth_date and sex are
  // derived from it and stored so lists can sort and filter by age without parsing.
  `CREATE TABLE elders (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL CHECK (length(name) > 0),
     id_number TEXT NOT NULL UNIQUE CHECK (length(id_number) = 18 AND substr(id_number, 1, 17) NOT GLOB '*[^0-9]*' AND substr(id_number, 18, 1) GLOB '[0-9X]'),
     birth_date TEXT NOT NULL CHECK ${ISO_DATE('birth_date')},
     sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
     hukou_area_code TEXT CHECK (hukou_area_code IS NULL OR (length(hukou_area_code) IN (6, 9, 12) AND hukou_area_code NOT GLOB '*[^0-9]*')),
     phone TEXT,
     address TEXT,
     notes TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT`,
  `CREATE INDEX elders_name ON elders(name)`,
  // Search by the last digits of the ID number ("尾号") without scanning every row.
  `CREATE INDEX elders_id_tail ON elders(substr(id_number, 15, 4))`,
  `CREATE TABLE elder_categories (
     elder_id TEXT NOT NULL REFERENCES elders(id),
     category TEXT NOT NULL CHECK (category IN ('extreme_hardship', 'minimum_living_allowance', 'low_income', 'family_planning_special', 'severe_disability', 'lost_only_child', 'living_alone', 'empty_nest')),
     PRIMARY KEY (elder_id, category)
   ) STRICT, WITHOUT ROWID`,
  `CREATE INDEX elder_categories_category ON elder_categories(category, elder_id)`,
  `CREATE TABLE elder_contacts (
     id TEXT PRIMARY KEY,
     elder_id TEXT NOT NULL REFERENCES elders(id),
     position INTEGER NOT NULL CHECK (position >= 0),
     name TEXT NOT NULL CHECK (length(name) > 0),
     relation TEXT,
     phone TEXT NOT NULL CHECK (length(phone) > 0),
     UNIQUE (elder_id, position)
   ) STRICT`,
  // One row per assessment; item scores are kept whole (scores_json) so the report can be reprinted,
  // and the domain totals, total and levels are columns so lists and counts never parse JSON.
  `CREATE TABLE assessments (
     id TEXT PRIMARY KEY,
     elder_id TEXT NOT NULL REFERENCES elders(id),
     assessed_on TEXT NOT NULL CHECK ${ISO_DATE('assessed_on')},
     reason TEXT NOT NULL CHECK (reason IN ('initial', 'routine', 'immediate', 'review', 'other')),
     assessor TEXT NOT NULL CHECK (length(assessor) > 0),
     scores_json TEXT NOT NULL,
     coma INTEGER NOT NULL CHECK (coma IN (0, 1)),
     dementia INTEGER NOT NULL CHECK (dementia IN (0, 1)),
     mental_disorder INTEGER NOT NULL CHECK (mental_disorder IN (0, 1)),
     risk_events_json TEXT NOT NULL,
     self_care INTEGER NOT NULL CHECK (self_care BETWEEN 0 AND 32),
     mobility INTEGER NOT NULL CHECK (mobility BETWEEN 0 AND 15),
     mental INTEGER NOT NULL CHECK (mental BETWEEN 0 AND 28),
     perception INTEGER NOT NULL CHECK (perception BETWEEN 0 AND 15),
     total INTEGER NOT NULL CHECK (total BETWEEN 0 AND 90 AND total = self_care + mobility + mental + perception),
     preliminary_level TEXT NOT NULL CHECK (preliminary_level IN ${LEVELS}),
     final_level TEXT NOT NULL CHECK (final_level IN ${LEVELS}),
     adjustments_json TEXT NOT NULL,
     notes TEXT,
     created_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL
   ) STRICT`,
  `CREATE INDEX assessments_elder ON assessments(elder_id, assessed_on, created_at)`,
  // A waiting-list application. Positions are never stored: they follow from the priority rules, so
  // changing a rule or a category re-orders the queue without rewriting rows.
  `CREATE TABLE waiting_applications (
     id TEXT PRIMARY KEY,
     facility_id TEXT NOT NULL REFERENCES facilities(id),
     elder_id TEXT NOT NULL REFERENCES elders(id),
     applied_on TEXT NOT NULL CHECK ${ISO_DATE('applied_on')},
     requested_category TEXT NOT NULL CHECK (requested_category IN ('long_term', 'short_term')),
     requested_nursing INTEGER CHECK (requested_nursing IS NULL OR requested_nursing IN (0, 1)),
     notes TEXT,
     status TEXT NOT NULL CHECK (status IN ('waiting', 'admitted', 'withdrawn')),
     admitted_on TEXT CHECK (admitted_on IS NULL OR (${ISO_DATE('admitted_on')} AND admitted_on >= applied_on)),
     withdrawn_on TEXT CHECK (withdrawn_on IS NULL OR (${ISO_DATE('withdrawn_on')} AND withdrawn_on >= applied_on)),
     withdraw_reason TEXT,
     created_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL,
     CHECK ((status = 'admitted') = (admitted_on IS NOT NULL)),
     CHECK ((status = 'withdrawn') = (withdrawn_on IS NOT NULL AND withdraw_reason IS NOT NULL)),
     CHECK (withdrawn_on IS NULL OR withdraw_reason IS NOT NULL)
   ) STRICT`,
  `CREATE UNIQUE INDEX waiting_one_open ON waiting_applications(facility_id, elder_id) WHERE status = 'waiting'`,
  `CREATE INDEX waiting_facility ON waiting_applications(facility_id, status, applied_on)`,
  `CREATE INDEX waiting_elder ON waiting_applications(elder_id)`,
  // Family care beds are a separate category from institutional beds everywhere (standards §4): their
  // own table, counted by their own function, never joined into the beds counts.
  `CREATE TABLE family_care_beds (
     id TEXT PRIMARY KEY,
     provider_facility_id TEXT NOT NULL REFERENCES facilities(id),
     elder_id TEXT NOT NULL REFERENCES elders(id),
     area_code TEXT NOT NULL REFERENCES areas(code),
     district_code TEXT GENERATED ALWAYS AS (substr(area_code, 1, 6)) VIRTUAL,
     street_code TEXT GENERATED ALWAYS AS (substr(area_code, 1, 9)) VIRTUAL,
     address TEXT NOT NULL CHECK (length(address) > 0),
     assessment_id TEXT REFERENCES assessments(id),
     agreement_start_on TEXT NOT NULL CHECK ${ISO_DATE('agreement_start_on')},
     agreement_end_on TEXT CHECK (agreement_end_on IS NULL OR (${ISO_DATE('agreement_end_on')} AND agreement_end_on >= agreement_start_on)),
     opened_on TEXT NOT NULL CHECK ${ISO_DATE('opened_on')},
     closed_on TEXT CHECK (closed_on IS NULL OR (${ISO_DATE('closed_on')} AND closed_on > opened_on)),
     close_reason TEXT,
     created_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL,
     CHECK ((closed_on IS NULL) = (close_reason IS NULL))
   ) STRICT`,
  `CREATE UNIQUE INDEX family_beds_one_open ON family_care_beds(elder_id) WHERE closed_on IS NULL`,
  // Fit the as-of predicate opened_on <= D AND (closed_on IS NULL OR closed_on > D), per area level.
  `CREATE INDEX family_beds_district ON family_care_beds(district_code, opened_on, closed_on)`,
  `CREATE INDEX family_beds_street ON family_care_beds(street_code, opened_on, closed_on)`,
  `CREATE INDEX family_beds_area ON family_care_beds(area_code, opened_on, closed_on)`,
  `CREATE INDEX family_beds_provider ON family_care_beds(provider_facility_id, opened_on, closed_on)`,
  `CREATE INDEX family_beds_elder ON family_care_beds(elder_id, opened_on)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
