import { sql, type Kysely } from 'kysely';

// Declared bed figures (申报床位): a facility's own figures as of a date (from the form or a monthly
// report), counted on a date D for a facility with no itemised bed open on D, by its latest declaration not
// after D (counting/tallies.ts, declaredTallies). The counts are always recounted, so no counter keeps them;
// the stamps below make stored dates and memos stale like any other tally's writes (docs/derived-data.md,
// invariant 3): a declaration changes its district's tallies from its date's month on, a moved one from
// the earlier of its two dates, in its old and its new facility's district. The switch between declared and
// itemised is stamped already: it happens when a bed opens, retires or gets its first attribute version,
// and those writes stamp from their dates (migration 0014).
// Frozen once released: change it with a new migration.

const ISO = (c: string) => `(${c} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(${c}) = ${c})`;
const COUNT = (c: string) => `${c} INTEGER CHECK (${c} IS NULL OR (${c} >= 0 AND ${c} <= 100000))`;

const STAMP = (district: string, fromMonth: string) => `
  UPDATE counters_meta SET seq = seq + 1 WHERE id = 1;
  INSERT INTO district_dated_versions (district_code, from_month, seq)
    SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT ${district} AS d, ${fromMonth} AS m)
    WHERE d IS NOT NULL AND m < '9999'
    ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq;`;
const DISTRICT = (facility: string) => `(SELECT substr(area_code, 1, 6) FROM facilities WHERE id = ${facility})`;
const MONTH = (date: string) => `substr(${date}, 1, 7)`;

const STATEMENTS = [
  `CREATE TABLE facility_declarations (
     id TEXT PRIMARY KEY,
     facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
     declared_on TEXT NOT NULL CHECK ${ISO('declared_on')},
     total_beds INTEGER NOT NULL CHECK (total_beds >= 0 AND total_beds <= 100000),
     ${COUNT('nursing_beds')},
     ${COUNT('reserve_beds')},
     ${COUNT('short_term_beds')},
     ${COUNT('residents')},
     source TEXT NOT NULL CHECK (source IN ('form', 'import')),
     created_at TEXT NOT NULL,
     CHECK (coalesce(nursing_beds, 0) <= total_beds AND coalesce(reserve_beds, 0) <= total_beds AND coalesce(short_term_beds, 0) <= total_beds),
     UNIQUE (facility_id, declared_on)
   ) STRICT`,
  `CREATE TRIGGER dv_facility_declarations_insert AFTER INSERT ON facility_declarations BEGIN ${STAMP(DISTRICT('NEW.facility_id'), MONTH('NEW.declared_on'))} END`,
  `CREATE TRIGGER dv_facility_declarations_update AFTER UPDATE ON facility_declarations BEGIN
     ${STAMP(DISTRICT('OLD.facility_id'), MONTH('min(OLD.declared_on, NEW.declared_on)'))}
     ${STAMP(DISTRICT('NEW.facility_id'), MONTH('min(OLD.declared_on, NEW.declared_on)'))} END`,
  `CREATE TRIGGER dv_facility_declarations_delete AFTER DELETE ON facility_declarations BEGIN ${STAMP(DISTRICT('OLD.facility_id'), MONTH('OLD.declared_on'))} END`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
