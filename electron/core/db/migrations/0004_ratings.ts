import { sql, type Kysely } from 'kysely';

// Star-rating decisions (星级评定). One row per decision, never updated except to record a revocation:
// a downgrade or a promotion is a new row, so the star in force on any past date can be recomputed.
// The star in force on D is the facility's latest decision with decided_on <= D, provided it is still
// valid on D (valid_until >= D, inclusive) and not revoked by then.
// - valid_until_reason is required (by the service, which knows each scheme's validity) whenever
//   valid_until is not the derived default.
// - A decision that breaks a rating rule is stored only with rule_exception_reason; the violated rules
//   (JSON array of {ruleId, message} as checked at entry) are kept beside it, and both go to the audit log.
// - Revocation sets revoked_on and revoke_reason together; the row is never deleted.
// - Section scores exist (GB/T 37276 framework, maxima MED confidence) for institutions only; when all
//   four are known the total must be their sum.
// Frozen once released: change the schema with a new migration.

const ISO_DATE = (col: string) => `(${col} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date(${col}) = ${col})`;
const SCORE = (col: string, max: number) => `${col} REAL CHECK (${col} IS NULL OR (${col} >= 0 AND ${col} <= ${max}))`;

const STATEMENTS = [
  `CREATE TABLE star_ratings (
     id TEXT PRIMARY KEY,
     facility_id TEXT NOT NULL REFERENCES facilities(id),
     scheme TEXT NOT NULL CHECK (scheme IN ('institution', 'station')),
     level INTEGER NOT NULL CHECK (level >= 1 AND level <= CASE scheme WHEN 'institution' THEN 5 ELSE 3 END),
     decided_on TEXT NOT NULL CHECK ${ISO_DATE('decided_on')},
     valid_until TEXT NOT NULL CHECK (${ISO_DATE('valid_until')} AND valid_until > decided_on),
     valid_until_reason TEXT CHECK (valid_until_reason IS NULL OR length(valid_until_reason) > 0),
     ${SCORE('score_environment', 120)},
     ${SCORE('score_facilities', 130)},
     ${SCORE('score_operations', 150)},
     ${SCORE('score_services', 600)},
     total REAL CHECK (total IS NULL OR (total >= 0 AND total <= 1000)),
     reviewer TEXT,
     notes TEXT,
     rule_exception_reason TEXT CHECK (rule_exception_reason IS NULL OR length(rule_exception_reason) > 0),
     rule_violations TEXT CHECK (rule_violations IS NULL OR json_valid(rule_violations)),
     revoked_on TEXT CHECK (revoked_on IS NULL OR (${ISO_DATE('revoked_on')} AND revoked_on >= decided_on)),
     revoke_reason TEXT CHECK (revoke_reason IS NULL OR length(revoke_reason) > 0),
     created_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL,
     CHECK ((revoked_on IS NULL) = (revoke_reason IS NULL)),
     CHECK ((rule_violations IS NULL) = (rule_exception_reason IS NULL)),
     CHECK (scheme = 'institution' OR (score_environment IS NULL AND score_facilities IS NULL AND score_operations IS NULL AND score_services IS NULL)),
     CHECK (total IS NULL OR score_environment IS NULL OR score_facilities IS NULL OR score_operations IS NULL OR score_services IS NULL
            OR abs(total - (score_environment + score_facilities + score_operations + score_services)) < 0.001),
     UNIQUE (facility_id, decided_on)
   ) STRICT`,
  // The UNIQUE (facility_id, decided_on) index answers "latest decision on or before D" per facility,
  // the core of every as-of query (per facility and, joined from facilities.district_code, per district).
  // Expiry lists scan by valid_until.
  `CREATE INDEX star_ratings_valid_until ON star_ratings(valid_until, facility_id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
