// The CLI runs over the same core as the window: every command that reads or changes data does so with
// requests through the dispatcher (access checks, validation, audit), never with the core's database
// connections directly. The core the CLI opens is wrapped here to record both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../electron/core/core';
import { openSqlite } from '../../electron/core/db/connection';

const requests: string[] = [];
const direct: string[] = [];

vi.mock('../../electron/core/core', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/core/core')>();
  return {
    ...real,
    openCore: async (...args: Parameters<typeof real.openCore>): Promise<Core> => {
      const core = await real.openCore(...args);
      const ctx = new Proxy(core.ctx, {
        get(target, key, receiver) {
          if (key === 'db' || key === 'sqlite') direct.push(String(key));
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      return {
        ...core,
        ctx,
        dispatch: (channel, input, caller) => {
          requests.push(channel);
          return core.dispatch(channel, input, caller);
        },
      };
    },
  };
});

// After the mock: the CLI and the test helpers get the wrapped core.
const { runCli } = await import('../../electron/core/cli/main');
const { makeCore } = await import('./helpers');

let dbPath = '';
let dir = '';
const out: string[] = [];
const err: string[] = [];

beforeEach(async () => {
  const core = await makeCore();
  await core.call('facilities.create', { name: '甲养老院', kind: 'institution', ownership: 'public', areaCode: '110101', openedOn: '2019-01-01' });
  ({ dbPath, dir } = core);
  await core.close();
});
afterEach(() => {
  out.length = 0;
  err.length = 0;
});

/** Runs one command and returns its exit code and the requests it made; fails on any direct use of the database. */
async function run(...args: string[]): Promise<{ code: number; requests: string[] }> {
  requests.length = 0;
  direct.length = 0;
  const code = await runCli([...args, '--db', dbPath], (l) => out.push(l), (l) => err.push(l));
  expect(direct, args.join(' ')).toEqual([]);
  return { code, requests: [...requests] };
}

describe('the CLI goes through the dispatcher', () => {
  it('for every command that changes data, and the changes are audited as the CLI', async () => {
    const csv = path.join(dir, 'f.csv');
    fs.writeFileSync(csv, '机构名称,机构类型,区划代码,举办性质,运营状态\n乙养老院,养老机构,110102,民办,运营\n');
    expect(await run('import', 'facilities', csv, '--dry-run')).toMatchObject({ code: 0, requests: expect.arrayContaining(['imports.start', 'jobs.get']) });
    expect(out).toContain('试运行（--dry-run）：校验通过，未写入任何数据');
    const imported = await run('import', 'facilities', csv);
    expect(imported.code, err.join('\n')).toBe(0);
    expect(imported.requests).toEqual(expect.arrayContaining(['imports.start', 'jobs.get']));
    expect(out).toContain(`已写入数据库：${dbPath}`);

    const pw = path.join(dir, 'pw.txt');
    fs.writeFileSync(pw, 'Nurse-2026-x\n');
    expect(await run('users', 'add', 'nurse', '--role', 'facility_staff', '--facility', '乙养老院', '--password-file', pw)).toMatchObject({
      code: 0,
      requests: ['facilities.get', 'facilities.list', 'accounts.create'],
    });
    expect(await run('users', 'grant', 'NURSE', '--role', 'readonly', '--all')).toMatchObject({ code: 0, requests: ['accounts.list', 'accounts.setGrants'] });
    expect(await run('users', 'disable', 'nurse', '--reason', '离职')).toMatchObject({ code: 0, requests: ['accounts.list', 'accounts.setDisabled'] });
    expect(await run('users', 'reset-password', 'nobody', '--password-file', pw)).toMatchObject({ code: 1, requests: ['accounts.list'] });
    expect(err.at(-1)).toBe('账户不存在：nobody');

    expect(await run('precount', '--as-of', '2023-12-31')).toMatchObject({ code: 0, requests: ['indicators.precount'] });
    expect(out.at(-1)).toMatch(/^已存档 1 个日期的指标：本次统计 \d+ 个区·日期/);
    const backup = path.join(dir, '备份', 'b.sqlite');
    expect(await run('backup', '--out', backup)).toMatchObject({ code: 0, requests: ['backup.saveTo'] });
    expect(fs.existsSync(backup)).toBe(true);

    const sqlite = openSqlite(dbPath);
    try {
      const rows = sqlite.prepare("SELECT action, actor_name FROM audit_log WHERE action LIKE 'import.%' OR entity = 'account' ORDER BY seq").all();
      const cli = `命令行（${os.userInfo().username}）`;
      expect(rows).toEqual([
        { action: 'import.facilities', actor_name: cli },
        { action: 'account.create', actor_name: cli },
        { action: 'account.grants', actor_name: cli },
        { action: 'account.disable', actor_name: cli },
      ]);
    } finally {
      sqlite.close();
    }
  });

  it('for the exports and for finding facilities by name', async () => {
    const target = path.join(dir, 'out');
    expect(await run('export', 'subsidy', '甲养老院', '--month', '2025-01', '--out', path.join(target, 's.xlsx'))).toMatchObject({
      code: 0,
      requests: ['facilities.get', 'facilities.list', 'subsidy.export'],
    });
    expect(await run('export', 'subsidy', '没有这家', '--month', '2025-01', '--out', path.join(target, 's.xlsx'))).toMatchObject({ code: 1, requests: ['facilities.get', 'facilities.list'] });
    expect(err.at(-1)).toBe('机构不存在：没有这家');
    expect(await run('export', 'indicators', '--as-of', '2025-01-01', '--format', 'csv', '--out', path.join(target, 'i.csv'))).toMatchObject({ code: 0, requests: ['exports.indicators'] });
    expect(await run('exchange', 'export', '甲养老院', '--out', path.join(target, 'x.cbx'), '--passphrase', 'long-enough-1')).toMatchObject({
      code: 0,
      requests: ['facilities.get', 'facilities.list', 'exchange.export'],
    });
    expect(await run('audit', 'export', '--out', path.join(target, 'a.csv'))).toMatchObject({ code: 0, requests: ['audit.export'] });
    // The count said is the file's entries (one per record after the header).
    const records = fs.readFileSync(path.join(target, 'a.csv'), 'utf8').trim().split('\r\n').length - 1;
    expect(out.at(-1)).toBe(`已导出 ${records} 条审计日志到 ${path.join(target, 'a.csv')}`);
  });
});
