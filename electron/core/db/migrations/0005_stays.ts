import { sql, type Kysely } from 'kysely';

// Institutional stays. An admission (入住, one episode from admission to discharge) is split into
// stay segments, one per bed: a transfer (调床) closes one segment and opens the next on the same day,
// so each bed's history and its occupancy on any date are exact. Periods are half-open [start, end):
// on the transfer or discharge day the elder is already in the new bed, or gone.
// Leaves (请假) are dated periods of an admission during which its bed stays held (请假保留).
//
// The invariants the peer systems broke (double-booked beds, beds left assigned after discharge) are
// enforced by the database itself, not only by the services: partial unique indexes allow one open
// segment per bed and per elder and one open admission per elder, and triggers refuse any segment,
// admission or leave whose period overlaps another of the same bed or elder, back-dated ones included.
// Frozen once released: change the schema with a new migration.

const ISO_DATE = (col: string) => `(${col} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(${col}) = ${col})`;
// Two half-open periods [s1, e1) and [s2, e2) overlap when each starts before the other ends (NULL = open).
const OVERLAPS = (a: string, b: string) =>
  `(${b}.start_on < coalesce(${a}.end_on, '9999-12-31') AND ${a}.start_on < coalesce(${b}.end_on, '9999-12-31'))`;

const STATEMENTS = [
  `CREATE TABLE admissions (
     id TEXT PRIMARY KEY,
     elder_id TEXT NOT NULL REFERENCES elders(id),
     facility_id TEXT NOT NULL REFERENCES facilities(id),
     start_on TEXT NOT NULL CHECK ${ISO_DATE('start_on')},
     end_on TEXT CHECK (end_on IS NULL OR (${ISO_DATE('end_on')} AND end_on > start_on)),
     discharge_reason TEXT CHECK (discharge_reason IS NULL OR discharge_reason IN ('voluntary', 'transfer_out', 'death', 'other')),
     discharge_note TEXT,
     fee_class TEXT NOT NULL CHECK (fee_class IN ('free', 'low', 'standard')),
     application_id TEXT UNIQUE REFERENCES waiting_applications(id),
     created_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL,
     CHECK ((end_on IS NULL) = (discharge_reason IS NULL))
   ) STRICT`,
  `CREATE UNIQUE INDEX admissions_one_open_per_elder ON admissions(elder_id) WHERE end_on IS NULL`,
  `CREATE INDEX admissions_elder ON admissions(elder_id, start_on, end_on)`,
  `CREATE INDEX admissions_facility ON admissions(facility_id, start_on, end_on)`,
  `CREATE TABLE stays (
     id TEXT PRIMARY KEY,
     admission_id TEXT NOT NULL REFERENCES admissions(id),
     elder_id TEXT NOT NULL REFERENCES elders(id),
     facility_id TEXT NOT NULL REFERENCES facilities(id),
     bed_id TEXT NOT NULL REFERENCES beds(id),
     start_on TEXT NOT NULL CHECK ${ISO_DATE('start_on')},
     end_on TEXT CHECK (end_on IS NULL OR (${ISO_DATE('end_on')} AND end_on > start_on)),
     end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN ('transfer', 'discharge')),
     transfer_reason TEXT,
     created_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL,
     CHECK ((end_on IS NULL) = (end_reason IS NULL))
   ) STRICT`,
  `CREATE UNIQUE INDEX stays_one_open_per_bed ON stays(bed_id) WHERE end_on IS NULL`,
  `CREATE UNIQUE INDEX stays_one_open_per_elder ON stays(elder_id) WHERE end_on IS NULL`,
  // Fit the as-of predicates: bed_id = ? AND start_on <= D AND (end_on IS NULL OR end_on > D).
  `CREATE INDEX stays_bed ON stays(bed_id, start_on, end_on)`,
  `CREATE INDEX stays_elder ON stays(elder_id, start_on, end_on)`,
  `CREATE INDEX stays_admission ON stays(admission_id, start_on)`,
  `CREATE INDEX stays_facility ON stays(facility_id, start_on, end_on)`,
  `CREATE TABLE stay_leaves (
     id TEXT PRIMARY KEY,
     admission_id TEXT NOT NULL REFERENCES admissions(id),
     start_on TEXT NOT NULL CHECK ${ISO_DATE('start_on')},
     end_on TEXT CHECK (end_on IS NULL OR (${ISO_DATE('end_on')} AND end_on > start_on)),
     reason TEXT NOT NULL CHECK (length(reason) > 0),
     created_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL
   ) STRICT`,
  `CREATE UNIQUE INDEX stay_leaves_one_open ON stay_leaves(admission_id) WHERE end_on IS NULL`,
  `CREATE INDEX stay_leaves_admission ON stay_leaves(admission_id, start_on, end_on)`,

  // The backstop under the services' friendlier checks: no two segments of one bed or one elder, no two
  // admissions of one elder and no two leaves of one admission may overlap, whatever writes the row.
  ...(['INSERT', 'UPDATE'] as const).flatMap((op) => [
    `CREATE TRIGGER stays_no_overlap_${op.toLowerCase()} BEFORE ${op} ON stays
     BEGIN
       SELECT RAISE(ABORT, 'BED_OCCUPIED: stay overlaps another stay of the same bed')
       WHERE EXISTS (SELECT 1 FROM stays o WHERE o.bed_id = NEW.bed_id AND o.id <> NEW.id AND ${OVERLAPS('o', 'NEW')});
       SELECT RAISE(ABORT, 'STAY_CONFLICT: stay overlaps another stay of the same elder')
       WHERE EXISTS (SELECT 1 FROM stays o WHERE o.elder_id = NEW.elder_id AND o.id <> NEW.id AND ${OVERLAPS('o', 'NEW')});
     END`,
    `CREATE TRIGGER admissions_no_overlap_${op.toLowerCase()} BEFORE ${op} ON admissions
     BEGIN
       SELECT RAISE(ABORT, 'STAY_CONFLICT: admission overlaps another admission of the same elder')
       WHERE EXISTS (SELECT 1 FROM admissions o WHERE o.elder_id = NEW.elder_id AND o.id <> NEW.id AND ${OVERLAPS('o', 'NEW')});
     END`,
    `CREATE TRIGGER stay_leaves_no_overlap_${op.toLowerCase()} BEFORE ${op} ON stay_leaves
     BEGIN
       SELECT RAISE(ABORT, 'STAY_CONFLICT: leave overlaps another leave of the same admission')
       WHERE EXISTS (SELECT 1 FROM stay_leaves o WHERE o.admission_id = NEW.admission_id AND o.id <> NEW.id AND ${OVERLAPS('o', 'NEW')});
     END`,
  ]),
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
