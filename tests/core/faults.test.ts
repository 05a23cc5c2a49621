import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, nthIdNumber, type TestCore } from './helpers';

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
