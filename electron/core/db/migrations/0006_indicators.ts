import { sql, type Kysely } from 'kysely';
import { SEED_TARGETS } from '../../../../shared/domain/targets';

// Plan targets (规划目标) that indicators are judged against. Seeded from the five Beijing planning
// documents with stable ids (so a user's edit is never duplicated by a later seed); users edit, add and
// delete them, and every change is audited. Frozen once released: change it with a new migration.

const STATEMENTS = [
  `CREATE TABLE targets (
     id TEXT PRIMARY KEY,
     area_code TEXT NOT NULL CHECK (length(area_code) IN (6, 9) AND area_code NOT GLOB '*[^0-9]*'),
     metric_id TEXT NOT NULL CHECK (length(metric_id) > 0),
     year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
     comparator TEXT NOT NULL CHECK (comparator IN ('>=', '<=', '=')),
     value REAL NOT NULL,
     baseline_value REAL,
     baseline_year INTEGER CHECK (baseline_year IS NULL OR baseline_year BETWEEN 1990 AND 2100),
     attribute TEXT NOT NULL CHECK (attribute IN ('expected', 'binding', 'unspecified')),
     source TEXT NOT NULL CHECK (length(source) > 0),
     note TEXT,
     seeded INTEGER NOT NULL CHECK (seeded IN (0, 1)),
     created_by TEXT,
     updated_at TEXT,
     CHECK ((baseline_value IS NULL) = (baseline_year IS NULL))
   ) STRICT`,
  `CREATE INDEX targets_area ON targets(area_code, metric_id, year)`,
  // "Latest status on or before D" per facility: every as-of tally seeks it once per facility.
  `CREATE INDEX facility_status_asof ON facility_status_history(facility_id, effective_on DESC, status)`,
  // Per-bed version lookup "latest attributes effective on or before D", covering the columns counted.
  `CREATE INDEX bed_attributes_asof ON bed_attributes(bed_id, effective_on DESC, category, nursing, reserve, zone)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  for (const t of SEED_TARGETS) {
    await sql`INSERT INTO targets (id, area_code, metric_id, year, comparator, value, baseline_value, baseline_year,
                attribute, source, note, seeded, created_by, updated_at)
              VALUES (${t.id}, ${t.areaCode}, ${t.metricId}, ${t.year}, ${t.comparator}, ${t.value},
                ${t.baseline?.value ?? null}, ${t.baseline?.year ?? null}, ${t.attribute}, ${t.source}, ${t.note}, 1, NULL, NULL)`.execute(db);
  }
}
