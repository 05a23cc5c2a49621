import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, randomAttributes, randomStatus, randomStayChange, randomStep, retireBed, rng, seedWorld, type OpenStays, type TestCore } from './helpers';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import { buildReport, useAreaCountsSource } from '../../electron/core/features/indicators/service';
import { forgetReports, naiveSource } from '../../electron/core/counting';
import type { IndicatorOptionsInput } from '../../shared/domain/indicators';

let core: TestCore;
afterEach(async () => {
  useAreaCountsSource(core.ctx.counting, core.ctx.counting.fast);
  await core?.close();
});

const now = new Date('2026-11-23T04:00:00Z');

/**
 * The rows of a report from memory (fast source) and from a full recount, for the same date and options.
 * With `cold`, memory is forgotten first, as after a restart: past dates then come from the checkpoint store.
 */
async function both(asOf: string, options?: Partial<IndicatorOptionsInput>, cold = false) {
  useAreaCountsSource(core.ctx.counting, core.ctx.counting.fast);
  if (cold) forgetReports(core.ctx.counting);
  const fast = await buildReport(core.ctx.counting, core.ctx.db, now, { asOf, level: 'district', options: options as never });
  const how = core.ctx.counting.memoStats.last;
  useAreaCountsSource(core.ctx.counting, naiveSource);
  const slow = await buildReport(core.ctx.counting, core.ctx.db, now, { asOf, level: 'district', options: options as never });
  useAreaCountsSource(core.ctx.counting, core.ctx.counting.fast);
  return { fast: fast.rows, slow: slow.rows, how, targets: [fast.targets, slow.targets] };
}

describe('the district report kept in memory', () => {
  it.each([
    ['kept in memory', false],
    ['stored on disk for past dates, memory forgotten before each call', true],
  ])('equals a full recount after random writes of every kind, redoing only the districts written (%s)', async (_, cold) => {
    core = await makeCore({ today: '2026-11-23' });
    const r = rng(11);
    const districts = ['110101', '110105', '110118', '110109'];
    const kinds = ['institution', 'care_center', 'community_station', 'rural_station'] as const;
    await core.call('areas.create', { code: '110118001', name: '鼓楼街道' });
    const { facilities, beds, elders } = await seedWorld(core, {
      districts, kinds, roomTo: 104, elders: 40, assessed: true, areaOf: (i) => (i === 1 ? '110118001' : undefined),
    });
    const PAST = '2024-06-30';
    const OPTIONS = { includeFamilyCareBeds: true, facilityStatusesCounted: ['operating'] as const };
    // Warm the memo for today, a past date and another option set.
    for (const [asOf, options] of [['2026-11-23', undefined], [PAST, undefined], ['2026-11-23', OPTIONS]] as const) {
      const { fast, slow } = await both(asOf, options as never);
      expect(fast).toEqual(slow);
    }
    // Nothing written: answered from memory.
    expect((await both('2026-11-23')).how).toBe('hit');

    const open: OpenStays = new Map();
    const family = new Map<string, string>();
    const seen = new Set<string>();
    let changes = 0;
    for (let step = 0; step < 600; step++) {
      const { x, on, e, f, b } = randomStep(r, { elders, facilities, beds });
      let result;
      if (x < 0.35) {
        result = await randomStayChange(core, r, { open, beds }, e, on, () => b, { among: 8 });
      } else if (x < 0.5) {
        result = await randomAttributes(core, r, b.id, on);
      } else if (x < 0.55) {
        result = await retireBed(core, b.id, on);
      } else if (x < 0.65) {
        result = await randomStatus(core, r, f, on);
      } else if (x < 0.72) {
        result = await core.dispatch('ratings.create', { facilityId: f, level: 1 + Math.floor(r() * 3), decidedOn: on });
      } else if (x < 0.82) {
        const openBed = family.get(e);
        if (openBed) {
          result = await core.dispatch('familyBeds.close', { id: openBed, closedOn: '2026-11-20', reason: '测试' });
          if (result.ok) family.delete(e);
        } else {
          result = await core.dispatch('familyBeds.open', {
            providerFacilityId: f, elderId: e, areaCode: districts[Math.floor(r() * districts.length)]!, address: '某小区 1-101',
            agreementStartOn: on, openedOn: on,
          });
          if (result.ok) family.set(e, (result.data as { id: string }).id);
        }
      } else if (x < 0.88) {
        result = await core.dispatch('population.upsert', {
          areaCode: r() < 0.2 ? '110000' : districts[Math.floor(r() * districts.length)]!, year: 2020 + Math.floor(r() * 6),
          resident: 100000 + Math.floor(r() * 1000), resident60: 20000 + Math.floor(r() * 1000),
        });
      } else if (x < 0.93) {
        const detail = await core.call('facilities.get', { id: f });
        result = await core.dispatch('facilities.update', {
          id: f, name: detail.name, kind: detail.kind, ownership: detail.ownership, areaCode: districts[Math.floor(r() * districts.length)]!,
          approvedBeds: r() < 0.3 ? null : Math.floor(r() * 30), medicalService: r() < 0.5 ? 'contracted' : 'none', openedOn: detail.openedOn,
        });
      } else if (x < 0.95) {
        result = await core.dispatch('areas.create', { code: `110105${String(step).padStart(3, '0')}`, name: `街道${step}` });
      } else {
        // Another connection writes (the CLI, say): the memo must see it through the database, not through this process.
        const other = new Database(core.dbPath);
        other
          .prepare(`UPDATE beds SET retired_on = '2026-11-21', retire_reason = '其他连接' WHERE id = ? AND retired_on IS NULL AND opened_on < '2026-11-21'`)
          .run(b.id);
        other.close();
        result = { ok: true };
      }
      if (result.ok) changes++;
      if (step % 20 === 19) {
        for (const [asOf, options] of [['2026-11-23', undefined], [PAST, undefined], ['2026-11-23', OPTIONS]] as const) {
          const { fast, slow, how, targets } = await both(asOf, options as never, cold);
          expect(fast, `${asOf} step ${step}`).toEqual(slow);
          expect(targets[0]).toEqual(targets[1]);
          seen.add(how);
        }
      }
    }
    expect(changes).toBeGreaterThan(300);
    // Both ways of answering after writes were exercised, and the comparison is not vacuous.
    if (cold) {
      // Every past-date call after a write came from the store with the written districts recounted.
      expect(seen).toEqual(new Set(['full', 'stored']));
      const rows = await core.ctx.db.selectFrom('tally_checkpoints').select(['as_of', 'district_code']).execute();
      expect(new Set(rows.map((x) => x.as_of))).toEqual(new Set([PAST]));
      expect(rows.length).toBeGreaterThanOrEqual(districts.length);
    } else {
      expect(seen.has('incremental')).toBe(true);
    }
    const city = (await both('2026-11-23')).fast[0]!;
    expect(city.values.find((v) => v.id === 'eldercare_beds')?.value).toBeGreaterThan(0);
    expect(city.values.find((v) => v.id === 'occupancy_rate')?.value).toBeGreaterThan(0);
  }, 180_000);

  it('recounts only the district an admission touches, and nothing when the same question is asked again', async () => {
    core = await makeCore({ today: '2026-11-23' });
    const a = await core.call('facilities.create', { name: '甲', kind: 'institution', ownership: 'public', areaCode: '110105', openedOn: '2015-01-01', statusSince: '2015-01-01', approvedBeds: 4 });
    await core.call('facilities.create', { name: '乙', kind: 'institution', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01', statusSince: '2015-01-01', approvedBeds: 4 });
    await core.call('beds.bulkCreate', { facilityId: a.id, buildingName: 'A', floor: 1, roomFrom: 1, roomTo: 2, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2016-01-01' });
    const first17 = '11010519400101123';
    const e = await core.call('elders.create', { name: '孙', idNumber: first17 + computeCheckDigit(first17) });
    const bedId = (await core.call('stays.freeBeds', { facilityId: a.id, on: '2026-11-20' }))[0]!.id;

    const before = await buildReport(core.ctx.counting, core.ctx.db, now, { asOf: '2026-11-23', level: 'district' });
    expect(core.ctx.counting.memoStats.last).toBe('full');
    const pastBefore = await buildReport(core.ctx.counting, core.ctx.db, now, { asOf: '2024-06-30', level: 'district' });
    await buildReport(core.ctx.counting, core.ctx.db, now, { asOf: '2026-11-23', level: 'district' });
    expect(core.ctx.counting.memoStats.last).toBe('hit');
    await core.call('stays.admit', { elderId: e.id, bedId, admittedOn: '2026-11-20', feeClass: 'standard' });
    const after = await buildReport(core.ctx.counting, core.ctx.db, now, { asOf: '2026-11-23', level: 'district' });
    expect(core.ctx.counting.memoStats).toEqual({ last: 'incremental', recounted: 1 });
    // The admission of 2026-11-20 does not reach back to 2024 (dated stamps): nothing is recounted there.
    const pastAfter = await buildReport(core.ctx.counting, core.ctx.db, now, { asOf: '2024-06-30', level: 'district' });
    expect(core.ctx.counting.memoStats).toEqual({ last: 'incremental', recounted: 0 });
    expect(pastAfter.rows).toEqual(pastBefore.rows);
    const occ = (rows: typeof before.rows, code: string) => rows.find((x) => x.areaCode === code)!.values.find((v) => v.id === 'occupancy_rate')!.value;
    // Hand-computed: 1 of 甲's 4 beds is occupied; the city has 4 beds in all.
    expect(occ(before.rows, '110105')).toBe(0);
    expect(occ(after.rows, '110105')).toBe(25);
    expect(occ(after.rows, '110000')).toBe(25);

    // A report built inside a transaction is never remembered: its writes might still roll back.
    await expect(
      core.ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('facility_status_history')
          .values({ id: 'closing', facility_id: a.id, status: 'closed', effective_on: '2026-11-22', reason: null, recorded_at: now.toISOString(), recorded_by: 'test' })
          .execute();
        const inside = await buildReport(core.ctx.counting, trx, now, { asOf: '2026-11-23', level: 'district' });
        // 甲 is closed inside the transaction, so it has no counted beds there.
        expect(occ(inside.rows, '110105')).toBeNull();
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const again = await buildReport(core.ctx.counting, core.ctx.db, now, { asOf: '2026-11-23', level: 'district' });
    expect(core.ctx.counting.memoStats.last).toBe('hit');
    expect(occ(again.rows, '110105')).toBe(25);
  });

  it('keeps to each core its own memory, tally source and statistics', async () => {
    core = await makeCore({ today: '2026-11-23' });
    await seedWorld(core, { districts: ['110101', '110105'], kinds: ['institution', 'care_center'], roomTo: 102, elders: 4 });
    const other = await makeCore({ today: '2026-11-23', dbPath: core.dbPath });
    try {
      const report = (c: TestCore) => buildReport(c.ctx.counting, c.ctx.db, now, { asOf: '2026-11-23', level: 'district' });
      const kept = await report(core);
      await report(core);
      expect(core.ctx.counting.memoStats.last).toBe('hit');
      // The other core on the same file recounts with the naive source: this one keeps its source and memory.
      useAreaCountsSource(other.ctx.counting, naiveSource);
      expect((await report(other)).rows).toEqual(kept.rows);
      expect(other.ctx.counting.memoStats).toEqual({ last: 'full', recounted: 0 });
      expect(core.ctx.counting.source).toBe(core.ctx.counting.fast);
      expect((await report(core)).rows[1]).toBe(kept.rows[1]);
      expect(core.ctx.counting.memoStats.last).toBe('hit');
      // Forgetting one core's reports leaves the other's.
      useAreaCountsSource(other.ctx.counting, other.ctx.counting.fast);
      await report(other);
      forgetReports(other.ctx.counting);
      await report(core);
      expect(core.ctx.counting.memoStats.last).toBe('hit');
    } finally {
      await other.close();
    }
  });
});
