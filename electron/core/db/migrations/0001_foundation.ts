import { sql, type Kysely } from 'kysely';
import { BEIJING_CODE, BEIJING_DISTRICTS_2020 } from '../seed/beijingDistricts';

// Migrations are frozen once released: never edit one, add a new one. They are plain SQL so the
// schema (CHECK constraints, partial indexes, generated columns) reads exactly as SQLite stores it.

const STATEMENTS = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     created_at TEXT NOT NULL
   ) STRICT`,
  `CREATE TABLE areas (
     code TEXT PRIMARY KEY CHECK (length(code) IN (6, 9, 12) AND code NOT GLOB '*[^0-9]*'),
     name TEXT NOT NULL CHECK (length(name) > 0),
     level TEXT NOT NULL CHECK (level IN ('city', 'district', 'street', 'community')),
     parent_code TEXT REFERENCES areas(code),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT`,
  `CREATE INDEX areas_parent ON areas(parent_code)`,
  `CREATE TABLE population (
     id TEXT PRIMARY KEY,
     area_code TEXT NOT NULL REFERENCES areas(code),
     year INTEGER NOT NULL CHECK (year BETWEEN 1949 AND 2100),
     resident INTEGER CHECK (resident >= 0),
     registered INTEGER CHECK (registered >= 0),
     resident_60 INTEGER CHECK (resident_60 >= 0),
     registered_60 INTEGER CHECK (registered_60 >= 0),
     resident_65 INTEGER CHECK (resident_65 >= 0),
     resident_80 INTEGER CHECK (resident_80 >= 0),
     source TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     UNIQUE (area_code, year)
   ) STRICT`,
  `CREATE TABLE facilities (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
     kind TEXT NOT NULL CHECK (kind IN ('institution', 'care_center', 'guidance_center', 'community_station', 'rural_station', 'mutual_aid_point')),
     subtype TEXT CHECK (subtype IS NULL OR (subtype IN ('nursing_home', 'welfare_center') AND kind = 'institution')),
     ownership TEXT NOT NULL CHECK (ownership IN ('public', 'public_private', 'private')),
     status TEXT NOT NULL CHECK (status IN ('preparing', 'operating', 'suspended', 'closed')),
     area_code TEXT NOT NULL REFERENCES areas(code),
     district_code TEXT GENERATED ALWAYS AS (substr(area_code, 1, 6)) VIRTUAL,
     credit_code TEXT UNIQUE,
     filing_no TEXT,
     approved_beds INTEGER CHECK (approved_beds >= 0),
     medical_service TEXT NOT NULL CHECK (medical_service IN ('onsite', 'contracted', 'none')),
     opened_on TEXT,
     address TEXT,
     parent_id TEXT REFERENCES facilities(id),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT`,
  `CREATE INDEX facilities_district ON facilities(district_code, kind, status)`,
  `CREATE INDEX facilities_area ON facilities(area_code)`,
  `CREATE INDEX facilities_parent ON facilities(parent_id)`,
  `CREATE TABLE facility_status_history (
     id TEXT PRIMARY KEY,
     facility_id TEXT NOT NULL REFERENCES facilities(id),
     status TEXT NOT NULL CHECK (status IN ('preparing', 'operating', 'suspended', 'closed')),
     effective_on TEXT NOT NULL,
     reason TEXT,
     recorded_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL,
     UNIQUE (facility_id, effective_on)
   ) STRICT`,
  `CREATE TABLE audit_log (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     at TEXT NOT NULL,
     actor_id TEXT NOT NULL,
     actor_name TEXT NOT NULL,
     action TEXT NOT NULL,
     entity TEXT NOT NULL,
     entity_id TEXT NOT NULL,
     summary TEXT,
     before_json TEXT,
     after_json TEXT
   )`,
  `CREATE INDEX audit_entity ON audit_log(entity, entity_id, seq)`,
  `CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value_json TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);

  const now = new Date().toISOString();
  await db.insertInto('users').values({ id: 'local', name: '本机用户', created_at: now }).execute();
  await db
    .insertInto('areas')
    .values({ code: BEIJING_CODE, name: '北京市', level: 'city', parent_code: null, created_at: now, updated_at: now })
    .execute();
  await db
    .insertInto('areas')
    .values(
      BEIJING_DISTRICTS_2020.map((d) => ({
        code: d.code,
        name: d.name,
        level: 'district',
        parent_code: BEIJING_CODE,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  await db
    .insertInto('population')
    .values(
      BEIJING_DISTRICTS_2020.map((d) => ({
        id: crypto.randomUUID(),
        area_code: d.code,
        year: 2020,
        resident: d.resident,
        registered: null,
        resident_60: null,
        registered_60: null,
        resident_65: null,
        resident_80: null,
        source: d.source,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}
