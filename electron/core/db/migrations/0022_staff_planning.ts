import { sql, type Kysely } from 'kysely';
import { SEED_TARGETS } from '../../../../shared/domain/targets';

// Facility staff (养老护理员 and the other posts) with their certificates and training, and 特困 elders'
// decisions on centralised support (集中供养需求). Both feed indicators counted as of any date, so every
// write stamps the districts whose tallies of a date it changes (district_dated_versions, as migration
// 0014 does): stored dates and remembered reports then go stale exactly when they should
// (docs/derived-data.md). Their tallies are always recounted, so no counter is kept.
//
// Reach of a write:
// - staff: the facility's district, from the month the person started (before that they count nowhere);
//   an update from every date (edits are rare, and any column may move a date).
// - tekun_support_needs: the elder's registered (户籍) district, from the decision's month; updates every date.
// - stays of an elder with a need decision: the elder's registered district too (placement is counted
//   there, not where the facility is), from the stay's reach as 0014 computes it.
// - a category of an elder with a need decision added, changed or removed (only 特困 elders count): the
//   elder's district, every date.
// - an elder's registered area changing, or the elder removed, when they have a need decision: both
//   districts, every date.
// Frozen once released: change it with a new migration.

const ISO_DATE = (col: string) => `(${col} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(${col}) = ${col})`;
const EVERY_DATE = `'0000-00'`;
const month = (date: string) => `substr(${date}, 1, 7)`;
const earlier = (a: string, b: string) => `min(coalesce(${a}, '9999-12-31'), coalesce(${b}, '9999-12-31'))`;

const STAMP = (district: string, fromMonth: string, when = '1') => `
  UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (${when});
  INSERT INTO district_dated_versions (district_code, from_month, seq)
    SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT ${district} AS d, ${fromMonth} AS m)
    WHERE d IS NOT NULL AND m < '9999' AND (${when})
    ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq;`;

const FACILITY_DISTRICT = (facility: string) => `(SELECT substr(area_code, 1, 6) FROM facilities WHERE id = ${facility})`;
const ELDER_DISTRICT = (elder: string) => `(SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = ${elder})`;
const HAS_NEED = (elder: string) => `EXISTS (SELECT 1 FROM tekun_support_needs WHERE elder_id = ${elder})`;

const STATEMENTS = [
  `CREATE TABLE staff (
     id TEXT PRIMARY KEY,
     facility_id TEXT NOT NULL REFERENCES facilities(id),
     name TEXT NOT NULL CHECK (length(name) > 0),
     id_number TEXT NOT NULL CHECK (length(id_number) = 18),
     post TEXT NOT NULL CHECK (post IN ('caregiver', 'doctor', 'nurse', 'therapist', 'social_worker', 'manager', 'other')),
     skill_level TEXT CHECK (skill_level IS NULL OR skill_level IN ('level5', 'level4', 'level3', 'level2', 'level1')),
     certificate_no TEXT,
     certified_on TEXT CHECK (certified_on IS NULL OR ${ISO_DATE('certified_on')}),
     employed_from TEXT NOT NULL CHECK ${ISO_DATE('employed_from')},
     employed_to TEXT CHECK (employed_to IS NULL OR (${ISO_DATE('employed_to')} AND employed_to > employed_from)),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL
   ) STRICT`,
  // One person is employed once per facility at a time; a return after leaving is a new row.
  `CREATE UNIQUE INDEX staff_person_facility_from ON staff(facility_id, id_number, employed_from)`,
  `CREATE INDEX staff_facility ON staff(facility_id, employed_from, employed_to)`,
  `CREATE INDEX staff_id_number ON staff(id_number)`,
  `CREATE TABLE staff_trainings (
     id TEXT PRIMARY KEY,
     staff_id TEXT NOT NULL REFERENCES staff(id),
     topic TEXT NOT NULL CHECK (topic IN ('rehabilitation', 'nursing', 'nutrition', 'psychology', 'social_work')),
     trained_on TEXT NOT NULL CHECK ${ISO_DATE('trained_on')},
     hours REAL NOT NULL CHECK (hours > 0 AND hours <= 1000),
     created_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL
   ) STRICT`,
  `CREATE INDEX staff_trainings_staff ON staff_trainings(staff_id, trained_on)`,
  `CREATE TABLE tekun_support_needs (
     id TEXT PRIMARY KEY,
     elder_id TEXT NOT NULL REFERENCES elders(id),
     effective_on TEXT NOT NULL CHECK ${ISO_DATE('effective_on')},
     needs INTEGER NOT NULL CHECK (needs IN (0, 1)),
     source TEXT NOT NULL CHECK (length(source) > 0),
     recorded_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL
   ) STRICT`,
  `CREATE UNIQUE INDEX tekun_needs_elder_date ON tekun_support_needs(elder_id, effective_on)`,
  // 规划测算 reads these live (nothing counted from them is stored), so they carry no stamps.
  `CREATE TABLE capacity_projects (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL CHECK (length(name) > 0),
     district_code TEXT NOT NULL REFERENCES areas(code),
     kind TEXT NOT NULL CHECK (kind IN ('new', 'extension', 'retirement')),
     facility_id TEXT REFERENCES facilities(id),
     planned_beds INTEGER NOT NULL CHECK (planned_beds > 0),
     nursing_beds INTEGER NOT NULL CHECK (nursing_beds >= 0 AND nursing_beds <= planned_beds),
     status TEXT NOT NULL CHECK (status IN ('planned', 'building', 'completed')),
     planned_completion_on TEXT NOT NULL CHECK ${ISO_DATE('planned_completion_on')},
     actual_completion_on TEXT CHECK (actual_completion_on IS NULL OR ${ISO_DATE('actual_completion_on')}),
     source TEXT NOT NULL CHECK (length(source) > 0),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL,
     CHECK ((status = 'completed') = (actual_completion_on IS NOT NULL))
   ) STRICT`,
  `CREATE INDEX capacity_projects_district ON capacity_projects(district_code, planned_completion_on)`,
  `CREATE TABLE population_projections (
     area_code TEXT NOT NULL REFERENCES areas(code),
     year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
     resident INTEGER CHECK (resident IS NULL OR resident > 0),
     resident_60 INTEGER CHECK (resident_60 IS NULL OR resident_60 > 0),
     resident_65 INTEGER CHECK (resident_65 IS NULL OR resident_65 > 0),
     registered_60 INTEGER CHECK (registered_60 IS NULL OR registered_60 > 0),
     source TEXT NOT NULL CHECK (length(source) > 0),
     updated_at TEXT NOT NULL,
     PRIMARY KEY (area_code, year)
   ) STRICT`,

  `CREATE TRIGGER dv_staff_insert AFTER INSERT ON staff BEGIN ${STAMP(FACILITY_DISTRICT('NEW.facility_id'), month('NEW.employed_from'))} END`,
  `CREATE TRIGGER dv_staff_update AFTER UPDATE ON staff BEGIN
     ${STAMP(FACILITY_DISTRICT('OLD.facility_id'), EVERY_DATE)} ${STAMP(FACILITY_DISTRICT('NEW.facility_id'), EVERY_DATE)} END`,
  `CREATE TRIGGER dv_staff_delete AFTER DELETE ON staff BEGIN ${STAMP(FACILITY_DISTRICT('OLD.facility_id'), month('OLD.employed_from'))} END`,

  `CREATE TRIGGER dv_tekun_insert AFTER INSERT ON tekun_support_needs BEGIN ${STAMP(ELDER_DISTRICT('NEW.elder_id'), month('NEW.effective_on'))} END`,
  `CREATE TRIGGER dv_tekun_update AFTER UPDATE ON tekun_support_needs BEGIN
     ${STAMP(ELDER_DISTRICT('OLD.elder_id'), EVERY_DATE)} ${STAMP(ELDER_DISTRICT('NEW.elder_id'), EVERY_DATE)} END`,
  `CREATE TRIGGER dv_tekun_delete AFTER DELETE ON tekun_support_needs BEGIN ${STAMP(ELDER_DISTRICT('OLD.elder_id'), month('OLD.effective_on'))} END`,

  `CREATE TRIGGER dv_tekun_stays_insert AFTER INSERT ON stays WHEN ${HAS_NEED('NEW.elder_id')} BEGIN
     ${STAMP(ELDER_DISTRICT('NEW.elder_id'), month('NEW.start_on'))} END`,
  `CREATE TRIGGER dv_tekun_stays_update AFTER UPDATE ON stays WHEN ${HAS_NEED('OLD.elder_id')} OR ${HAS_NEED('NEW.elder_id')} BEGIN
     ${STAMP(ELDER_DISTRICT('OLD.elder_id'), month(`CASE WHEN OLD.elder_id IS NOT NEW.elder_id OR OLD.start_on IS NOT NEW.start_on
       THEN ${earlier('OLD.start_on', 'NEW.start_on')} ELSE ${earlier('OLD.end_on', 'NEW.end_on')} END`))}
     ${STAMP(ELDER_DISTRICT('NEW.elder_id'), month(`CASE WHEN OLD.elder_id IS NOT NEW.elder_id OR OLD.start_on IS NOT NEW.start_on
       THEN ${earlier('OLD.start_on', 'NEW.start_on')} ELSE ${earlier('OLD.end_on', 'NEW.end_on')} END`))} END`,
  `CREATE TRIGGER dv_tekun_stays_delete AFTER DELETE ON stays WHEN ${HAS_NEED('OLD.elder_id')} BEGIN
     ${STAMP(ELDER_DISTRICT('OLD.elder_id'), month('OLD.start_on'))} END`,

  `CREATE TRIGGER dv_tekun_elders_update AFTER UPDATE OF hukou_area_code ON elders
     WHEN OLD.hukou_area_code IS NOT NEW.hukou_area_code AND ${HAS_NEED('NEW.id')} BEGIN
     ${STAMP('substr(OLD.hukou_area_code, 1, 6)', EVERY_DATE)} ${STAMP('substr(NEW.hukou_area_code, 1, 6)', EVERY_DATE)} END`,
  // Only 特困 elders count: a category added or removed changes every date of the elder's district.
  `CREATE TRIGGER dv_tekun_categories_insert AFTER INSERT ON elder_categories WHEN ${HAS_NEED('NEW.elder_id')} BEGIN
     ${STAMP(ELDER_DISTRICT('NEW.elder_id'), EVERY_DATE)} END`,
  `CREATE TRIGGER dv_tekun_categories_update AFTER UPDATE ON elder_categories WHEN ${HAS_NEED('OLD.elder_id')} OR ${HAS_NEED('NEW.elder_id')} BEGIN
     ${STAMP(ELDER_DISTRICT('OLD.elder_id'), EVERY_DATE)} ${STAMP(ELDER_DISTRICT('NEW.elder_id'), EVERY_DATE)} END`,
  `CREATE TRIGGER dv_tekun_categories_delete AFTER DELETE ON elder_categories WHEN ${HAS_NEED('OLD.elder_id')} BEGIN
     ${STAMP(ELDER_DISTRICT('OLD.elder_id'), EVERY_DATE)} END`,
  `CREATE TRIGGER dv_tekun_elders_delete AFTER DELETE ON elders BEGIN ${STAMP('substr(OLD.hukou_area_code, 1, 6)', EVERY_DATE)} END`,
];

/** Plan targets on the new indicators; a file created since they joined the seed list has them from 0006. */
const NEW_TARGET_IDS = ['miyun-2025-certified-caregiver-rate'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  for (const t of SEED_TARGETS.filter((x) => NEW_TARGET_IDS.includes(x.id))) {
    await sql`INSERT OR IGNORE INTO targets (id, area_code, metric_id, year, comparator, value, baseline_value, baseline_year,
                attribute, source, note, seeded, created_by, updated_at)
              VALUES (${t.id}, ${t.areaCode}, ${t.metricId}, ${t.year}, ${t.comparator}, ${t.value},
                ${t.baseline?.value ?? null}, ${t.baseline?.year ?? null}, ${t.attribute}, ${t.source}, ${t.note}, 1, NULL, NULL)`.execute(db);
  }
}
