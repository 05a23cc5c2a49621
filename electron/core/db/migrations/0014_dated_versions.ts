import { sql, type Kysely } from 'kysely';

// Per-district change stamps that say from which month on a write changes the indicators, so that a
// past date stored on disk (features/indicators/checkpoints.ts) is recounted only when a write reaches
// back to it. With the stamps of migration 0011 alone, today's admission made its district stale on
// every stored date, and the background re-count redid 32 dates for every district written.
//
// A write changes the tallies from its earliest effective date E on: a stay from its start (or, when
// only its end moves, from the earlier of the two ends), a bed from its opening (or from the earlier
// retirement date), an attribute version or a status entry from its effective date. Other writes
// (facility edits, ratings, population, family care beds) are stamped '0000-00': every date. Stamps are kept per district and month (the
// largest sequence wins), so a stored date D is stale when its district has a stamp from a month not
// after D's month with a later sequence than the stored row's — at worst a few days too cautious.
//
// Each trigger bumps the change sequence itself and stamps the value after its own bump: triggers of
// one statement run in no promised order, and a stamp must never exceed the sequence a later reader
// sees (a row stored at that sequence would otherwise look stale for ever).
// Existing stamps are carried over as '0000-00', so rows stored before this migration stay correct.
// Frozen once released: change it with a new migration.

const EVERY_DATE = `'0000-00'`;
const month = (date: string) => `substr(${date}, 1, 7)`;
/** The earlier of two dates, a NULL standing for "never" (an open stay or bed). */
const earlier = (a: string, b: string) => `min(coalesce(${a}, '9999-12-31'), coalesce(${b}, '9999-12-31'))`;

const STAMP = (district: string, fromMonth: string) => `
  UPDATE counters_meta SET seq = seq + 1 WHERE id = 1;
  INSERT INTO district_dated_versions (district_code, from_month, seq)
    SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT ${district} AS d, ${fromMonth} AS m)
    WHERE d IS NOT NULL AND m < '9999'
    ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq;`;

const FACILITY_DISTRICT = (facility: string) => `(SELECT substr(area_code, 1, 6) FROM facilities WHERE id = ${facility})`;
const BED_DISTRICT = (bed: string) =>
  `(SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = ${bed})`;
/** The home districts of the family care beds a facility provides (their tallies carry its status). */
const PROVIDED_FAMILY_BEDS = (facility: string, fromMonth: string) => `
  INSERT INTO district_dated_versions (district_code, from_month, seq)
    SELECT DISTINCT substr(area_code, 1, 6), ${fromMonth}, (SELECT seq FROM counters_meta WHERE id = 1)
    FROM family_care_beds WHERE provider_facility_id = ${facility}
    ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq;`;

interface Reach {
  district: (row: 'NEW' | 'OLD') => string;
  /** From which month an inserted or deleted row changes the tallies. */
  row: (row: 'NEW' | 'OLD') => string;
  /** From which month an update changes them (for both the old and the new district). */
  update: string;
  extra?: (row: 'NEW' | 'OLD', fromMonth: string) => string;
}

function onWrite(table: string, r: Reach): string[] {
  const extra = r.extra ?? (() => '');
  return [
    `CREATE TRIGGER dv_${table}_insert AFTER INSERT ON ${table} BEGIN ${STAMP(r.district('NEW'), r.row('NEW'))} ${extra('NEW', r.row('NEW'))} END`,
    `CREATE TRIGGER dv_${table}_update AFTER UPDATE ON ${table} BEGIN ${STAMP(r.district('OLD'), r.update)} ${STAMP(r.district('NEW'), r.update)} ${extra('NEW', r.update)} END`,
    `CREATE TRIGGER dv_${table}_delete AFTER DELETE ON ${table} BEGIN ${STAMP(r.district('OLD'), r.row('OLD'))} ${extra('OLD', r.row('OLD'))} END`,
  ];
}

const STATEMENTS = [
  `CREATE TABLE district_dated_versions (
    district_code TEXT NOT NULL,
    from_month TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (district_code, from_month)
  ) STRICT, WITHOUT ROWID`,
  `CREATE INDEX district_dated_versions_seq ON district_dated_versions(seq)`,
  `INSERT INTO district_dated_versions (district_code, from_month, seq)
    SELECT district_code, ${EVERY_DATE}, seq FROM district_versions WHERE district_code <> '*'`,
  ...onWrite('facilities', {
    district: (r) => `substr(${r}.area_code, 1, 6)`,
    row: () => EVERY_DATE,
    update: EVERY_DATE,
    extra: (r, m) => PROVIDED_FAMILY_BEDS(`${r}.id`, m),
  }),
  ...onWrite('facility_status_history', {
    district: (r) => FACILITY_DISTRICT(`${r}.facility_id`),
    row: (r) => month(`${r}.effective_on`),
    update: month(earlier('OLD.effective_on', 'NEW.effective_on')),
    extra: (r, m) => PROVIDED_FAMILY_BEDS(`${r}.facility_id`, m),
  }),
  ...onWrite('beds', {
    district: (r) => FACILITY_DISTRICT(`${r}.facility_id`),
    row: (r) => month(`${r}.opened_on`),
    update: month(`CASE WHEN OLD.facility_id IS NOT NEW.facility_id OR OLD.opened_on IS NOT NEW.opened_on
      THEN ${earlier('OLD.opened_on', 'NEW.opened_on')} ELSE ${earlier('OLD.retired_on', 'NEW.retired_on')} END`),
  }),
  ...onWrite('bed_attributes', {
    district: (r) => BED_DISTRICT(`${r}.bed_id`),
    row: (r) => month(`${r}.effective_on`),
    update: month(earlier('OLD.effective_on', 'NEW.effective_on')),
  }),
  ...onWrite('stays', {
    district: (r) => FACILITY_DISTRICT(`${r}.facility_id`),
    row: (r) => month(`${r}.start_on`),
    update: month(`CASE WHEN OLD.bed_id IS NOT NEW.bed_id OR OLD.facility_id IS NOT NEW.facility_id OR OLD.start_on IS NOT NEW.start_on
      THEN ${earlier('OLD.start_on', 'NEW.start_on')} ELSE ${earlier('OLD.end_on', 'NEW.end_on')} END`),
  }),
  // Family care beds: every date. Their writes are few, and their reach is not exercised by the tests
  // that check the dated stamps against a recount (checkpoints.test.ts).
  ...onWrite('family_care_beds', { district: (r) => `substr(${r}.area_code, 1, 6)`, row: () => EVERY_DATE, update: EVERY_DATE }),
  ...onWrite('star_ratings', { district: (r) => FACILITY_DISTRICT(`${r}.facility_id`), row: () => EVERY_DATE, update: EVERY_DATE }),
  ...onWrite('population', { district: (r) => `substr(${r}.area_code, 1, 6)`, row: () => EVERY_DATE, update: EVERY_DATE }),
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
