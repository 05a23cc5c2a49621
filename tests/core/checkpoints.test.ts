import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays as addDaysTo, format, parseISO } from 'date-fns';
import { canonicalCounts, dayBetween, makeCore, randomAttributes, randomStatus, retireBed, rng, seedWorld, type TestCore } from './helpers';
import { buildReport, useAreaCountsSource } from '../../electron/core/features/indicators/service';
import {
  areasFor,
  buildCheckpoints,
  type BuildProgress,
  CHECKPOINT_FORMAT,
  checkpointDates,
  countInBackground,
  countOffThread,
  decodeCounts,
  encodeCounts,
  forgetReports,
  loadAreaCounts,
  naiveSource,
  staleDistricts,
  startCheckpointBuilder,
} from '../../electron/core/counting';
import { runCli } from '../../electron/core/cli/main';
import { silentLogger } from '../../electron/core/app/context';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});
const now = new Date('2026-11-23T04:00:00Z');
const DISTRICTS = ['110101', '110105', '110118', '110109'];
const addDays = (day: string, n: number) => format(addDaysTo(parseISO(day), n), 'yyyy-MM-dd');

async function world() {
  const core = await makeCore({ today: '2026-11-23' });
  cores.push(core);
  const seeded = await seedWorld(core, { districts: DISTRICTS, kinds: ['institution', 'care_center', 'community_station', 'rural_station'], roomTo: 103, elders: 6, lateOpener: 3 });
  // History that differs between the stored dates: a stay from 2021 to 2024, one still open, a retirement.
  const [e1, e2] = seeded.elders;
  const a = await core.call('stays.admit', { elderId: e1!, bedId: seeded.beds[0]!.id, admittedOn: '2021-03-01', feeClass: 'standard' });
  await core.call('stays.discharge', { admissionId: a.id, on: '2024-02-10', reason: 'voluntary' });
  await core.call('stays.admit', { elderId: e2!, bedId: seeded.beds[10]!.id, admittedOn: '2023-05-05', feeClass: 'standard' });
  await core.call('beds.retire', { id: seeded.beds[20]!.id, retiredOn: '2022-08-01', reason: '改建' });
  // A recent event, so that 2024 is in the past (a date after every event is answered by the counters).
  await core.call('stays.admit', { elderId: seeded.elders[5]!, bedId: seeded.beds[30]!.id, admittedOn: '2026-09-01', feeClass: 'standard' });
  return { core, ...seeded };
}

/** A fresh core on the same file: nothing remembered in memory, only what the database holds. */
async function reopen(core: TestCore): Promise<TestCore> {
  await core.close();
  cores.splice(cores.indexOf(core), 1);
  const again = await makeCore({ today: '2026-11-23', dbPath: core.dbPath });
  cores.push(again);
  return again;
}

const recount = async (core: TestCore, asOf: string) =>
  (await buildReport(core.ctx.counting, core.ctx.db, now, { asOf, level: 'district', options: undefined })).rows;

describe('past dates stored on disk (tally checkpoints)', () => {
  it('encodes and decodes a district’s counts without loss', async () => {
    const { core } = await world();
    const { counts } = await loadAreaCounts(core.ctx.db, '2023-06-30', 'district', naiveSource);
    let nonEmpty = 0;
    for (const code of DISTRICTS) {
      const c = counts.get(code)!;
      if (c.beds.length) nonEmpty++;
      expect(decodeCounts(code, '2023-06-30', encodeCounts(c))).toEqual(c);
    }
    expect(nonEmpty).toBe(DISTRICTS.length);
  });

  it('serves a past date after a restart from the store, recounting only the district written since', async () => {
    let { core, beds, elders } = await world();
    const first = await recount(core, '2024-06-30');
    expect(core.ctx.counting.memoStats.last).toBe('full');
    const stored = await core.ctx.db.selectFrom('tally_checkpoints').selectAll().execute();
    // Every district of the city (Beijing's 16 are registered with a new database), with beds or not, and the city.
    const all = (await areasFor(core.ctx.db, 'district')).map((d) => d.code);
    expect(all.length).toBe(16);
    expect(stored.map((r) => r.district_code).sort()).toEqual([...all, '110000'].sort());
    expect(stored.every((r) => r.as_of === '2024-06-30' && r.format === CHECKPOINT_FORMAT)).toBe(true);

    core = await reopen(core);
    expect(await recount(core, '2024-06-30')).toEqual(first);
    expect(core.ctx.counting.memoStats).toEqual({ last: 'stored', recounted: 0 });

    // A backdated admission in 110101 (facility 0's district) changes 2024-06-30 there and nowhere else.
    await core.call('stays.admit', { elderId: elders[3]!, bedId: beds[1]!.id, admittedOn: '2024-01-01', feeClass: 'standard' });
    core = await reopen(core);
    const after = await recount(core, '2024-06-30');
    expect(core.ctx.counting.memoStats).toEqual({ last: 'stored', recounted: 1 });
    const occupied = (rows: typeof first, code: string) => rows.find((r) => r.areaCode === code)!.values.find((v) => v.id === 'occupied_beds')!.value;
    expect(occupied(first, '110101')).toBe(0);
    expect(occupied(after, '110101')).toBe(1);
    expect(occupied(after, '110000')).toBe(Number(occupied(first, '110000')) + 1);
    // ...and equals a recount from the base tables.
    const naive = await loadAreaCounts(core.ctx.db, '2024-06-30', 'district', naiveSource);
    const { counts } = await loadAreaCounts(core.ctx.db, '2024-06-30', 'district');
    expect(canonicalCounts(counts)).toEqual(canonicalCounts(naive.counts));

    // The recount was written back: the next start recounts nothing.
    core = await reopen(core);
    expect(await recount(core, '2024-06-30')).toEqual(after);
    expect(core.ctx.counting.memoStats).toEqual({ last: 'stored', recounted: 0 });

    // Today's admission and discharge do not reach back to 2024: the stored date stays true as it is.
    const today = await core.call('stays.admit', { elderId: elders[4]!, bedId: beds[2]!.id, admittedOn: '2026-11-20', feeClass: 'standard' });
    await core.call('stays.discharge', { admissionId: today.id, on: '2026-11-22', reason: 'voluntary' });
    core = await reopen(core);
    await recount(core, '2024-06-30');
    expect(core.ctx.counting.memoStats).toEqual({ last: 'stored', recounted: 0 });
    // An admission on 2024-03-01 reaches 2024-06-30 but not 2023-12-31; its discharge backdated to
    // 2024-05-01 reaches back to that day only.
    const old = await core.call('stays.admit', { elderId: elders[0]!, bedId: beds[3]!.id, admittedOn: '2024-03-01', feeClass: 'standard' });
    core = await reopen(core);
    await recount(core, '2023-12-31');
    await recount(core, '2024-06-30');
    expect(core.ctx.counting.memoStats).toEqual({ last: 'stored', recounted: 1 });
    await core.call('stays.discharge', { admissionId: old.id, on: '2024-05-01', reason: 'voluntary' });
    core = await reopen(core);
    await recount(core, '2023-12-31');
    expect(core.ctx.counting.memoStats).toEqual({ last: 'stored', recounted: 0 });
    const last = await recount(core, '2024-06-30');
    expect(core.ctx.counting.memoStats).toEqual({ last: 'stored', recounted: 1 });
    expect(occupied(last, '110101')).toBe(1);
    const naiveNow = await loadAreaCounts(core.ctx.db, '2024-06-30', 'district', naiveSource);
    expect(canonicalCounts((await loadAreaCounts(core.ctx.db, '2024-06-30', 'district')).counts)).toEqual(canonicalCounts(naiveNow.counts));
  });

  it('ignores rows stored by another format and recounts', async () => {
    let { core } = await world();
    const first = await recount(core, '2022-12-31');
    await core.ctx.db.updateTable('tally_checkpoints').set({ format: CHECKPOINT_FORMAT + 1, counts: '[]' }).execute();
    core = await reopen(core);
    expect(await recount(core, '2022-12-31')).toEqual(first);
    expect(core.ctx.counting.memoStats.last).toBe('full');
  });

  it('never stores today: the maintained counters answer it', async () => {
    const { core } = await world();
    await recount(core, '2026-11-23');
    expect(await core.ctx.db.selectFrom('tally_checkpoints').selectAll().execute()).toEqual([]);
    // What the indicators page is told about a date: today and any day after the last event (2026-09-01)
    // come from the counters; a past date is stored once counted.
    const state = async (asOf: string) => (await core.call('indicators.checkpoints', { asOf })).date?.state;
    expect(await state('2026-11-23')).toBe('current');
    expect(await state('2026-09-15')).toBe('current');
    expect(await state('2024-06-30')).toBe('not_stored');
    await recount(core, '2024-06-30');
    expect(await state('2024-06-30')).toBe('stored');
    // A date next to it is counted from it, and the page is told which date it starts from.
    expect((await core.call('indicators.checkpoints', { asOf: '2024-07-15' })).date).toEqual({ asOf: '2024-07-15', state: 'near', from: '2024-06-30' });
    forgetReports(core.ctx.counting);
    await recount(core, '2024-07-15');
    expect(core.ctx.counting.pastBeds.last).toEqual({ from: 'stored', date: '2024-06-30' });
    expect(await state('2024-07-15')).toBe('stored');
    expect((await core.call('indicators.checkpoints', {})).date).toBeNull();
  });

  it('tells the page a date is stored only when its first view will come from the store', async () => {
    const { core } = await world();
    // 70 more districts (a provincial dataset), so that more than 64 can be missing from a stored date.
    const add = core.ctx.sqlite.prepare(`INSERT INTO areas (code, name, level, parent_code, created_at, updated_at) VALUES (?, ?, 'district', '110000', 'x', 'x')`);
    for (let i = 1; i <= 70; i++) add.run(String(120100 + i), `测试区${i}`);
    const codes = (await areasFor(core.ctx.db, 'district')).map((d) => d.code);
    expect(codes.length).toBe(86);
    const state = async () => (await core.call('indicators.checkpoints', { asOf: '2024-06-30' })).date?.state;
    const firstView = async () => {
      forgetReports(core.ctx.counting);
      await recount(core, '2024-06-30');
      return { ...core.ctx.counting.memoStats };
    };
    expect(await state()).toBe('not_stored');
    expect((await firstView()).last).toBe('full');
    expect(await state()).toBe('stored');
    const listed = async () => (await core.call('indicators.checkpoints', {})).stored.find((d) => d.asOf === '2024-06-30');
    expect(await listed()).toEqual({ asOf: '2024-06-30', districts: 87, complete: true });
    expect(await firstView()).toEqual({ last: 'stored', recounted: 0 });
    // Building stopped half-way: 70 districts missing is counted in full, and the page must not say otherwise.
    const drop = (n: number) => core.ctx.db.deleteFrom('tally_checkpoints').where('district_code', 'in', codes.slice(0, n)).execute();
    await drop(70);
    expect(await state()).toBe('not_stored');
    // Nor count it among the stored dates.
    expect(await listed()).toEqual({ asOf: '2024-06-30', districts: 17, complete: false });
    expect((await firstView()).last).toBe('full');
    // Three missing: recounted one by one from the store.
    await drop(3);
    expect(await state()).toBe('stored');
    expect(await firstView()).toEqual({ last: 'stored', recounted: 3 });
  });

  it('lists quarter ends since the plan baseline and the last twelve month ends', () => {
    const dates = checkpointDates('2026-11-23');
    expect(dates[0]).toBe('2026-10-31');
    expect(dates.at(-1)).toBe('2020-12-31');
    expect(dates).toContain('2024-06-30');
    expect(dates).toContain('2025-12-31');
    expect(dates).toContain('2026-02-28');
    expect(dates).not.toContain('2025-10-31');
    expect(dates).not.toContain('2026-11-30');
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates.length).toBe(20 + 12);
  });

  it('builds dates ahead of time district by district, resumable, and every built date equals a recount', async () => {
    let { core } = await world();
    const dates = ['2024-06-30', '2023-12-31', '2021-03-31', '2026-11-23'];
    const seen: BuildProgress[] = [];
    let pauses = 0;
    // Stopped after five districts: what was stored stays, and the rest is built on the next run.
    const partial = await buildCheckpoints(core.ctx.db, dates, { progress: (p) => seen.push(p), pause: async () => void pauses++, stopped: () => seen.length >= 5 });
    expect(partial.districtsCounted).toBe(5);
    expect(pauses).toBe(5);
    expect(seen[0]).toEqual({ asOf: '2024-06-30', datesDone: 0, dates: 4, districtsDone: 0, districts: 16, whole: false });
    const rest = await buildCheckpoints(core.ctx.db, dates);
    // Three past dates of Beijing's 16 districts; today is never stored.
    expect(rest.districtsCounted).toBe(3 * 16 - 5);
    expect((await buildCheckpoints(core.ctx.db, dates)).districtsCounted).toBe(0);

    core = await reopen(core);
    for (const asOf of dates.slice(0, 3)) {
      const rows = await recount(core, asOf);
      expect(core.ctx.counting.memoStats, asOf).toEqual({ last: 'stored', recounted: 0 });
      const naive = await loadAreaCounts(core.ctx.db, asOf, 'district', naiveSource);
      const stored = await loadAreaCounts(core.ctx.db, asOf, 'district');
      expect(canonicalCounts(stored.counts)).toEqual(canonicalCounts(naive.counts));
      expect(rows.length).toBe(16 + 1);
    }
  });

  it('stores dates with many districts to count whole, on the background worker, each equal to a recount; district by district when it cannot', async () => {
    const w = await world();
    let core = w.core;
    countOffThread(core.ctx.counting, core.dbPath, silentLogger, 0);
    const dates = ['2024-06-30', '2024-03-31', '2023-12-31', '2021-03-31'];
    const sent = core.ctx.counting.offThread.sent;
    const seen: BuildProgress[] = [];
    // Above 0 districts, so that Beijing's 16 go whole (nationally: above 64).
    const whole = (d: string) => countInBackground(core.ctx.counting, core.ctx.db, d);
    const built = await buildCheckpoints(core.ctx.db, dates, { wholeDate: whole, wholeAbove: 0, progress: (p) => seen.push(p) });
    expect(built.districtsCounted).toBe(4 * 16);
    expect(core.ctx.counting.offThread.sent).toBe(sent + 4);
    expect(seen.map((p) => [p.asOf, p.datesDone, p.whole])).toEqual(dates.map((d, i) => [d, i, true]));
    expect((await buildCheckpoints(core.ctx.db, dates, { wholeDate: whole, wholeAbove: 0 })).districtsCounted).toBe(0);
    // A backdated write makes one district stale on 2024 dates: counted whole again above 0, alone at the default.
    await core.call('beds.retire', { id: w.beds[3]!.id, retiredOn: '2023-02-01', reason: '改建' });
    expect((await buildCheckpoints(core.ctx.db, dates, { wholeDate: whole })).districtsCounted).toBe(3);
    expect(core.ctx.counting.offThread.sent).toBe(sent + 4);

    core = await reopen(core);
    for (const asOf of dates) {
      const rows = await recount(core, asOf);
      expect(core.ctx.counting.memoStats, asOf).toEqual({ last: 'stored', recounted: 0 });
      useAreaCountsSource(core.ctx.counting, naiveSource);
      try {
        expect(rows, asOf).toEqual((await buildReport(core.ctx.counting, core.ctx.db, now, { asOf, level: 'district' })).rows);
      } finally {
        useAreaCountsSource(core.ctx.counting, core.ctx.counting.fast);
      }
    }
    // Without a worker (a file too small for one, as opened by the app) the dates are counted district by district.
    await core.ctx.db.deleteFrom('tally_checkpoints').execute();
    expect((await buildCheckpoints(core.ctx.db, dates.slice(0, 1), { wholeDate: (d) => countInBackground(core.ctx.counting, core.ctx.db, d), wholeAbove: 0 })).districtsCounted).toBe(16);
    // (The reopened core's own count: nothing went to a worker.)
    expect(core.ctx.counting.offThread.sent).toBe(0);
  });

  it('counts the usual dates in the background of a serving host, answering requests in between and reporting progress', async () => {
    const { core, beds, elders } = await world();
    countOffThread(core.ctx.counting, core.dbPath, silentLogger, 0);
    const sent = core.ctx.counting.offThread.sent;
    const stop = startCheckpointBuilder(core.ctx, 0, 50);
    try {
      const building: number[] = [];
      let answeredWhileBuilding = false;
      // Dates on or after the last recorded event (the 2026-09-01 admission) are today's state: never stored.
      const expected = checkpointDates('2026-11-23').filter((d) => d < '2026-09-01');
      for (let i = 0; i < 2000; i++) {
        const status = await core.call('indicators.checkpoints', {});
        if (status.building) {
          building.push(status.building.datesDone);
          // A request issued mid-build is answered before the build ends.
          const list = await core.call('facilities.list', {});
          answeredWhileBuilding ||= list.total === 8 && (await core.call('indicators.checkpoints', {})).building !== null;
        }
        if (status.stored.length === expected.length && !status.building) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const status = await core.call('indicators.checkpoints', {});
      expect(status.building).toBeNull();
      expect(status.stored.map((d) => d.asOf)).toEqual(expected.sort());
      expect(status.stored.every((d) => d.districts === 17)).toBe(true);
      expect(answeredWhileBuilding).toBe(true);
      expect(Math.max(...building)).toBeGreaterThan(0);
      // The host starts the count worker ahead of its first use.
      expect(core.ctx.counting.offThread.sent).toBe(sent + 1);

      // A backdated write makes its district stale on the stored dates it reaches (from its month on, not
      // before); the next run (50 ms later here, ten minutes in the app) counts it again.
      const all = (await areasFor(core.ctx.db, 'district')).map((d) => d.code);
      await core.call('stays.admit', { elderId: elders[3]!, bedId: beds[1]!.id, admittedOn: '2022-01-01', feeClass: 'standard' });
      expect(await staleDistricts(core.ctx.db, '2024-06-30', all)).toEqual(['110101']);
      expect(await staleDistricts(core.ctx.db, '2022-03-31', all)).toEqual(['110101']);
      expect(await staleDistricts(core.ctx.db, '2021-12-31', all)).toEqual([]);
      const anyStale = async () => {
        for (const asOf of expected) if (((await staleDistricts(core.ctx.db, asOf, all)) ?? all).length) return true;
        return false;
      };
      for (let i = 0; i < 400 && (await anyStale()); i++) await new Promise((r) => setTimeout(r, 10));
      for (const asOf of expected) expect(await staleDistricts(core.ctx.db, asOf, all), asOf).toEqual([]);
      const again = await reopen(core);
      const stored = await loadAreaCounts(again.ctx.db, '2024-06-30', 'district');
      await recount(again, '2024-06-30');
      expect(again.ctx.counting.memoStats).toEqual({ last: 'stored', recounted: 0 });
      expect(canonicalCounts(stored.counts)).toEqual(canonicalCounts((await loadAreaCounts(again.ctx.db, '2024-06-30', 'district', naiveSource)).counts));
    } finally {
      stop();
    }
  }, 60_000);

  it('draws trends from stored dates and one-district counts, equal to the full recount after a backdated write', async () => {
    const { core, beds, elders } = await world();
    const ask = (areaCode: string) => core.call('indicators.trend', { asOf: '2026-11-23', areaCode, indicatorId: 'occupied_beds', fromYear: 2020 });
    const before = [await ask('110101'), await ask('110000')];
    // The city's year ends went through the report, so they are stored now.
    expect((await core.ctx.db.selectFrom('tally_checkpoints').select('as_of').distinct().execute()).length).toBeGreaterThanOrEqual(5);
    await core.call('stays.admit', { elderId: elders[3]!, bedId: beds[1]!.id, admittedOn: '2022-01-01', feeClass: 'standard' });
    const after = [await ask('110101'), await ask('110000')];
    try {
      useAreaCountsSource(core.ctx.counting, naiveSource);
      expect(after).toEqual([await ask('110101'), await ask('110000')]);
    } finally {
      useAreaCountsSource(core.ctx.counting, core.ctx.counting.fast);
    }
    // Hand-computed: 110101 had one resident at the end of 2021–2023 (2021-03-01 to 2024-02-10); the new stay adds one from 2022.
    const at = (points: typeof before[number], year: number) => points.find((p) => p.year === year)!.value;
    expect([at(before[0]!, 2021), at(before[0]!, 2022), at(before[0]!, 2023)]).toEqual([1, 1, 1]);
    expect([at(after[0]!, 2021), at(after[0]!, 2022), at(after[0]!, 2023)]).toEqual([1, 2, 2]);
    expect(Number(at(after[1]!, 2022))).toBe(Number(at(before[1]!, 2022)) + 1);
  });

  it('stores dates from the command line, and says when nothing was left to count', async () => {
    const { core } = await world();
    const out: string[] = [];
    const err: string[] = [];
    const dbPath = core.dbPath;
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    expect(await runCli(['precount', '--as-of', '2023-12-31', '--db', dbPath], (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(out.at(-1)).toContain('本次统计 16 个区·日期');
    expect(err[0]).toContain('统计 2023-12-31');
    expect(await runCli(['precount', '--as-of', '2023-12-31', '--db', dbPath], (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(out.at(-1)).toContain('本次统计 0 个区·日期');
    expect(await runCli(['precount', '--as-of', '2023/12/31', '--db', dbPath], (l) => out.push(l), (l) => err.push(l))).toBe(2);
    expect(err.at(-2)).toBe('--as-of 2023/12/31：日期格式应为 YYYY-MM-DD');
    expect(await runCli(['precount', '--as-of', '2023-02-30', '--db', dbPath], (l) => out.push(l), (l) => err.push(l))).toBe(2);
    expect(err.at(-2)).toBe('--as-of 2023-02-30：日期不存在');
    const again = await makeCore({ today: '2026-11-23', dbPath });
    cores.push(again);
    await recount(again, '2023-12-31');
    expect(again.ctx.counting.memoStats).toEqual({ last: 'stored', recounted: 0 });
  });

  it('stays equal to a full recount after random backdated writes, each stored date recounted only when a write reaches it', async () => {
    const { core, beds, elders, facilities } = await world();
    const r = rng(7);
    const DATES = ['2019-06-30', '2022-12-31', '2024-06-30', '2025-09-30'];
    const open = new Map<string, string>();
    const seen = { fresh: 0, recounted: 0 };
    const compare = async (step: number) => {
      for (const asOf of DATES) {
        forgetReports(core.ctx.counting);
        const stored = await recount(core, asOf);
        if (core.ctx.counting.memoStats.last === 'stored') seen[core.ctx.counting.memoStats.recounted === 0 ? 'fresh' : 'recounted']++;
        try {
          useAreaCountsSource(core.ctx.counting, naiveSource);
          expect(stored, `${asOf} after step ${step}`).toEqual(await recount(core, asOf));
        } finally {
          useAreaCountsSource(core.ctx.counting, core.ctx.counting.fast);
        }
      }
    };
    await compare(-1);
    for (let step = 0; step < 150; step++) {
      const x = r();
      // Most dates fall in the 25 days up to a stored date (its own month, mostly): where a stamp a month
      // late would go unseen. The rest anywhere.
      const near = DATES[Math.floor(r() * DATES.length)]!;
      const on = r() < 0.7 ? addDays(near, -Math.floor(r() * 25)) : dayBetween(r, '2018-01-01', '2026-11-23');
      const e = elders[Math.floor(r() * elders.length)]!;
      const b = beds[Math.floor(r() * beds.length)]!;
      const f = facilities[Math.floor(r() * facilities.length)]!;
      if (x < 0.35) {
        const a = open.get(e);
        if (a) {
          const res = await core.dispatch('stays.discharge', { admissionId: a, on, reason: 'voluntary' });
          if (res.ok) open.delete(e);
        } else {
          const res = await core.dispatch('stays.admit', { elderId: e, bedId: b.id, admittedOn: on, feeClass: 'standard' });
          if (res.ok) open.set(e, (res.data as { id: string }).id);
        }
      } else if (x < 0.45) {
        // Another program moves a closed stay's end (later, or back to open): the app has no such action,
        // but the stamps must follow any writer.
        const other = new Database(core.dbPath);
        try {
          const reopen = r() < 0.5 ? 1 : 0;
          other
            .prepare(`UPDATE stays SET end_on = CASE WHEN ? THEN NULL ELSE date(end_on, '+30 days') END,
                end_reason = CASE WHEN ? THEN NULL ELSE end_reason END
              WHERE id = (SELECT id FROM stays WHERE end_on IS NOT NULL ORDER BY id LIMIT 1 OFFSET ?)`)
            .run(reopen, reopen, Math.floor(r() * 5));
        } catch {
          // Refused by the overlap triggers: nothing written.
        } finally {
          other.close();
        }
      } else if (x < 0.75) {
        await randomAttributes(core, r, b.id, on, { nursing: 0.5, reserve: 0.2 });
      } else if (x < 0.8) {
        await retireBed(core, b.id, on);
      } else {
        await randomStatus(core, r, f, on);
      }
      // After every write: several writes between comparisons would hide a stamp that reached too little.
      await compare(step);
    }
    // Both kinds of first view happened: dates a write had reached (recounted) and dates none had (kept).
    expect(seen.fresh).toBeGreaterThan(10);
    expect(seen.recounted).toBeGreaterThan(10);
  }, 120_000);
});
