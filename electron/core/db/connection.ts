import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema';

export type Sqlite = BetterSqlite3.Database;

/**
 * Opens the database file with the durability settings the product promises: WAL so readers never
 * block the writer, synchronous=FULL so a committed admission survives a power cut, foreign keys on,
 * and a busy timeout so a second process (CLI beside the app) waits instead of failing at once. A page
 * cache of up to 64 MB instead of SQLite's 2 MB: on a national file the indicator refresh after an
 * admission by another connection went from a 40 ms to a 21 ms median (a small file never fills it).
 */
export function openSqlite(file: string): Sqlite {
  const sqlite = new BetterSqlite3(file);
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  return sqlite;
}

/**
 * Kysely over better-sqlite3 with prepared statements memoised by SQL text: preparing costs more than
 * running a small query, and Kysely would otherwise prepare every query afresh (measured about 2× slower
 * on hot reads). Kysely runs one query at a time on its single connection, so a cached statement is never
 * in use twice; streaming (iterate) is not used by the core.
 */
export function createKysely(sqlite: Sqlite, options: { statementCache?: boolean } = {}): Kysely<Database> {
  if (options.statementCache === false) return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const cache = new Map<string, BetterSqlite3.Statement>();
  const database = {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (!statement) {
        statement = sqlite.prepare(text);
        // Queries built with varying IN-lists would grow the cache without bound; keep it bounded.
        if (cache.size >= 1000) cache.delete(cache.keys().next().value!);
        cache.set(text, statement);
      }
      return statement;
    },
  };
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: database as unknown as Sqlite }) });
}
