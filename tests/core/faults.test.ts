import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, nthIdNumber, rng, type TestCore } from './helpers';
import { backupFileAtomically } from '../../electron/core/db/backupFile';
import { startHttpHost } from '../../electron/core/http/host';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

const facility = (name: string) => ({
  name,
  kind: 'institution' as const,
  ownership: 'public' as const,
  areaCode: '110118',
  approvedBeds: 20,
  openedOn: '2015-06-01',
});

/**
 * Another connection, on another thread, that takes the write lock (BEGIN IMMEDIATE), writes, and
 * holds it for `ms` before committing. Another thread because better-sqlite3 waits for a lock
 * synchronously: a holder on the test's own thread could never let go while the core waits.
 * Resolves `locked` once the lock is held, `done` once it is released.
 */
function holdWriteLock(dbPath: string, ms: number) {
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const Database = require(workerData.module);
     const db = new Database(workerData.dbPath);
     db.exec('BEGIN IMMEDIATE');
     db.prepare("UPDATE settings SET value_json = value_json").run();
     parentPort.postMessage('locked');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
     db.exec('COMMIT');
     db.close();
     parentPort.postMessage('done');`,
    { eval: true, workerData: { dbPath, ms, module: require.resolve('better-sqlite3') } },
  );
  const messages = (want: string) => new Promise<void>((resolve, reject) => {
    worker.on('message', (m) => m === want && resolve());
    worker.on('error', reject);
  });
  return { locked: messages('locked'), done: messages('done') };
}

describe('a second process writing at the same time', () => {
  it('a write that reads first waits for the other writer and then succeeds', async () => {
    core = await makeCore();
    const holder = holdWriteLock(core.dbPath, 300);
    await holder.locked;
    const started = Date.now();
    // facilities.create reads (name and code checks) before it writes: under a DEFERRED transaction
    // SQLite refused the upgrade to a write at once, without waiting.
    const r = await core.dispatch('facilities.create', facility('等待中的养老院'));
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await holder.done;
  });

  it('held longer than the busy timeout, the write fails as DATABASE_BUSY with a Chinese message', async () => {
    core = await makeCore();
    core.ctx.sqlite.pragma('busy_timeout = 200');
    const holder = holdWriteLock(core.dbPath, 1500);
    await holder.locked;
    const r = await core.dispatch('facilities.create', facility('等不到的养老院'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('DATABASE_BUSY');
      expect(r.error.message).toBe('数据库正被其他程序使用，请稍后重试');
    }
    await holder.done;
    // Once the other writer is gone the same write goes through.
    expect((await core.dispatch('facilities.create', facility('等不到的养老院'))).ok).toBe(true);
  });

  it('app writes succeed while a CLI import runs in another process', async () => {
    core = await makeCore();
    const rows = Array.from({ length: 20000 }, (_, i) => `老人${i},${nthIdNumber('110105', i)},110105,,`);
    const file = path.join(core.dir, 'elders.csv');
    fs.writeFileSync(file, ['姓名,身份证号,户籍区划代码,联系电话,人员类别', ...rows].join('\n'));
    const cli = spawn(process.execPath, ['--import', 'tsx', 'electron/core/cli/main.ts', 'import', 'elders', file, '--db', core.dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    cli.stdout.on('data', (d) => (output += d));
    cli.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
    let running = true;
    void exited.then(() => (running = false));
    const results: { ok: boolean; code?: string }[] = [];
    let i = 0;
    while (running) {
      const r = await core.dispatch('facilities.create', facility(`并发写入${i++}`));
      results.push(r.ok ? { ok: true } : { ok: false, code: r.error.code });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await exited, output).toBe(0);
    expect(output).toContain('已写入数据库');
    expect(results.length).toBeGreaterThan(5);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const elders = core.ctx.sqlite.prepare('SELECT count(*) FROM elders').pluck().get();
    expect(elders).toBe(20000);
  }, 60_000);
});

describe('faults named in Chinese', () => {
  it('a full disk is DISK_FULL and the failed write leaves nothing behind', async () => {
    core = await makeCore();
    // max_page_count caps the file where it is: SQLite then fails exactly as on a full disk (SQLITE_FULL).
    const pages = core.ctx.sqlite.pragma('page_count', { simple: true }) as number;
    core.ctx.sqlite.pragma(`max_page_count = ${pages}`);
    let saved = 0;
    let failure: { code: string; message: string } | null = null;
    for (let i = 0; i < 500 && !failure; i++) {
      const r = await core.dispatch('facilities.create', { ...facility(`满盘测试${i}`), address: '北京市密云区'.repeat(30) });
      if (r.ok) saved++;
      else failure = r.error;
    }
    expect(failure?.code).toBe('DISK_FULL');
    expect(failure?.message).toContain('磁盘空间已满，数据未保存');
    const stored = core.ctx.sqlite.prepare("SELECT count(*) FROM facilities WHERE name LIKE '满盘测试%'").pluck().get();
    expect(stored).toBe(saved);
  });

  it('an import job that fills the disk fails as DISK_FULL, with nothing written', async () => {
    core = await makeCore();
    const pages = core.ctx.sqlite.pragma('page_count', { simple: true }) as number;
    core.ctx.sqlite.pragma(`max_page_count = ${pages + 20}`);
    const rows = Array.from({ length: 3000 }, (_, i) => `老人${i},${nthIdNumber('110105', i)},110105,,`);
    const csv = Buffer.from(['姓名,身份证号,户籍区划代码,联系电话,人员类别', ...rows].join('\n'));
    const { jobId } = await core.call('imports.start', { kind: 'elders', file: { fileName: 'e.csv', dataBase64: csv.toString('base64') } });
    let job = await core.call('jobs.get', { jobId });
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = await core.call('jobs.get', { jobId });
    }
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('DISK_FULL');
    expect(core.ctx.sqlite.prepare('SELECT count(*) FROM elders').pluck().get()).toBe(0);
  });

  it('a damaged file is DATABASE_DAMAGED, naming the newest backup', async () => {
    core = await makeCore();
    await core.call('facilities.create', facility('损坏测试养老院'));
    const backups = path.join(core.dir, 'backups');
    fs.mkdirSync(backups);
    fs.writeFileSync(path.join(backups, 'pre-migration-0001-20260101-000000.sqlite'), 'old');
    fs.utimesSync(path.join(backups, 'pre-migration-0001-20260101-000000.sqlite'), new Date('2026-01-01'), new Date('2026-01-01'));
    fs.writeFileSync(path.join(backups, 'carebeds-20261120-093000.sqlite'), 'newer');
    const root = core.ctx.sqlite.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'facilities'").pluck().get() as number;
    const pageSize = core.ctx.sqlite.pragma('page_size', { simple: true }) as number;
    core.ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    await core.close();
    // Garbage over the facilities table's root page: the file opens, reading that table fails.
    const fd = fs.openSync(core.dbPath, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    fs.closeSync(fd);
    const { openCore } = await import('../../electron/core/core');
    const { silentLogger } = await import('../../electron/core/app/context');
    const reopened = await openCore({ dbPath: core.dbPath, logger: silentLogger });
    try {
      const r = await reopened.dispatch('facilities.list', {});
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('DATABASE_DAMAGED');
        expect(r.error.message).toContain('数据库文件已损坏');
        expect(r.error.message).toContain('carebeds-20261120-093000.sqlite');
      }
    } finally {
      await reopened.close();
    }
  });

  it('a file that is not a database is refused at open as DATABASE_DAMAGED, not a stack trace', async () => {
    const { openCore } = await import('../../electron/core/core');
    const { silentLogger } = await import('../../electron/core/app/context');
    core = await makeCore();
    await core.close();
    fs.writeFileSync(core.dbPath, Buffer.alloc(8192, 0x41));
    fs.rmSync(`${core.dbPath}-wal`, { force: true });
    fs.rmSync(`${core.dbPath}-shm`, { force: true });
    await expect(openCore({ dbPath: core.dbPath, logger: silentLogger })).rejects.toMatchObject({ code: 'DATABASE_DAMAGED' });
    core = undefined as unknown as TestCore;
  });

  it('a read-only open serves reads, says 只读 in system.info, and refuses writes as DATABASE_READ_ONLY', async () => {
    const { openCore } = await import('../../electron/core/core');
    const { silentLogger } = await import('../../electron/core/app/context');
    core = await makeCore();
    await core.call('facilities.create', facility('只读测试养老院'));
    await core.close();
    // Tests run as root, for whom a 0444 file is still writable: this opens read-only as the core does
    // when the file is not writable (fileIsReadOnly); the CLI test as another user covers the detection.
    const ro = await openCore({ dbPath: core.dbPath, logger: silentLogger, readOnly: true });
    try {
      const info = await ro.dispatch('system.info', {});
      expect(info.ok && (info.data as { readOnly: boolean }).readOnly).toBe(true);
      const list = await ro.dispatch('facilities.list', {});
      expect(list.ok, JSON.stringify(list)).toBe(true);
      const r = await ro.dispatch('facilities.create', facility('写不进的养老院'));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('DATABASE_READ_ONLY');
    } finally {
      await ro.close();
    }
    core = undefined as unknown as TestCore;
  });

  it('a read-only file that needs migrating is refused with the reason, and left unchanged', async () => {
    const { openCore } = await import('../../electron/core/core');
    const { silentLogger } = await import('../../electron/core/app/context');
    core = await makeCore();
    const last = core.ctx.sqlite.prepare('SELECT max(name) FROM schema_migrations').pluck().get() as string;
    core.ctx.sqlite.prepare('DELETE FROM schema_migrations WHERE name = ?').run(last);
    await core.close();
    await expect(openCore({ dbPath: core.dbPath, logger: silentLogger, readOnly: true })).rejects.toMatchObject({
      code: 'DATABASE_READ_ONLY',
      message: expect.stringContaining('需要升级结构'),
    });
    const raw = new Database(core.dbPath, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM schema_migrations WHERE name = ?').pluck().get(last)).toBe(0);
    raw.close();
    core = undefined as unknown as TestCore;
  });
});

describe('backups at any size', () => {
  /** A few MB of audit rows, so the copy takes many backup steps. */
  function fill(c: TestCore, rows = 6000) {
    const insert = c.ctx.sqlite.prepare(
      "INSERT INTO audit_log (id, at, actor_id, actor_name, action, entity, entity_id, summary, before_json, after_json) VALUES (?, '2026-11-23T04:00:00Z', 'local', '本机用户', 'test', 'test', ?, NULL, NULL, ?)",
    );
    const payload = JSON.stringify({ note: '备份测试'.repeat(100) });
    c.ctx.sqlite.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(`fill-${i}`, String(i), payload);
    })();
  }
  function assertSameData(copyFile: string, c: TestCore) {
    const copy = new Database(copyFile, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const table of ['audit_log', 'facilities', 'areas', 'schema_migrations']) {
        const count = (db: Database.Database) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
        expect(count(copy), table).toBe(count(c.ctx.sqlite));
      }
    } finally {
      copy.close();
    }
  }
  const partials = (folder: string) => fs.readdirSync(folder).filter((n) => n.includes('.partial'));

  it('backup.saveTo writes a valid copy of a multi-MB file straight to the chosen path', async () => {
    core = await makeCore();
    await core.call('facilities.create', facility('备份测试养老院'));
    fill(core);
    expect(fs.statSync(core.dbPath).size + fs.statSync(`${core.dbPath}-wal`).size).toBeGreaterThan(5_000_000);
    const target = path.join(core.dir, '备份', 'copy.sqlite');
    const r = await core.call('backup.saveTo', { path: target });
    expect(r.path).toBe(target);
    expect(r.bytes).toBeGreaterThan(5_000_000);
    assertSameData(target, core);
    expect(partials(path.dirname(target))).toEqual([]);
    // A backup is every elder's full record leaving the app: on record, in the copy too.
    const entry = "SELECT entity, summary FROM audit_log WHERE action = 'personalData.export'";
    expect(core.ctx.sqlite.prepare(entry).all()).toEqual([{ entity: 'backup', summary: expect.stringContaining('copy.sqlite') }]);
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare(entry).all()).toHaveLength(1);
    copy.close();
  });

  it('browser mode: backup.download gives a one-time link the loopback host streams the copy from', async () => {
    core = await makeCore();
    fill(core);
    const host = await startHttpHost({ dispatch: core.dispatch, staticDir: core.dir });
    try {
      const offer = await core.call('backup.download', {});
      expect(offer.url).toMatch(/^download\/backup\?token=[\w-]{20,}$/);
      const res = await fetch(new URL(offer.url, host.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(encodeURIComponent(offer.fileName));
      const file = path.join(core.dir, 'downloaded.sqlite');
      fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      expect(fs.statSync(file).size).toBe(offer.bytes);
      assertSameData(file, core);
      // Once only: the link is spent; a guessed token gets nothing.
      expect((await fetch(new URL(offer.url, host.url))).status).toBe(404);
      expect((await fetch(new URL('download/backup?token=guess', host.url))).status).toBe(404);
    } finally {
      await host.close();
    }
  });

  it('a backup that cannot be written fails as BACKUP_FAILED and leaves no partial file', async () => {
    core = await makeCore();
    // A file where the target's folder should be: as root a read-only folder would not stop the write.
    const blocker = path.join(core.dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    const err = await core.fail('backup.saveTo', { path: path.join(blocker, 'copy.sqlite') });
    expect(err.code).toBe('BACKUP_FAILED');
    expect(err.message).toContain('目标文件夹不存在');
    expect(partials(core.dir)).toEqual([]);
    // Nor may the copy replace the live database (a save dialog lets the user pick it).
    expect((await core.fail('backup.saveTo', { path: core.dbPath })).message).toContain('正在使用的数据库文件本身');
    expect(core.ctx.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a backup interrupted half-way removes its partial copy and never takes the target name', async () => {
    core = await makeCore();
    fill(core);
    const target = path.join(core.dir, 'half.sqlite');
    let steps = 0;
    await expect(
      backupFileAtomically(core.ctx.sqlite, target, () => {
        if (++steps === 2) throw new Error('中断');
      }),
    ).rejects.toThrow('中断');
    expect(steps).toBe(2);
    expect(fs.existsSync(target)).toBe(false);
    expect(partials(core.dir)).toEqual([]);
  });

  it('partial copies left by a killed process are removed when the database is opened', async () => {
    core = await makeCore();
    await core.close();
    const backups = path.join(core.dir, 'backups');
    fs.mkdirSync(backups);
    fs.writeFileSync(path.join(backups, 'pre-migration-0018_x-20261123-120000.sqlite.partial'), 'torn');
    fs.writeFileSync(path.join(backups, 'pre-migration-0017_y-20261101-120000.sqlite'), 'kept');
    core = await makeCore({ dbPath: core.dbPath });
    expect(fs.readdirSync(backups)).toEqual(['pre-migration-0017_y-20261101-120000.sqlite']);
  });
});

describe('killed at any moment', () => {
  it('every write acknowledged before a SIGKILL is there after restart, and the file stays whole', async () => {
    core = await makeCore();
    const { dbPath, dir } = core;
    await core.close();
    core = undefined as unknown as TestCore;
    // The child is bundled once (esbuild, which tsx itself runs on) so that each start costs the loading
    // of the core, not its compilation as well: 20 starts under tsx took 30–45 s on a loaded machine.
    const bundle = path.join(dir, 'killWriter.js');
    const { buildSync } = await import('esbuild');
    buildSync({ entryPoints: ['tests/core/fixtures/killWriter.ts'], bundle: true, platform: 'node', format: 'cjs', packages: 'external', target: 'node20', outfile: bundle, logLevel: 'error' });
    const env = { ...process.env, NODE_PATH: path.resolve('node_modules') };
    const random = rng(20261207);
    const acked: string[] = [];
    // At least 20 cycles (each about 1 s, most of it the child's start), a few more if time allows.
    const deadline = Date.now() + 30_000;
    let cycles = 0;
    while (cycles < 20 || (cycles < 24 && Date.now() < deadline)) {
      const child = spawn(process.execPath, [bundle, dbPath], { stdio: ['ignore', 'pipe', 'pipe'], env });
      let buffer = '';
      let errors = '';
      let ready!: () => void;
      const isReady = new Promise<void>((resolve) => (ready = resolve));
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) {
          if (line === 'ready') ready();
          else if (line.startsWith('ack ')) acked.push(line.slice(4));
        }
      });
      child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
      await Promise.race([isReady, exited]);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 250)));
      child.kill('SIGKILL');
      const how = await exited;
      expect(how, errors).toBe('SIGKILL');
      cycles++;
    }
    expect(cycles).toBeGreaterThanOrEqual(20);
    expect(acked.length).toBeGreaterThan(cycles);
    const db = new Database(dbPath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const present = new Set(db.prepare("SELECT id FROM facilities WHERE name LIKE '断电测试-%'").pluck().all() as string[]);
      expect(acked.filter((id) => !present.has(id))).toEqual([]);
      // What was written but not yet acknowledged may be there too; nothing else is.
      expect(present.size).toBeGreaterThanOrEqual(acked.length);
      expect(present.size).toBeLessThanOrEqual(acked.length + cycles);
    } finally {
      db.close();
    }
  }, 45_000);
});
