import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, type DatabaseConnection, type Driver } from 'kysely';
import type { Database } from './schema';

export type Sqlite = BetterSqlite3.Database;

/**
 * Opens the database file with the durability settings the product promises: WAL so readers never
 * block the writer, synchronous=FULL so a committed admission survives a power cut, foreign keys on,
 * and a busy timeout so a second process (CLI beside the app) waits instead of failing at once. A page
 * cache of up to 64 MB instead of SQLite's 2 MB: on a national file the indicator refresh after an
 * admission by another connection went from a 40 ms to a 21 ms median (a small file never fills it).
 */
export function openSqlite(file: string, options: { readonly?: boolean; busyTimeoutMs?: number } = {}): Sqlite {
  const sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
  // A read-only connection cannot switch the journal mode; a file this app wrote is in WAL already.
  if (file !== ':memory:' && !options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`);
  sqlite.pragma(`cache_size = -${CACHE_KIB}`);
  return sqlite;
}

/**
 * How long a write waits for another process's write (a CLI import beside the app) before giving up
 * with DATABASE_BUSY. Five seconds covers an ordinary import's commit; a longer one is reported, not hung on.
 */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Kysely begins SQLite transactions DEFERRED: the first read takes a snapshot, and the first write then
 * has to upgrade it. If another process wrote meanwhile, or holds the write lock, SQLite refuses the
 * upgrade at once, without waiting out the busy timeout (waiting could deadlock) — that is how a CLI
 * import made almost every write of the app fail at the same instant. BEGIN IMMEDIATE takes the write
 * lock first, where SQLite does wait. Every transaction the core opens through Kysely is a write.
 *
 * A full disk (and some I/O errors) makes SQLite roll the transaction back itself; Kysely's ROLLBACK then
 * failed with "no transaction is active" and hid SQLITE_FULL behind an INTERNAL. Rollback is skipped
 * when SQLite has already done it.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    database: Sqlite,
    private readonly sqlite: Sqlite,
  ) {
    super({ database });
  }
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    driver.rollbackTransaction = async (connection: DatabaseConnection) => {
      if (this.sqlite.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'));
    };
    return driver;
  }
}

const CACHE_KIB = 64 * 1024;
const BULK_CACHE_KIB = 256 * 1024;
const bulkWriters = new WeakMap<Sqlite, number>();

/**
 * Runs a bulk write with a 256 MB page cache, given back when the last such write on the connection ends
 * (two imports may overlap: one must not give back the other's cache, nor keep it for good). 100,000 new
 * rows touch more index pages than 64 MB holds, and pages spilled to the WAL mid-transaction are written
 * again when touched again: on the national file the elders insert took 2.6-4.8 s with 64 MB and 2.1-2.2 s
 * with 256 MB.
 */
export async function withBulkCache<T>(sqlite: Sqlite, work: () => Promise<T>): Promise<T> {
  const running = bulkWriters.get(sqlite) ?? 0;
  bulkWriters.set(sqlite, running + 1);
  if (running === 0) sqlite.pragma(`cache_size = -${BULK_CACHE_KIB}`);
  try {
    return await work();
  } finally {
    const left = bulkWriters.get(sqlite)! - 1;
    bulkWriters.set(sqlite, left);
    if (left === 0 && sqlite.open) sqlite.pragma(`cache_size = -${CACHE_KIB}`);
  }
}

/**
 * Kysely over better-sqlite3 with prepared statements memoised by SQL text: preparing costs more than
 * running a small query, and Kysely would otherwise prepare every query afresh (measured about 2× slower
 * on hot reads). Kysely runs one query at a time on its single connection, so a cached statement is never
 * in use twice; streaming (iterate) is not used by the core.
 */
export function createKysely(sqlite: Sqlite, options: { statementCache?: boolean } = {}): Kysely<Database> {
  if (options.statementCache === false) return new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite, sqlite) });
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
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect(database as unknown as Sqlite, sqlite) });
}
