import { afterEach, expect, it } from 'vitest';
import { makeCore, pageThrough, pagingPlan, type TestCore } from './helpers';
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
  const { rows: offsetRows, total } = await pageThrough(core, 'elders.list', {}, 7);
  expect(total).toBe(40);
  const byOffset = offsetRows.map((r) => r.id);
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
  // The count a keyset screen asks once per filter is the list's total for the same filter.
  const tail = (await core.call('elders.get', { id: byKeyset[5]! })).idNumber.slice(14);
  for (const [k, id] of byKeyset.slice(0, 12).entries()) {
    const e = await core.call('elders.get', { id });
    await core.call('elders.update', { id, name: e.name, categories: k % 3 === 0 ? ['living_alone', 'empty_nest'] : ['empty_nest'], contacts: [] });
  }
  const filters = [{}, { search: '王' }, { search: '李某' }, { search: tail }, { search: '无此人' }, { category: 'living_alone' }, { category: 'empty_nest' }, { category: 'living_alone', search: '王' }, { category: 'low_income' }] as const;
  for (const filter of filters) {
    const counted = (await core.call('elders.count', filter)).total;
    const listed = await core.call('elders.list', { ...filter, limit: 500 });
    expect(counted, JSON.stringify(filter)).toBe(listed.total);
    expect(counted, JSON.stringify(filter)).toBe(listed.rows.length);
  }
  expect((await core.call('elders.count', { search: '王' })).total).toBe(15);
  expect((await core.call('elders.count', { category: 'living_alone' })).total).toBe(4);
  expect((await core.call('elders.count', { category: 'empty_nest' })).total).toBe(12);
  expect((await core.fail('elders.count', { category: 'nobody' } as never)).code).toBe('VALIDATION');
  const plan = core.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT * FROM elders e WHERE (e.name, e.id) > (?, ?) ORDER BY e.name, e.id LIMIT 100`).all('王某', '') as { detail: string }[];
  expect(plan.map((p) => p.detail).join(' ')).toContain('elders_name_id');
});

it('an OFFSET page picks its elders before looking anything up, so skipped rows cost index entries only', async () => {
  core = await makeCore({ today: '2026-11-23' });
  const plan = await pagingPlan(core, 'stay_labels', () => core.call('elders.list', { offset: 300, limit: 100, withTotal: false }));
  // The page's subquery (a co-routine or materialized view) holds the OFFSET; every look-up sits outside it.
  expect(plan.paging, plan.all).toMatch(/elders_name_id/);
  expect(plan.paging).not.toMatch(/stays|stay_labels|facilities|assessments|elder_categories|family_care_beds|stay_leaves/);
});
