import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../electron/core/http/host';
import { silentLogger } from '../../electron/core/app/context';
import type { Dispatch } from '../../electron/core/dispatch';

// bench:ui splits each click into server, transfer and render from this header (resource timing).
let host: HttpHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

describe('browser-mode host: Server-Timing', () => {
  it('reports the core’s own time for a request and the size of its answer', async () => {
    const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-timing-'));
    const slow: Dispatch = async (channel) => {
      await new Promise((r) => setTimeout(r, 40));
      return { ok: true, data: { channel, text: '养老床位'.repeat(10) } };
    };
    host = await startHttpHost({ dispatch: slow, staticDir, logger: silentLogger });
    const res = await fetch(`${host.url}rpc/areas.list`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const body = Buffer.from(await res.arrayBuffer());
    const header = res.headers.get('server-timing') ?? '';
    const dur = /core;dur=([\d.]+)/.exec(header);
    const bytes = /bytes;desc="(\d+)"/.exec(header);
    expect(dur, header).not.toBeNull();
    expect(Number(dur![1])).toBeGreaterThanOrEqual(35);
    expect(Number(dur![1])).toBeLessThan(5_000);
    expect(Number(bytes![1])).toBe(body.length);
    fs.rmSync(staticDir, { recursive: true, force: true });
  });
});
