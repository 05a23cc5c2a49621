import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore, type Core } from '../../electron/core/core';
import { silentLogger } from '../../electron/core/app/context';
import type { Channel, Input, Output } from '../../shared/contract';
import type { ErrorPayload } from '../../shared/errors';

export interface TestCore extends Core {
  dir: string;
  dbPath: string;
  /** Calls a channel through the dispatcher and returns its data, failing the test on an error result. */
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
  /** Calls a channel and returns the error payload, failing the test if it succeeded. */
  fail<C extends Channel>(channel: C, input: Input<C>): Promise<ErrorPayload>;
}

/** A core on a real SQLite file in a fresh temp folder; the clock is fixed unless given. */
export async function makeCore(opts: { today?: string; dbPath?: string } = {}): Promise<TestCore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-test-'));
  const dbPath = opts.dbPath ?? path.join(dir, 'carebeds.sqlite');
  const fixed = new Date(`${opts.today ?? '2026-11-23'}T04:00:00Z`);
  const core = await openCore({ dbPath, logger: silentLogger, now: () => fixed });
  return {
    ...core,
    dir,
    dbPath,
    async call(channel, input) {
      const r = await core.dispatch(channel, input);
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.details ?? '')}`);
      return r.data as never;
    },
    async fail(channel, input) {
      const r = await core.dispatch(channel, input);
      if (r.ok) throw new Error(`${channel} unexpectedly succeeded: ${JSON.stringify(r.data)}`);
      return r.error;
    },
  };
}

export function fileOf(fileName: string, content: string | Uint8Array) {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  return { fileName, dataBase64: bytes.toString('base64') };
}

/** A complete GB/T 42195 score sheet with every item at its best (能力完好). */
export function fullScores() {
  return {
    selfCare: { eating: 4, grooming: 4, bathing: 4, dressingUpper: 4, dressingLower: 4, urinaryControl: 4, bowelControl: 4, toileting: 4 },
    mobility: { bedPositionTransfer: 4, bedChairTransfer: 4, walking: 4, stairs: 3 },
    mental: { timeOrientation: 4, spaceOrientation: 4, personOrientation: 4, memory: 4, comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2 },
    perception: { vision: 2, hearing: 2, dailyAffairs: 4, transportation: 3, socialInteraction: 4 },
  };
}
