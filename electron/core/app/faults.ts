import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { backupFolderFor } from '../db/migrate';

// SQLite's failures, as the user can act on them. Used by the dispatcher (the one place failures become
// results), the core's open, the import jobs, the backup handler and the CLI.

/** better-sqlite3 reports constraint failures by code; they are user errors, not crashes. */
export function constraintError(err: unknown): AppError | null {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return null;
  const message = (err as Error).message;
  // A trigger that refuses in Chinese says why (机构的运营状态由状态记录决定…, 审计日志不可修改): shown as it is.
  const said = /^(?:[A-Z_]+: )?([^\x00-\x7F].*)$/u.exec(message)?.[1];
  return new AppError('CONFLICT', said ? `${said}，未保存` : '数据与已有记录冲突，未保存', { sqlite: code, message });
}

/** The newest backup beside the database (pre-migration and 立即备份 copies), for a damaged file's message. */
export function newestBackup(dbPath: string): string | null {
  const folder = backupFolderFor(dbPath);
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((n) => n.endsWith('.sqlite'));
  } catch {
    return null;
  }
  const dated = names.map((n) => ({ n, at: fs.statSync(path.join(folder, n)).mtimeMs })).sort((a, b) => b.at - a.at);
  return dated[0] ? path.join(folder, dated[0].n) : null;
}

/**
 * SQLite's failures of the file and the disk, which the user (or the person at the station) can act
 * on: named in Chinese instead of INTERNAL. Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_READONLY_DBMOVED)
 * are matched by their primary code. Exported for the CLI.
 */
export function sqliteFault(err: unknown, dbPath: string): AppError | null {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const primary = code.split('_').slice(0, 2).join('_');
  const details = { sqlite: code };
  switch (primary) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new AppError('DATABASE_BUSY', undefined, details);
    case 'SQLITE_FULL':
      return new AppError('DISK_FULL', undefined, details);
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
      // A WAL file read-only needs its shared-memory file beside it: in a folder no one may write, not even reading works.
      if (code === 'SQLITE_READONLY_DIRECTORY') {
        return new AppError('DATABASE_READ_ONLY', '数据库所在的文件夹不可写，无法打开数据库（即使只读）。请把数据库文件复制到可写的文件夹后再打开', details);
      }
      return new AppError('DATABASE_READ_ONLY', undefined, details);
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT': {
      const backup = newestBackup(dbPath);
      const where = backup ? `最近的备份是 ${path.basename(backup)}（在 ${path.dirname(backup)}）` : '未找到本机的备份文件';
      return new AppError('DATABASE_DAMAGED', `数据库文件已损坏，${where}，请用备份恢复并联系技术支持`, { ...details, backup });
    }
    default:
      return null;
  }
}
