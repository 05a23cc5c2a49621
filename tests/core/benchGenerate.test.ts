import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate';
import { loadAreaCounts, naiveSource } from '../../electron/core/counting';
import { canonicalCounts, makeCore, stayLabelDrift, type TestCore } from './helpers';

// The generator loads with the triggers dropped and rebuilds what they keep. Whatever it forgets to
// rebuild would make every benchmark figure come from a file the app could never have written.
describe('bench generator', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-gen-'));
  let core: TestCore | undefined;
  afterAll(async () => {
    await core?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a district file whose kept tables equal what the triggers and a full recount give', async () => {
    const file = path.join(dir, 'district.sqlite');
    const result = await generate('district', file, () => {});
    expect(result.rows.stays).toBeGreaterThan(1000);
    core = await makeCore({ dbPath: file, today: '2026-11-23' });
    expect(stayLabelDrift(core.ctx.sqlite)).toEqual({ missing: 0, wrong: 0 });
    for (const asOf of ['2026-11-23', '2024-06-30']) {
      const fast = canonicalCounts((await loadAreaCounts(core.ctx.db, asOf, 'district', core.ctx.counting.fast)).counts);
      const slow = canonicalCounts((await loadAreaCounts(core.ctx.db, asOf, 'district', naiveSource)).counts);
      expect(fast).toEqual(slow);
    }
    // The list shows a bed for every elder with an open stay, and none for the others.
    const open = new Set(
      (core.ctx.sqlite.prepare(`SELECT elder_id FROM stays WHERE end_on IS NULL AND start_on <= '2026-11-23'`).all() as { elder_id: string }[]).map((r) => r.elder_id),
    );
    const { rows } = await core.call('elders.list', { limit: 100, withTotal: false });
    expect(rows.filter((r) => open.has(r.id)).length).toBeGreaterThan(10);
    for (const r of rows) expect(r.placement?.bedLabel ?? null, r.name).toEqual(open.has(r.id) ? expect.stringMatching(/^\S+-\S+$/) : null);
  });
});
