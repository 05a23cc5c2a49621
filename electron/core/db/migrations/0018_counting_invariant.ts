import { sql, type Kysely } from 'kysely';
import { rebuildBedCounters } from './0007_counters';

// The counting invariant under every write (docs/derived-data.md): whatever writes the base tables —
// the services, an import, the exchange merge, or plain SQL from another program — the maintained
// counters equal a recount of the current state, counters_meta.max_event_on is on or after every date
// a tally reads, and a facility's current status is the one its dated history ends with.
//
// Before this migration the counters followed only inserts and a few open/closed flips (0007): a stay's
// end moved in place, a bed moved to another facility, an attribute version corrected or deleted left
// them, or max_event_on, wrong, and past dates counted from them were wrong without any sign.
//
// Every write that can change one bed's part of the counters is bracketed: a BEFORE trigger takes the
// bed's part out as it stands, an AFTER trigger puts it back as it then stands (bed_part below). That
// is right for any combination of columns changed at once, at the cost of two index lookups per
// bracketed write; the hot paths (admission, discharge, a new attribute version) keep their single
// incremental triggers from 0007, which are exact for them.
//
// Keys of the counted tables never change (a trigger refuses it): every derived structure and the
// exchange packages refer to rows by key.
//
// Also: 0011's per-district stamps (district_versions and its v_* triggers) are dropped — 0014's dated
// stamps carry the same information, and area changes are now stamped there as district '*'.
// Frozen once released: change it with a new migration.

/** Where the unknown-date status entry sorts: before every real date, so it is in force on every past date. */
export const UNKNOWN_DATE = '0000-00-00';

const BUMP = (date: string) =>
  `UPDATE counters_meta SET max_event_on = ${date} WHERE id = 1 AND ${date} IS NOT NULL AND ${date} > max_event_on;`;

/**
 * Adds `sign` times bed `bed`'s part (its latest attributes, and whether a stay on it is open) to its
 * facility's counters, when it is not retired. The facility counters roll up into the district by the
 * 0007 triggers fbc_insert and fbc_update.
 */
const BED_PART = (bed: string, sign: 1 | -1, when = 'true') => `
  INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied)
  SELECT b.facility_id, a.category, ${sign}, ${sign} * a.nursing, ${sign} * a.reserve,
    ${sign} * EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL)
  FROM beds b JOIN bed_attributes a ON a.bed_id = b.id
    AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id)
  WHERE b.id = ${bed} AND b.retired_on IS NULL AND ${when}
  ON CONFLICT (facility_id, category) DO UPDATE SET
    beds = beds + excluded.beds, nursing = nursing + excluded.nursing,
    reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied;`;

/** An attribute version moved to another bed: that bed's part is bracketed too. */
const MOVED = 'NEW.bed_id IS NOT OLD.bed_id';

/** `sign` times one open stay's occupancy of bed `bed` (a stay's own part: its bed's state is unchanged). */
const STAY_PART = (bed: string, sign: string) => `
  INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied)
  SELECT b.facility_id, a.category, 0, 0, 0, ${sign}
  FROM beds b JOIN bed_attributes a ON a.bed_id = b.id
    AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id)
  WHERE b.id = ${bed} AND b.retired_on IS NULL AND ${sign} <> 0
  ON CONFLICT (facility_id, category) DO UPDATE SET occupied = occupied + excluded.occupied;`;

/** The status a facility's history ends with (NULL when it has none). */
const LATEST_STATUS = (facility: string) =>
  `(SELECT h.status FROM facility_status_history h WHERE h.facility_id = ${facility} ORDER BY h.effective_on DESC LIMIT 1)`;

/** Keeps facilities.status equal to the latest history entry (it rolls the counters by fc_facility_update). */
const MIRROR_STATUS = (facility: string) => `
  UPDATE facilities SET status = ${LATEST_STATUS(facility)}
  WHERE id = ${facility} AND ${LATEST_STATUS(facility)} IS NOT NULL AND status IS NOT ${LATEST_STATUS(facility)};`;

const IMMUTABLE_KEY = (table: string) =>
  `CREATE TRIGGER ci_${table}_key BEFORE UPDATE OF id ON ${table} WHEN NEW.id IS NOT OLD.id
   BEGIN SELECT RAISE(ABORT, 'KEY_IMMUTABLE: 记录的编号不能修改'); END`;

const STATEMENTS = [
  // Replaced below by triggers that cover every column.
  `DROP TRIGGER bc_bed_retire`,
  `DROP TRIGGER bc_stay_end`,
  `DROP TRIGGER bc_bed_insert`,
  `DROP TRIGGER fc_status_history`,
  `DROP TRIGGER fc_facility_delete`,

  ...['facilities', 'beds', 'bed_attributes', 'stays', 'facility_status_history', 'rooms', 'buildings', 'elders'].map(IMMUTABLE_KEY),

  // Beds: inserted (after attributes written first by a program with foreign keys off), moved to another
  // facility, retired or brought back, deleted.
  `CREATE TRIGGER ci_beds_insert AFTER INSERT ON beds BEGIN ${BED_PART('NEW.id', 1)} ${BUMP('NEW.opened_on')} ${BUMP('NEW.retired_on')} END`,
  `CREATE TRIGGER ci_beds_update_before BEFORE UPDATE OF facility_id, retired_on ON beds
   WHEN OLD.facility_id IS NOT NEW.facility_id OR (OLD.retired_on IS NULL) <> (NEW.retired_on IS NULL)
   BEGIN ${BED_PART('OLD.id', -1)} END`,
  `CREATE TRIGGER ci_beds_update_after AFTER UPDATE OF facility_id, retired_on ON beds
   WHEN OLD.facility_id IS NOT NEW.facility_id OR (OLD.retired_on IS NULL) <> (NEW.retired_on IS NULL)
   BEGIN ${BED_PART('NEW.id', 1)} END`,
  `CREATE TRIGGER ci_beds_dates AFTER UPDATE OF opened_on, retired_on ON beds BEGIN ${BUMP('NEW.opened_on')} ${BUMP('NEW.retired_on')} END`,
  `CREATE TRIGGER ci_beds_delete BEFORE DELETE ON beds BEGIN ${BED_PART('OLD.id', -1)} END`,

  // Attribute versions corrected in place (any counted column, or moved to another bed) or deleted.
  // Inserts keep 0007's bc_attr_insert and bc_attr_bump.
  `CREATE TRIGGER ci_attr_update_before BEFORE UPDATE OF bed_id, effective_on, category, nursing, reserve ON bed_attributes
   BEGIN ${BED_PART('OLD.bed_id', -1)} ${BED_PART('NEW.bed_id', -1, MOVED)} END`,
  `CREATE TRIGGER ci_attr_update_after AFTER UPDATE OF bed_id, effective_on, category, nursing, reserve ON bed_attributes
   BEGIN ${BED_PART('OLD.bed_id', 1)} ${BED_PART('NEW.bed_id', 1, MOVED)} ${BUMP('NEW.effective_on')} END`,
  `CREATE TRIGGER ci_attr_delete_before BEFORE DELETE ON bed_attributes BEGIN ${BED_PART('OLD.bed_id', -1)} END`,
  `CREATE TRIGGER ci_attr_delete_after AFTER DELETE ON bed_attributes BEGIN ${BED_PART('OLD.bed_id', 1)} END`,

  // Stays: opened or closed, moved to another bed, either end moved. Inserts and deletes keep 0007's.
  `CREATE TRIGGER ci_stays_update AFTER UPDATE OF bed_id, end_on ON stays
   WHEN OLD.bed_id IS NOT NEW.bed_id OR (OLD.end_on IS NULL) <> (NEW.end_on IS NULL)
   BEGIN ${STAY_PART('OLD.bed_id', '-(OLD.end_on IS NULL)')} ${STAY_PART('NEW.bed_id', '(NEW.end_on IS NULL)')} END`,
  `CREATE TRIGGER ci_stays_dates AFTER UPDATE OF start_on, end_on ON stays BEGIN ${BUMP('NEW.start_on')} ${BUMP('NEW.end_on')} END`,

  // Facility status: one source of truth, the dated history. facilities.status mirrors its latest entry;
  // a write of the column that disagrees with the history is refused.
  `CREATE TRIGGER ci_status_insert AFTER INSERT ON facility_status_history BEGIN ${MIRROR_STATUS('NEW.facility_id')} ${BUMP('NEW.effective_on')} END`,
  `CREATE TRIGGER ci_status_update AFTER UPDATE ON facility_status_history BEGIN
     ${MIRROR_STATUS('OLD.facility_id')} ${MIRROR_STATUS('NEW.facility_id')} ${BUMP('NEW.effective_on')} END`,
  `CREATE TRIGGER ci_status_delete AFTER DELETE ON facility_status_history BEGIN ${MIRROR_STATUS('OLD.facility_id')} END`,
  `CREATE TRIGGER ci_facility_status BEFORE UPDATE OF status ON facilities
   WHEN NEW.status IS NOT OLD.status AND ${LATEST_STATUS('NEW.id')} IS NOT NULL AND NEW.status IS NOT ${LATEST_STATUS('NEW.id')}
   BEGIN SELECT RAISE(ABORT, 'FACILITY_STATUS_DERIVED: 机构的运营状态由状态记录决定，请登记状态变更'); END`,
  // A facility deleted (its rows elsewhere gone first, or left behind by a program with foreign keys
  // off): its own tallies and its beds' leave the district, and its bed counters go with it.
  `CREATE TRIGGER fc_facility_delete AFTER DELETE ON facilities BEGIN
     INSERT INTO district_facility_counters (district_code, kind, status, medical_service, facilities, approved, without_approved)
     VALUES (substr(OLD.area_code, 1, 6), OLD.kind, OLD.status, OLD.medical_service, -1,
             -coalesce(OLD.approved_beds, 0), -(OLD.approved_beds IS NULL))
     ON CONFLICT (district_code, kind, status, medical_service) DO UPDATE SET
       facilities = facilities + excluded.facilities, approved = approved + excluded.approved,
       without_approved = without_approved + excluded.without_approved;
     INSERT INTO district_bed_counters (district_code, kind, status, category, beds, nursing, reserve, occupied)
       SELECT substr(OLD.area_code, 1, 6), OLD.kind, OLD.status, c.category, -c.beds, -c.nursing, -c.reserve, -c.occupied
       FROM facility_bed_counters c WHERE c.facility_id = OLD.id
       ON CONFLICT (district_code, kind, status, category) DO UPDATE SET beds = beds + excluded.beds,
         nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied;
     DELETE FROM facility_bed_counters WHERE facility_id = OLD.id;
   END`,

  // 0011's stamps: nothing reads them but the area change, now a dated stamp for district '*'.
  ...['facilities', 'facility_status_history', 'beds', 'bed_attributes', 'stays', 'family_care_beds', 'star_ratings', 'population', 'areas'].flatMap(
    (t) => ['insert', 'update', 'delete'].map((w) => `DROP TRIGGER v_${t}_${w}`),
  ),
  `DROP TABLE district_versions`,
  ...['INSERT', 'UPDATE', 'DELETE'].map(
    (w) => `CREATE TRIGGER dv_areas_${w.toLowerCase()} AFTER ${w} ON areas BEGIN
       UPDATE counters_meta SET seq = seq + 1 WHERE id = 1;
       INSERT INTO district_dated_versions (district_code, from_month, seq) VALUES ('*', '0000-00', (SELECT seq FROM counters_meta WHERE id = 1))
         ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq;
     END`,
  ),
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`INSERT INTO district_dated_versions (district_code, from_month, seq)
      SELECT '*', '0000-00', seq FROM district_versions WHERE district_code = '*'`).execute(db);
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  // Whatever the old triggers missed is put right: the status mirror, every counter and max_event_on are
  // recomputed from the base tables, and dates stored under the old triggers are counted again.
  await sql.raw(`UPDATE facilities SET status = ${LATEST_STATUS('facilities.id')}
      WHERE ${LATEST_STATUS('facilities.id')} IS NOT NULL AND status IS NOT ${LATEST_STATUS('facilities.id')}`).execute(db);
  await sql.raw(`DELETE FROM district_facility_counters`).execute(db);
  await sql.raw(`INSERT INTO district_facility_counters (district_code, kind, status, medical_service, facilities, approved, without_approved)
      SELECT substr(area_code, 1, 6), kind, status, medical_service, count(*), coalesce(sum(approved_beds), 0), sum(approved_beds IS NULL)
      FROM facilities GROUP BY 1, 2, 3, 4`).execute(db);
  await rebuildBedCounters(db);
  await sql.raw(`UPDATE counters_meta SET max_event_on = coalesce((SELECT max(d) FROM (
      SELECT max(opened_on) AS d FROM beds UNION ALL SELECT max(retired_on) FROM beds
      UNION ALL SELECT max(effective_on) FROM bed_attributes UNION ALL SELECT max(start_on) FROM stays
      UNION ALL SELECT max(end_on) FROM stays UNION ALL SELECT max(effective_on) FROM facility_status_history)), '0000-00-00') WHERE id = 1`).execute(db);
  await sql.raw(`DELETE FROM tally_checkpoints`).execute(db);
}
