import { sql, type Kysely } from 'kysely';

// A stay counts where its bed is: the occupancy tallies join the stay's bed and the bed's facility, while
// the dated stamps of migration 0014 name the district of the stay's own facility_id. The two agree until
// a bed moves to a facility of another district (another program, or an exchange package that moves it):
// a stay of that bed corrected afterwards then changed the tallies of the bed's district without stamping
// it, and a past date kept in memory or stored stayed wrong there (found by the counting property test).
// So a write of a stay whose bed lies in another district than the stay's facility also stamps the bed's
// district, from the same month 0014 stamps. The WHEN clause keeps the usual case (they agree) to two
// index lookups. See docs/derived-data.md. Frozen once released: change it with a new migration.

const month = (date: string) => `substr(${date}, 1, 7)`;
const earlier = (a: string, b: string) => `min(coalesce(${a}, '9999-12-31'), coalesce(${b}, '9999-12-31'))`;
const FACILITY_DISTRICT = (facility: string) => `(SELECT substr(area_code, 1, 6) FROM facilities WHERE id = ${facility})`;
const BED_DISTRICT = (bed: string) =>
  `(SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = ${bed})`;
const ELSEWHERE = (row: 'NEW' | 'OLD') => `${BED_DISTRICT(`${row}.bed_id`)} IS NOT ${FACILITY_DISTRICT(`${row}.facility_id`)}`;

// As 0014: each stamp bumps the change sequence itself and records the value after its own bump.
const STAMP = (district: string, fromMonth: string) => `
  UPDATE counters_meta SET seq = seq + 1 WHERE id = 1;
  INSERT INTO district_dated_versions (district_code, from_month, seq)
    SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT ${district} AS d, ${fromMonth} AS m)
    WHERE d IS NOT NULL AND m < '9999'
    ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq;`;

const UPDATE_REACH = month(`CASE WHEN OLD.bed_id IS NOT NEW.bed_id OR OLD.facility_id IS NOT NEW.facility_id OR OLD.start_on IS NOT NEW.start_on
  THEN ${earlier('OLD.start_on', 'NEW.start_on')} ELSE ${earlier('OLD.end_on', 'NEW.end_on')} END`);

const STATEMENTS = [
  `CREATE TRIGGER dv_stays_bed_insert AFTER INSERT ON stays WHEN ${ELSEWHERE('NEW')} BEGIN
     ${STAMP(BED_DISTRICT('NEW.bed_id'), month('NEW.start_on'))}
   END`,
  `CREATE TRIGGER dv_stays_bed_update AFTER UPDATE ON stays WHEN ${ELSEWHERE('OLD')} OR ${ELSEWHERE('NEW')} BEGIN
     ${STAMP(BED_DISTRICT('OLD.bed_id'), UPDATE_REACH)}
     ${STAMP(BED_DISTRICT('NEW.bed_id'), UPDATE_REACH)}
   END`,
  `CREATE TRIGGER dv_stays_bed_delete AFTER DELETE ON stays WHEN ${ELSEWHERE('OLD')} BEGIN
     ${STAMP(BED_DISTRICT('OLD.bed_id'), month('OLD.start_on'))}
   END`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  // Dates stored while such stamps were missing may be wrong where beds had moved: counted again.
  await sql.raw(`DELETE FROM tally_checkpoints WHERE EXISTS (SELECT 1 FROM stays s JOIN beds b ON b.id = s.bed_id WHERE b.facility_id <> s.facility_id)`).execute(db);
}
