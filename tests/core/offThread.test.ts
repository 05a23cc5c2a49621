import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, seedWorld, type TestCore } from './helpers';
import { buildReport, useAreaCountsSource } from '../../electron/core/features/indicators/service';
import { countOffThread, naiveSource, stopCountWorker } from '../../electron/core/counting';
import { forgetAudits } from '../../electron/core/features/quality/service';
import { silentLogger, type Logger } from '../../electron/core/app/context';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});
const now = new Date('2026-11-23T04:00:00Z');

async function world(dbPath?: string) {
  const core = await makeCore({ today: '2026-11-23', dbPath });
  cores.push(core);
  // A few dozen beds: sent to the worker only when asked to whatever the size.
  countOffThread(core.ctx.counting, core.dbPath, silentLogger, 0);
  const seeded = await seedWorld(core, { districts: ['110101', '110105', '110118'], kinds: ['institution', 'care_center', 'rural_station'], roomTo: 103, elders: 6, lateOpener: 2 });
  const [e1, e2] = seeded.elders;
  const a = await core.call('stays.admit', { elderId: e1!, bedId: seeded.beds[0]!.id, admittedOn: '2021-03-01', feeClass: 'standard' });
  await core.call('stays.discharge', { admissionId: a.id, on: '2024-02-10', reason: 'voluntary' });
  await core.call('stays.admit', { elderId: e2!, bedId: seeded.beds[10]!.id, admittedOn: '2023-05-05', feeClass: 'standard' });
  // A recent event, so that the dates below are past (a date after every event is answered by the counters).
  await core.call('stays.admit', { elderId: seeded.elders[5]!, bedId: seeded.beds[30]!.id, admittedOn: '2026-09-01', feeClass: 'standard' });
  return { core, ...seeded };
}

/** The report as the plain GROUP BY recount gives it, here on the core's thread. */
async function recount(core: TestCore, asOf: string, level: 'district' | 'street' = 'district') {
  useAreaCountsSource(core.ctx.counting, naiveSource);
  try {
    return (await buildReport(core.ctx.counting, core.ctx.db, now, { asOf, level })).rows;
  } finally {
    useAreaCountsSource(core.ctx.counting, core.ctx.counting.fast);
  }
}

describe('long reads on a worker thread', () => {
  it('leaves the core free while it counts: an admission asked for meanwhile is answered first, and the date equals a recount', async () => {
    const { core, elders, beds } = await world();
    const done: string[] = [];
    const sent = core.ctx.counting.offThread.sent;
    const report = core.call('indicators.report', { asOf: '2023-06-30', level: 'district' }).then((r) => {
      done.push('report');
      return r;
    });
    // Counted on this thread, the report would be finished before the event loop turned once.
    await new Promise((resolve) => setImmediate(resolve));
    await core.call('stays.admit', { elderId: elders[3]!, bedId: beds[40]!.id, admittedOn: '2026-11-23', feeClass: 'standard' });
    done.push('admission');
    const rows = (await report).rows;
    expect(done).toEqual(['admission', 'report']);
    expect(core.ctx.counting.offThread.last).toBe('worker');
    expect(core.ctx.counting.offThread.sent).toBe(sent + 1);
    expect(rows).toEqual(await recount(core, '2023-06-30'));
    expect(rows[0]!.values.find((v) => v.id === 'eldercare_beds')!.numerator).toBeGreaterThan(0);
  });

  it('labels the counts with the state it read: a backdated write made while it counts is in the next view', async () => {
    const { core, elders, beds } = await world();
    // A worker already running, so that it likely reads before the write below lands (a new one takes
    // a few hundred milliseconds to start): then only the label says the write is missing from the count.
    await core.call('indicators.report', { asOf: '2021-06-30', level: 'district' });
    const report = core.call('indicators.report', { asOf: '2022-06-30', level: 'district' });
    await new Promise((resolve) => setImmediate(resolve));
    // Reaches back to 2022: whether the count saw it or not, the next view must show it.
    await core.call('stays.admit', { elderId: elders[4]!, bedId: beds[41]!.id, admittedOn: '2022-01-10', feeClass: 'standard' });
    await report;
    const again = await core.call('indicators.report', { asOf: '2022-06-30', level: 'district' });
    expect(again.rows).toEqual(await recount(core, '2022-06-30'));
    // … and so must the stored date, after a restart.
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    const reopened = await makeCore({ today: '2026-11-23', dbPath: core.dbPath });
    cores.push(reopened);
    expect((await reopened.call('indicators.report', { asOf: '2022-06-30', level: 'district' })).rows).toEqual(await recount(reopened, '2022-06-30'));
  });

  it('counts a date asked for twice at once only once, and streets on the worker too', async () => {
    const { core } = await world();
    const sent = core.ctx.counting.offThread.sent;
    const [a, b] = await Promise.all([
      core.call('indicators.report', { asOf: '2021-06-30', level: 'district' }),
      core.call('indicators.report', { asOf: '2021-06-30', level: 'district', options: { includeFamilyCareBeds: true } }),
    ]);
    expect(core.ctx.counting.offThread.sent).toBe(sent + 1);
    expect(a.rows).toEqual(await recount(core, '2021-06-30'));
    expect(b.rows.length).toBe(a.rows.length);
    const streets = await core.call('indicators.report', { asOf: '2021-06-30', level: 'street' });
    expect(core.ctx.counting.offThread.last).toBe('worker');
    expect(streets.rows).toEqual(await recount(core, '2021-06-30', 'street'));
  });

  it('counts here when the worker cannot (a database in memory, or a worker that fails) or the file is small, with the same figures', async () => {
    const memory = await world(':memory:');
    await memory.core.call('indicators.report', { asOf: '2023-06-30', level: 'district' });
    expect(memory.core.ctx.counting.offThread.last).toBe('here');

    // As opened by the app: a file of fewer than OFF_THREAD_MIN_BEDS beds is counted here, and quicker so.
    const small = await world();
    countOffThread(small.core.ctx.counting, small.core.dbPath, silentLogger);
    const sent = small.core.ctx.counting.offThread.sent;
    const smallRows = (await small.core.call('indicators.report', { asOf: '2023-06-30', level: 'district' })).rows;
    await small.core.call('quality.audit', { asOf: '2026-11-23' });
    expect(small.core.ctx.counting.offThread.last).toBe('here');
    expect(small.core.ctx.counting.offThread.sent).toBe(sent);
    expect(smallRows).toEqual(await recount(small.core, '2023-06-30'));

    const { core } = await world();
    const warnings: unknown[] = [];
    const logger: Logger = { info() {}, error() {}, warn: (m, e) => warnings.push([m, e]) };
    // A worker that cannot open the file fails its count; the core counts the date itself and says so.
    countOffThread(core.ctx.counting, `${core.dir}/无此目录/carebeds.sqlite`, logger, 0);
    const rows = (await core.call('indicators.report', { asOf: '2023-06-30', level: 'district' })).rows;
    expect(core.ctx.counting.offThread.last).toBe('here');
    expect(warnings).toHaveLength(1);
    expect(String((warnings[0] as unknown[])[0])).toContain('统计线程出错');
    expect(rows).toEqual(await recount(core, '2023-06-30'));
  });

  it('runs the audit’s long scans on the worker while the core answers, finding what an audit made here finds', async () => {
    const { core, elders, beds } = await world();
    const { sqlite } = core.ctx;
    // An overlap written past the insert trigger (as an old file might have left it), then the trigger back.
    const trigger = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'stays_no_overlap_insert'`).get() as { sql: string };
    sqlite.exec('DROP TRIGGER stays_no_overlap_insert');
    const open = sqlite.prepare(`SELECT admission_id AS a, facility_id AS f FROM stays WHERE bed_id = ?`).get(beds[10]!.id) as { a: string; f: string };
    sqlite
      .prepare(`INSERT INTO stays (id, admission_id, elder_id, facility_id, bed_id, start_on, end_on, end_reason, created_at, recorded_by)
        VALUES ('s-overlap', ?, ?, ?, ?, '2024-01-01', '2024-02-01', 'discharge', 'x', 'x')`)
      .run(open.a, elders[3]!, open.f, beds[10]!.id);
    sqlite.exec(trigger.sql);

    const sent = core.ctx.counting.offThread.sent;
    const done: string[] = [];
    const audit = core.call('quality.audit', { asOf: '2026-11-23' }).then((r) => {
      done.push('audit');
      return r;
    });
    await new Promise((resolve) => setImmediate(resolve));
    await core.call('stays.admit', { elderId: elders[4]!, bedId: beds[40]!.id, admittedOn: '2026-11-23', feeClass: 'standard' });
    done.push('admission');
    const first = await audit;
    expect(done).toEqual(['admission', 'audit']);
    // The overlap scan, then the per-district checks run whole.
    expect(core.ctx.counting.offThread.sent).toBe(sent + 2);
    expect(first.counts.overlapping_stays).toBe(1);

    // The same audit from nothing remembered, made here, then on a new worker.
    stopCountWorker(core.ctx.counting);
    forgetAudits(core.ctx.counting);
    const here = await core.call('quality.audit', { asOf: '2026-11-23' });
    expect(core.ctx.counting.offThread.last).toBe('here');
    expect(here.counts.registered_vs_approved).toBeGreaterThan(0);
    countOffThread(core.ctx.counting, core.dbPath, silentLogger, 0);
    forgetAudits(core.ctx.counting);
    expect(await core.call('quality.audit', { asOf: '2026-11-23' })).toEqual(here);
    expect(core.ctx.counting.offThread.last).toBe('worker');
  });
});
