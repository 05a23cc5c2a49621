import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

/** Every district a figure for 2021 and 2022 besides the 2020 census the new file carries: 48 rows. */
async function threeYears(c: TestCore) {
  for (const d of await c.call('areas.list', { level: 'district' })) {
    for (const year of [2021, 2022]) await c.call('population.upsert', { areaCode: d.code, year, resident: 1000 + year });
  }
}

describe('population.page', () => {
  it('each page is the slice of the whole list in the same order, and the pages together reach every row', async () => {
    core = await makeCore();
    await threeYears(core);
    const whole = await core.call('population.list', {});
    expect(whole).toHaveLength(48);
    const seen: string[] = [];
    for (let offset = 0; offset < whole.length; offset += 7) {
      const page = await core.call('population.page', { offset, limit: 7 });
      expect(page.total).toBe(48);
      expect(page.rows).toEqual(whole.slice(offset, offset + 7));
      seen.push(...page.rows.map((r) => r.id));
    }
    expect(seen).toEqual(whole.map((r) => r.id));
    expect((await core.call('population.page', { offset: 48, limit: 7 })).rows).toEqual([]);
  });

  it('filters by area and year like the list, and searches a name part or the start of a code', async () => {
    core = await makeCore();
    await threeYears(core);
    const miyun = await core.call('population.page', { areaCode: '110118', offset: 0, limit: 50 });
    expect(miyun.rows).toEqual(await core.call('population.list', { areaCode: '110118' }));
    expect(miyun.total).toBe(3);
    const y2021 = await core.call('population.page', { year: 2021, offset: 0, limit: 10 });
    expect(y2021.total).toBe(16);
    expect(y2021.rows.every((r) => r.year === 2021)).toBe(true);

    const byName = await core.call('population.page', { search: '密云', offset: 0, limit: 50 });
    expect(byName.rows.map((r) => `${r.areaName}${r.year}`)).toEqual(['密云区2020', '密云区2021', '密云区2022']);
    const byCode = await core.call('population.page', { search: '11011', offset: 0, limit: 50 });
    expect(new Set(byCode.rows.map((r) => r.areaCode))).toEqual(new Set(['110111', '110112', '110113', '110114', '110115', '110116', '110117', '110118', '110119']));
    // The code is matched from its start only, and LIKE's wildcards are taken literally.
    expect((await core.call('population.page', { search: '0118', offset: 0, limit: 50 })).total).toBe(0);
    expect((await core.call('population.page', { search: '%', offset: 0, limit: 50 })).total).toBe(0);
  });
});
