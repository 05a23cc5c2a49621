import { sql, type Kysely } from 'kysely';

// Indexes for the data-quality audit, so it stays quick on millions of rows. The ID-number check is a
// generated column (computed, never stored) with an index, so finding the (rare) elders whose number
// fails GB 11643 reads only those rows. Frozen once released: change it with a new migration (0017 replaced
// this form of the check with a cheaper one).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const SUM = WEIGHTS.map((w, i) => `CAST(substr(id_number, ${i + 1}, 1) AS INTEGER) * ${w}`).join(' + ');
const ID_CHECK_MISMATCH = `substr(id_number, 18, 1) <> CASE (12 - ((${SUM}) % 11)) % 11 WHEN 10 THEN 'X' ELSE CAST((12 - ((${SUM}) % 11)) % 11 AS TEXT) END`;
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`ALTER TABLE elders ADD COLUMN id_check_bad INTEGER GENERATED ALWAYS AS (${ID_CHECK_MISMATCH}) VIRTUAL`).execute(db);
  await sql.raw(`CREATE INDEX elders_bad_id_number ON elders(id_check_bad, hukou_area_code)`).execute(db);
  await sql.raw(`CREATE INDEX beds_retired ON beds(retired_on) WHERE retired_on IS NOT NULL`).execute(db);
}
