import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
import { CLOSE, CLOSED, createPortClient, servePort } from '../../electron/core/app/rpcPort';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

/** An in-memory stand-in for Electron's utilityProcess message port (asynchronous, like the real one). */
function pair() {
  const listeners: ((event: { data: unknown }) => void)[] = [];
  let toClient: (message: unknown) => void = () => {};
  const port = {
    on: (_event: 'message', listener: (event: { data: unknown }) => void) => listeners.push(listener),
    postMessage: (message: unknown) => setTimeout(() => toClient(structuredClone(message)), 0),
  };
  const client = createPortClient((message) => setTimeout(() => listeners.forEach((l) => l({ data: structuredClone(message) })), 0));
  toClient = (m) => client.receive(m);
  return { port, client };
}

it('carries requests to the core process and its results back, matched by id, errors included', async () => {
  core = await makeCore();
  const { port, client } = pair();
  servePort(port, core.dispatch as never);
  const [info, bad, list] = await Promise.all([
    client.call('system.info', {}),
    client.call('facilities.create', { name: '' }),
    client.call('areas.list', { level: 'district' }),
  ]);
  expect(info.ok && (info.data as { schemaVersion: string }).schemaVersion).toBe(core.ctx.schemaVersion);
  expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  expect(list.ok && (list.data as unknown[]).length).toBe(16);
  expect(client.pendingCount).toBe(0);
});

it('answers pending and later requests with a Chinese error once the core process is gone', async () => {
  const client = createPortClient(() => {});
  const pending = client.call('system.info', {});
  client.fail('数据服务已退出（代码 1），操作未保存，请重新启动 CareBeds');
  expect(await pending).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('数据服务已退出') } });
  expect(await client.call('areas.list', {})).toMatchObject({ ok: false });
});

it('on CLOSE the core finishes the request under way, refuses new ones, checkpoints and closes the database, then answers CLOSED', async () => {
  core = await makeCore();
  const listeners: ((event: { data: unknown }) => void)[] = [];
  const received: unknown[] = [];
  const port = {
    on: (_event: 'message', listener: (event: { data: unknown }) => void) => listeners.push(listener),
    postMessage: (message: unknown) => received.push(structuredClone(message)),
  };
  const send = (message: unknown) => listeners.forEach((l) => l({ data: structuredClone(message) }));
  let closes = 0;
  servePort(port, core.dispatch as never, async () => {
    closes++;
    await core.close();
  });
  const facility = { name: '关闭前写入', kind: 'institution', ownership: 'public', areaCode: '110118', approvedBeds: 20, openedOn: '2015-06-01' };
  send({ id: 1, channel: 'facilities.create', input: facility });
  send(CLOSE);
  send({ id: 2, channel: 'system.info', input: {} });
  send(CLOSE);
  await expect.poll(() => received.some((m) => (m as { type?: string }).type === 'closed')).toBe(true);
  expect(closes).toBe(1);
  const replies = received as { id?: number; type?: string; result?: { ok: boolean; error?: { message: string } } }[];
  expect(replies.find((m) => m.id === 1)?.result?.ok).toBe(true);
  expect(replies.find((m) => m.id === 2)?.result?.error?.message).toContain('正在关闭');
  // The write was answered before CLOSED, and the database was closed with its WAL folded in.
  expect(replies.findIndex((m) => m.id === 1)).toBeLessThan(replies.findIndex((m) => m.type === 'closed'));
  expect(replies.find((m) => m.type === 'closed')).toEqual(CLOSED);
  expect(core.ctx.sqlite.open).toBe(false);
  expect(fs.existsSync(`${core.dbPath}-wal`) ? fs.statSync(`${core.dbPath}-wal`).size : 0).toBe(0);
  const raw = new Database(core.dbPath, { readonly: true });
  expect(raw.prepare('SELECT count(*) FROM facilities WHERE name = ?').pluck().get('关闭前写入')).toBe(1);
  raw.close();
});
