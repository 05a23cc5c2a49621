// What a long read costs the rest of the app: each read runs once on the core's thread and once on the
// count worker (offThread.ts), while an admission and a 100-row resident page are asked for every 100 ms
// from 50 ms on, each timed from when it was due. Writes admissions into the file it is given (use a
// copy, or the generated file --in-place as the bench does).
//   npm run bench:long-reads -- --db bench/data/national.sqlite --dates 2024-08-05,2019-06-30 [--audit] [--worker-first]
// --dates: past dates to count (their stored rows are deleted first); --audit: the data-quality audit of
// the first date instead, from nothing remembered.
import { parseArgs } from 'node:util';
import { openCore } from '../electron/core/core';
import { silentLogger } from '../electron/core/app/context';
import type { Channel, Input, Output } from '../shared/contract';
import { countOffThread, forgetReports, stopCountWorker } from '../electron/core/counting';
import { forgetAudits } from '../electron/core/features/quality/service';
import { elderRows, freeBeds, freshDistrict } from './fixtures';

async function main() {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, dates: { type: 'string' }, audit: { type: 'boolean', default: false }, 'worker-first': { type: 'boolean', default: false } },
  });
  if (!values.db || !values.dates) throw new Error('用法：--db <文件> --dates <日期,日期> [--audit] [--worker-first]');
  const dbPath = values.db;
  const core = await openCore({ dbPath, logger: silentLogger, now: () => new Date('2026-11-23T04:00:00Z') });
  const db = core.ctx.db;
  const call = async <C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> => {
    const r = await core.dispatch(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.data as Output<C>;
  };
  // Free beds and new elders (with unused ID numbers, as the bench registers them) for the admissions
  // asked for meanwhile; each elder is registered when its admission is due.
  const beds = freeBeds(core, 2000);
  const rows = elderRows(2000, freshDistrict(core), 600).slice(1);
  let next = 0;
  const admit = async () => {
    const row = rows[next]!;
    const elder = await call('elders.create', { name: row[0]!, idNumber: row[1]! });
    return call('stays.admit', { elderId: elder.id, bedId: beds[next++]!.id, admittedOn: '2026-11-23', feeClass: 'standard' });
  };

  const dates = values.dates.split(',');
  const modes = values['worker-first'] ? (['worker', 'here'] as const) : (['here', 'worker'] as const);
  for (const asOf of values.audit ? dates.slice(0, 1) : dates) {
    for (const mode of modes) {
      if (!values.audit) await db.deleteFrom('tally_checkpoints').where('as_of', '=', asOf).execute();
      forgetReports(core.ctx.counting);
      forgetAudits(core.ctx.counting);
      if (mode === 'here') stopCountWorker(core.ctx.counting);
      // Whatever the file's size, so that a small one can be compared too.
      else countOffThread(core.ctx.counting, dbPath, silentLogger, 0);
      const t0 = performance.now();
      let readMs = 0;
      const read = (values.audit ? call('quality.audit', { asOf }) : call('indicators.report', { asOf, level: 'district' })).then(() => (readMs = performance.now() - t0));
      const waits: number[] = [];
      const pages: number[] = [];
      for (let i = 0; ; i++) {
        const due = t0 + 50 + 100 * i;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
        if (readMs && i > 0) break;
        await admit();
        waits.push(performance.now() - due);
        const p0 = performance.now();
        await call('elders.list', { limit: 100 });
        pages.push(performance.now() - p0);
      }
      await read;
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);
      const max = (xs: number[]) => Math.max(...xs).toFixed(1);
      console.log(
        `${values.audit ? '数据质量审核' : '指标'} ${asOf}（${mode === 'here' ? '数据服务线程' : '统计线程'}）：${readMs.toFixed(0)} ms` +
          `（${core.ctx.counting.offThread.last}${values.audit ? '' : `，${JSON.stringify(core.ctx.counting.pastBeds.last)}`}）；` +
          `其间入住 ${waits.length} 次，等待中位数 ${med(waits)} / 最长 ${max(waits)} ms；老人列表中位数 ${med(pages)} / 最长 ${max(pages)} ms`,
      );
    }
  }
  await core.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
