import { sql, type Kysely } from 'kysely';

// Indicator tallies of past dates kept on disk (features/indicators/checkpoints.ts). A row is one
// district's raw counts as of a date, stamped with the change sequence it was computed at; the district's
// stamp in district_versions (migration 0011) says whether it is still true. `format` names the encoding
// and tally definitions of the code that wrote it, so rows written by an older definition are ignored.
// No triggers: a checkpoint is derived data, and writing one must not move the change sequence.
// Frozen once released: change it with a new migration.
const STATEMENTS = [
  `CREATE TABLE tally_checkpoints (
    as_of TEXT NOT NULL,
    district_code TEXT NOT NULL,
    format INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    counts TEXT NOT NULL,
    PRIMARY KEY (as_of, district_code)
  ) STRICT`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
