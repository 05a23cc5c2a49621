import { sql, type Kysely } from 'kysely';

// Per-district change versions, so the indicator report can keep each district's computed row in
// memory and redo only the districts written since (features/indicators/memo.ts). Recomputing all
// 2,850 districts of a national dataset costs about a second; one district costs milliseconds.
//
// Every write to a table the indicators read bumps a global sequence and stamps the district it
// belongs to with it, in the same transaction, whatever writes it (services, imports, another
// connection such as the CLI). A reader remembers the sequence it computed at and asks which districts
// carry a later stamp. Triggers sit on the base tables rather than on the counters because back-dated
// history (an earlier bed attribute, a closed stay, a past status) changes past dates without
// touching the current counters. '*' stands for "everything" (areas renamed, added or removed).
// Frozen once released: change it with a new migration.

const BUMP = (district: string) => `
  UPDATE counters_meta SET seq = seq + 1 WHERE id = 1;
  INSERT INTO district_versions (district_code, seq)
    SELECT d, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT ${district} AS d) WHERE d IS NOT NULL
    ON CONFLICT (district_code) DO UPDATE SET seq = excluded.seq;`;

/** The district of a facility id, and of the home districts of the family care beds it provides. */
const FACILITY_DISTRICT = (facility: string) => `(SELECT substr(area_code, 1, 6) FROM facilities WHERE id = ${facility})`;
const BED_DISTRICT = (bed: string) =>
  `(SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = ${bed})`;
const PROVIDED_FAMILY_BEDS = (facility: string) => `
  INSERT INTO district_versions (district_code, seq)
    SELECT DISTINCT substr(area_code, 1, 6), (SELECT seq FROM counters_meta WHERE id = 1)
    FROM family_care_beds WHERE provider_facility_id = ${facility}
    ON CONFLICT (district_code) DO UPDATE SET seq = excluded.seq;`;

/** AFTER INSERT, UPDATE and DELETE triggers on `table`, bumping the district `of` NEW/OLD gives. */
function onWrite(table: string, of: (row: 'NEW' | 'OLD') => string, extra: (row: 'NEW' | 'OLD') => string = () => ''): string[] {
  return [
    `CREATE TRIGGER v_${table}_insert AFTER INSERT ON ${table} BEGIN ${BUMP(of('NEW'))} ${extra('NEW')} END`,
    `CREATE TRIGGER v_${table}_update AFTER UPDATE ON ${table} BEGIN ${BUMP(of('OLD'))} ${BUMP(of('NEW'))} ${extra('NEW')} END`,
    `CREATE TRIGGER v_${table}_delete AFTER DELETE ON ${table} BEGIN ${BUMP(of('OLD'))} ${extra('OLD')} END`,
  ];
}

const STATEMENTS = [
  `ALTER TABLE counters_meta ADD COLUMN seq INTEGER NOT NULL DEFAULT 0`,
  `CREATE TABLE district_versions (district_code TEXT PRIMARY KEY, seq INTEGER NOT NULL) STRICT, WITHOUT ROWID`,
  `CREATE INDEX district_versions_seq ON district_versions(seq)`,
  ...onWrite('facilities', (r) => `substr(${r}.area_code, 1, 6)`, (r) => PROVIDED_FAMILY_BEDS(`${r}.id`)),
  ...onWrite('facility_status_history', (r) => FACILITY_DISTRICT(`${r}.facility_id`), (r) => PROVIDED_FAMILY_BEDS(`${r}.facility_id`)),
  ...onWrite('beds', (r) => FACILITY_DISTRICT(`${r}.facility_id`)),
  ...onWrite('bed_attributes', (r) => BED_DISTRICT(`${r}.bed_id`)),
  ...onWrite('stays', (r) => FACILITY_DISTRICT(`${r}.facility_id`)),
  ...onWrite('family_care_beds', (r) => `substr(${r}.area_code, 1, 6)`),
  ...onWrite('star_ratings', (r) => FACILITY_DISTRICT(`${r}.facility_id`)),
  ...onWrite('population', (r) => `substr(${r}.area_code, 1, 6)`),
  ...onWrite('areas', () => `'*'`),
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
