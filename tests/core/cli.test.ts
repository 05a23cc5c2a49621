import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
import { runCli } from '../../electron/core/cli/main';

let core: TestCore | null;
afterEach(async () => {
  await core?.close();
  core = null;
});

/** A closed test database and a runner that collects what the CLI prints. */
async function closedDb() {
  const c = await makeCore();
  await c.call('facilities.create', { name: '命令行养老院', kind: 'institution', ownership: 'public', areaCode: '110118', approvedBeds: 20, openedOn: '2015-06-01' });
  await c.close();
  const out: string[] = [];
  const err: string[] = [];
  const run = (args: string[]) => runCli(args, (l) => out.push(l), (l) => err.push(l));
  return { dir: c.dir, dbPath: c.dbPath, out, err, run };
}

describe('cli check', () => {
  it('checks a current file read-only and says it is 正常', async () => {
    const t = await closedDb();
    const before = fs.statSync(t.dbPath).mtimeMs;
    expect(await t.run(['check', '--db', t.dbPath])).toBe(0);
    const text = t.out.join('\n');
    expect(text).toContain('与本软件一致');
    expect(text).toContain('完整性检查：通过');
    expect(text).toContain('外键检查：通过');
    expect(t.out.at(-1)).toBe('结论：正常');
    expect(fs.statSync(t.dbPath).mtimeMs).toBe(before);
  });

  it('reports an outdated schema without migrating it', async () => {
    const t = await closedDb();
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(t.dbPath);
    const last = raw.prepare('SELECT max(name) FROM schema_migrations').pluck().get() as string;
    raw.prepare('DELETE FROM schema_migrations WHERE name = ?').run(last);
    raw.close();
    expect(await t.run(['check', '--db', t.dbPath])).toBe(0);
    expect(t.out.join('\n')).toContain('需要升级（1 个结构变更待执行');
    const again = new Database(t.dbPath, { readonly: true });
    expect(again.prepare('SELECT count(*) FROM schema_migrations WHERE name = ?').pluck().get(last)).toBe(0);
    again.close();
  });

  it('says 数据库文件已损坏 and exits 1 on a damaged file, with no stack trace', async () => {
    const t = await closedDb();
    fs.writeFileSync(t.dbPath, Buffer.alloc(16384, 0x5a));
    for (const f of [`${t.dbPath}-wal`, `${t.dbPath}-shm`]) fs.rmSync(f, { force: true });
    expect(await t.run(['check', '--db', t.dbPath])).toBe(1);
    const all = [...t.out, ...t.err].join('\n');
    expect(all).toContain('数据库文件已损坏');
    expect(all).not.toMatch(/\n\s+at /);
    // The other commands name the damage too, instead of an internal error.
    expect(await t.run(['call', 'system.info', '--db', t.dbPath])).toBe(1);
    expect(t.err.at(-1)).toContain('[DATABASE_DAMAGED]');
  });
});

describe('cli --db and --create', () => {
  it('refuses a --db file that does not exist, and creates it only with --create', async () => {
    const t = await closedDb();
    const typo = path.join(t.dir, 'carebed.sqlite');
    expect(await t.run(['call', 'system.info', '--db', typo])).toBe(2);
    expect(t.err.join('\n')).toContain(`数据库不存在：${typo}`);
    expect(fs.existsSync(typo)).toBe(false);
    expect(await t.run(['backup', '--out', path.join(t.dir, 'b.sqlite'), '--db', typo])).toBe(2);
    expect(fs.existsSync(typo)).toBe(false);
    expect(await t.run(['call', 'system.info', '--db', typo, '--create'])).toBe(0);
    expect(fs.existsSync(typo)).toBe(true);
  });
});

describe('cli call', () => {
  it('calls a channel with the contract validation and prints the JSON envelope', async () => {
    const t = await closedDb();
    expect(await t.run(['call', 'facilities.list', '--db', t.dbPath, '--input', '{"limit":10}'])).toBe(0);
    const ok = JSON.parse(t.out.at(-1)!);
    expect(ok.ok).toBe(true);
    expect(ok.data.rows.map((r: { name: string }) => r.name)).toEqual(['命令行养老院']);

    const file = path.join(t.dir, 'input.json');
    fs.writeFileSync(file, JSON.stringify({ name: '文件输入养老院', kind: 'institution', ownership: 'public', areaCode: '110118', approvedBeds: 5, openedOn: '2016-01-01' }));
    expect(await t.run(['call', 'facilities.create', '--db', t.dbPath, '--input-file', file])).toBe(0);
    expect(JSON.parse(t.out.at(-1)!).data.name).toBe('文件输入养老院');

    expect(await t.run(['call', 'facilities.create', '--db', t.dbPath, '--input', '{"name":""}'])).toBe(1);
    const refused = JSON.parse(t.out.at(-1)!);
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    expect(await t.run(['call', 'no.such', '--db', t.dbPath])).toBe(1);
    expect(JSON.parse(t.out.at(-1)!).error.code).toBe('UNKNOWN_CHANNEL');
    expect(await t.run(['call', 'facilities.list', '--db', t.dbPath, '--input', '{oops'])).toBe(2);
    expect(t.err.at(-1)).toContain('输入不是有效的 JSON');
  });

  it('as a user who may not write the file, the CLI opens it read-only and says so (spawned as nobody)', async () => {
    const t = await closedDb();
    // The file is read-only, its folder is not (SQLite keeps a WAL file's shared memory beside it).
    fs.chmodSync(t.dir, 0o777);
    fs.chmodSync(t.dbPath, 0o444);
    const probe = spawnSync('node', ['-e', '0'], { uid: 65534, gid: 65534 });
    if (probe.error || probe.status !== 0) {
      console.log(`skipped: cannot run a process as another user here (${probe.error?.message ?? `exit ${probe.status}`})`);
      return;
    }
    const args = ['--import', 'tsx', 'electron/core/cli/main.ts'];
    const run = (more: string[]) =>
      spawnSync(process.execPath, [...args, ...more, '--db', t.dbPath], { uid: 65534, gid: 65534, encoding: 'utf8', env: { ...process.env, HOME: t.dir, TSX_DISABLE_CACHE: '1' } });
    const info = run(['call', 'system.info']);
    expect(info.status, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout).data.readOnly).toBe(true);
    const write = run(['call', 'areas.rename', '--input', '{"code":"110118","name":"密云"}']);
    expect(write.status).toBe(1);
    expect(JSON.parse(write.stdout).error.code).toBe('DATABASE_READ_ONLY');
    // In a folder nobody may write, even reading is impossible: refused with the reason.
    for (const f of [`${t.dbPath}-wal`, `${t.dbPath}-shm`]) fs.rmSync(f, { force: true });
    fs.chmodSync(t.dir, 0o755);
    const shut = run(['call', 'system.info']);
    expect(shut.status).toBe(1);
    expect(shut.stderr).toContain('数据库所在的文件夹不可写');
  }, 30_000);
});
