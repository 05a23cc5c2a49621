import { afterEach, describe, expect, it } from 'vitest';
import { dayBetween, makeCore, randomAttributes, randomStatus, randomStayChange, retireBed, rng, seedWorld, type OpenStays, type TestCore } from './helpers';
import { countersSource, naiveSource } from '../../electron/core/counting';
import { useAreaCountsSource } from '../../electron/core/features/indicators/service';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

const sorted = <T extends { key: string; category: string; facilityStatus: string }>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.key}|${a.category}|${a.facilityStatus}`.localeCompare(`${b.key}|${b.category}|${b.facilityStatus}`));

// A drill-down on a current date reads each facility's maintained counters instead of recounting; it
// must give exactly the recount's tallies and the same facilities with the same contributions.
describe('drill-down from the per-facility counters', () => {
  it('equals the recount after random admissions, discharges, bed and facility changes', async () => {
    const today = '2026-11-23';
    core = await makeCore({ today });
    const r = rng(31);
    const districts = ['110101', '110105', '110109', '110118'];
    const { facilities, beds, elders } = await seedWorld(core, { districts, kinds: ['institution', 'care_center', 'community_station'], roomTo: 105, elders: 60 });
    const open: OpenStays = new Map();
    let changes = 0;
    for (let step = 0; step < 1500; step++) {
      const x = r();
      const on = dayBetween(r, '2021-01-01', today);
      const result =
        x < 0.5
          ? await randomStayChange(core, r, { open, beds }, elders[Math.floor(r() * elders.length)]!, on, () => beds[Math.floor(r() * beds.length)]!, { discharge: 0.5 })
          : x < 0.75
            ? await randomAttributes(core, r, beds[Math.floor(r() * beds.length)]!.id, on)
            : x < 0.85
              ? await retireBed(core, beds[Math.floor(r() * beds.length)]!.id, on)
              : await randomStatus(core, r, facilities[Math.floor(r() * facilities.length)]!, on);
      if (result.ok) changes++;
    }
    expect(changes).toBeGreaterThan(300);

    for (const areaCode of [undefined, '110105']) {
      const filter = { areaCode, current: true };
      const fast = await countersSource.bedTallies(core.ctx.db, today, 'facility', filter);
      const slow = await naiveSource.bedTallies(core.ctx.db, today, 'facility', filter);
      expect(fast.length).toBeGreaterThan(0);
      expect(sorted(fast)).toEqual(sorted(slow));
    }

    const drill = async (areaCode: string, indicatorId: string) => {
      const res = await core.dispatch('indicators.drill', { asOf: today, areaCode, indicatorId });
      if (!res.ok) throw new Error(res.error.message);
      return res.data;
    };
    for (const [areaCode, indicatorId] of [['110000', 'eldercare_beds'], ['110105', 'nursing_bed_share']] as const) {
      const fast = await drill(areaCode, indicatorId);
      useAreaCountsSource(core.ctx.counting, naiveSource);
      const slow = await drill(areaCode, indicatorId);
      useAreaCountsSource(core.ctx.counting, core.ctx.counting.fast);
      expect(fast).toEqual(slow);
    }
  }, 120_000);
});
