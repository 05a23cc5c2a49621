// Where an admission's time goes: N admissions through the service, back to back, each timed, each marked
// when its commit also copied the WAL into the database file (a checkpoint: the file's mtime moved), and
// the pages an admission writes (the WAL's frames over the run, automatic checkpoints off for that count).
// Writes into the file it is given (use a copy, or the generated file as `npm run bench -- --in-place` does).
//   npm run bench:admissions -- --db bench/data/beijing.sqlite [--n 500] [--sync FULL|NORMAL|OFF] [--autocheckpoint 1000]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openCore } from '../electron/core/core';
import { silentLogger } from '../electron/core/app/context';
import { elderRows, freeBeds, freshDistrict } from './fixtures';

async function main() {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, n: { type: 'string', default: '500' }, sync: { type: 'string', default: 'FULL' }, autocheckpoint: { type: 'string', default: '1000' } },
  });
  if (!values.db) throw new Error('用法：--db <文件> [--n 500] [--sync FULL|NORMAL|OFF] [--autocheckpoint 1000]');
  const file = values.db;
  const n = Number(values.n);
  const core = await openCore({ dbPath: file, logger: silentLogger, now: () => new Date('2026-11-23T04:00:00Z') });
  const sqlite = core.ctx.sqlite;
  if (!/^(FULL|NORMAL|OFF)$/.test(values.sync)) throw new Error(`--sync: FULL、NORMAL 或 OFF，实际为 ${values.sync}`);
  sqlite.pragma(`synchronous = ${values.sync}`);
  sqlite.pragma(`wal_autocheckpoint = ${Number(values.autocheckpoint)}`);
  // Elders with no stay (registered through the service, not timed) and beds free from 2026-11-20 on.
  const beds = freeBeds(core, n + 60);
  const rows = elderRows(n + 60, freshDistrict(core), 650).slice(1);
  const elders: string[] = [];
  for (const row of rows) {
    const e = await core.dispatch('elders.create', { name: row[0]!, idNumber: row[1]! });
    if (!e.ok) throw new Error(`elders.create: ${e.error.message}`);
    elders.push((e.data as { id: string }).id);
  }
  const admit = async (i: number) => {
    const r = await core.dispatch('stays.admit', { elderId: elders[i]!, bedId: beds[i]!.id, admittedOn: '2026-11-20', feeClass: 'standard' });
    if (!r.ok) throw new Error(`stays.admit: ${r.error.message}`);
  };

  const times: { ms: number; checkpointed: boolean }[] = [];
  for (let i = 0; i < n; i++) {
    const before = fs.statSync(file).mtimeMs;
    const t0 = performance.now();
    await admit(i);
    const ms = performance.now() - t0;
    times.push({ ms, checkpointed: fs.statSync(file).mtimeMs !== before });
  }

  // Pages per admission: the WAL emptied, then the last 50 admissions with checkpoints off.
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.pragma('wal_autocheckpoint = 0');
  for (let i = n; i < n + 50; i++) await admit(i);
  const frames = (sqlite.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;
  sqlite.pragma(`wal_autocheckpoint = ${Number(values.autocheckpoint)}`);
  await core.close();

  const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2);
  const ck = times.filter((t) => t.checkpointed).map((t) => t.ms).sort((a, b) => a - b);
  const slowest = [...times].sort((a, b) => b.ms - a.ms).slice(0, Math.max(1, Math.ceil(n / 50)));
  console.log(`入住 ${n} 次（synchronous=${values.sync}，每 ${values.autocheckpoint} 页自动检查点）：p50 ${at(50)} / p90 ${at(90)} / p99 ${at(99)} / 最长 ${sorted.at(-1)!.toFixed(2)} ms`);
  console.log(
    `提交时写入数据库文件（检查点）的：${ck.length} 次，${ck.length ? `中位数 ${ck[Math.floor(ck.length / 2)]!.toFixed(2)} ms` : '—'}；` +
      `最慢的 ${slowest.length} 次中有 ${slowest.filter((t) => t.checkpointed).length} 次`,
  );
  console.log(`每次入住写入 ${(frames / 50).toFixed(1)} 页（WAL 帧，50 次入住共 ${frames} 帧）`);
  console.log(
    JSON.stringify({
      n,
      sync: values.sync,
      autocheckpoint: Number(values.autocheckpoint),
      p50_ms: Number(at(50)),
      p99_ms: Number(at(99)),
      checkpointing_commits: ck.length,
      slowest_checkpointing: slowest.filter((t) => t.checkpointed).length,
      pages_per_admission: frames / 50,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
