import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../../shared/errors';
import type { CoreContext } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import { timestampForFile } from '../../db/migrate';
import { backupFileAtomically } from '../../db/backupFile';
import { sqliteFault } from '../../app/faults';
import { offerDownload, removeAll } from '../system/downloads';

/** carebeds-20261123-120000.sqlite, in Beijing time like every file name the app makes. */
export function backupFileName(at: Date): string {
  return `carebeds-${timestampForFile(at)}.sqlite`;
}

/** What a file system error means for the person saving a backup. */
function fileProblem(err: unknown): string | null {
  switch ((err as NodeJS.ErrnoException)?.code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return '目标文件夹不可写';
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EEXIST':
      return '目标文件夹不存在或不是文件夹';
    case 'ENOSPC':
      return '目标磁盘空间已满';
    default:
      return null;
  }
}

/**
 * Copies the live database with SQLite's online backup API, safe while the app is writing (WAL), page
 * by page so any size works; the copy is written beside the target under a temporary name and renamed
 * when complete (backupFileAtomically), so a failed backup leaves nothing behind.
 */
export async function backupTo(ctx: CoreContext, outFile: string): Promise<{ path: string; bytes: number }> {
  if (ctx.dbPath === ':memory:') throw new AppError('BACKUP_FAILED', '内存数据库无法备份');
  const target = path.resolve(outFile);
  // The rename at the end would put the copy in place of the live file (a save dialog allows picking it).
  const live = path.resolve(ctx.dbPath);
  if ([live, `${live}-wal`, `${live}-shm`, `${live}-journal`].includes(target)) {
    throw new AppError('BACKUP_FAILED', '不能备份到正在使用的数据库文件本身，请另选文件名');
  }
  // Every elder's full record leaves the app: on record with who took it, written first so the copy holds
  // its own entry (a read-only file can record nothing, and its reader could copy the file itself).
  if (!ctx.readOnly) {
    await inTransaction(ctx, (trx) =>
      writeAudit(trx, ctx, {
        action: 'personalData.export',
        entity: 'backup',
        entityId: path.basename(target),
        summary: `备份数据库（含全部老人的完整身份证号、电话和能力评估）：${path.basename(target)}`,
      }),
    );
  }
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // SQLite's backup copies nothing (0 pages, no file) while this same connection holds a write
    // transaction, as an import does for seconds while it reads its file. So wait for the connection the
    // way every query does, through Kysely's connection lock: the backup then holds the finished import.
    const { bytes } = await ctx.db.connection().execute(() => backupFileAtomically(ctx.sqlite, target));
    return { path: target, bytes };
  } catch (err) {
    const fault = sqliteFault(err, ctx.dbPath);
    if (fault) throw fault;
    throw new AppError('BACKUP_FAILED', `备份失败：${fileProblem(err) ?? (err as Error).message}（${target}）`);
  }
}

/** Browser mode: a copy in a temporary folder, fetched once from the loopback host with the token. */
export async function backupForDownload(ctx: CoreContext): Promise<{ fileName: string; bytes: number; url: string }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-backup-'));
  const fileName = backupFileName(ctx.now());
  try {
    const { path: file, bytes } = await backupTo(ctx, path.join(folder, fileName));
    const token = offerDownload({ file, fileName, mime: 'application/vnd.sqlite3', release: removeAll(folder) });
    return { fileName, bytes, url: `download/backup?token=${token}` };
  } catch (err) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw err;
  }
}
