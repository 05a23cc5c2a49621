import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from './helpers';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import { countersSource, isCurrent, loadAreaCounts, naiveSource } from '../../electron/core/features/indicators/tallies';
import { rebuildBedCounters } from '../../electron/core/db/migrations/0007_counters';
import type { AreaCounts } from '../../shared/domain/indicators';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function canonical(counts: Map<string, AreaCounts>) {
  const out: Record<string, unknown> = {};
  for (const [code, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    const sort = <T,>(rows: readonly T[]) => [...rows].map((r) => JSON.stringify(r)).sort();
    out[code] = { beds: sort(c.beds), family: sort(c.familyCareBeds), facilities: sort(c.facilities), ratings: sort(c.ratings), streets: sort(c.careCenterStreets) };
  }
  return out;
}

function dateBetween(r: () => number, from: string, to: string): string {
  const a = Date.parse(from);
  const b = Date.parse(to);
  return new Date(a + Math.floor(r() * (b - a) / 86400000) * 86400000).toISOString().slice(0, 10);
}

describe('maintained counters', () => {
  it('equal a full recount after thousands of random admissions, discharges, transfers, bed and facility changes', async () => {
    core = await makeCore({ today: '2026-11-23' });
    const r = rng(20261123);
    const districts = ['110101', '110105', '110109', '110118'];
    const kinds = ['institution', 'care_center', 'community_station'] as const;
    const facilities: string[] = [];
    for (let i = 0; i < 8; i++) {
      const f = await core.call('facilities.create', {
        name: `测试机构${i}`,
        kind: kinds[i % kinds.length]!,
        ownership: 'public',
        areaCode: districts[i % districts.length]!,
        openedOn: '2015-01-01',
        approvedBeds: i % 3 === 0 ? null : 20,
        medicalService: i % 2 ? 'onsite' : 'none',
      });
      facilities.push(f.id);
      await core.call('beds.bulkCreate', { facilityId: f.id, buildingName: 'A', floor: 1, roomFrom: 101, roomTo: 105, bedsPerRoom: 2, category: i % 2 ? 'long_term' : 'short_term', nursing: i % 3 !== 1, openedOn: '2016-01-01' });
    }
    const beds: { id: string; facility: string }[] = [];
    for (const f of facilities) {
      const board = await core.call('beds.board', { facilityId: f, asOf: null });
      for (const b of board.buildings) for (const fl of b.floors) for (const room of fl.rooms) for (const bed of room.beds) beds.push({ id: bed.id, facility: f });
    }
    const elders: string[] = [];
    for (let i = 0; i < 60; i++) {
      const first17 = `110105${1930 + (i % 30)}0101${String(100 + i).padStart(3, '0')}`;
      elders.push((await core.call('elders.create', { name: `老人${i}`, idNumber: first17 + computeCheckDigit(first17) })).id);
    }

    let changes = 0;
    let refused = 0;
    const open = new Map<string, { admission: string; facility: string }>();
    for (let step = 0; step < 4000; step++) {
      const x = r();
      const on = dateBetween(r, '2020-01-01', '2026-11-23');
      let result;
      if (x < 0.45) {
        const e = elders[Math.floor(r() * elders.length)]!;
        if (open.has(e)) {
          const a = open.get(e)!;
          const y = r();
          if (y < 0.5) {
            result = await core.dispatch('stays.discharge', { admissionId: a.admission, on, reason: 'voluntary' });
            if (result.ok) open.delete(e);
          } else {
            const to = beds.filter((b) => b.facility === a.facility)[Math.floor(r() * 10)]!;
            result = await core.dispatch('stays.transfer', { admissionId: a.admission, toBedId: to.id, on });
          }
        } else {
          const b = beds[Math.floor(r() * beds.length)]!;
          result = await core.dispatch('stays.admit', { elderId: e, bedId: b.id, admittedOn: on, feeClass: 'standard' });
          if (result.ok) open.set(e, { admission: (result.data as { id: string }).id, facility: b.facility });
        }
      } else if (x < 0.75) {
        const b = beds[Math.floor(r() * beds.length)]!;
        result = await core.dispatch('beds.setAttributes', { id: b.id, effectiveOn: on, category: r() < 0.5 ? 'long_term' : 'short_term', nursing: r() < 0.6, reserve: r() < 0.1 });
      } else if (x < 0.85) {
        const b = beds[Math.floor(r() * beds.length)]!;
        result = await core.dispatch('beds.retire', { id: b.id, retiredOn: on, reason: '测试' });
      } else if (x < 0.95) {
        const f = facilities[Math.floor(r() * facilities.length)]!;
        const statuses = ['operating', 'suspended', 'closed'] as const;
        result = await core.dispatch('facilities.setStatus', { id: f, status: statuses[Math.floor(r() * 3)]!, effectiveOn: on, reason: '测试' });
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
    expect(canonical(fast.counts)).toEqual(canonical(slow.counts));
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
