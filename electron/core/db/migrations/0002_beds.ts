import { sql, type Kysely } from 'kysely';

// Buildings → rooms → beds of a facility, with dated history: a bed's attributes live in
// bed_attributes (one row per change, effective from a date) and its out-of-service periods in
// bed_outages, so any count can be taken as of a past date and comes out as it was then.
// Frozen once released: change the schema with a new migration.

const ISO_DATE = (col: string) => `(${col} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(${col}) = ${col})`;

const STATEMENTS = [
  `CREATE TABLE buildings (
     id TEXT PRIMARY KEY,
     facility_id TEXT NOT NULL REFERENCES facilities(id),
     name TEXT NOT NULL CHECK (length(name) > 0),
     created_at TEXT NOT NULL,
     UNIQUE (facility_id, name)
   ) STRICT`,
  `CREATE TABLE rooms (
     id TEXT PRIMARY KEY,
     building_id TEXT NOT NULL REFERENCES buildings(id),
     floor INTEGER NOT NULL CHECK (floor BETWEEN -5 AND 100),
     number TEXT NOT NULL CHECK (length(number) > 0),
     capacity INTEGER CHECK (capacity IS NULL OR capacity >= 1),
     sex_restriction TEXT CHECK (sex_restriction IS NULL OR sex_restriction IN ('M', 'F')),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     UNIQUE (building_id, number)
   ) STRICT`,
  // facility_id is denormalised from room → building so that counting a facility's or an area's beds
  // never has to join through rooms and buildings.
  `CREATE TABLE beds (
     id TEXT PRIMARY KEY,
     room_id TEXT NOT NULL REFERENCES rooms(id),
     facility_id TEXT NOT NULL REFERENCES facilities(id),
     number TEXT NOT NULL CHECK (length(number) > 0),
     opened_on TEXT NOT NULL CHECK ${ISO_DATE('opened_on')},
     retired_on TEXT CHECK (retired_on IS NULL OR (${ISO_DATE('retired_on')} AND retired_on > opened_on)),
     retire_reason TEXT CHECK ((retired_on IS NULL) = (retire_reason IS NULL)),
     created_at TEXT NOT NULL
   ) STRICT`,
  // A number is unique among the room's beds that are still in use; a retired bed's number may be
  // given to a replacement later (the service refuses overlapping lifetimes of the same number).
  `CREATE UNIQUE INDEX beds_room_number_current ON beds(room_id, number) WHERE retired_on IS NULL`,
  `CREATE INDEX beds_room ON beds(room_id, number, opened_on)`,
  // Fits the as-of predicate: facility_id = ? AND opened_on <= D AND (retired_on IS NULL OR retired_on > D).
  `CREATE INDEX beds_facility_asof ON beds(facility_id, opened_on, retired_on)`,
  `CREATE TABLE bed_attributes (
     id TEXT PRIMARY KEY,
     bed_id TEXT NOT NULL REFERENCES beds(id),
     effective_on TEXT NOT NULL CHECK ${ISO_DATE('effective_on')},
     category TEXT NOT NULL CHECK (category IN ('long_term', 'short_term')),
     nursing INTEGER NOT NULL CHECK (nursing IN (0, 1)),
     zone TEXT NOT NULL CHECK (zone IN ('general', 'dementia', 'intellectual', 'mental')),
     reserve INTEGER NOT NULL CHECK (reserve IN (0, 1)),
     reason TEXT,
     recorded_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL,
     UNIQUE (bed_id, effective_on)
   ) STRICT`,
  // The UNIQUE (bed_id, effective_on) index answers "latest row with effective_on <= D" per bed.
  `CREATE TABLE bed_outages (
     id TEXT PRIMARY KEY,
     bed_id TEXT NOT NULL REFERENCES beds(id),
     start_on TEXT NOT NULL CHECK ${ISO_DATE('start_on')},
     end_on TEXT CHECK (end_on IS NULL OR (${ISO_DATE('end_on')} AND end_on > start_on)),
     reason TEXT NOT NULL CHECK (length(reason) > 0),
     recorded_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL
   ) STRICT`,
  `CREATE INDEX bed_outages_bed ON bed_outages(bed_id, start_on, end_on)`,
  `CREATE UNIQUE INDEX bed_outages_one_open ON bed_outages(bed_id) WHERE end_on IS NULL`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
