import { afterEach, describe, expect, it } from 'vitest';
import { canonicalCounts, dayBetween, makeCore, randomAttributes, randomStatus, randomStayChange, retireBed, rng, seedWorld, type OpenStays, type TestCore } from './helpers';
import { countersSource, isCurrent, loadAreaCounts, naiveSource } from '../../electron/core/counting';
import { rebuildBedCounters } from '../../electron/core/db/migrations/0007_counters';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

describe('maintained counters', () => {
  it('equal a full recount after thousands of random admissions, discharges, transfers, bed and facility changes', async () => {
    core = await makeCore({ today: '2026-11-23' });
    const r = rng(20261123);
    const districts = ['110101', '110105', '110109', '110118'];
    const kinds = ['institution', 'care_center', 'community_station'] as const;
    const { facilities, beds, elders } = await seedWorld(core, { districts, kinds, roomTo: 105, elders: 60 });

    let changes = 0;
    let refused = 0;
    const open: OpenStays = new Map();
    for (let step = 0; step < 4000; step++) {
      const x = r();
      const on = dayBetween(r, '2020-01-01', '2026-11-23');
      let result;
      if (x < 0.45) {
        const e = elders[Math.floor(r() * elders.length)]!;
        result = await randomStayChange(core, r, { open, beds }, e, on, () => beds[Math.floor(r() * beds.length)]!, { discharge: 0.5 });
      } else if (x < 0.75) {
        result = await randomAttributes(core, r, beds[Math.floor(r() * beds.length)]!.id, on);
      } else if (x < 0.85) {
        result = await retireBed(core, beds[Math.floor(r() * beds.length)]!.id, on);
      } else if (x < 0.95) {
        result = await randomStatus(core, r, facilities[Math.floor(r() * facilities.length)]!, on);
      } else {
        const f = facilities[Math.floor(r() * facilities.length)]!;
        const detail = await core.call('facilities.get', { id: f });
        result = await core.dispatch('facilities.update', {
          id: f, name: detail.name, kind: detail.kind, ownership: detail.ownership, areaCode: districts[Math.floor(r() * districts.length)]!,
          approvedBeds: r() < 0.3 ? null : Math.floor(r() * 30), medicalService: r() < 0.5 ? 'contracted' : 'none', openedOn: detail.openedOn,
        });
      }
      if (result.ok) changes++;
      else refused++;
    }
    // Most random changes are valid; the rest are refused (e.g. back-dated overlaps), which must not
    // touch the counters either.
    expect(changes).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(0);

    expect(await isCurrent(core.ctx.db, '2026-11-23')).toBe(true);
    const fast = await loadAreaCounts(core.ctx.db, '2026-11-23', 'district', countersSource);
    const slow = await loadAreaCounts(core.ctx.db, '2026-11-23', 'district', naiveSource);
    expect(canonicalCounts(fast.counts)).toEqual(canonicalCounts(slow.counts));
    const totalBeds = [...slow.counts.get('110000')!.beds].reduce((s, b) => s + b.beds, 0);
    expect(totalBeds).toBeGreaterThan(0);

    // Rebuilding from scratch gives the same rows as the triggers kept.
    const before = core.ctx.sqlite.prepare('SELECT * FROM facility_bed_counters WHERE beds <> 0 OR occupied <> 0 ORDER BY facility_id, category').all();
    await rebuildBedCounters(core.ctx.db);
    const after = core.ctx.sqlite.prepare('SELECT * FROM facility_bed_counters WHERE beds <> 0 OR occupied <> 0 ORDER BY facility_id, category').all();
    expect(after).toEqual(before);
  }, 120_000);

  it('are not used for a date before the latest event, where history decides', async () => {
    core = await makeCore({ today: '2026-11-23' });
    const f = await core.call('facilities.create', { name: '甲', kind: 'institution', ownership: 'public', areaCode: '110105', openedOn: '2015-01-01' });
    await core.call('beds.bulkCreate', { facilityId: f.id, buildingName: 'A', floor: 1, roomFrom: 1, roomTo: 2, bedsPerRoom: 1, category: 'long_term', nursing: true, openedOn: '2020-01-01' });
    expect(await isCurrent(core.ctx.db, '2026-01-01')).toBe(true);
    expect(await isCurrent(core.ctx.db, '2019-12-31')).toBe(false);
    const past = await loadAreaCounts(core.ctx.db, '2019-12-31', 'district', countersSource);
    expect(past.counts.get('110105')!.beds).toEqual([]);
    const now = await loadAreaCounts(core.ctx.db, '2026-11-23', 'district', countersSource);
    expect(now.counts.get('110105')!.beds[0]).toMatchObject({ beds: 2, nursingBeds: 2 });
  });
});
