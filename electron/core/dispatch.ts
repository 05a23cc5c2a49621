import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError, ERROR_MESSAGES, type FieldIssue, type Result } from '../../shared/errors';
import { contract, type Channel } from '../../shared/contract';
import type { CoreContext } from './app/context';
import { handlers } from './handlers';
import { backupFolderFor } from './db/migrate';

z.config(z.locales.zhCN());

function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** better-sqlite3 reports constraint failures by code; they are user errors, not crashes. */
function constraintError(err: unknown): AppError | null {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return null;
  return new AppError('CONFLICT', '数据与已有记录冲突，未保存', { sqlite: code, message: (err as Error).message });
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

export type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>;

/**
 * The one place where failures become results: validation → VALIDATION, AppError → its own code,
 * SQLite's constraint, busy, full, read-only and damaged-file errors → their codes, anything else → INTERNAL (logged, with a message that never leaks internals to the user). Both
 * transports (Electron IPC and the loopback HTTP host) and the CLI call this.
 */
export function createDispatch(ctx: CoreContext): Dispatch {
  return async (channel, rawInput) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `${ERROR_MESSAGES.UNKNOWN_CHANNEL}：${channel}` } };
    }
    const parsed = contract[channel].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      const first = issues[0];
      return {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: first ? `${ERROR_MESSAGES.VALIDATION}：${first.message}` : ERROR_MESSAGES.VALIDATION,
          details: { issues },
        },
      };
    }
    try {
      const handler = handlers[channel] as (c: CoreContext, i: unknown) => Promise<unknown>;
      const data = await handler(ctx, parsed.data);
      return { ok: true, data };
    } catch (err) {
      const known = err instanceof AppError ? err : (constraintError(err) ?? sqliteFault(err, ctx.dbPath));
      if (known) return { ok: false, error: { code: known.code, message: known.message, details: known.details } };
      ctx.logger.error(`INTERNAL on ${channel}`, err);
      return { ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } };
    }
  };
}
