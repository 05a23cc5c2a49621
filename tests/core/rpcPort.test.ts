import { afterEach, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
import { createPortClient, servePort } from '../../electron/core/app/rpcPort';

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
