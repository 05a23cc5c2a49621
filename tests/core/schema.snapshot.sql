-- index account_grants_account
CREATE INDEX account_grants_account ON account_grants(account_id);

-- index admissions_elder
CREATE INDEX admissions_elder ON admissions(elder_id, start_on, end_on);

-- index admissions_facility
CREATE INDEX admissions_facility ON admissions(facility_id, start_on, end_on);

-- index admissions_one_open_per_elder
CREATE UNIQUE INDEX admissions_one_open_per_elder ON admissions(elder_id) WHERE end_on IS NULL;

-- index areas_parent
CREATE INDEX areas_parent ON areas(parent_code);

-- index assessments_elder
CREATE INDEX assessments_elder ON assessments(elder_id, assessed_on, created_at);

-- index audit_entity
CREATE INDEX audit_entity ON audit_log(entity, entity_id, seq);

-- index audit_versions_seq
CREATE INDEX audit_versions_seq ON audit_versions(seq);

-- index bed_attributes_asof
CREATE INDEX bed_attributes_asof ON bed_attributes(bed_id, effective_on DESC, category, nursing, reserve, zone);

-- index bed_attributes_effective
CREATE INDEX bed_attributes_effective ON bed_attributes(effective_on, bed_id);

-- index bed_outages_bed
CREATE INDEX bed_outages_bed ON bed_outages(bed_id, start_on, end_on);

-- index bed_outages_one_open
CREATE UNIQUE INDEX bed_outages_one_open ON bed_outages(bed_id) WHERE end_on IS NULL;

-- index beds_facility_asof
CREATE INDEX beds_facility_asof ON beds(facility_id, opened_on, retired_on);

-- index beds_opened
CREATE INDEX beds_opened ON beds(opened_on, id);

-- index beds_retired
CREATE INDEX beds_retired ON beds(retired_on) WHERE retired_on IS NOT NULL;

-- index beds_room
CREATE INDEX beds_room ON beds(room_id, number, opened_on);

-- index beds_room_number_current
CREATE UNIQUE INDEX beds_room_number_current ON beds(room_id, number) WHERE retired_on IS NULL;

-- index capacity_projects_district
CREATE INDEX capacity_projects_district ON capacity_projects(district_code, planned_completion_on);

-- index district_dated_versions_seq
CREATE INDEX district_dated_versions_seq ON district_dated_versions(seq);

-- index elder_categories_category
CREATE INDEX elder_categories_category ON elder_categories(category, elder_id);

-- index elders_bad_id_number
CREATE INDEX elders_bad_id_number ON elders(id_check_bad, hukou_area_code);

-- index elders_id_tail
CREATE INDEX elders_id_tail ON elders(substr(id_number, 15, 4));

-- index elders_name_id
CREATE INDEX elders_name_id ON elders(name, id);

-- index exchange_key_pins_key
CREATE INDEX exchange_key_pins_key ON exchange_key_pins(fingerprint);

-- index facilities_area
CREATE INDEX facilities_area ON facilities(area_code);

-- index facilities_district
CREATE INDEX facilities_district ON facilities(district_code, kind, status);

-- index facilities_district_name
CREATE INDEX facilities_district_name ON facilities(district_code, name);

-- index facilities_parent
CREATE INDEX facilities_parent ON facilities(parent_id);

-- index facility_status_asof
CREATE INDEX facility_status_asof ON facility_status_history(facility_id, effective_on DESC, status);

-- index facility_status_effective
CREATE INDEX facility_status_effective ON facility_status_history(effective_on, facility_id);

-- index family_beds_area
CREATE INDEX family_beds_area ON family_care_beds(area_code, opened_on, closed_on);

-- index family_beds_district
CREATE INDEX family_beds_district ON family_care_beds(district_code, opened_on, closed_on);

-- index family_beds_elder
CREATE INDEX family_beds_elder ON family_care_beds(elder_id, opened_on);

-- index family_beds_one_open
CREATE UNIQUE INDEX family_beds_one_open ON family_care_beds(elder_id) WHERE closed_on IS NULL;

-- index family_beds_provider
CREATE INDEX family_beds_provider ON family_care_beds(provider_facility_id, opened_on, closed_on);

-- index family_beds_street
CREATE INDEX family_beds_street ON family_care_beds(street_code, opened_on, closed_on);

-- index staff_facility
CREATE INDEX staff_facility ON staff(facility_id, employed_from, employed_to);

-- index staff_id_number
CREATE INDEX staff_id_number ON staff(id_number);

-- index staff_person_facility_from
CREATE UNIQUE INDEX staff_person_facility_from ON staff(facility_id, id_number, employed_from);

-- index staff_trainings_staff
CREATE INDEX staff_trainings_staff ON staff_trainings(staff_id, trained_on);

-- index star_ratings_valid_until
CREATE INDEX star_ratings_valid_until ON star_ratings(valid_until, facility_id);

-- index stay_leaves_admission
CREATE INDEX stay_leaves_admission ON stay_leaves(admission_id, start_on, end_on);

-- index stay_leaves_one_open
CREATE UNIQUE INDEX stay_leaves_one_open ON stay_leaves(admission_id) WHERE end_on IS NULL;

-- index stays_admission
CREATE INDEX stays_admission ON stays(admission_id, start_on);

-- index stays_bed
CREATE INDEX stays_bed ON stays(bed_id, start_on, end_on);

-- index stays_elder
CREATE INDEX stays_elder ON stays(elder_id, start_on, end_on);

-- index stays_end
CREATE INDEX stays_end ON stays(end_on, bed_id) WHERE end_on IS NOT NULL;

-- index stays_facility
CREATE INDEX stays_facility ON stays(facility_id, start_on, end_on);

-- index stays_one_open_per_bed
CREATE UNIQUE INDEX stays_one_open_per_bed ON stays(bed_id) WHERE end_on IS NULL;

-- index stays_one_open_per_elder
CREATE UNIQUE INDEX stays_one_open_per_elder ON stays(elder_id) WHERE end_on IS NULL;

-- index stays_start
CREATE INDEX stays_start ON stays(start_on, bed_id);

-- index targets_area
CREATE INDEX targets_area ON targets(area_code, metric_id, year);

-- index tekun_needs_elder_date
CREATE UNIQUE INDEX tekun_needs_elder_date ON tekun_support_needs(elder_id, effective_on);

-- index waiting_elder
CREATE INDEX waiting_elder ON waiting_applications(elder_id);

-- index waiting_facility
CREATE INDEX waiting_facility ON waiting_applications(facility_id, status, applied_on);

-- index waiting_one_open
CREATE UNIQUE INDEX waiting_one_open ON waiting_applications(facility_id, elder_id) WHERE status = 'waiting';

-- table account_grants
CREATE TABLE account_grants ( id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id), role TEXT NOT NULL CHECK (role IN ('sysadmin', 'auditor', 'district', 'facility_admin', 'facility_staff', 'readonly')), scope_kind TEXT NOT NULL CHECK (scope_kind IN ('all', 'district', 'facility')), scope_id TEXT CHECK ((scope_kind = 'all') = (scope_id IS NULL)), UNIQUE (account_id, role, scope_kind, scope_id) ) STRICT;

-- table accounts
CREATE TABLE accounts ( id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 50), password_hash TEXT NOT NULL, password_set_at TEXT NOT NULL, failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0), locked_until TEXT, disabled_at TEXT, created_at TEXT NOT NULL, created_by TEXT NOT NULL ) STRICT;

-- table admissions
CREATE TABLE admissions ( id TEXT PRIMARY KEY, elder_id TEXT NOT NULL REFERENCES elders(id), facility_id TEXT NOT NULL REFERENCES facilities(id), start_on TEXT NOT NULL CHECK (start_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(start_on) = start_on), end_on TEXT CHECK (end_on IS NULL OR ((end_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(end_on) = end_on) AND end_on > start_on)), discharge_reason TEXT CHECK (discharge_reason IS NULL OR discharge_reason IN ('voluntary', 'transfer_out', 'death', 'other')), discharge_note TEXT, fee_class TEXT NOT NULL CHECK (fee_class IN ('free', 'low', 'standard')), application_id TEXT UNIQUE REFERENCES waiting_applications(id), created_at TEXT NOT NULL, recorded_by TEXT NOT NULL, CHECK ((end_on IS NULL) = (discharge_reason IS NULL)) ) STRICT;

-- table areas
CREATE TABLE areas ( code TEXT PRIMARY KEY CHECK (length(code) IN (6, 9, 12) AND code NOT GLOB '*[^0-9]*'), name TEXT NOT NULL CHECK (length(name) > 0), level TEXT NOT NULL CHECK (level IN ('city', 'district', 'street', 'community')), parent_code TEXT REFERENCES areas(code), created_at TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;

-- table assessments
CREATE TABLE assessments ( id TEXT PRIMARY KEY, elder_id TEXT NOT NULL REFERENCES elders(id), assessed_on TEXT NOT NULL CHECK (assessed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(assessed_on) = assessed_on), reason TEXT NOT NULL CHECK (reason IN ('initial', 'routine', 'immediate', 'review', 'other')), assessor TEXT NOT NULL CHECK (length(assessor) > 0), scores_json TEXT NOT NULL, coma INTEGER NOT NULL CHECK (coma IN (0, 1)), dementia INTEGER NOT NULL CHECK (dementia IN (0, 1)), mental_disorder INTEGER NOT NULL CHECK (mental_disorder IN (0, 1)), risk_events_json TEXT NOT NULL, self_care INTEGER NOT NULL CHECK (self_care BETWEEN 0 AND 32), mobility INTEGER NOT NULL CHECK (mobility BETWEEN 0 AND 15), mental INTEGER NOT NULL CHECK (mental BETWEEN 0 AND 28), perception INTEGER NOT NULL CHECK (perception BETWEEN 0 AND 15), total INTEGER NOT NULL CHECK (total BETWEEN 0 AND 90 AND total = self_care + mobility + mental + perception), preliminary_level TEXT NOT NULL CHECK (preliminary_level IN ('intact', 'mild', 'moderate', 'severe', 'complete')), final_level TEXT NOT NULL CHECK (final_level IN ('intact', 'mild', 'moderate', 'severe', 'complete')), adjustments_json TEXT NOT NULL, notes TEXT, created_at TEXT NOT NULL, recorded_by TEXT NOT NULL ) STRICT;

-- table audit_log
CREATE TABLE audit_log ( seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, summary TEXT, before_json TEXT, after_json TEXT , prev_hash TEXT, hash TEXT);

-- table audit_versions
CREATE TABLE audit_versions (district_code TEXT PRIMARY KEY, seq INTEGER NOT NULL) STRICT, WITHOUT ROWID;

-- table bed_attributes
CREATE TABLE bed_attributes ( id TEXT PRIMARY KEY, bed_id TEXT NOT NULL REFERENCES beds(id), effective_on TEXT NOT NULL CHECK (effective_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(effective_on) = effective_on), category TEXT NOT NULL CHECK (category IN ('long_term', 'short_term')), nursing INTEGER NOT NULL CHECK (nursing IN (0, 1)), zone TEXT NOT NULL CHECK (zone IN ('general', 'dementia', 'intellectual', 'mental')), reserve INTEGER NOT NULL CHECK (reserve IN (0, 1)), reason TEXT, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL, UNIQUE (bed_id, effective_on) ) STRICT;

-- table bed_outages
CREATE TABLE bed_outages ( id TEXT PRIMARY KEY, bed_id TEXT NOT NULL REFERENCES beds(id), start_on TEXT NOT NULL CHECK (start_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(start_on) = start_on), end_on TEXT CHECK (end_on IS NULL OR ((end_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(end_on) = end_on) AND end_on > start_on)), reason TEXT NOT NULL CHECK (length(reason) > 0), recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL ) STRICT;

-- table beds
CREATE TABLE beds ( id TEXT PRIMARY KEY, room_id TEXT NOT NULL REFERENCES rooms(id), facility_id TEXT NOT NULL REFERENCES facilities(id), number TEXT NOT NULL CHECK (length(number) > 0), opened_on TEXT NOT NULL CHECK (opened_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(opened_on) = opened_on), retired_on TEXT CHECK (retired_on IS NULL OR ((retired_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(retired_on) = retired_on) AND retired_on > opened_on)), retire_reason TEXT CHECK ((retired_on IS NULL) = (retire_reason IS NULL)), created_at TEXT NOT NULL ) STRICT;

-- table buildings
CREATE TABLE buildings ( id TEXT PRIMARY KEY, facility_id TEXT NOT NULL REFERENCES facilities(id), name TEXT NOT NULL CHECK (length(name) > 0), created_at TEXT NOT NULL, UNIQUE (facility_id, name) ) STRICT;

-- table capacity_projects
CREATE TABLE capacity_projects ( id TEXT PRIMARY KEY, name TEXT NOT NULL CHECK (length(name) > 0), district_code TEXT NOT NULL REFERENCES areas(code), kind TEXT NOT NULL CHECK (kind IN ('new', 'extension', 'retirement')), facility_id TEXT REFERENCES facilities(id), planned_beds INTEGER NOT NULL CHECK (planned_beds > 0), nursing_beds INTEGER NOT NULL CHECK (nursing_beds >= 0 AND nursing_beds <= planned_beds), status TEXT NOT NULL CHECK (status IN ('planned', 'building', 'completed')), planned_completion_on TEXT NOT NULL CHECK (planned_completion_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(planned_completion_on) = planned_completion_on), actual_completion_on TEXT CHECK (actual_completion_on IS NULL OR (actual_completion_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(actual_completion_on) = actual_completion_on)), source TEXT NOT NULL CHECK (length(source) > 0), created_at TEXT NOT NULL, updated_at TEXT NOT NULL, recorded_by TEXT NOT NULL, CHECK ((status = 'completed') = (actual_completion_on IS NOT NULL)) ) STRICT;

-- table counters_meta
CREATE TABLE counters_meta (id INTEGER PRIMARY KEY CHECK (id = 1), max_event_on TEXT NOT NULL, seq INTEGER NOT NULL DEFAULT 0) STRICT;

-- table district_bed_counters
CREATE TABLE district_bed_counters ( district_code TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, category TEXT NOT NULL, beds INTEGER NOT NULL, nursing INTEGER NOT NULL, reserve INTEGER NOT NULL, occupied INTEGER NOT NULL, PRIMARY KEY (district_code, kind, status, category) ) STRICT, WITHOUT ROWID;

-- table district_dated_versions
CREATE TABLE district_dated_versions ( district_code TEXT NOT NULL, from_month TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (district_code, from_month) ) STRICT, WITHOUT ROWID;

-- table district_facility_counters
CREATE TABLE district_facility_counters ( district_code TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, medical_service TEXT NOT NULL, facilities INTEGER NOT NULL, approved INTEGER NOT NULL, without_approved INTEGER NOT NULL, PRIMARY KEY (district_code, kind, status, medical_service) ) STRICT, WITHOUT ROWID;

-- table elder_categories
CREATE TABLE elder_categories ( elder_id TEXT NOT NULL REFERENCES elders(id), category TEXT NOT NULL CHECK (category IN ('extreme_hardship', 'minimum_living_allowance', 'low_income', 'family_planning_special', 'severe_disability', 'lost_only_child', 'living_alone', 'empty_nest')), PRIMARY KEY (elder_id, category) ) STRICT, WITHOUT ROWID;

-- table elder_contacts
CREATE TABLE elder_contacts ( id TEXT PRIMARY KEY, elder_id TEXT NOT NULL REFERENCES elders(id), position INTEGER NOT NULL CHECK (position >= 0), name TEXT NOT NULL CHECK (length(name) > 0), relation TEXT, phone TEXT NOT NULL CHECK (length(phone) > 0), UNIQUE (elder_id, position) ) STRICT;

-- table elders
CREATE TABLE elders ( id TEXT PRIMARY KEY, name TEXT NOT NULL CHECK (length(name) > 0), id_number TEXT NOT NULL UNIQUE CHECK (length(id_number) = 18 AND substr(id_number, 1, 17) NOT GLOB '*[^0-9]*' AND substr(id_number, 18, 1) GLOB '[0-9X]'), birth_date TEXT NOT NULL CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(birth_date) = birth_date), sex TEXT NOT NULL CHECK (sex IN ('M', 'F')), hukou_area_code TEXT CHECK (hukou_area_code IS NULL OR (length(hukou_area_code) IN (6, 9, 12) AND hukou_area_code NOT GLOB '*[^0-9]*')), phone TEXT, address TEXT, notes TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL , id_check_bad INTEGER GENERATED ALWAYS AS (substr(id_number, 18, 1) <> substr('10X98765432', (CAST(substr(id_number, 1, 1) AS INTEGER) * 7 + CAST(substr(id_number, 2, 1) AS INTEGER) * 9 + CAST(substr(id_number, 3, 1) AS INTEGER) * 10 + CAST(substr(id_number, 4, 1) AS INTEGER) * 5 + CAST(substr(id_number, 5, 1) AS INTEGER) * 8 + CAST(substr(id_number, 6, 1) AS INTEGER) * 4 + CAST(substr(id_number, 7, 1) AS INTEGER) * 2 + CAST(substr(id_number, 8, 1) AS INTEGER) * 1 + CAST(substr(id_number, 9, 1) AS INTEGER) * 6 + CAST(substr(id_number, 10, 1) AS INTEGER) * 3 + CAST(substr(id_number, 11, 1) AS INTEGER) * 7 + CAST(substr(id_number, 12, 1) AS INTEGER) * 9 + CAST(substr(id_number, 13, 1) AS INTEGER) * 10 + CAST(substr(id_number, 14, 1) AS INTEGER) * 5 + CAST(substr(id_number, 15, 1) AS INTEGER) * 8 + CAST(substr(id_number, 16, 1) AS INTEGER) * 4 + CAST(substr(id_number, 17, 1) AS INTEGER) * 2) % 11 + 1, 1)) VIRTUAL) STRICT;

-- table exchange_key_pins
CREATE TABLE exchange_key_pins ( facility_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL REFERENCES exchange_keys(fingerprint), pinned_at TEXT NOT NULL, pinned_by TEXT NOT NULL ) STRICT;

-- table exchange_keys
CREATE TABLE exchange_keys ( fingerprint TEXT PRIMARY KEY, sign_public BLOB NOT NULL, box_public BLOB NOT NULL, first_seen_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, accepted_by TEXT NOT NULL ) STRICT;

-- table exchange_own_key
CREATE TABLE exchange_own_key ( id INTEGER PRIMARY KEY CHECK (id = 1), sign_public BLOB NOT NULL, sign_private BLOB NOT NULL, box_public BLOB NOT NULL, box_private BLOB NOT NULL, created_at TEXT NOT NULL ) STRICT;

-- table facilities
CREATE TABLE facilities ( id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE CHECK (length(name) > 0), kind TEXT NOT NULL CHECK (kind IN ('institution', 'care_center', 'guidance_center', 'community_station', 'rural_station', 'mutual_aid_point')), subtype TEXT CHECK (subtype IS NULL OR (subtype IN ('nursing_home', 'welfare_center') AND kind = 'institution')), ownership TEXT NOT NULL CHECK (ownership IN ('public', 'public_private', 'private')), status TEXT NOT NULL CHECK (status IN ('preparing', 'operating', 'suspended', 'closed')), area_code TEXT NOT NULL REFERENCES areas(code), district_code TEXT GENERATED ALWAYS AS (substr(area_code, 1, 6)) VIRTUAL, credit_code TEXT UNIQUE, filing_no TEXT, approved_beds INTEGER CHECK (approved_beds >= 0), medical_service TEXT NOT NULL CHECK (medical_service IN ('onsite', 'contracted', 'none')), opened_on TEXT, address TEXT, parent_id TEXT REFERENCES facilities(id), created_at TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;

-- table facility_bed_counters
CREATE TABLE facility_bed_counters ( facility_id TEXT NOT NULL REFERENCES facilities(id), category TEXT NOT NULL, beds INTEGER NOT NULL, nursing INTEGER NOT NULL, reserve INTEGER NOT NULL, occupied INTEGER NOT NULL, PRIMARY KEY (facility_id, category) ) STRICT, WITHOUT ROWID;

-- table facility_declarations
CREATE TABLE facility_declarations ( id TEXT PRIMARY KEY, facility_id TEXT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE, declared_on TEXT NOT NULL CHECK (declared_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(declared_on) = declared_on), total_beds INTEGER NOT NULL CHECK (total_beds >= 0 AND total_beds <= 100000), nursing_beds INTEGER CHECK (nursing_beds IS NULL OR (nursing_beds >= 0 AND nursing_beds <= 100000)), reserve_beds INTEGER CHECK (reserve_beds IS NULL OR (reserve_beds >= 0 AND reserve_beds <= 100000)), short_term_beds INTEGER CHECK (short_term_beds IS NULL OR (short_term_beds >= 0 AND short_term_beds <= 100000)), residents INTEGER CHECK (residents IS NULL OR (residents >= 0 AND residents <= 100000)), source TEXT NOT NULL CHECK (source IN ('form', 'import')), created_at TEXT NOT NULL, CHECK (coalesce(nursing_beds, 0) <= total_beds AND coalesce(reserve_beds, 0) <= total_beds AND coalesce(short_term_beds, 0) <= total_beds), UNIQUE (facility_id, declared_on) ) STRICT;

-- table facility_status_history
CREATE TABLE facility_status_history ( id TEXT PRIMARY KEY, facility_id TEXT NOT NULL REFERENCES facilities(id), status TEXT NOT NULL CHECK (status IN ('preparing', 'operating', 'suspended', 'closed')), effective_on TEXT NOT NULL, reason TEXT, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL, UNIQUE (facility_id, effective_on) ) STRICT;

-- table family_care_beds
CREATE TABLE family_care_beds ( id TEXT PRIMARY KEY, provider_facility_id TEXT NOT NULL REFERENCES facilities(id), elder_id TEXT NOT NULL REFERENCES elders(id), area_code TEXT NOT NULL REFERENCES areas(code), district_code TEXT GENERATED ALWAYS AS (substr(area_code, 1, 6)) VIRTUAL, street_code TEXT GENERATED ALWAYS AS (substr(area_code, 1, 9)) VIRTUAL, address TEXT NOT NULL CHECK (length(address) > 0), assessment_id TEXT REFERENCES assessments(id), agreement_start_on TEXT NOT NULL CHECK (agreement_start_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(agreement_start_on) = agreement_start_on), agreement_end_on TEXT CHECK (agreement_end_on IS NULL OR ((agreement_end_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(agreement_end_on) = agreement_end_on) AND agreement_end_on >= agreement_start_on)), opened_on TEXT NOT NULL CHECK (opened_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(opened_on) = opened_on), closed_on TEXT CHECK (closed_on IS NULL OR ((closed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(closed_on) = closed_on) AND closed_on > opened_on)), close_reason TEXT, created_at TEXT NOT NULL, recorded_by TEXT NOT NULL, CHECK ((closed_on IS NULL) = (close_reason IS NULL)) ) STRICT;

-- table population
CREATE TABLE population ( id TEXT PRIMARY KEY, area_code TEXT NOT NULL REFERENCES areas(code), year INTEGER NOT NULL CHECK (year BETWEEN 1949 AND 2100), resident INTEGER CHECK (resident >= 0), registered INTEGER CHECK (registered >= 0), resident_60 INTEGER CHECK (resident_60 >= 0), registered_60 INTEGER CHECK (registered_60 >= 0), resident_65 INTEGER CHECK (resident_65 >= 0), resident_80 INTEGER CHECK (resident_80 >= 0), source TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (area_code, year) ) STRICT;

-- table population_projections
CREATE TABLE population_projections ( area_code TEXT NOT NULL REFERENCES areas(code), year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100), resident INTEGER CHECK (resident IS NULL OR resident > 0), resident_60 INTEGER CHECK (resident_60 IS NULL OR resident_60 > 0), resident_65 INTEGER CHECK (resident_65 IS NULL OR resident_65 > 0), registered_60 INTEGER CHECK (registered_60 IS NULL OR registered_60 > 0), source TEXT NOT NULL CHECK (length(source) > 0), updated_at TEXT NOT NULL, PRIMARY KEY (area_code, year) ) STRICT;

-- table rooms
CREATE TABLE rooms ( id TEXT PRIMARY KEY, building_id TEXT NOT NULL REFERENCES buildings(id), floor INTEGER NOT NULL CHECK (floor BETWEEN -5 AND 100), number TEXT NOT NULL CHECK (length(number) > 0), capacity INTEGER CHECK (capacity IS NULL OR capacity >= 1), sex_restriction TEXT CHECK (sex_restriction IS NULL OR sex_restriction IN ('M', 'F')), created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (building_id, number) ) STRICT;

-- table schema_migrations
CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT;

-- table settings
CREATE TABLE settings ( key TEXT PRIMARY KEY, value_json TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;

-- table staff
CREATE TABLE staff ( id TEXT PRIMARY KEY, facility_id TEXT NOT NULL REFERENCES facilities(id), name TEXT NOT NULL CHECK (length(name) > 0), id_number TEXT NOT NULL CHECK (length(id_number) = 18), post TEXT NOT NULL CHECK (post IN ('caregiver', 'doctor', 'nurse', 'therapist', 'social_worker', 'manager', 'other')), skill_level TEXT CHECK (skill_level IS NULL OR skill_level IN ('level5', 'level4', 'level3', 'level2', 'level1')), certificate_no TEXT, certified_on TEXT CHECK (certified_on IS NULL OR (certified_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(certified_on) = certified_on)), employed_from TEXT NOT NULL CHECK (employed_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(employed_from) = employed_from), employed_to TEXT CHECK (employed_to IS NULL OR ((employed_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(employed_to) = employed_to) AND employed_to > employed_from)), created_at TEXT NOT NULL, updated_at TEXT NOT NULL, recorded_by TEXT NOT NULL ) STRICT;

-- table staff_trainings
CREATE TABLE staff_trainings ( id TEXT PRIMARY KEY, staff_id TEXT NOT NULL REFERENCES staff(id), topic TEXT NOT NULL CHECK (topic IN ('rehabilitation', 'nursing', 'nutrition', 'psychology', 'social_work')), trained_on TEXT NOT NULL CHECK (trained_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(trained_on) = trained_on), hours REAL NOT NULL CHECK (hours > 0 AND hours <= 1000), created_at TEXT NOT NULL, recorded_by TEXT NOT NULL ) STRICT;

-- table star_ratings
CREATE TABLE star_ratings ( id TEXT PRIMARY KEY, facility_id TEXT NOT NULL REFERENCES facilities(id), scheme TEXT NOT NULL CHECK (scheme IN ('institution', 'station')), level INTEGER NOT NULL CHECK (level >= 1 AND level <= CASE scheme WHEN 'institution' THEN 5 ELSE 3 END), decided_on TEXT NOT NULL CHECK (decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(decided_on) = decided_on), valid_until TEXT NOT NULL CHECK ((valid_until GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(valid_until) = valid_until) AND valid_until > decided_on), valid_until_reason TEXT CHECK (valid_until_reason IS NULL OR length(valid_until_reason) > 0), score_environment REAL CHECK (score_environment IS NULL OR (score_environment >= 0 AND score_environment <= 120)), score_facilities REAL CHECK (score_facilities IS NULL OR (score_facilities >= 0 AND score_facilities <= 130)), score_operations REAL CHECK (score_operations IS NULL OR (score_operations >= 0 AND score_operations <= 150)), score_services REAL CHECK (score_services IS NULL OR (score_services >= 0 AND score_services <= 600)), total REAL CHECK (total IS NULL OR (total >= 0 AND total <= 1000)), reviewer TEXT, notes TEXT, rule_exception_reason TEXT CHECK (rule_exception_reason IS NULL OR length(rule_exception_reason) > 0), rule_violations TEXT CHECK (rule_violations IS NULL OR json_valid(rule_violations)), revoked_on TEXT CHECK (revoked_on IS NULL OR ((revoked_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(revoked_on) = revoked_on) AND revoked_on >= decided_on)), revoke_reason TEXT CHECK (revoke_reason IS NULL OR length(revoke_reason) > 0), created_at TEXT NOT NULL, recorded_by TEXT NOT NULL, CHECK ((revoked_on IS NULL) = (revoke_reason IS NULL)), CHECK ((rule_violations IS NULL) = (rule_exception_reason IS NULL)), CHECK (scheme = 'institution' OR (score_environment IS NULL AND score_facilities IS NULL AND score_operations IS NULL AND score_services IS NULL)), CHECK (total IS NULL OR score_environment IS NULL OR score_facilities IS NULL OR score_operations IS NULL OR score_services IS NULL OR abs(total - (score_environment + score_facilities + score_operations + score_services)) < 0.001), UNIQUE (facility_id, decided_on) ) STRICT;

-- table stay_labels
CREATE TABLE stay_labels ( stay_id TEXT PRIMARY KEY, room_number TEXT NOT NULL, bed_number TEXT NOT NULL ) STRICT, WITHOUT ROWID;

-- table stay_leaves
CREATE TABLE stay_leaves ( id TEXT PRIMARY KEY, admission_id TEXT NOT NULL REFERENCES admissions(id), start_on TEXT NOT NULL CHECK (start_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(start_on) = start_on), end_on TEXT CHECK (end_on IS NULL OR ((end_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(end_on) = end_on) AND end_on > start_on)), reason TEXT NOT NULL CHECK (length(reason) > 0), created_at TEXT NOT NULL, recorded_by TEXT NOT NULL ) STRICT;

-- table stays
CREATE TABLE stays ( id TEXT PRIMARY KEY, admission_id TEXT NOT NULL REFERENCES admissions(id), elder_id TEXT NOT NULL REFERENCES elders(id), facility_id TEXT NOT NULL REFERENCES facilities(id), bed_id TEXT NOT NULL REFERENCES beds(id), start_on TEXT NOT NULL CHECK (start_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(start_on) = start_on), end_on TEXT CHECK (end_on IS NULL OR ((end_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(end_on) = end_on) AND end_on > start_on)), end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN ('transfer', 'discharge')), transfer_reason TEXT, created_at TEXT NOT NULL, recorded_by TEXT NOT NULL, CHECK ((end_on IS NULL) = (end_reason IS NULL)) ) STRICT;

-- table tally_checkpoints
CREATE TABLE tally_checkpoints ( as_of TEXT NOT NULL, district_code TEXT NOT NULL, format INTEGER NOT NULL, seq INTEGER NOT NULL, counts TEXT NOT NULL, PRIMARY KEY (as_of, district_code) ) STRICT;

-- table targets
CREATE TABLE targets ( id TEXT PRIMARY KEY, area_code TEXT NOT NULL CHECK (length(area_code) IN (6, 9) AND area_code NOT GLOB '*[^0-9]*'), metric_id TEXT NOT NULL CHECK (length(metric_id) > 0), year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100), comparator TEXT NOT NULL CHECK (comparator IN ('>=', '<=', '=')), value REAL NOT NULL, baseline_value REAL, baseline_year INTEGER CHECK (baseline_year IS NULL OR baseline_year BETWEEN 1990 AND 2100), attribute TEXT NOT NULL CHECK (attribute IN ('expected', 'binding', 'unspecified')), source TEXT NOT NULL CHECK (length(source) > 0), note TEXT, seeded INTEGER NOT NULL CHECK (seeded IN (0, 1)), created_by TEXT, updated_at TEXT, CHECK ((baseline_value IS NULL) = (baseline_year IS NULL)) ) STRICT;

-- table tekun_support_needs
CREATE TABLE tekun_support_needs ( id TEXT PRIMARY KEY, elder_id TEXT NOT NULL REFERENCES elders(id), effective_on TEXT NOT NULL CHECK (effective_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(effective_on) = effective_on), needs INTEGER NOT NULL CHECK (needs IN (0, 1)), source TEXT NOT NULL CHECK (length(source) > 0), recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL ) STRICT;

-- table users
CREATE TABLE users ( id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL ) STRICT;

-- table waiting_applications
CREATE TABLE waiting_applications ( id TEXT PRIMARY KEY, facility_id TEXT NOT NULL REFERENCES facilities(id), elder_id TEXT NOT NULL REFERENCES elders(id), applied_on TEXT NOT NULL CHECK (applied_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(applied_on) = applied_on), requested_category TEXT NOT NULL CHECK (requested_category IN ('long_term', 'short_term')), requested_nursing INTEGER CHECK (requested_nursing IS NULL OR requested_nursing IN (0, 1)), notes TEXT, status TEXT NOT NULL CHECK (status IN ('waiting', 'admitted', 'withdrawn')), admitted_on TEXT CHECK (admitted_on IS NULL OR ((admitted_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(admitted_on) = admitted_on) AND admitted_on >= applied_on)), withdrawn_on TEXT CHECK (withdrawn_on IS NULL OR ((withdrawn_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(withdrawn_on) = withdrawn_on) AND withdrawn_on >= applied_on)), withdraw_reason TEXT, created_at TEXT NOT NULL, recorded_by TEXT NOT NULL, CHECK ((status = 'admitted') = (admitted_on IS NOT NULL)), CHECK ((status = 'withdrawn') = (withdrawn_on IS NOT NULL AND withdraw_reason IS NOT NULL)), CHECK (withdrawn_on IS NULL OR withdraw_reason IS NOT NULL) ) STRICT;

-- trigger admissions_no_overlap_insert
CREATE TRIGGER admissions_no_overlap_insert BEFORE INSERT ON admissions BEGIN SELECT RAISE(ABORT, 'STAY_CONFLICT: admission overlaps another admission of the same elder') WHERE EXISTS (SELECT 1 FROM admissions o WHERE o.elder_id = NEW.elder_id AND o.id <> NEW.id AND (NEW.start_on < coalesce(o.end_on, '9999-12-31') AND o.start_on < coalesce(NEW.end_on, '9999-12-31'))); END;

-- trigger admissions_no_overlap_update
CREATE TRIGGER admissions_no_overlap_update BEFORE UPDATE ON admissions BEGIN SELECT RAISE(ABORT, 'STAY_CONFLICT: admission overlaps another admission of the same elder') WHERE EXISTS (SELECT 1 FROM admissions o WHERE o.elder_id = NEW.elder_id AND o.id <> NEW.id AND (NEW.start_on < coalesce(o.end_on, '9999-12-31') AND o.start_on < coalesce(NEW.end_on, '9999-12-31'))); END;

-- trigger audit_log_no_delete
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, '审计日志不可删除'); END;

-- trigger audit_log_no_update
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '审计日志不可修改'); END;

-- trigger av_elders_delete
CREATE TRIGGER av_elders_delete AFTER DELETE ON elders BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO audit_versions (district_code, seq) SELECT DISTINCT d, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT f.district_code AS d FROM stays s JOIN facilities f ON f.id = s.facility_id WHERE s.elder_id = OLD.id) WHERE d IS NOT NULL ON CONFLICT (district_code) DO UPDATE SET seq = excluded.seq; END;

-- trigger av_elders_update
CREATE TRIGGER av_elders_update AFTER UPDATE OF name, id_number, hukou_area_code ON elders BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO audit_versions (district_code, seq) SELECT DISTINCT d, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT f.district_code AS d FROM stays s JOIN facilities f ON f.id = s.facility_id WHERE s.elder_id = NEW.id) WHERE d IS NOT NULL ON CONFLICT (district_code) DO UPDATE SET seq = excluded.seq; END;

-- trigger av_rooms_update
CREATE TRIGGER av_rooms_update AFTER UPDATE OF number ON rooms BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO audit_versions (district_code, seq) SELECT DISTINCT d, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT f.district_code AS d FROM rooms r JOIN buildings b ON b.id = r.building_id JOIN facilities f ON f.id = b.facility_id WHERE r.id = NEW.id) WHERE d IS NOT NULL ON CONFLICT (district_code) DO UPDATE SET seq = excluded.seq; END;

-- trigger bc_attr_bump
CREATE TRIGGER bc_attr_bump AFTER INSERT ON bed_attributes BEGIN UPDATE counters_meta SET max_event_on = NEW.effective_on WHERE id = 1 AND NEW.effective_on IS NOT NULL AND NEW.effective_on > max_event_on; END;

-- trigger bc_attr_insert
CREATE TRIGGER bc_attr_insert AFTER INSERT ON bed_attributes WHEN NOT EXISTS (SELECT 1 FROM bed_attributes x WHERE x.bed_id = NEW.bed_id AND x.effective_on > NEW.effective_on) BEGIN INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, -1, -a.nursing, -a.reserve, -EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = NEW.bed_id AND a.id <> NEW.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = NEW.bed_id AND a2.id <> NEW.id) WHERE b.id = NEW.bed_id AND b.retired_on IS NULL ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, NEW.category, 1, NEW.nursing, NEW.reserve, EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL) FROM beds b WHERE b.id = NEW.bed_id AND b.retired_on IS NULL ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; END;

-- trigger bc_stay_delete
CREATE TRIGGER bc_stay_delete AFTER DELETE ON stays WHEN OLD.end_on IS NULL BEGIN INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, 0, 0, 0, -1 FROM beds b JOIN bed_attributes a ON a.bed_id = OLD.bed_id AND a.id <> '' AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = OLD.bed_id AND a2.id <> '') WHERE b.id = OLD.bed_id AND b.retired_on IS NULL ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; END;

-- trigger bc_stay_insert
CREATE TRIGGER bc_stay_insert AFTER INSERT ON stays BEGIN INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, 0, 0, 0, 1 FROM beds b JOIN bed_attributes a ON a.bed_id = NEW.bed_id AND a.id <> '' AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = NEW.bed_id AND a2.id <> '') WHERE b.id = NEW.bed_id AND b.retired_on IS NULL AND NEW.end_on IS NULL ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; UPDATE counters_meta SET max_event_on = NEW.start_on WHERE id = 1 AND NEW.start_on IS NOT NULL AND NEW.start_on > max_event_on; UPDATE counters_meta SET max_event_on = NEW.end_on WHERE id = 1 AND NEW.end_on IS NOT NULL AND NEW.end_on > max_event_on; END;

-- trigger ci_attr_delete_after
CREATE TRIGGER ci_attr_delete_after AFTER DELETE ON bed_attributes BEGIN INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, 1, 1 * a.nursing, 1 * a.reserve, 1 * EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = b.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id) WHERE b.id = OLD.bed_id AND b.retired_on IS NULL AND true ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; END;

-- trigger ci_attr_delete_before
CREATE TRIGGER ci_attr_delete_before BEFORE DELETE ON bed_attributes BEGIN INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, -1, -1 * a.nursing, -1 * a.reserve, -1 * EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = b.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id) WHERE b.id = OLD.bed_id AND b.retired_on IS NULL AND true ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; END;

-- trigger ci_attr_update_after
CREATE TRIGGER ci_attr_update_after AFTER UPDATE OF bed_id, effective_on, category, nursing, reserve ON bed_attributes BEGIN INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, 1, 1 * a.nursing, 1 * a.reserve, 1 * EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = b.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id) WHERE b.id = OLD.bed_id AND b.retired_on IS NULL AND true ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, 1, 1 * a.nursing, 1 * a.reserve, 1 * EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = b.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id) WHERE b.id = NEW.bed_id AND b.retired_on IS NULL AND NEW.bed_id IS NOT OLD.bed_id ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; UPDATE counters_meta SET max_event_on = NEW.effective_on WHERE id = 1 AND NEW.effective_on IS NOT NULL AND NEW.effective_on > max_event_on; END;

-- trigger ci_attr_update_before
CREATE TRIGGER ci_attr_update_before BEFORE UPDATE OF bed_id, effective_on, category, nursing, reserve ON bed_attributes BEGIN INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, -1, -1 * a.nursing, -1 * a.reserve, -1 * EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = b.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id) WHERE b.id = OLD.bed_id AND b.retired_on IS NULL AND true ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, -1, -1 * a.nursing, -1 * a.reserve, -1 * EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = b.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id) WHERE b.id = NEW.bed_id AND b.retired_on IS NULL AND NEW.bed_id IS NOT OLD.bed_id ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; END;

-- trigger ci_bed_attributes_key
CREATE TRIGGER ci_bed_attributes_key BEFORE UPDATE OF id ON bed_attributes WHEN NEW.id IS NOT OLD.id BEGIN SELECT RAISE(ABORT, 'KEY_IMMUTABLE: 记录的编号不能修改'); END;

-- trigger ci_beds_dates
CREATE TRIGGER ci_beds_dates AFTER UPDATE OF opened_on, retired_on ON beds BEGIN UPDATE counters_meta SET max_event_on = NEW.opened_on WHERE id = 1 AND NEW.opened_on IS NOT NULL AND NEW.opened_on > max_event_on; UPDATE counters_meta SET max_event_on = NEW.retired_on WHERE id = 1 AND NEW.retired_on IS NOT NULL AND NEW.retired_on > max_event_on; END;

-- trigger ci_beds_delete
CREATE TRIGGER ci_beds_delete BEFORE DELETE ON beds BEGIN INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, -1, -1 * a.nursing, -1 * a.reserve, -1 * EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = b.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id) WHERE b.id = OLD.id AND b.retired_on IS NULL AND true ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; END;

-- trigger ci_beds_insert
CREATE TRIGGER ci_beds_insert AFTER INSERT ON beds BEGIN INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, 1, 1 * a.nursing, 1 * a.reserve, 1 * EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = b.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id) WHERE b.id = NEW.id AND b.retired_on IS NULL AND true ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; UPDATE counters_meta SET max_event_on = NEW.opened_on WHERE id = 1 AND NEW.opened_on IS NOT NULL AND NEW.opened_on > max_event_on; UPDATE counters_meta SET max_event_on = NEW.retired_on WHERE id = 1 AND NEW.retired_on IS NOT NULL AND NEW.retired_on > max_event_on; END;

-- trigger ci_beds_key
CREATE TRIGGER ci_beds_key BEFORE UPDATE OF id ON beds WHEN NEW.id IS NOT OLD.id BEGIN SELECT RAISE(ABORT, 'KEY_IMMUTABLE: 记录的编号不能修改'); END;

-- trigger ci_beds_update_after
CREATE TRIGGER ci_beds_update_after AFTER UPDATE OF facility_id, retired_on ON beds WHEN OLD.facility_id IS NOT NEW.facility_id OR (OLD.retired_on IS NULL) <> (NEW.retired_on IS NULL) BEGIN INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, 1, 1 * a.nursing, 1 * a.reserve, 1 * EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = b.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id) WHERE b.id = NEW.id AND b.retired_on IS NULL AND true ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; END;

-- trigger ci_beds_update_before
CREATE TRIGGER ci_beds_update_before BEFORE UPDATE OF facility_id, retired_on ON beds WHEN OLD.facility_id IS NOT NEW.facility_id OR (OLD.retired_on IS NULL) <> (NEW.retired_on IS NULL) BEGIN INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, -1, -1 * a.nursing, -1 * a.reserve, -1 * EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = b.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id) WHERE b.id = OLD.id AND b.retired_on IS NULL AND true ON CONFLICT (facility_id, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; END;

-- trigger ci_buildings_key
CREATE TRIGGER ci_buildings_key BEFORE UPDATE OF id ON buildings WHEN NEW.id IS NOT OLD.id BEGIN SELECT RAISE(ABORT, 'KEY_IMMUTABLE: 记录的编号不能修改'); END;

-- trigger ci_elders_key
CREATE TRIGGER ci_elders_key BEFORE UPDATE OF id ON elders WHEN NEW.id IS NOT OLD.id BEGIN SELECT RAISE(ABORT, 'KEY_IMMUTABLE: 记录的编号不能修改'); END;

-- trigger ci_facilities_key
CREATE TRIGGER ci_facilities_key BEFORE UPDATE OF id ON facilities WHEN NEW.id IS NOT OLD.id BEGIN SELECT RAISE(ABORT, 'KEY_IMMUTABLE: 记录的编号不能修改'); END;

-- trigger ci_facility_status
CREATE TRIGGER ci_facility_status BEFORE UPDATE OF status ON facilities WHEN NEW.status IS NOT OLD.status AND (SELECT h.status FROM facility_status_history h WHERE h.facility_id = NEW.id ORDER BY h.effective_on DESC LIMIT 1) IS NOT NULL AND NEW.status IS NOT (SELECT h.status FROM facility_status_history h WHERE h.facility_id = NEW.id ORDER BY h.effective_on DESC LIMIT 1) BEGIN SELECT RAISE(ABORT, 'FACILITY_STATUS_DERIVED: 机构的运营状态由状态记录决定，请登记状态变更'); END;

-- trigger ci_facility_status_history_key
CREATE TRIGGER ci_facility_status_history_key BEFORE UPDATE OF id ON facility_status_history WHEN NEW.id IS NOT OLD.id BEGIN SELECT RAISE(ABORT, 'KEY_IMMUTABLE: 记录的编号不能修改'); END;

-- trigger ci_rooms_key
CREATE TRIGGER ci_rooms_key BEFORE UPDATE OF id ON rooms WHEN NEW.id IS NOT OLD.id BEGIN SELECT RAISE(ABORT, 'KEY_IMMUTABLE: 记录的编号不能修改'); END;

-- trigger ci_status_delete
CREATE TRIGGER ci_status_delete AFTER DELETE ON facility_status_history BEGIN UPDATE facilities SET status = (SELECT h.status FROM facility_status_history h WHERE h.facility_id = OLD.facility_id ORDER BY h.effective_on DESC LIMIT 1) WHERE id = OLD.facility_id AND (SELECT h.status FROM facility_status_history h WHERE h.facility_id = OLD.facility_id ORDER BY h.effective_on DESC LIMIT 1) IS NOT NULL AND status IS NOT (SELECT h.status FROM facility_status_history h WHERE h.facility_id = OLD.facility_id ORDER BY h.effective_on DESC LIMIT 1); END;

-- trigger ci_status_insert
CREATE TRIGGER ci_status_insert AFTER INSERT ON facility_status_history BEGIN UPDATE facilities SET status = (SELECT h.status FROM facility_status_history h WHERE h.facility_id = NEW.facility_id ORDER BY h.effective_on DESC LIMIT 1) WHERE id = NEW.facility_id AND (SELECT h.status FROM facility_status_history h WHERE h.facility_id = NEW.facility_id ORDER BY h.effective_on DESC LIMIT 1) IS NOT NULL AND status IS NOT (SELECT h.status FROM facility_status_history h WHERE h.facility_id = NEW.facility_id ORDER BY h.effective_on DESC LIMIT 1); UPDATE counters_meta SET max_event_on = NEW.effective_on WHERE id = 1 AND NEW.effective_on IS NOT NULL AND NEW.effective_on > max_event_on; END;

-- trigger ci_status_update
CREATE TRIGGER ci_status_update AFTER UPDATE ON facility_status_history BEGIN UPDATE facilities SET status = (SELECT h.status FROM facility_status_history h WHERE h.facility_id = OLD.facility_id ORDER BY h.effective_on DESC LIMIT 1) WHERE id = OLD.facility_id AND (SELECT h.status FROM facility_status_history h WHERE h.facility_id = OLD.facility_id ORDER BY h.effective_on DESC LIMIT 1) IS NOT NULL AND status IS NOT (SELECT h.status FROM facility_status_history h WHERE h.facility_id = OLD.facility_id ORDER BY h.effective_on DESC LIMIT 1); UPDATE facilities SET status = (SELECT h.status FROM facility_status_history h WHERE h.facility_id = NEW.facility_id ORDER BY h.effective_on DESC LIMIT 1) WHERE id = NEW.facility_id AND (SELECT h.status FROM facility_status_history h WHERE h.facility_id = NEW.facility_id ORDER BY h.effective_on DESC LIMIT 1) IS NOT NULL AND status IS NOT (SELECT h.status FROM facility_status_history h WHERE h.facility_id = NEW.facility_id ORDER BY h.effective_on DESC LIMIT 1); UPDATE counters_meta SET max_event_on = NEW.effective_on WHERE id = 1 AND NEW.effective_on IS NOT NULL AND NEW.effective_on > max_event_on; END;

-- trigger ci_stays_dates
CREATE TRIGGER ci_stays_dates AFTER UPDATE OF start_on, end_on ON stays BEGIN UPDATE counters_meta SET max_event_on = NEW.start_on WHERE id = 1 AND NEW.start_on IS NOT NULL AND NEW.start_on > max_event_on; UPDATE counters_meta SET max_event_on = NEW.end_on WHERE id = 1 AND NEW.end_on IS NOT NULL AND NEW.end_on > max_event_on; END;

-- trigger ci_stays_key
CREATE TRIGGER ci_stays_key BEFORE UPDATE OF id ON stays WHEN NEW.id IS NOT OLD.id BEGIN SELECT RAISE(ABORT, 'KEY_IMMUTABLE: 记录的编号不能修改'); END;

-- trigger ci_stays_update
CREATE TRIGGER ci_stays_update AFTER UPDATE OF bed_id, end_on ON stays WHEN OLD.bed_id IS NOT NEW.bed_id OR (OLD.end_on IS NULL) <> (NEW.end_on IS NULL) BEGIN INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, 0, 0, 0, -(OLD.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = b.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id) WHERE b.id = OLD.bed_id AND b.retired_on IS NULL AND -(OLD.end_on IS NULL) <> 0 ON CONFLICT (facility_id, category) DO UPDATE SET occupied = occupied + excluded.occupied; INSERT INTO facility_bed_counters (facility_id, category, beds, nursing, reserve, occupied) SELECT b.facility_id, a.category, 0, 0, 0, (NEW.end_on IS NULL) FROM beds b JOIN bed_attributes a ON a.bed_id = b.id AND a.effective_on = (SELECT max(a2.effective_on) FROM bed_attributes a2 WHERE a2.bed_id = b.id) WHERE b.id = NEW.bed_id AND b.retired_on IS NULL AND (NEW.end_on IS NULL) <> 0 ON CONFLICT (facility_id, category) DO UPDATE SET occupied = occupied + excluded.occupied; END;

-- trigger dv_areas_delete
CREATE TRIGGER dv_areas_delete AFTER DELETE ON areas BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) VALUES ('*', '0000-00', (SELECT seq FROM counters_meta WHERE id = 1)) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_areas_insert
CREATE TRIGGER dv_areas_insert AFTER INSERT ON areas BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) VALUES ('*', '0000-00', (SELECT seq FROM counters_meta WHERE id = 1)) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_areas_update
CREATE TRIGGER dv_areas_update AFTER UPDATE ON areas BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) VALUES ('*', '0000-00', (SELECT seq FROM counters_meta WHERE id = 1)) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_bed_attributes_delete
CREATE TRIGGER dv_bed_attributes_delete AFTER DELETE ON bed_attributes BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = OLD.bed_id) AS d, substr(OLD.effective_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_bed_attributes_insert
CREATE TRIGGER dv_bed_attributes_insert AFTER INSERT ON bed_attributes BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = NEW.bed_id) AS d, substr(NEW.effective_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_bed_attributes_update
CREATE TRIGGER dv_bed_attributes_update AFTER UPDATE ON bed_attributes BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = OLD.bed_id) AS d, substr(min(coalesce(OLD.effective_on, '9999-12-31'), coalesce(NEW.effective_on, '9999-12-31')), 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = NEW.bed_id) AS d, substr(min(coalesce(OLD.effective_on, '9999-12-31'), coalesce(NEW.effective_on, '9999-12-31')), 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_beds_delete
CREATE TRIGGER dv_beds_delete AFTER DELETE ON beds BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) AS d, substr(OLD.opened_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_beds_insert
CREATE TRIGGER dv_beds_insert AFTER INSERT ON beds BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) AS d, substr(NEW.opened_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_beds_update
CREATE TRIGGER dv_beds_update AFTER UPDATE ON beds BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) AS d, substr(CASE WHEN OLD.facility_id IS NOT NEW.facility_id OR OLD.opened_on IS NOT NEW.opened_on THEN min(coalesce(OLD.opened_on, '9999-12-31'), coalesce(NEW.opened_on, '9999-12-31')) ELSE min(coalesce(OLD.retired_on, '9999-12-31'), coalesce(NEW.retired_on, '9999-12-31')) END, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) AS d, substr(CASE WHEN OLD.facility_id IS NOT NEW.facility_id OR OLD.opened_on IS NOT NEW.opened_on THEN min(coalesce(OLD.opened_on, '9999-12-31'), coalesce(NEW.opened_on, '9999-12-31')) ELSE min(coalesce(OLD.retired_on, '9999-12-31'), coalesce(NEW.retired_on, '9999-12-31')) END, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_facilities_delete
CREATE TRIGGER dv_facilities_delete AFTER DELETE ON facilities BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(OLD.area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT DISTINCT substr(area_code, 1, 6), '0000-00', (SELECT seq FROM counters_meta WHERE id = 1) FROM family_care_beds WHERE provider_facility_id = OLD.id ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_facilities_insert
CREATE TRIGGER dv_facilities_insert AFTER INSERT ON facilities BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(NEW.area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT DISTINCT substr(area_code, 1, 6), '0000-00', (SELECT seq FROM counters_meta WHERE id = 1) FROM family_care_beds WHERE provider_facility_id = NEW.id ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_facilities_update
CREATE TRIGGER dv_facilities_update AFTER UPDATE ON facilities BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(OLD.area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(NEW.area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT DISTINCT substr(area_code, 1, 6), '0000-00', (SELECT seq FROM counters_meta WHERE id = 1) FROM family_care_beds WHERE provider_facility_id = NEW.id ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_facility_declarations_delete
CREATE TRIGGER dv_facility_declarations_delete AFTER DELETE ON facility_declarations BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) AS d, substr(OLD.declared_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_facility_declarations_insert
CREATE TRIGGER dv_facility_declarations_insert AFTER INSERT ON facility_declarations BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) AS d, substr(NEW.declared_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_facility_declarations_update
CREATE TRIGGER dv_facility_declarations_update AFTER UPDATE ON facility_declarations BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) AS d, substr(min(OLD.declared_on, NEW.declared_on), 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) AS d, substr(min(OLD.declared_on, NEW.declared_on), 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_facility_status_history_delete
CREATE TRIGGER dv_facility_status_history_delete AFTER DELETE ON facility_status_history BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) AS d, substr(OLD.effective_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT DISTINCT substr(area_code, 1, 6), substr(OLD.effective_on, 1, 7), (SELECT seq FROM counters_meta WHERE id = 1) FROM family_care_beds WHERE provider_facility_id = OLD.facility_id ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_facility_status_history_insert
CREATE TRIGGER dv_facility_status_history_insert AFTER INSERT ON facility_status_history BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) AS d, substr(NEW.effective_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT DISTINCT substr(area_code, 1, 6), substr(NEW.effective_on, 1, 7), (SELECT seq FROM counters_meta WHERE id = 1) FROM family_care_beds WHERE provider_facility_id = NEW.facility_id ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_facility_status_history_update
CREATE TRIGGER dv_facility_status_history_update AFTER UPDATE ON facility_status_history BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) AS d, substr(min(coalesce(OLD.effective_on, '9999-12-31'), coalesce(NEW.effective_on, '9999-12-31')), 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) AS d, substr(min(coalesce(OLD.effective_on, '9999-12-31'), coalesce(NEW.effective_on, '9999-12-31')), 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT DISTINCT substr(area_code, 1, 6), substr(min(coalesce(OLD.effective_on, '9999-12-31'), coalesce(NEW.effective_on, '9999-12-31')), 1, 7), (SELECT seq FROM counters_meta WHERE id = 1) FROM family_care_beds WHERE provider_facility_id = NEW.facility_id ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_family_care_beds_delete
CREATE TRIGGER dv_family_care_beds_delete AFTER DELETE ON family_care_beds BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(OLD.area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_family_care_beds_insert
CREATE TRIGGER dv_family_care_beds_insert AFTER INSERT ON family_care_beds BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(NEW.area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_family_care_beds_update
CREATE TRIGGER dv_family_care_beds_update AFTER UPDATE ON family_care_beds BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(OLD.area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(NEW.area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_population_delete
CREATE TRIGGER dv_population_delete AFTER DELETE ON population BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(OLD.area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_population_insert
CREATE TRIGGER dv_population_insert AFTER INSERT ON population BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(NEW.area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_population_update
CREATE TRIGGER dv_population_update AFTER UPDATE ON population BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(OLD.area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(NEW.area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_staff_delete
CREATE TRIGGER dv_staff_delete AFTER DELETE ON staff BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) AS d, substr(OLD.employed_from, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_staff_insert
CREATE TRIGGER dv_staff_insert AFTER INSERT ON staff BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) AS d, substr(NEW.employed_from, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_staff_update
CREATE TRIGGER dv_staff_update AFTER UPDATE ON staff BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_star_ratings_delete
CREATE TRIGGER dv_star_ratings_delete AFTER DELETE ON star_ratings BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_star_ratings_insert
CREATE TRIGGER dv_star_ratings_insert AFTER INSERT ON star_ratings BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_star_ratings_update
CREATE TRIGGER dv_star_ratings_update AFTER UPDATE ON star_ratings BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_stays_bed_delete
CREATE TRIGGER dv_stays_bed_delete AFTER DELETE ON stays WHEN (SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = OLD.bed_id) IS NOT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = OLD.bed_id) AS d, substr(OLD.start_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_stays_bed_insert
CREATE TRIGGER dv_stays_bed_insert AFTER INSERT ON stays WHEN (SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = NEW.bed_id) IS NOT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = NEW.bed_id) AS d, substr(NEW.start_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_stays_bed_update
CREATE TRIGGER dv_stays_bed_update AFTER UPDATE ON stays WHEN (SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = OLD.bed_id) IS NOT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) OR (SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = NEW.bed_id) IS NOT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = OLD.bed_id) AS d, substr(CASE WHEN OLD.bed_id IS NOT NEW.bed_id OR OLD.facility_id IS NOT NEW.facility_id OR OLD.start_on IS NOT NEW.start_on THEN min(coalesce(OLD.start_on, '9999-12-31'), coalesce(NEW.start_on, '9999-12-31')) ELSE min(coalesce(OLD.end_on, '9999-12-31'), coalesce(NEW.end_on, '9999-12-31')) END, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(f.area_code, 1, 6) FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE b.id = NEW.bed_id) AS d, substr(CASE WHEN OLD.bed_id IS NOT NEW.bed_id OR OLD.facility_id IS NOT NEW.facility_id OR OLD.start_on IS NOT NEW.start_on THEN min(coalesce(OLD.start_on, '9999-12-31'), coalesce(NEW.start_on, '9999-12-31')) ELSE min(coalesce(OLD.end_on, '9999-12-31'), coalesce(NEW.end_on, '9999-12-31')) END, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_stays_delete
CREATE TRIGGER dv_stays_delete AFTER DELETE ON stays BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) AS d, substr(OLD.start_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_stays_insert
CREATE TRIGGER dv_stays_insert AFTER INSERT ON stays BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) AS d, substr(NEW.start_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_stays_update
CREATE TRIGGER dv_stays_update AFTER UPDATE ON stays BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = OLD.facility_id) AS d, substr(CASE WHEN OLD.bed_id IS NOT NEW.bed_id OR OLD.facility_id IS NOT NEW.facility_id OR OLD.start_on IS NOT NEW.start_on THEN min(coalesce(OLD.start_on, '9999-12-31'), coalesce(NEW.start_on, '9999-12-31')) ELSE min(coalesce(OLD.end_on, '9999-12-31'), coalesce(NEW.end_on, '9999-12-31')) END, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1; INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(area_code, 1, 6) FROM facilities WHERE id = NEW.facility_id) AS d, substr(CASE WHEN OLD.bed_id IS NOT NEW.bed_id OR OLD.facility_id IS NOT NEW.facility_id OR OLD.start_on IS NOT NEW.start_on THEN min(coalesce(OLD.start_on, '9999-12-31'), coalesce(NEW.start_on, '9999-12-31')) ELSE min(coalesce(OLD.end_on, '9999-12-31'), coalesce(NEW.end_on, '9999-12-31')) END, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_tekun_categories_delete
CREATE TRIGGER dv_tekun_categories_delete AFTER DELETE ON elder_categories WHEN EXISTS (SELECT 1 FROM tekun_support_needs WHERE elder_id = OLD.elder_id) BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = OLD.elder_id) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_tekun_categories_insert
CREATE TRIGGER dv_tekun_categories_insert AFTER INSERT ON elder_categories WHEN EXISTS (SELECT 1 FROM tekun_support_needs WHERE elder_id = NEW.elder_id) BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = NEW.elder_id) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_tekun_categories_update
CREATE TRIGGER dv_tekun_categories_update AFTER UPDATE ON elder_categories WHEN EXISTS (SELECT 1 FROM tekun_support_needs WHERE elder_id = OLD.elder_id) OR EXISTS (SELECT 1 FROM tekun_support_needs WHERE elder_id = NEW.elder_id) BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = OLD.elder_id) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = NEW.elder_id) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_tekun_delete
CREATE TRIGGER dv_tekun_delete AFTER DELETE ON tekun_support_needs BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = OLD.elder_id) AS d, substr(OLD.effective_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_tekun_elders_delete
CREATE TRIGGER dv_tekun_elders_delete AFTER DELETE ON elders BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(OLD.hukou_area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_tekun_elders_update
CREATE TRIGGER dv_tekun_elders_update AFTER UPDATE OF hukou_area_code ON elders WHEN OLD.hukou_area_code IS NOT NEW.hukou_area_code AND EXISTS (SELECT 1 FROM tekun_support_needs WHERE elder_id = NEW.id) BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(OLD.hukou_area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT substr(NEW.hukou_area_code, 1, 6) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_tekun_insert
CREATE TRIGGER dv_tekun_insert AFTER INSERT ON tekun_support_needs BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = NEW.elder_id) AS d, substr(NEW.effective_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_tekun_stays_delete
CREATE TRIGGER dv_tekun_stays_delete AFTER DELETE ON stays WHEN EXISTS (SELECT 1 FROM tekun_support_needs WHERE elder_id = OLD.elder_id) BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = OLD.elder_id) AS d, substr(OLD.start_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_tekun_stays_insert
CREATE TRIGGER dv_tekun_stays_insert AFTER INSERT ON stays WHEN EXISTS (SELECT 1 FROM tekun_support_needs WHERE elder_id = NEW.elder_id) BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = NEW.elder_id) AS d, substr(NEW.start_on, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_tekun_stays_update
CREATE TRIGGER dv_tekun_stays_update AFTER UPDATE ON stays WHEN EXISTS (SELECT 1 FROM tekun_support_needs WHERE elder_id = OLD.elder_id) OR EXISTS (SELECT 1 FROM tekun_support_needs WHERE elder_id = NEW.elder_id) BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = OLD.elder_id) AS d, substr(CASE WHEN OLD.elder_id IS NOT NEW.elder_id OR OLD.start_on IS NOT NEW.start_on THEN min(coalesce(OLD.start_on, '9999-12-31'), coalesce(NEW.start_on, '9999-12-31')) ELSE min(coalesce(OLD.end_on, '9999-12-31'), coalesce(NEW.end_on, '9999-12-31')) END, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = NEW.elder_id) AS d, substr(CASE WHEN OLD.elder_id IS NOT NEW.elder_id OR OLD.start_on IS NOT NEW.start_on THEN min(coalesce(OLD.start_on, '9999-12-31'), coalesce(NEW.start_on, '9999-12-31')) ELSE min(coalesce(OLD.end_on, '9999-12-31'), coalesce(NEW.end_on, '9999-12-31')) END, 1, 7) AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger dv_tekun_update
CREATE TRIGGER dv_tekun_update AFTER UPDATE ON tekun_support_needs BEGIN UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = OLD.elder_id) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; UPDATE counters_meta SET seq = seq + 1 WHERE id = 1 AND (1); INSERT INTO district_dated_versions (district_code, from_month, seq) SELECT d, m, (SELECT seq FROM counters_meta WHERE id = 1) FROM (SELECT (SELECT substr(hukou_area_code, 1, 6) FROM elders WHERE id = NEW.elder_id) AS d, '0000-00' AS m) WHERE d IS NOT NULL AND m < '9999' AND (1) ON CONFLICT (district_code, from_month) DO UPDATE SET seq = excluded.seq; END;

-- trigger fbc_insert
CREATE TRIGGER fbc_insert AFTER INSERT ON facility_bed_counters BEGIN INSERT INTO district_bed_counters (district_code, kind, status, category, beds, nursing, reserve, occupied) SELECT f.district_code, f.kind, f.status, NEW.category, NEW.beds, NEW.nursing, NEW.reserve, NEW.occupied FROM facilities f WHERE f.id = NEW.facility_id ON CONFLICT (district_code, kind, status, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; END;

-- trigger fbc_update
CREATE TRIGGER fbc_update AFTER UPDATE ON facility_bed_counters BEGIN INSERT INTO district_bed_counters (district_code, kind, status, category, beds, nursing, reserve, occupied) SELECT f.district_code, f.kind, f.status, NEW.category, NEW.beds - OLD.beds, NEW.nursing - OLD.nursing, NEW.reserve - OLD.reserve, NEW.occupied - OLD.occupied FROM facilities f WHERE f.id = NEW.facility_id ON CONFLICT (district_code, kind, status, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; END;

-- trigger fc_facility_delete
CREATE TRIGGER fc_facility_delete AFTER DELETE ON facilities BEGIN INSERT INTO district_facility_counters (district_code, kind, status, medical_service, facilities, approved, without_approved) VALUES (substr(OLD.area_code, 1, 6), OLD.kind, OLD.status, OLD.medical_service, -1, -coalesce(OLD.approved_beds, 0), -(OLD.approved_beds IS NULL)) ON CONFLICT (district_code, kind, status, medical_service) DO UPDATE SET facilities = facilities + excluded.facilities, approved = approved + excluded.approved, without_approved = without_approved + excluded.without_approved; INSERT INTO district_bed_counters (district_code, kind, status, category, beds, nursing, reserve, occupied) SELECT substr(OLD.area_code, 1, 6), OLD.kind, OLD.status, c.category, -c.beds, -c.nursing, -c.reserve, -c.occupied FROM facility_bed_counters c WHERE c.facility_id = OLD.id ON CONFLICT (district_code, kind, status, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; DELETE FROM facility_bed_counters WHERE facility_id = OLD.id; END;

-- trigger fc_facility_insert
CREATE TRIGGER fc_facility_insert AFTER INSERT ON facilities BEGIN INSERT INTO district_facility_counters (district_code, kind, status, medical_service, facilities, approved, without_approved) VALUES (substr(NEW.area_code, 1, 6), NEW.kind, NEW.status, NEW.medical_service, 1, 1 * coalesce(NEW.approved_beds, 0), 1 * (NEW.approved_beds IS NULL)) ON CONFLICT (district_code, kind, status, medical_service) DO UPDATE SET facilities = facilities + excluded.facilities, approved = approved + excluded.approved, without_approved = without_approved + excluded.without_approved; END;

-- trigger fc_facility_update
CREATE TRIGGER fc_facility_update AFTER UPDATE OF kind, status, area_code, medical_service, approved_beds ON facilities BEGIN INSERT INTO district_facility_counters (district_code, kind, status, medical_service, facilities, approved, without_approved) VALUES (substr(OLD.area_code, 1, 6), OLD.kind, OLD.status, OLD.medical_service, -1, -1 * coalesce(OLD.approved_beds, 0), -1 * (OLD.approved_beds IS NULL)) ON CONFLICT (district_code, kind, status, medical_service) DO UPDATE SET facilities = facilities + excluded.facilities, approved = approved + excluded.approved, without_approved = without_approved + excluded.without_approved; INSERT INTO district_facility_counters (district_code, kind, status, medical_service, facilities, approved, without_approved) VALUES (substr(NEW.area_code, 1, 6), NEW.kind, NEW.status, NEW.medical_service, 1, 1 * coalesce(NEW.approved_beds, 0), 1 * (NEW.approved_beds IS NULL)) ON CONFLICT (district_code, kind, status, medical_service) DO UPDATE SET facilities = facilities + excluded.facilities, approved = approved + excluded.approved, without_approved = without_approved + excluded.without_approved; INSERT INTO district_bed_counters (district_code, kind, status, category, beds, nursing, reserve, occupied) SELECT substr(OLD.area_code, 1, 6), OLD.kind, OLD.status, c.category, -c.beds, -c.nursing, -c.reserve, -c.occupied FROM facility_bed_counters c WHERE c.facility_id = OLD.id ON CONFLICT (district_code, kind, status, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; INSERT INTO district_bed_counters (district_code, kind, status, category, beds, nursing, reserve, occupied) SELECT substr(NEW.area_code, 1, 6), NEW.kind, NEW.status, c.category, c.beds, c.nursing, c.reserve, c.occupied FROM facility_bed_counters c WHERE c.facility_id = NEW.id ON CONFLICT (district_code, kind, status, category) DO UPDATE SET beds = beds + excluded.beds, nursing = nursing + excluded.nursing, reserve = reserve + excluded.reserve, occupied = occupied + excluded.occupied; END;

-- trigger sl_beds_label
CREATE TRIGGER sl_beds_label AFTER UPDATE OF number, room_id ON beds BEGIN UPDATE stay_labels SET (room_number, bed_number) = (SELECT r.number, b.number FROM beds b JOIN rooms r ON r.id = b.room_id WHERE b.id = NEW.id) WHERE stay_id IN (SELECT id FROM stays WHERE bed_id = NEW.id); END;

-- trigger sl_rooms_number
CREATE TRIGGER sl_rooms_number AFTER UPDATE OF number ON rooms BEGIN UPDATE stay_labels SET room_number = NEW.number WHERE stay_id IN (SELECT s.id FROM beds b JOIN stays s ON s.bed_id = b.id WHERE b.room_id = NEW.id); END;

-- trigger sl_stays_delete
CREATE TRIGGER sl_stays_delete AFTER DELETE ON stays BEGIN DELETE FROM stay_labels WHERE stay_id = OLD.id; END;

-- trigger sl_stays_insert
CREATE TRIGGER sl_stays_insert AFTER INSERT ON stays BEGIN INSERT INTO stay_labels (stay_id, room_number, bed_number) SELECT NEW.id, r.number, b.number FROM beds b JOIN rooms r ON r.id = b.room_id WHERE b.id = NEW.bed_id; END;

-- trigger sl_stays_rebed
CREATE TRIGGER sl_stays_rebed AFTER UPDATE OF id, bed_id ON stays BEGIN DELETE FROM stay_labels WHERE stay_id = OLD.id; INSERT INTO stay_labels (stay_id, room_number, bed_number) SELECT NEW.id, r.number, b.number FROM beds b JOIN rooms r ON r.id = b.room_id WHERE b.id = NEW.bed_id; END;

-- trigger stay_leaves_no_overlap_insert
CREATE TRIGGER stay_leaves_no_overlap_insert BEFORE INSERT ON stay_leaves BEGIN SELECT RAISE(ABORT, 'STAY_CONFLICT: leave overlaps another leave of the same admission') WHERE EXISTS (SELECT 1 FROM stay_leaves o WHERE o.admission_id = NEW.admission_id AND o.id <> NEW.id AND (NEW.start_on < coalesce(o.end_on, '9999-12-31') AND o.start_on < coalesce(NEW.end_on, '9999-12-31'))); END;

-- trigger stay_leaves_no_overlap_update
CREATE TRIGGER stay_leaves_no_overlap_update BEFORE UPDATE ON stay_leaves BEGIN SELECT RAISE(ABORT, 'STAY_CONFLICT: leave overlaps another leave of the same admission') WHERE EXISTS (SELECT 1 FROM stay_leaves o WHERE o.admission_id = NEW.admission_id AND o.id <> NEW.id AND (NEW.start_on < coalesce(o.end_on, '9999-12-31') AND o.start_on < coalesce(NEW.end_on, '9999-12-31'))); END;

-- trigger stays_no_overlap_insert
CREATE TRIGGER stays_no_overlap_insert BEFORE INSERT ON stays BEGIN SELECT RAISE(ABORT, 'BED_OCCUPIED: stay overlaps another stay of the same bed') WHERE EXISTS (SELECT 1 FROM stays o WHERE o.bed_id = NEW.bed_id AND o.id <> NEW.id AND (NEW.start_on < coalesce(o.end_on, '9999-12-31') AND o.start_on < coalesce(NEW.end_on, '9999-12-31'))); SELECT RAISE(ABORT, 'STAY_CONFLICT: stay overlaps another stay of the same elder') WHERE EXISTS (SELECT 1 FROM stays o WHERE o.elder_id = NEW.elder_id AND o.id <> NEW.id AND (NEW.start_on < coalesce(o.end_on, '9999-12-31') AND o.start_on < coalesce(NEW.end_on, '9999-12-31'))); END;

-- trigger stays_no_overlap_update
CREATE TRIGGER stays_no_overlap_update BEFORE UPDATE ON stays BEGIN SELECT RAISE(ABORT, 'BED_OCCUPIED: stay overlaps another stay of the same bed') WHERE EXISTS (SELECT 1 FROM stays o WHERE o.bed_id = NEW.bed_id AND o.id <> NEW.id AND (NEW.start_on < coalesce(o.end_on, '9999-12-31') AND o.start_on < coalesce(NEW.end_on, '9999-12-31'))); SELECT RAISE(ABORT, 'STAY_CONFLICT: stay overlaps another stay of the same elder') WHERE EXISTS (SELECT 1 FROM stays o WHERE o.elder_id = NEW.elder_id AND o.id <> NEW.id AND (NEW.start_on < coalesce(o.end_on, '9999-12-31') AND o.start_on < coalesce(NEW.end_on, '9999-12-31'))); END;
