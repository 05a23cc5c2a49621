import { afterEach, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
import { computeCheckDigit } from '../../shared/domain/idNumber';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

it('keyset pages of the elders list equal offset pages, in the same order, without counting', async () => {
  core = await makeCore({ today: '2026-11-23' });
  const names = ['王', '李', '张', '王', '刘', '陈', '王', '李'];
  for (let i = 0; i < 40; i++) {
    const first17 = `110105${1930 + i}0101${String(100 + i).padStart(3, '0')}`;
    await core.call('elders.create', { name: `${names[i % names.length]}某`, idNumber: first17 + computeCheckDigit(first17) });
  }
  const byOffset: string[] = [];
  for (let offset = 0; offset < 40; offset += 7) {
    const page = await core.call('elders.list', { offset, limit: 7 });
    expect(page.total).toBe(40);
    byOffset.push(...page.rows.map((r) => r.id));
  }
  const byKeyset: string[] = [];
  let after: { name: string; id: string } | undefined;
  for (;;) {
    const page = await core.call('elders.list', { after, limit: 7, withTotal: false });
    expect(page.total).toBe(-1);
    if (page.rows.length === 0) break;
    byKeyset.push(...page.rows.map((r) => r.id));
    const last = page.rows[page.rows.length - 1]!;
    after = { name: last.name, id: last.id };
  }
  expect(byKeyset).toEqual(byOffset);
  expect(new Set(byKeyset).size).toBe(40);
  const plan = core.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT * FROM elders e WHERE (e.name, e.id) > (?, ?) ORDER BY e.name, e.id LIMIT 100`).all('王某', '') as { detail: string }[];
  expect(plan.map((p) => p.detail).join(' ')).toContain('elders_name_id');
});
