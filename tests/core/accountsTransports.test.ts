import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
import { LoginLimiter, SESSION_COOKIE, startHttpHost, type HttpHost } from '../../electron/core/http/host';
import { lanCertificate } from '../../electron/core/http/certificate';
import { lanController } from '../../electron/core/http/lan';
import { windowSession } from '../../electron/core/app/rpcPort';
import { runCli } from '../../electron/core/cli/main';
import { openSqlite, createKysely } from '../../electron/core/db/connection';
import { migrateToLatest } from '../../electron/core/db/migrate';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { verifyAuditChain } from '../../electron/core/app/auditChain';

const ADMIN = { name: 'admin', password: 'Admin-2026-x' };
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function securedHost(opts: { tls?: { key: string; cert: string }; limiter?: LoginLimiter } = {}): Promise<{ core: TestCore; host: HttpHost }> {
  const core = await makeCore({ requireSession: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-www-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<html>ok</html>');
  const host = await startHttpHost({ dispatch: core.dispatch, staticDir: dir, tls: opts.tls, loginLimiter: opts.limiter });
  cleanup.push(async () => {
    await host.close();
    await core.close();
  });
  return { core, host };
}

async function rpc(host: HttpHost, channel: string, input: unknown, cookie?: string) {
  const res = await fetch(`${host.url}rpc/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify(input),
  });
  return { setCookie: res.headers.get('set-cookie'), body: (await res.json()) as { ok: boolean; data?: any; error?: { code: string } } };
}

describe('sessions over the transports', () => {
  it('HTTP: the login sets an HttpOnly SameSite=Strict cookie and never shows the token; without it every channel is UNAUTHENTICATED; logout clears it', async () => {
    const { host } = await securedHost();
    expect((await rpc(host, 'facilities.list', {})).body.error?.code).toBe('UNAUTHENTICATED');
    const setup = await rpc(host, 'auth.setup', ADMIN);
    expect(setup.body.ok).toBe(true);
    expect(JSON.stringify(setup.body)).not.toContain('token');
    expect(setup.setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{40,}; Path=/; HttpOnly; SameSite=Strict$`));
    const cookie = setup.setCookie!.split(';')[0]!;
    expect((await rpc(host, 'accounts.list', {}, cookie)).body.ok).toBe(true);
    // The first administrator has no business with elders' records beyond masked lists, nor with the registry's changes.
    expect((await rpc(host, 'facilities.create', {}, cookie)).body.error?.code).toBe('FORBIDDEN');
    const out = await rpc(host, 'auth.logout', {}, cookie);
    expect(out.setCookie).toContain('Max-Age=0');
    expect((await rpc(host, 'accounts.list', {}, cookie)).body.error?.code).toBe('UNAUTHENTICATED');
  });

  it('HTTP: logins are limited per client address', async () => {
    const { host } = await securedHost({ limiter: new LoginLimiter(3, 60_000) });
    await rpc(host, 'auth.setup', ADMIN);
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await rpc(host, 'auth.login', { name: 'admin', password: 'wrong' })).body.error?.code);
    expect(codes).toEqual(['LOGIN_FAILED', 'LOGIN_FAILED', 'LOGIN_RATE_LIMITED']);
    expect((await rpc(host, 'auth.login', ADMIN)).body.error?.code).toBe('LOGIN_RATE_LIMITED');
  });

  it('LAN: a certificate generated once, served over HTTPS with Secure cookies; its fingerprint is the one the settings show', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-lan-'));
    const cert = await lanCertificate(dir);
    expect(cert.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect((await lanCertificate(dir)).fingerprint).toBe(cert.fingerprint);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, 'lan-key.pem')).mode & 0o777).toBe(0o600);
    const { core, host } = await securedHost({ tls: cert });
    core.ctx.lan = { port: host.port, fingerprint: cert.fingerprint };
    expect(host.url.startsWith('https://')).toBe(true);
    const answer = await new Promise<{ peer: string; setCookie: string | undefined; info: string }>((resolve, reject) => {
      const req = https.request(
        { host: '127.0.0.1', port: host.port, path: '/rpc/auth.setup', method: 'POST', rejectUnauthorized: false, headers: { Host: `127.0.0.1:${host.port}`, 'Content-Type': 'application/json' } },
        (res) => {
          const peer = new X509Certificate((res.socket as import('node:tls').TLSSocket).getPeerX509Certificate()!.raw).fingerprint256;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ peer, setCookie: res.headers['set-cookie']?.[0], info: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(ADMIN));
    });
    expect(answer.peer).toBe(cert.fingerprint);
    expect(answer.setCookie).toContain('; Secure');
    expect((await core.dispatch('system.info', {})).ok && ((await core.dispatch('system.info', {})) as { data: { lan: unknown } }).data.lan).toEqual({ port: host.port, fingerprint: cert.fingerprint });
  });

  it('the desktop setting serves the LAN only once an account exists, keeps the choice, and audits it', async () => {
    const core = await makeCore({ requireSession: true });
    cleanup.push(() => core.close());
    const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-www-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<html>ok</html>');
    const lan = lanController(core, { staticDir, port: 0 });
    cleanup.push(() => lan.stop());
    await expect(lan.start()).rejects.toThrow(/尚无任何账户/);
    const window = windowSession(core.dispatch);
    await window('auth.setup', ADMIN);
    const unavailable = await window('lan.set', { enabled: true });
    expect(unavailable.ok ? '' : unavailable.error.code).toBe('LAN_UNAVAILABLE');
    core.ctx.lanControl = lan;
    const on = (await window('lan.set', { enabled: true })) as { ok: true; data: { lan: { port: number; fingerprint: string } } };
    expect(on.data.lan.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(((await window('system.info', {})) as { data: { lan: unknown } }).data.lan).toEqual(on.data.lan);
    const status = await new Promise<number>((resolve, reject) =>
      https.get({ host: '127.0.0.1', port: on.data.lan.port, path: '/', rejectUnauthorized: false, headers: { Host: `127.0.0.1:${on.data.lan.port}` } }, (res) => resolve(res.statusCode ?? 0)).on('error', reject),
    );
    expect(status).toBe(200);
    expect(core.ctx.sqlite.prepare("SELECT value_json FROM settings WHERE key = 'lan.enabled'").pluck().get()).toBe('true');
    await window('lan.set', { enabled: false });
    expect(((await window('system.info', {})) as { data: { lan: unknown } }).data.lan).toBeNull();
    expect(core.ctx.sqlite.prepare("SELECT summary FROM audit_log WHERE action = 'settings.lan' ORDER BY seq").pluck().all()).toEqual([expect.stringContaining('开启局域网服务'), '关闭局域网服务']);
  });

  it('IPC: the core process keeps the window\'s session; the page never receives the token', async () => {
    const core = await makeCore({ requireSession: true });
    cleanup.push(() => core.close());
    const window = windowSession(core.dispatch);
    expect(((await window('accounts.list', {})) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const setup = await window('auth.setup', ADMIN);
    expect(setup.ok && 'token' in (setup.data as object)).toBe(false);
    expect((await window('accounts.list', {})).ok).toBe(true);
    await window('auth.logout', {});
    expect((await window('accounts.list', {})).ok).toBe(false);
  });
});

describe('the CLI', () => {
  it('manages accounts as the operating-system user, and verifies the audit chain', async () => {
    const core = await makeCore();
    const { dbPath, dir } = core;
    await core.call('facilities.create', { name: '八角驿站', kind: 'community_station', ownership: 'public', areaCode: '110107', openedOn: '2019-01-01' });
    await core.close();
    const out: string[] = [];
    const err: string[] = [];
    const run = (args: string[]) => runCli([...args, '--db', dbPath], (l) => out.push(l), (l) => err.push(l));
    const pw = path.join(dir, 'pw.txt');
    fs.writeFileSync(pw, 'Nurse-2026-x\n');
    expect(await run(['users', 'add', 'nurse', '--role', 'facility_staff', '--facility', '八角驿站', '--password-file', pw])).toBe(0);
    fs.writeFileSync(pw, 'short\n');
    expect(await run(['users', 'add', 'weak', '--password-file', pw])).toBe(1);
    expect(err.join('\n')).toContain('密码至少 8 个字符');
    expect(await run(['users', 'disable', 'nurse', '--reason', '离职'])).toBe(0);
    expect(await run(['users', 'list'])).toBe(0);
    expect(out.join('\n')).toMatch(/nurse\t机构工作人员（机构 1 个）\t已停用/);
    expect(await run(['audit', 'verify'])).toBe(0);
    expect(out.at(-1)).toMatch(/审计日志完整：共 \d+ 条/);
    const csvFile = path.join(dir, '审计.csv');
    expect(await run(['audit', 'export', '--out', csvFile])).toBe(0);
    const csv = fs.readFileSync(csvFile, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFF序号,时间,操作人,操作,对象,对象编号,摘要,校验值');
    expect(csv).toContain('新建账户 nurse');
    if (process.platform !== 'win32') expect(fs.statSync(csvFile).mode & 0o777).toBe(0o600);
    const sqlite = openSqlite(dbPath);
    const actors = sqlite.prepare("SELECT DISTINCT actor_name FROM audit_log WHERE entity = 'account'").pluck().all();
    expect(actors).toEqual([`命令行（${os.userInfo().username}）`]);
    sqlite.exec('DROP TRIGGER audit_log_no_delete');
    sqlite.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    sqlite.close();
    expect(await run(['audit', 'verify'])).toBe(1);
    expect(out.at(-1)).toContain('第 3 条');
  });
});

describe('a file from before accounts', () => {
  it('chains its existing audit entries on upgrade, so verify covers the whole log', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-upgrade-accounts-'));
    const dbPath = path.join(dir, 'carebeds.sqlite');
    const sqlite = openSqlite(dbPath);
    const db = createKysely(sqlite);
    await migrateToLatest(db, sqlite, dbPath, Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0020')));
    for (let i = 0; i < 3; i++) {
      sqlite.prepare("INSERT INTO audit_log (id, at, actor_id, actor_name, action, entity, entity_id) VALUES (?, '2026-01-01T00:00:00Z', 'local', '本机用户', 'x', 'y', 'z')").run(`old-${i}`);
    }
    await migrateToLatest(db, sqlite, dbPath);
    expect(sqlite.prepare('SELECT count(*) FROM audit_log WHERE hash IS NULL').pluck().get()).toBe(0);
    expect(await verifyAuditChain(db)).toEqual({ entries: 3, firstBroken: null });
    await db.destroy();
  });
});
