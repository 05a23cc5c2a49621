-- index areas_parent
CREATE INDEX areas_parent ON areas(parent_code);

-- index audit_entity
CREATE INDEX audit_entity ON audit_log(entity, entity_id, seq);

-- index facilities_area
CREATE INDEX facilities_area ON facilities(area_code);

-- index facilities_district
CREATE INDEX facilities_district ON facilities(district_code, kind, status);

-- index facilities_parent
CREATE INDEX facilities_parent ON facilities(parent_id);

-- table areas
CREATE TABLE areas ( code TEXT PRIMARY KEY CHECK (length(code) IN (6, 9, 12) AND code NOT GLOB '*[^0-9]*'), name TEXT NOT NULL CHECK (length(name) > 0), level TEXT NOT NULL CHECK (level IN ('city', 'district', 'street', 'community')), parent_code TEXT REFERENCES areas(code), created_at TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;

-- table audit_log
CREATE TABLE audit_log ( seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, summary TEXT, before_json TEXT, after_json TEXT );

-- table facilities
CREATE TABLE facilities ( id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE CHECK (length(name) > 0), kind TEXT NOT NULL CHECK (kind IN ('institution', 'care_center', 'guidance_center', 'community_station', 'rural_station', 'mutual_aid_point')), subtype TEXT CHECK (subtype IS NULL OR (subtype IN ('nursing_home', 'welfare_center') AND kind = 'institution')), ownership TEXT NOT NULL CHECK (ownership IN ('public', 'public_private', 'private')), status TEXT NOT NULL CHECK (status IN ('preparing', 'operating', 'suspended', 'closed')), area_code TEXT NOT NULL REFERENCES areas(code), district_code TEXT GENERATED ALWAYS AS (substr(area_code, 1, 6)) VIRTUAL, credit_code TEXT UNIQUE, filing_no TEXT, approved_beds INTEGER CHECK (approved_beds >= 0), medical_service TEXT NOT NULL CHECK (medical_service IN ('onsite', 'contracted', 'none')), opened_on TEXT, address TEXT, parent_id TEXT REFERENCES facilities(id), created_at TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;

-- table facility_status_history
CREATE TABLE facility_status_history ( id TEXT PRIMARY KEY, facility_id TEXT NOT NULL REFERENCES facilities(id), status TEXT NOT NULL CHECK (status IN ('preparing', 'operating', 'suspended', 'closed')), effective_on TEXT NOT NULL, reason TEXT, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL, UNIQUE (facility_id, effective_on) ) STRICT;

-- table population
CREATE TABLE population ( id TEXT PRIMARY KEY, area_code TEXT NOT NULL REFERENCES areas(code), year INTEGER NOT NULL CHECK (year BETWEEN 1949 AND 2100), resident INTEGER CHECK (resident >= 0), registered INTEGER CHECK (registered >= 0), resident_60 INTEGER CHECK (resident_60 >= 0), registered_60 INTEGER CHECK (registered_60 >= 0), resident_65 INTEGER CHECK (resident_65 >= 0), resident_80 INTEGER CHECK (resident_80 >= 0), source TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (area_code, year) ) STRICT;

-- table schema_migrations
CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT;

-- table settings
CREATE TABLE settings ( key TEXT PRIMARY KEY, value_json TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;

-- table users
CREATE TABLE users ( id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL ) STRICT;
