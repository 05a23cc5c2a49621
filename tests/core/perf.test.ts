import { afterEach, describe, expect, it } from 'vitest';
import { canonicalCounts, dayBetween, makeCore, randomAttributes, randomStatus, randomStayChange, retireBed, rng, seedWorld, type OpenStays, type TestCore } from './helpers';
import {
  changeSeq,
  fromStoredSource,
  loadAreaCounts,
  naiveSource,
  readCheckpoint,
  rolledBackSource,
  writeCheckpoint,
} from '../../electron/core/counting';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

/**
 * A world of four kinds of facility in three districts, then `steps` random back-dated changes since
 * 2017: admissions, transfers and discharges, attribute versions, retirements and status changes.
 */
async function randomHistory(core: TestCore, r: () => number, steps: number) {
  const districts = ['110101', '110105', '110118'];
  const kinds = ['institution', 'care_center', 'community_station', 'rural_station'] as const;
  const { facilities, beds, elders } = await seedWorld(core, { districts, kinds, roomTo: 105, elders: 60, lateOpener: 7 });
  const open: OpenStays = new Map();
  let changes = 0;
  for (let step = 0; step < steps; step++) {
    const x = r();
    const on = dayBetween(r, '2017-01-01', '2026-11-23');
    let result;
    if (x < 0.5) {
      const e = elders[Math.floor(r() * elders.length)]!;
      result = await randomStayChange(core, r, { open, beds }, e, on, () => beds[Math.floor(r() * beds.length)]!);
    } else if (x < 0.75) {
      result = await randomAttributes(core, r, beds[Math.floor(r() * beds.length)]!.id, on);
    } else if (x < 0.85) {
      result = await retireBed(core, beds[Math.floor(r() * beds.length)]!.id, on);
    } else {
      result = await randomStatus(core, r, facilities[Math.floor(r() * facilities.length)]!, on);
    }
    if (result.ok) changes++;
  }
  return { facilities, beds, elders, changes };
}

describe('indicators as of a past date from the counters rolled back', () => {
  it('equal a full recount on every date tried, after thousands of random back-dated changes', async () => {
    core = await makeCore({ today: '2026-11-23' });
    const r = rng(7);
    // 3,500 tries: about a third are refused (overlaps, and admissions or closures a facility's status forbids).
    const { changes } = await randomHistory(core, r, 3500);
    expect(changes).toBeGreaterThan(1000);

    // Dates across the whole history, including before any bed existed and the facility opened in 2022.
    const dates = ['2014-12-31', '2016-01-01', '2022-06-15', '2026-11-22', '2026-11-23'];
    for (let i = 0; i < 15; i++) dates.push(dayBetween(r, '2016-01-01', '2026-11-23'));
    // Event days themselves and the day before, where an off-by-one in a half-open interval would show.
    const events = core.ctx.sqlite.prepare(`SELECT d FROM (SELECT end_on AS d FROM stays WHERE end_on IS NOT NULL UNION SELECT start_on FROM stays
      UNION SELECT effective_on FROM bed_attributes UNION SELECT retired_on FROM beds WHERE retired_on IS NOT NULL
      UNION SELECT effective_on FROM facility_status_history) ORDER BY d`).pluck().all() as string[];
    for (let i = 0; i < 5; i++) {
      const d = events[Math.floor(r() * events.length)]!;
      dates.push(d, new Date(Date.parse(d) - 86400000).toISOString().slice(0, 10));
    }
    let compared = 0;
    for (const asOf of dates) {
      const slow = canonicalCounts((await loadAreaCounts(core.ctx.db, asOf, 'district', naiveSource)).counts);
      expect(canonicalCounts((await loadAreaCounts(core.ctx.db, asOf, 'district', rolledBackSource)).counts), asOf).toEqual(slow);
      expect(canonicalCounts((await loadAreaCounts(core.ctx.db, asOf, 'district', core.ctx.counting.fast)).counts), asOf).toEqual(slow);
      compared++;
    }
    expect(compared).toBe(30);
    // The facilities list reads its total from the same counters: equal to a count for every filter.
    for (const filter of [{}, { districtCode: '110105' }, { kind: 'institution' as const }, { status: 'suspended' as const }, { status: 'closed' as const }, { districtCode: '110101', status: 'operating' as const }]) {
      const page = await core.call('facilities.list', { ...filter, offset: 0, limit: 50 });
      const where = Object.entries(filter).map(([k]) => `${k === 'districtCode' ? 'district_code' : k} = @${k}`).join(' AND ');
      const n = core.ctx.sqlite.prepare(`SELECT count(*) FROM facilities ${where ? `WHERE ${where}` : ''}`).pluck().get(filter) as number;
      expect(page.total, JSON.stringify(filter)).toBe(n);
      expect(page.rows.length).toBe(Math.min(n, 50));
    }
    // The comparison is not vacuous: beds, occupancy and a non-operating status appear on the dates tried.
    const some = (await loadAreaCounts(core.ctx.db, '2020-06-30', 'district', naiveSource)).counts.get('110000')!;
    expect(some.beds.reduce((s, b) => s + b.beds, 0)).toBeGreaterThan(0);
    expect(some.beds.reduce((s, b) => s + b.occupiedBeds, 0)).toBeGreaterThan(0);
  }, 180_000);

  it('leaves out a facility not yet in service on D and moves one suspended after D back to operating', async () => {
    core = await makeCore({ today: '2026-11-23' });
    const a = await core.call('facilities.create', { name: '甲', kind: 'institution', ownership: 'public', areaCode: '110105', openedOn: '2015-01-01', statusSince: '2015-01-01', approvedBeds: 4 });
    const b = await core.call('facilities.create', { name: '乙', kind: 'institution', ownership: 'public', areaCode: '110105', openedOn: '2024-01-01', statusSince: '2024-01-01', approvedBeds: null });
    await core.call('beds.bulkCreate', { facilityId: a.id, buildingName: 'A', floor: 1, roomFrom: 1, roomTo: 2, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2016-01-01' });
    await core.call('beds.bulkCreate', { facilityId: b.id, buildingName: 'A', floor: 1, roomFrom: 1, roomTo: 1, bedsPerRoom: 2, category: 'long_term', nursing: false, openedOn: '2024-02-01' });
    await core.call('facilities.setStatus', { id: a.id, status: 'suspended', effectiveOn: '2025-01-01', reason: '整改' });
    const on = (await loadAreaCounts(core.ctx.db, '2023-06-30', 'district', rolledBackSource)).counts.get('110105')!;
    // Hand-computed: on 2023-06-30 only 甲 exists, operating, with its 4 nursing beds; 乙 opened in 2024.
    expect(on.beds).toEqual([{ facilityKind: 'institution', facilityStatus: 'operating', category: 'long_term', beds: 4, nursingBeds: 4, reserveBeds: 0, occupiedBeds: 0 }]);
    expect(on.facilities).toEqual([{ kind: 'institution', status: 'operating', medicalService: 'none', facilities: 1, approvedBeds: 4, facilitiesWithoutApprovedBeds: 0 }]);
  });

  it('from a stored date nearby, on either side, equal a full recount; a district written since is recounted alone', async () => {
    core = await makeCore({ today: '2026-11-23' });
    const r = rng(11);
    const { changes } = await randomHistory(core, r, 1500);
    expect(changes).toBeGreaterThan(500);
    const db = core.ctx.db;
    const recount = async (asOf: string) => canonicalCounts((await loadAreaCounts(db, asOf, 'district', naiveSource)).counts);

    const dayBefore = (d: string) => new Date(Date.parse(d) - 86400000).toISOString().slice(0, 10);
    const dates = ['2017-01-01', '2018-07-01', '2021-12-30', '2024-07-01', '2026-11-22'];
    for (let i = 0; i < 4; i++) dates.push(dayBetween(r, '2017-01-01', '2026-11-22'));
    // Stored: quarter ends, and a day of each kind of event with its eve, so that rolling between the two
    // spans exactly that day's events: an off-by-one at either end of (C, D] would show.
    const storedOn = ['2018-06-30', '2021-12-31', '2024-06-30'];
    for (const [column, table] of [
      ['start_on', 'stays'],
      ['end_on', 'stays'],
      ['effective_on', 'bed_attributes'],
      ['retired_on', 'beds'],
      ['effective_on', 'facility_status_history'],
    ]) {
      const days = core.ctx.sqlite.prepare(`SELECT DISTINCT ${column} FROM ${table} WHERE ${column} BETWEEN '2017-01-02' AND '2026-11-22' ORDER BY 1`).pluck().all() as string[];
      const d = days[Math.floor(r() * days.length)]!;
      storedOn.push(d, dayBefore(d));
      dates.push(d, dayBefore(d));
    }
    // Stored as the app stores them: every district and the city, counted at the current sequence.
    for (const c of new Set(storedOn)) await writeCheckpoint(db, c, await changeSeq(db), (await loadAreaCounts(db, c, 'district', naiveSource)).counts.values());
    const compare = async (label: string) => {
      let differed = 0;
      for (const asOf of dates) {
        const slow = await recount(asOf);
        // From each stored date, whichever side of D it lies, however far.
        for (const c of storedOn) {
          if (c === asOf) continue;
          const rolled = canonicalCounts((await loadAreaCounts(db, asOf, 'district', fromStoredSource(c))).counts);
          expect(rolled, `${label}: ${asOf} from ${c}`).toEqual(slow);
          if (JSON.stringify(slow) !== JSON.stringify(await recount(c))) differed++;
        }
        expect(canonicalCounts((await loadAreaCounts(db, asOf, 'district', core.ctx.counting.fast)).counts), `${label}: ${asOf} (fast)`).toEqual(slow);
      }
      // Not vacuous: the stored dates' counts differ from most dates compared.
      expect(differed).toBeGreaterThan(dates.length);
    };
    await compare('as stored');
    // The fast source takes the stored date next to D (here the day after a stored one).
    await loadAreaCounts(db, '2024-07-01', 'district', core.ctx.counting.fast);
    expect(core.ctx.counting.pastBeds.last).toEqual({ from: 'stored', date: '2024-06-30' });
    await loadAreaCounts(db, '2021-12-30', 'district', core.ctx.counting.fast);
    expect(core.ctx.counting.pastBeds.last).toEqual({ from: 'stored', date: '2021-12-31' });

    // A write reaching back to 2018 in one district: that district of every stored date since is stale and
    // is recounted on its own; the other districts still come from the store.
    // (A facility's status is not back-dated here: one covering admissions of that time is refused.)
    const early = core.ctx.sqlite.prepare(`SELECT b.id FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE f.district_code = '110105'
      AND b.opened_on <= '2018-03-01' AND coalesce(b.retired_on, '9999-12-31') > '2018-03-01'
      AND NOT EXISTS (SELECT 1 FROM bed_attributes a WHERE a.bed_id = b.id AND a.effective_on = '2018-03-01') ORDER BY b.id LIMIT 1`).pluck().get() as string;
    // Bed ids are random, so the bed's attributes on that day are read and its reserve flag flipped: a change
    // equal to what is in effect is refused.
    const flipped = (id: string, on: string) => {
      const a = core.ctx.sqlite.prepare(`SELECT category, nursing, reserve FROM bed_attributes WHERE bed_id = ? AND effective_on <= ?
        ORDER BY effective_on DESC LIMIT 1`).get(id, on) as { category: 'long_term' | 'short_term'; nursing: number; reserve: number };
      return { id, effectiveOn: on, category: a.category, nursing: a.nursing === 1, reserve: a.reserve === 0 };
    };
    await core.call('beds.setAttributes', flipped(early, '2018-03-01'));
    const bed = core.ctx.sqlite.prepare(`SELECT b.id FROM beds b JOIN facilities f ON f.id = b.facility_id WHERE f.district_code = '110118' AND b.retired_on IS NULL ORDER BY b.id LIMIT 1`).pluck().get() as string;
    await core.call('beds.setAttributes', flipped(bed, '2023-02-01'));
    expect((await readCheckpoint(db, '2021-12-31', ['110101', '110105', '110118']))!.stale).toEqual(['110105']);
    expect((await readCheckpoint(db, '2024-06-30', ['110101', '110105', '110118']))!.stale).toEqual(['110105', '110118']);
    await compare('after back-dated writes');
  }, 240_000);
});
