import fs from 'node:fs';
import path from 'node:path';
import { consoleLogger, LOCAL_ACTOR, type Actor, type CoreContext, type Logger } from './app/context';
import { createKysely, openSqlite, type Sqlite } from './db/connection';
import { backupFolderFor, migrateToLatest, pendingMigrations, type MigrationOutcome } from './db/migrate';
import { removeStalePartials } from './db/backupFile';
import { createDispatch, type Dispatch } from './dispatch';
import { sqliteFault } from './app/faults';
import { AppError } from '../../shared/errors';
import { JobRegistry } from './import/jobs';
import { countOffThread, createCountingState, stopCountWorker } from './counting';
import { PRODUCTION_SCRYPT_LOG2N, SessionStore } from './app/sessions';

export interface Core {
  ctx: CoreContext;
  dispatch: Dispatch;
  migration: MigrationOutcome;
  close(): Promise<void>;
}

export interface CoreOptions {
  dbPath: string;
  actor?: Actor;
  now?: () => Date;
  logger?: Logger;
  /** Memoise prepared statements under Kysely (default on; the benchmark turns it off for its baseline). */
  statementCache?: boolean;
  /** Open read-only even if the file is writable (tests; root can write a 0444 file). Default: when not writable. */
  readOnly?: boolean;
  /**
   * Every call but the public ones needs a signed-in session (the HTTP host, the desktop window). Without
   * it the core acts as `actor` with every right: the CLI, as the operating-system user who owns the file.
   */
  requireSession?: boolean;
  /** Test-only: a cheaper scrypt (log2 N). Production always uses the default, N = 2^17. */
  scryptLog2N?: number;
}

/** A database file this process may not write (permissions, a read-only share or medium). */
export function fileIsReadOnly(file: string): boolean {
  if (file === ':memory:' || !fs.existsSync(file)) return false;
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/**
 * A read-only file is opened read-only and used as it is, if its schema is current: nothing may be
 * written to it, not even a migration, so a file that needs one is refused with the reason.
 */
function checkReadOnlySchema(sqlite: Sqlite): MigrationOutcome {
  const { pending, unknown, current } = pendingMigrations(sqlite);
  if (unknown.length) throw new AppError('DATABASE_READ_ONLY', `数据库由更新版本的 CareBeds 创建（含未知的结构版本 ${unknown.join('、')}），请升级软件后再打开`);
  if (pending.length) {
    throw new AppError(
      'DATABASE_READ_ONLY',
      `数据库文件为只读，而它需要升级结构（${current ?? '空库'} → ${pending[pending.length - 1]}）才能使用。请让该文件可写，或复制到可写的文件夹后再打开`,
    );
  }
  return { applied: [], backupPath: null, schemaVersion: current! };
}

/**
 * Opens (or creates) a database, brings its schema up to date, and wires the dispatcher. A file that
 * cannot be opened, is damaged or is read-only and outdated throws an AppError that says so in Chinese.
 */
export async function openCore(options: CoreOptions): Promise<Core> {
  if (options.dbPath !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(options.dbPath)), { recursive: true });
  const readOnly = options.readOnly ?? fileIsReadOnly(options.dbPath);
  const isNew = options.dbPath !== ':memory:' && !fs.existsSync(options.dbPath);
  // Copies a killed process left half-written (pre-migration backups) are of no use to anyone.
  if (options.dbPath !== ':memory:' && !readOnly) removeStalePartials(backupFolderFor(path.resolve(options.dbPath)));
  let sqlite: Sqlite;
  try {
    sqlite = openSqlite(options.dbPath, { readonly: readOnly });
  } catch (err) {
    throw sqliteFault(err, options.dbPath) ?? err;
  }
  // A new file is its owner's alone (0600 on POSIX): the file's permissions are what protect it from other
  // users of the PC, and what the CLI relies on when it acts as that owner.
  if (isNew && process.platform !== 'win32') fs.chmodSync(options.dbPath, 0o600);
  const db = createKysely(sqlite, { statementCache: options.statementCache });
  const logger = options.logger ?? consoleLogger;
  try {
    const migration = readOnly ? checkReadOnlySchema(sqlite) : await migrateToLatest(db, sqlite, options.dbPath);
    const ctx: CoreContext = {
      db,
      sqlite,
      dbPath: options.dbPath,
      actor: options.actor ?? LOCAL_ACTOR,
      now: options.now ?? (() => new Date()),
      logger,
      schemaVersion: migration.schemaVersion,
      readOnly,
      jobs: new JobRegistry(logger, (err) => sqliteFault(err, options.dbPath)),
      counting: createCountingState(),
      requireSession: options.requireSession ?? false,
      access: null,
      scope: null,
      session: null,
      address: null,
      sessions: new SessionStore(),
      scryptLog2N: options.scryptLog2N ?? PRODUCTION_SCRYPT_LOG2N,
      lan: null,
      lanControl: null,
    };
    countOffThread(ctx.counting, options.dbPath, logger);
    let closed: Promise<void> | null = null;
    // Waits for the query or transaction under way (Kysely's connection lock), folds the WAL back into
    // the database file, then closes: the file on disk is whole without its -wal beside it.
    const close = () =>
      (closed ??= (async () => {
        stopCountWorker(ctx.counting);
        await db.connection().execute(async () => {
          if (!readOnly && sqlite.open) {
            try {
              // A reader still inside a transaction (a count worker stopped mid-request) would hold the
              // checkpoint for the whole busy timeout; a second is enough, the next open finishes it.
              sqlite.pragma('busy_timeout = 1000');
              sqlite.pragma('wal_checkpoint(TRUNCATE)');
            } catch (err) {
              logger.warn('关闭前的 WAL 检查点未完成（将在下次打开时完成）', err);
            }
          }
        });
        await db.destroy();
      })());
    return { ctx, dispatch: createDispatch(ctx), migration, close };
  } catch (err) {
    await db.destroy();
    throw err instanceof AppError ? err : (sqliteFault(err, options.dbPath) ?? err);
  }
}
