import { sql, type Kysely } from 'kysely';

// Keys of exchange packages (features/exchange/keys.ts). `exchange_own_key` is this installation's one
// key pair of each kind, made on first use: Ed25519 to sign what it sends, X25519 to receive. The private
// keys are stored here, in the database file, which must therefore be protected like the data itself.
// `exchange_keys` are other installations' public keys, each first seen in a package; `exchange_key_pins`
// says which key may send packages of a facility (one key per facility; accepting a new key repoints it).
// Frozen once released: change it with a new migration.
const STATEMENTS = [
  `CREATE TABLE exchange_own_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    sign_public BLOB NOT NULL,
    sign_private BLOB NOT NULL,
    box_public BLOB NOT NULL,
    box_private BLOB NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT`,
  `CREATE TABLE exchange_keys (
    fingerprint TEXT PRIMARY KEY,
    sign_public BLOB NOT NULL,
    box_public BLOB NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    accepted_by TEXT NOT NULL
  ) STRICT`,
  `CREATE TABLE exchange_key_pins (
    facility_id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL REFERENCES exchange_keys(fingerprint),
    pinned_at TEXT NOT NULL,
    pinned_by TEXT NOT NULL
  ) STRICT`,
  `CREATE INDEX exchange_key_pins_key ON exchange_key_pins(fingerprint)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
