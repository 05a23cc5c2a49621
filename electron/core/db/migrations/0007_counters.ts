import { sql, type Kysely } from 'kysely';

// Maintained counters for the current indicators: a recount over millions of beds takes seconds, the
// counters answer in milliseconds. Triggers keep them in the same transaction as every write, whatever
// writes it (services, imports, the bulk generator), so they can never drift from the base tables; a test
// and the benchmark compare them with a full recount after thousands of random changes.
//
// They describe the state after every recorded event: beds not retired with their latest attributes,
// open stays, each facility's latest status. That equals the state "as of D" for every D on or after the
// latest event date, which counters_meta.max_event_on keeps; earlier dates are recounted from history.
// Frozen once released: change it with a new migration.

const APPLY = (facility: string, category: string, beds: string, nursing: string, reserve: string, occupied: string, from: string, where: string) => `
  INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied)
  SELECT ${facility}, ${category}, ${beds}, ${nursing}, ${reserve}, ${occupied} ${from} WHERE ${where}
  ON CONFLICT (facility_id, category) DO UPDATE SET
    beds = beds + excluded.beds, nursing = nursing + excluded.nursing,
    reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied;`;

/** The latest attribute row of bed `b` (alias a), optionally ignoring one row. */
const LATEST = (bed: string, except = "''") => `a.bed_id = ${bed} AND a.id <> ${except} AND a.effective_on =
  (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = ${bed} AND a2.id <> ${except})`;

const OPEN_STAY = (bed: string) => `EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = ${bed} AND s.end_on IS NULL)`;

const BUMP = (date: string) =>
  `UPDATE counters_meta SET max_event_on = ${date} WHERE id = 1 AND ${date} IS NOT NULL AND ${date} > max_event_on;`;

const DISTRICT_APPLY = (category: string, beds: string, nursing: string, reserve: string, occupied: string) => `
  INSERT INTO district_bed_counters (district_code, kind, status, category, beds, nursing, reserve, occupied)
  SELECT f.district_code, f.kind, f.status, ${category}, ${beds}, ${nursing}, ${reserve}, ${occupied}
  FROM facilities f WHERE f.id = NEW.facility_id
  ON CONFLICT (district_code, kind, status, category) DO UPDATE SET
    beds = beds + excluded.beds, nursing = nursing + excluded.nursing,
    reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied;`;

const FACILITY_APPLY = (row: string, sign: number) => `
  INSERT INTO district_facility_counters (district_code, kind, status, medical_service, facilities, approved, without_approved)
  VALUES (substr(${row}.area_code, 1, 6), ${row}.kind, ${row}.status, ${row}.medical_service, ${sign},
          ${sign} * coalesce(${row}.approved_beds, 0), ${sign} * (${row}.approved_beds IS NULL))
  ON CONFLICT (district_code, kind, status, medical_service) DO UPDATE SET
    facilities = facilities + excluded.facilities, approved = approved + excluded.approved,
    without_approved = without_approved + excluded.without_approved;`;

const STATEMENTS = [
  `CREATE TABLE counters_meta (id INTEGER PRIMARY KEY CHECK (id = 1), max_event_on TEXT NOT NULL) STRICT`,
  `CREATE TABLE facility_bed_counters (
     facility_id TEXT NOT NULL REFERENCES facilities(id),
     category TEXT NOT NULL,
     beds INTEGER NOT NULL, nursing INTEGER NOT NULL, reserve INTEGER NOT NULL, occupied INTEGER NOT NULL,
     PRIMARY KEY (facility_id, category)
   ) STRICT, WITHOUT ROWID`,
  `CREATE TABLE district_bed_counters (
     district_code TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, category TEXT NOT NULL,
     beds INTEGER NOT NULL, nursing INTEGER NOT NULL, reserve INTEGER NOT NULL, occupied INTEGER NOT NULL,
     PRIMARY KEY (district_code, kind, status, category)
   ) STRICT, WITHOUT ROWID`,
  `CREATE TABLE district_facility_counters (
     district_code TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, medical_service TEXT NOT NULL,
     facilities INTEGER NOT NULL, approved INTEGER NOT NULL, without_approved INTEGER NOT NULL,
     PRIMARY KEY (district_code, kind, status, medical_service)
   ) STRICT, WITHOUT ROWID`,

  // Facility counters roll up into the district's group of the facility's current kind and status.
  `CREATE TRIGGER fbc_insert AFTER INSERT ON facility_bed_counters BEGIN
     ${DISTRICT_APPLY('NEW.category', 'NEW.beds', 'NEW.nursing', 'NEW.reserve', 'NEW.occupied')}
   END`,
  `CREATE TRIGGER fbc_update AFTER UPDATE ON facility_bed_counters BEGIN
     ${DISTRICT_APPLY('NEW.category', 'NEW.beds - OLD.beds', 'NEW.nursing - OLD.nursing', 'NEW.reserve - OLD.reserve', 'NEW.occupied - OLD.occupied')}
   END`,

  // Facilities: their own tallies, and moving their beds when kind, status or area changes.
  `CREATE TRIGGER fc_facility_insert AFTER INSERT ON facilities BEGIN ${FACILITY_APPLY('NEW', 1)} END`,
  `CREATE TRIGGER fc_facility_delete AFTER DELETE ON facilities BEGIN ${FACILITY_APPLY('OLD', -1)} END`,
  `CREATE TRIGGER fc_facility_update AFTER UPDATE OF kind, status, area_code, medical_service, approved_beds ON facilities BEGIN
     ${FACILITY_APPLY('OLD', -1)}
     ${FACILITY_APPLY('NEW', 1)}
     INSERT INTO district_bed_counters (district_code, kind, status, category, beds, nursing, reserve, occupied)
       SELECT substr(OLD.area_code, 1, 6), OLD.kind, OLD.status, c.category, -c.beds, -c.nursing, -c.reserve, -c.occupied
       FROM facility_bed_counters c WHERE c.facility_id = OLD.id
       ON CONFLICT (district_code, kind, status, category) DO UPDATE SET beds = beds + excluded.beds,
         nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied;
     INSERT INTO district_bed_counters (district_code, kind, status, category, beds, nursing, reserve, occupied)
       SELECT substr(NEW.area_code, 1, 6), NEW.kind, NEW.status, c.category, c.beds, c.nursing, c.reserve, c.occupied
       FROM facility_bed_counters c WHERE c.facility_id = NEW.id
       ON CONFLICT (district_code, kind, status, category) DO UPDATE SET beds = beds + excluded.beds,
         nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied;
   END`,
  `CREATE TRIGGER fc_status_history AFTER INSERT ON facility_status_history BEGIN ${BUMP('NEW.effective_on')} END`,

  // Beds: a bed counts from its first attribute row until it is retired, with its latest attributes.
  `CREATE TRIGGER bc_bed_insert AFTER INSERT ON beds BEGIN ${BUMP('NEW.opened_on')} ${BUMP('NEW.retired_on')} END`,
  `CREATE TRIGGER bc_attr_insert AFTER INSERT ON bed_attributes
   WHEN NOT EXISTS (SELECT 1 FROM bed_attributes x WHERE x.bed_id = NEW.bed_id AND x.effective_on > NEW.effective_on)
   BEGIN
     ${APPLY('b.facility_id', 'a.category', '-1', '-a.nursing', '-a.reserve', `-${OPEN_STAY('b.id')}`,
       `FROM beds b JOIN bed_attributes a ON ${LATEST('NEW.bed_id', 'NEW.id')}`, 'b.id = NEW.bed_id AND b.retired_on IS NULL')}
     ${APPLY('b.facility_id', 'NEW.category', '1', 'NEW.nursing', 'NEW.reserve', OPEN_STAY('b.id'), 'FROM beds b', 'b.id = NEW.bed_id AND b.retired_on IS NULL')}
   END`,
  `CREATE TRIGGER bc_attr_bump AFTER INSERT ON bed_attributes BEGIN ${BUMP('NEW.effective_on')} END`,
  `CREATE TRIGGER bc_bed_retire AFTER UPDATE OF retired_on ON beds
   WHEN (OLD.retired_on IS NULL) <> (NEW.retired_on IS NULL)
   BEGIN
     ${APPLY('NEW.facility_id', 'a.category', 'g.sign', 'g.sign * a.nursing', 'g.sign * a.reserve', `g.sign * ${OPEN_STAY('NEW.id')}`,
       `FROM (SELECT CASE WHEN NEW.retired_on IS NULL THEN 1 ELSE -1 END AS sign) g JOIN bed_attributes a ON ${LATEST('NEW.id')}`, 'true')}
     ${BUMP('NEW.retired_on')}
   END`,

  // Stays: an open stay occupies its bed (leave keeps the bed, so it still counts).
  `CREATE TRIGGER bc_stay_insert AFTER INSERT ON stays BEGIN
     ${APPLY('b.facility_id', 'a.category', '0', '0', '0', '1', `FROM beds b JOIN bed_attributes a ON ${LATEST('NEW.bed_id')}`,
       'b.id = NEW.bed_id AND b.retired_on IS NULL AND NEW.end_on IS NULL')}
     ${BUMP('NEW.start_on')} ${BUMP('NEW.end_on')}
   END`,
  `CREATE TRIGGER bc_stay_end AFTER UPDATE OF end_on ON stays
   WHEN (OLD.end_on IS NULL) <> (NEW.end_on IS NULL)
   BEGIN
     ${APPLY('b.facility_id', 'a.category', '0', '0', '0', 'CASE WHEN NEW.end_on IS NULL THEN 1 ELSE -1 END',
       `FROM beds b JOIN bed_attributes a ON ${LATEST('NEW.bed_id')}`, 'b.id = NEW.bed_id AND b.retired_on IS NULL')}
     ${BUMP('NEW.end_on')}
   END`,
  `CREATE TRIGGER bc_stay_delete AFTER DELETE ON stays WHEN OLD.end_on IS NULL BEGIN
     ${APPLY('b.facility_id', 'a.category', '0', '0', '0', '-1', `FROM beds b JOIN bed_attributes a ON ${LATEST('OLD.bed_id')}`,
       'b.id = OLD.bed_id AND b.retired_on IS NULL')}
   END`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  // Fill from whatever the database already holds (upgrades), with the same definitions as the triggers.
  await sql.raw(`INSERT INTO counters_meta (id, max_event_on) VALUES (1, coalesce((SELECT max(d) FROM (
      SELECT max(opened_on) AS d FROM beds UNION ALL SELECT max(retired_on) FROM beds
      UNION ALL SELECT max(effective_on) FROM bed_attributes UNION ALL SELECT max(start_on) FROM stays
      UNION ALL SELECT max(end_on) FROM stays UNION ALL SELECT max(effective_on) FROM facility_status_history)), '0000-00-00'))`).execute(db);
  await sql.raw(`INSERT INTO district_facility_counters (district_code, kind, status, medical_service, facilities, approved, without_approved)
      SELECT substr(area_code, 1, 6), kind, status, medical_service, count(*), coalesce(sum(approved_beds), 0), sum(approved_beds IS NULL)
      FROM facilities GROUP BY 1, 2, 3, 4`).execute(db);
  await rebuildBedCounters(db);
}

/** Recomputes the bed counters from the base tables (migration fill, and after bulk loads that bypass triggers). */
export async function rebuildBedCounters(db: Kysely<any>): Promise<void> {
  await sql.raw(`DELETE FROM district_bed_counters`).execute(db);
  await sql.raw(`DELETE FROM facility_bed_counters`).execute(db);
  // Triggers roll each facility row up into its district.
  await sql.raw(`INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied)
      SELECT b.facility_id, a.category, count(*), sum(a.nursing), sum(a.reserve),
        sum(EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL))
      FROM beds b JOIN bed_attributes a ON a.bed_id = b.id
        AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id)
      WHERE b.retired_on IS NULL
      GROUP BY b.facility_id, a.category`).execute(db);
}
