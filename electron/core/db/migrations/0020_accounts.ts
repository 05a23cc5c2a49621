import { sql, type Kysely } from 'kysely';
import { auditHash, type ChainedColumns } from '../../app/auditChain';

// Accounts, roles and a tamper-evident audit trail (issue 27).
//
// An account is a person who logs in; `users` (0001) stays the table of actors the old rows name.
// Accounts are never deleted (the audit log names them): disabled_at marks one that may no longer log in.
// A grant is one role over a scope: scope_kind 'all' (the whole installation), 'district' (scope_id is a
// 6-digit district code) or 'facility' (a facility id). An account may hold several grants.
//
// The audit log becomes a hash chain: each entry stores the hash of the one before it (prev_hash) and its
// own (hash, over prev_hash and every column). Rows written before this migration are chained here in seq
// order, so `audit verify` covers the whole log. Triggers refuse updates and deletes; someone with the
// file can drop them, which is what the chain is for: verify names the first entry that no longer fits.
// Frozen once released: change it with a new migration.

const STATEMENTS = [
  `CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 50),
    password_hash TEXT NOT NULL,
    password_set_at TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until TEXT,
    disabled_at TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT`,
  `CREATE TABLE account_grants (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    role TEXT NOT NULL CHECK (role IN ('sysadmin', 'auditor', 'district', 'facility_admin', 'facility_staff', 'readonly')),
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('all', 'district', 'facility')),
    scope_id TEXT CHECK ((scope_kind = 'all') = (scope_id IS NULL)),
    UNIQUE (account_id, role, scope_kind, scope_id)
  ) STRICT`,
  `CREATE INDEX account_grants_account ON account_grants(account_id)`,
  `ALTER TABLE audit_log ADD COLUMN prev_hash TEXT`,
  `ALTER TABLE audit_log ADD COLUMN hash TEXT`,
];

const PROTECT = [
  `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '审计日志不可修改'); END`,
  `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, '审计日志不可删除'); END`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  let prev: string | null = null;
  let after = 0;
  // In pages, so a large log never sits in memory at once.
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(5000).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const hash = auditHash(prev, row as ChainedColumns);
      await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', row.seq).execute();
      prev = hash;
      after = row.seq;
    }
  }
  for (const statement of PROTECT) await sql.raw(statement).execute(db);
}
