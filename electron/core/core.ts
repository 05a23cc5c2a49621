import fs from 'node:fs';
import path from 'node:path';
import { consoleLogger, LOCAL_ACTOR, type Actor, type CoreContext, type Logger } from './app/context';
import { createKysely, openSqlite } from './db/connection';
import { migrateToLatest, type MigrationOutcome } from './db/migrate';
import { createDispatch, type Dispatch } from './dispatch';
import { JobRegistry } from './import/jobs';
import { countOffThread, createCountingState, stopCountWorker } from './counting';

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
}

/** Opens (or creates) a database, brings its schema up to date, and wires the dispatcher. */
export async function openCore(options: CoreOptions): Promise<Core> {
  if (options.dbPath !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(options.dbPath)), { recursive: true });
  const sqlite = openSqlite(options.dbPath);
  const db = createKysely(sqlite, { statementCache: options.statementCache });
  const logger = options.logger ?? consoleLogger;
  try {
    const migration = await migrateToLatest(db, sqlite, options.dbPath);
    const ctx: CoreContext = {
      db,
      sqlite,
      dbPath: options.dbPath,
      actor: options.actor ?? LOCAL_ACTOR,
      now: options.now ?? (() => new Date()),
      logger,
      schemaVersion: migration.schemaVersion,
      jobs: new JobRegistry(logger),
      counting: createCountingState(),
    };
    countOffThread(ctx.counting, options.dbPath, logger);
    const close = async () => {
      stopCountWorker(ctx.counting);
      await db.destroy();
    };
    return { ctx, dispatch: createDispatch(ctx), migration, close };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
