import { sql, type Kysely } from 'kysely';

// Per-district stamps for the writes that change only the data-quality audit's messages, so the audit can
// be kept per district and redone only for the districts written since (features/quality/service.ts).
// Every other write the audit reads is stamped per district already (migration 0014). These three were
// not (migration 0012 bumped the change sequence with no district): an elder's name or ID number, which
// the messages about the elder's stays quote, and a room's number. They now stamp the districts of the
// facilities concerned: for an elder, those of every stay of theirs; for a room, its facility's. Elders
// without stays appear in no per-district message (their ID check is redone on every audit).
//
// As in 0014, each trigger bumps the sequence itself and stamps the value after its own bump.
// Frozen once released: change it with a new migration.

const STAMP = (districts: string) => `
  UPDATE counters_meta SET seq = seq + 1 WHERE id = 1;
  INSERT INTO audit_versions (district_code, seq)
    SELECT DISTINCT d, (SELECT seq FROM counters_meta WHERE id = 1) FROM (${districts}) WHERE d IS NOT NULL
    ON CONFLICT (district_code) DO UPDATE SET seq = excluded.seq;`;

const ELDER_STAY_DISTRICTS = (elder: string) =>
  `SELECT f.district_code AS d FROM stays s JOIN facilities f ON f.id = s.facility_id WHERE s.elder_id = ${elder}`;
const ROOM_DISTRICT = (room: string) =>
  `SELECT f.district_code AS d FROM rooms r JOIN buildings b ON b.id = r.building_id JOIN facilities f ON f.id = b.facility_id WHERE r.id = ${room}`;

const STATEMENTS = [
  `CREATE TABLE audit_versions (district_code TEXT PRIMARY KEY, seq INTEGER NOT NULL) STRICT, WITHOUT ROWID`,
  `CREATE INDEX audit_versions_seq ON audit_versions(seq)`,
  `DROP TRIGGER v_elders_update`,
  `DROP TRIGGER v_elders_delete`,
  `DROP TRIGGER v_rooms_update`,
  `CREATE TRIGGER av_elders_update AFTER UPDATE OF name, id_number, hukou_area_code ON elders BEGIN ${STAMP(ELDER_STAY_DISTRICTS('NEW.id'))} END`,
  `CREATE TRIGGER av_elders_delete AFTER DELETE ON elders BEGIN ${STAMP(ELDER_STAY_DISTRICTS('OLD.id'))} END`,
  `CREATE TRIGGER av_rooms_update AFTER UPDATE OF number ON rooms BEGIN ${STAMP(ROOM_DISTRICT('NEW.id'))} END`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
