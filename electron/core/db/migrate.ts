import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely, type Migration } from 'kysely';
import { MIGRATIONS } from './migrations';
import type { Sqlite } from './connection';
import { backupFileAtomically } from './backupFile';
import { beijingTime } from '../../../shared/domain/calendar';

export interface MigrationOutcome {
  applied: string[];
  backupPath: string | null;
  schemaVersion: string;
}

export function backupFolderFor(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'backups');
}

/** Beijing time, as people at the station read their clocks (20261123-120000): a UTC stamp sent them looking for a backup eight hours off. */
export function timestampForFile(date: Date): string {
  return beijingTime(date).replace(/[-:]/g, '').replace(' ', '-');
}

/**
 * The migrations a database still lacks, read without writing anything (a read-only file is checked,
 * never migrated). A file without schema_migrations lacks them all.
 */
export function pendingMigrations(sqlite: Sqlite, migrations: Record<string, Migration> = MIGRATIONS): { pending: string[]; unknown: string[]; current: string | null } {
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  const done = hasTable ? (sqlite.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all() as string[]) : [];
  const names = Object.keys(migrations).sort();
  return {
    pending: names.filter((n) => !done.includes(n)),
    unknown: done.filter((n) => !migrations[n]),
    current: done.length ? done[done.length - 1]! : null,
  };
}

/**
 * Applies pending migrations in name order, each in its own transaction together with its row in
 * schema_migrations, after copying the database with SQLite's online backup so a failed upgrade can
 * always be undone by hand. (Kysely's Migrator runs SQLite migrations outside any transaction, since
 * its SQLite adapter reports no transactional DDL; SQLite does support it, so we run them ourselves.)
 * A brand-new database needs no backup.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  sqlite: Sqlite,
  dbPath: string,
  migrations: Record<string, Migration> = MIGRATIONS,
): Promise<MigrationOutcome> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`.execute(db);
  const done = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((r: { name: string }) => r.name));
  const names = Object.keys(migrations).sort();
  const unknown = [...done].filter((n) => !migrations[n]);
  if (unknown.length) {
    throw new Error(`数据库由更新版本的 CareBeds 创建（含未知的结构版本 ${unknown.join('、')}），请升级软件后再打开`);
  }
  const pending = names.filter((n) => !done.has(n));
  let backupPath: string | null = null;
  if (pending.length > 0 && done.size > 0 && dbPath !== ':memory:') {
    const folder = backupFolderFor(dbPath);
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    backupPath = path.join(folder, `pre-migration-${pending[0]}-${timestampForFile(new Date())}.sqlite`);
    await backupFileAtomically(sqlite, backupPath);
  }
  const applied: string[] = [];
  for (const name of pending) {
    try {
      await db.transaction().execute(async (trx) => {
        await migrations[name]!.up(trx);
        await trx.insertInto('schema_migrations').values({ name, applied_at: new Date().toISOString() }).execute();
      });
    } catch (error) {
      throw new Error(`数据库升级失败（${name}）：${(error as Error).message}。升级前的备份：${backupPath ?? '无'}`);
    }
    applied.push(name);
  }
  return { applied, backupPath, schemaVersion: names[names.length - 1] ?? 'none' };
}
