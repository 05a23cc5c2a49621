import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema';

export type Sqlite = BetterSqlite3.Database;

/**
 * Opens the database file with the durability settings the product promises: WAL so readers never
 * block the writer, synchronous=FULL so a committed admission survives a power cut, foreign keys on,
 * and a busy timeout so a second process (CLI beside the app) waits instead of failing at once.
 */
export function openSqlite(file: string): Sqlite {
  const sqlite = new BetterSqlite3(file);
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export function createKysely(sqlite: Sqlite): Kysely<Database> {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
