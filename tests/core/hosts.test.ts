import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
import { startHttpHost, type HttpHost } from '../../electron/core/http/host';
import { runCli } from '../../electron/core/cli/main';
import { isTrustedRendererUrl } from '../../electron/core/security';

let core: TestCore;
let host: HttpHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
  await core?.close();
});

describe('browser-mode host', () => {
  it('serves the dispatcher on loopback and refuses foreign hosts and origins', async () => {
    core = await makeCore();
    const staticDir = fs.mkdtempSync(path.join(core.dir, 'static-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<html>ok</html>');
    host = await startHttpHost({ dispatch: core.dispatch, staticDir });
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const rpc = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${host!.url}rpc/areas.list`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const ok = (await (await rpc({ level: 'district' })).json()) as any;
    expect(ok.ok).toBe(true);
    expect(ok.data).toHaveLength(16);
    expect((await rpc({}, { Origin: 'http://evil.example' })).status).toBe(403);
    const page = await fetch(host.url);
    expect(await page.text()).toBe('<html>ok</html>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    // A DNS-rebinding page reaches us with its own Host header.
    const rebinding = await new Promise<number>((resolve) => {
      const req = require('node:http').request(
        { host: '127.0.0.1', port: host!.port, path: '/rpc/areas.list', method: 'POST', headers: { Host: 'evil.example', 'Content-Type': 'application/json' } },
        (res: { statusCode: number }) => resolve(res.statusCode),
      );
      req.end('{}');
    });
    expect(rebinding).toBe(403);
    const bad = (await (await fetch(`${host.url}rpc/areas.list`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{oops' })).json()) as any;
    expect(bad.error.code).toBe('VALIDATION');
  });

  it('trusts only the app’s own renderer files for IPC', () => {
    const rendererDir = '/opt/carebeds/out/renderer';
    expect(isTrustedRendererUrl('file:///opt/carebeds/out/renderer/index.html#/facilities', { rendererDir })).toBe(true);
    expect(isTrustedRendererUrl('file:///etc/passwd', { rendererDir })).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/', { rendererDir })).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/', { rendererDir, devServerUrl: 'http://localhost:5173' })).toBe(true);
  });
});

describe('CLI', () => {
  it('imports with per-row errors and a non-zero exit, and commits a clean file', async () => {
    core = await makeCore();
    await core.close();
    const out: string[] = [];
    const err: string[] = [];
    const header = '机构名称,机构类型,区划代码,统一社会信用代码,举办性质,运营状态,核定床位数,医疗服务,开业日期,地址,上级机构';
    const bad = path.join(core.dir, 'bad.csv');
    fs.writeFileSync(bad, [header, '甲,养老机构,110101,,公办,运营,1,,,,', '乙,养老机构,999999,,公办,运营,1,,,,'].join('\n'));
    expect(await runCli(['import', 'facilities', bad, '--db', core.dbPath], (l) => out.push(l), (l) => err.push(l))).toBe(1);
    expect(out.join('\n')).toContain('读取 2 行，通过 1 行，错误 1 行');
    expect(err.join('\n')).toContain('第 3 行【区划代码】');
    const good = path.join(core.dir, 'good.csv');
    fs.writeFileSync(good, [header, '甲,养老机构,110101,,公办,运营,1,,,,'].join('\n'));
    expect(await runCli(['import', 'facilities', good, '--db', core.dbPath, '--dry-run'], (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(out.at(-1)).toContain('未写入任何数据');
    expect(await runCli(['import', 'facilities', good, '--db', core.dbPath], (l) => out.push(l), (l) => err.push(l))).toBe(0);
    const backup = path.join(core.dir, 'copy', 'backup.sqlite');
    expect(await runCli(['backup', '--out', backup, '--db', core.dbPath], (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(await runCli(['check', '--db', backup], (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(out.join('\n')).toContain('结论：正常');
    core = await makeCore({ dbPath: backup });
    expect((await core.call('facilities.list', {})).rows.map((r) => r.name)).toEqual(['甲']);
    expect(await runCli(['frobnicate'], (l) => out.push(l), (l) => err.push(l))).toBe(2);
    expect(await runCli(['--help'], (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(out.at(-1)).toContain('import <类型> <文件>');
  });
});
