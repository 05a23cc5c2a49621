import fs from 'node:fs';
import path from 'node:path';
import type { Sqlite } from './connection';

/**
 * A copy being written carries this suffix and gets its real name only once complete, so a crash, a
 * full disk or a killed process never leaves a torn file under a name that looks like a good backup.
 */
export const PARTIAL_SUFFIX = '.partial';

// Pages copied per step of SQLite's backup: at 4 KB pages, 8 MB a step; the event loop runs between steps.
const PAGES_PER_STEP = 2048;

function removeCopy(file: string): void {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/**
 * Copies the database with SQLite's online backup API (pages, not the whole file in memory: works at
 * any size) to `<target>.partial`, flushes it to disk, then renames it to `target`. On any failure the
 * partial copy is removed and the error rethrown. `onStep` lets a test interrupt the copy half-way.
 */
export async function backupFileAtomically(
  sqlite: Sqlite,
  target: string,
  onStep?: (progress: { totalPages: number; remainingPages: number }) => void,
): Promise<{ totalPages: number; bytes: number }> {
  const partial = target + PARTIAL_SUFFIX;
  removeCopy(partial);
  try {
    const result = await sqlite.backup(partial, {
      progress: (p) => {
        onStep?.(p);
        return PAGES_PER_STEP;
      },
    });
    if (result.totalPages === 0 || !fs.existsSync(partial)) throw new Error('没有复制任何数据页');
    // A backup holds every elder's personal data: readable by its owner only (POSIX; Windows inherits the folder's ACL).
    fs.chmodSync(partial, 0o600);
    const fd = fs.openSync(partial, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, target);
    return { totalPages: result.totalPages, bytes: fs.statSync(target).size };
  } catch (err) {
    removeCopy(partial);
    throw err;
  }
}

/** Removes copies a killed process left half-written in `folder`; returns their names. */
export function removeStalePartials(folder: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const stale = names.filter((n) => n.includes(PARTIAL_SUFFIX));
  for (const n of stale) fs.rmSync(path.join(folder, n), { force: true });
  return stale;
}
