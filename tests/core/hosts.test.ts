import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, rng, type TestCore } from './helpers';
import { startHttpHost, type HttpHost } from '../../electron/core/http/host';
import { runCli } from '../../electron/core/cli/main';
import { devServerUrlOf, isAllowedRequest, isTrustedRendererUrl } from '../../electron/core/security';
import { silentLogger } from '../../electron/core/app/context';
import type { Dispatch } from '../../electron/core/dispatch';
import http from 'node:http';
import net from 'node:net';

/** A static root `www` with a sibling `www-private` that must never be reachable through the host. */
function staticDirs(dir: string) {
  const staticDir = path.join(dir, 'www');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<html>ok</html>');
  fs.writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1)');
  fs.mkdirSync(path.join(dir, 'www-private'));
  fs.writeFileSync(path.join(dir, 'www-private', 'secret.txt'), 'top secret');
  return { staticDir };
}

/** A request sent byte for byte as written: fetch would normalise the very paths these tests need. */
function raw(host: HttpHost, method: string, urlPath: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: urlPath, method, headers: { Host: `127.0.0.1:${host.port}`, 'Content-Type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error(`no answer to ${method} ${urlPath}`)));
    req.on('error', reject);
    req.end(body);
  });
}

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
    // A page may not have the core write a backup to a path of its choosing (desktop save dialog only).
    const target = path.join(core.dir, 'stolen.sqlite');
    const save = (await (await fetch(`${host.url}rpc/backup.saveTo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ path: target }) })).json()) as any;
    expect(save.error.code).toBe('UNKNOWN_CHANNEL');
    expect(fs.existsSync(target)).toBe(false);
  });

  it('answers a malformed % escape in a path or channel with 400 and keeps serving', async () => {
    core = await makeCore();
    const { staticDir } = staticDirs(core.dir);
    host = await startHttpHost({ dispatch: core.dispatch, staticDir, logger: silentLogger });
    for (const bad of ['/%E0%A4%A', '/%', '/assets/%zz.js', '//']) expect((await raw(host, 'GET', bad)).status).toBe(400);
    expect((await raw(host, 'POST', '/rpc/areas.%E0%A4%A', '{}')).status).toBe(400);
    expect((await raw(host, 'POST', '/rpc/%', '{}')).status).toBe(400);
    const next = await raw(host, 'POST', '/rpc/areas.list', '{"level":"district"}');
    expect(next.status).toBe(200);
    expect(JSON.parse(next.body).data).toHaveLength(16);
    expect((await raw(host, 'GET', '/')).body).toBe('<html>ok</html>');
  });

  it('never serves a file outside the static root, however the path is encoded', async () => {
    core = await makeCore();
    const { staticDir } = staticDirs(core.dir);
    host = await startHttpHost({ dispatch: core.dispatch, staticDir, logger: silentLogger });
    const attempts = [
      '/..%2fwww-private/secret.txt',
      '/..%2Fwww-private%2Fsecret.txt',
      '/%2e%2e/www-private/secret.txt',
      '/%2e%2e%2fwww-private%2fsecret.txt',
      '/.%2e/www-private/secret.txt',
      '/..%5cwww-private%5csecret.txt',
      '/%5c..%5cwww-private%5csecret.txt',
      '/assets/..%2f..%2fwww-private/secret.txt',
      '/%2f..%2fwww-private/secret.txt',
      '/..%00/www-private/secret.txt',
      `/${encodeURIComponent(path.join(core.dir, 'www-private', 'secret.txt'))}`,
    ];
    for (const attempt of attempts) {
      const r = await raw(host, 'GET', attempt);
      expect(r.body, attempt).not.toContain('top secret');
      expect([200, 400, 403, 404], attempt).toContain(r.status);
    }
    // A plain file inside the root is still served, and an unknown path still gets the app's page.
    expect((await raw(host, 'GET', '/app.js')).body).toBe('console.log(1)');
    expect((await raw(host, 'GET', '/no/such/page')).body).toBe('<html>ok</html>');
  });

  it('answers random mixes of escapes, dots and separators without an error or the sibling’s file', async () => {
    core = await makeCore();
    const { staticDir } = staticDirs(core.dir);
    const logged: unknown[] = [];
    host = await startHttpHost({ dispatch: core.dispatch, staticDir, logger: { ...silentLogger, error: (m) => logged.push(m) } });
    const r = rng(2604);
    const tokens = ['%', '%2e', '%2E', '.', '..', '%2f', '%2F', '/', '\\', '%5c', '%00', '%25', '%E0%A4%A', '%c0%ae', '%ef%bc%8f', 'www-private', 'secret.txt', 'www', 'app.js', '?', '#', ';', 'rpc'];
    for (let i = 0; i < 300; i++) {
      let p = '/';
      for (let n = 1 + Math.floor(r() * 8); n > 0; n--) p += tokens[Math.floor(r() * tokens.length)];
      const res = await raw(host, r() < 0.2 ? 'POST' : 'GET', p, '{}');
      expect(res.status, p).toBeLessThan(500);
      expect(res.body, p).not.toContain('top secret');
    }
    expect(logged).toEqual([]);
  });

  it('answers 500 when a handler throws or rejects, logs it, and answers the next request', async () => {
    core = await makeCore();
    const { staticDir } = staticDirs(core.dir);
    const logged: string[] = [];
    const logger = { ...silentLogger, error: (m: string) => logged.push(m) };
    let mode: 'throw' | 'reject' | 'ok' = 'throw';
    const dispatch: Dispatch = (channel, input) => {
      if (mode === 'throw') throw new Error('boom');
      if (mode === 'reject') return Promise.reject(new Error('boom'));
      return core.dispatch(channel, input);
    };
    host = await startHttpHost({ dispatch, staticDir, logger });
    const first = await raw(host, 'POST', '/rpc/areas.list', '{}');
    expect(first.status).toBe(500);
    expect(first.body).not.toContain('boom');
    mode = 'reject';
    expect((await raw(host, 'POST', '/rpc/areas.list', '{}')).status).toBe(500);
    expect(logged).toHaveLength(2);
    mode = 'ok';
    expect((await raw(host, 'POST', '/rpc/areas.list', '{"level":"district"}')).status).toBe(200);
    // A request Node cannot even parse gets a 400 from the server, which stays up.
    const garbage = await new Promise<string>((resolve) => {
      const socket = net.connect(host!.port, '127.0.0.1', () => socket.end('GARBAGE \x00 nonsense\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(garbage).toContain('400');
    expect((await raw(host, 'GET', '/')).status).toBe(200);
  });

  it('trusts only the app’s own renderer files for IPC', () => {
    const rendererDir = '/opt/carebeds/out/renderer';
    expect(isTrustedRendererUrl('file:///opt/carebeds/out/renderer/index.html#/facilities', { rendererDir })).toBe(true);
    expect(isTrustedRendererUrl('file:///etc/passwd', { rendererDir })).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/', { rendererDir })).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/', { rendererDir, devServerUrl: 'http://localhost:5173' })).toBe(true);
    // The dev server is matched by origin, not by prefix.
    const dev = { rendererDir, devServerUrl: 'http://localhost:5173' };
    expect(isTrustedRendererUrl('http://localhost:5173/#/elders', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173.evil.example/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:51730/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173@evil.example/', dev)).toBe(false);
    expect(isTrustedRendererUrl('https://localhost:5173/', dev)).toBe(false);
    // A file beside the renderer folder, or reached through `..` or an escaped separator, is not the app's.
    expect(isTrustedRendererUrl('file:///opt/carebeds/out/renderer-evil/index.html', { rendererDir })).toBe(false);
    expect(isTrustedRendererUrl('file:///opt/carebeds/out/renderer/../../secret.html', { rendererDir })).toBe(false);
    expect(isTrustedRendererUrl('file:///opt/carebeds/out/renderer/..%2f..%2fsecret.html', { rendererDir })).toBe(false);
    expect(isTrustedRendererUrl('file:///opt/carebeds/out/renderer', { rendererDir })).toBe(false);
    expect(isTrustedRendererUrl('file://evil.example/opt/carebeds/out/renderer/index.html', { rendererDir })).toBe(false);
    // Installed under the product's own name, the folder has a space and Chinese in it, escaped in the URL.
    const installed = '/opt/CareBeds 养老床位/resources/app.asar/out/renderer';
    expect(isTrustedRendererUrl(`file://${encodeURI(installed)}/index.html#/elders`, { rendererDir: installed })).toBe(true);
  });

  it('honours the dev server only in an unpackaged build, and loads no file outside the app', () => {
    expect(devServerUrlOf('http://localhost:5173', false)).toBe('http://localhost:5173');
    expect(devServerUrlOf('http://localhost:5173', true)).toBeUndefined();
    expect(devServerUrlOf('file:///tmp/evil.html', false)).toBeUndefined();
    expect(devServerUrlOf('not a url', false)).toBeUndefined();
    expect(devServerUrlOf(undefined, false)).toBeUndefined();

    const rendererDir = '/opt/carebeds/out/renderer';
    const packaged = { rendererDir, devTools: false };
    expect(isAllowedRequest('file:///opt/carebeds/out/renderer/assets/index-abc.js', packaged)).toBe(true);
    expect(isAllowedRequest('file:///etc/passwd', packaged)).toBe(false);
    expect(isAllowedRequest('file:///home/user/.config/CareBeds/carebeds.sqlite', packaged)).toBe(false);
    expect(isAllowedRequest('data:image/png;base64,AAAA', packaged)).toBe(true);
    expect(isAllowedRequest('https://example.com/x.js', packaged)).toBe(false);
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', packaged)).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', packaged)).toBe(false);

    const dev = { rendererDir, devServerUrl: 'http://localhost:5173', devTools: true };
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequest('http://localhost:5173.evil.example/x.js', dev)).toBe(false);
    expect(isAllowedRequest('ws://localhost:5174/', dev)).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', dev)).toBe(true);
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
