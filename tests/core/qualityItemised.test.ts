// The audit's bed checks count the beds the indicators count: a bed is itemised on D when it is open
// and has an attribute version effective on D. A bed row without one (plain SQL, an old file) counts in
// neither, so the audit reads the same on a current date (maintained counters) as on a past one (recount).
import { afterEach, describe, expect, it } from 'vitest';
import { fileOf, makeCore, type TestCore } from './helpers';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

async function runJob(c: TestCore, kind: string, csv: string) {
  const { jobId } = await c.call('imports.start', { kind, file: fileOf(`${kind}.csv`, csv), dryRun: false, options: {} });
  for (let i = 0; i < 500; i++) {
    const job = await c.call('jobs.get', { jobId });
    if (job.state !== 'running') {
      expect(job.result?.errors).toEqual([]);
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('import did not finish');
}

describe('audit of itemised beds', () => {
  it('counts a bed without attributes on neither a past nor a current date', async () => {
    core = await makeCore({ today: '2026-03-01' });
    await runJob(core, 'facilities', ['机构名称,机构类型,区划代码,举办性质,运营状态,开业日期', '甲养老院,养老机构,密云区,民办,运营,2020-01-01', '乙养老院,养老机构,密云区,民办,运营,2020-01-01'].join('\n'));
    const beds = ['机构名称,楼栋,楼层,房间,床位号,床位类别,护理型,分区,应急预留,启用日期,停用日期'];
    for (let n = 1; n <= 3; n++) beds.push(`甲养老院,1号楼,1,101,${n},长期集中,是,普通,否,2026-02-01,`);
    // A later event elsewhere, so that 2026-02-10 is a past date (recounted) and 2026-03-01 a current one.
    beds.push('乙养老院,1号楼,1,101,1,长期集中,是,普通,否,2026-02-20,');
    await runJob(core, 'beds', beds.join('\n'));
    const db = core.ctx.sqlite;
    const a = db.prepare(`SELECT id FROM facilities WHERE name = '甲养老院'`).pluck().get() as string;
    db.prepare(`UPDATE facilities SET approved_beds = 2 WHERE id = ?`).run(a);
    db.prepare(`INSERT INTO facility_declarations (id, facility_id, declared_on, total_beds, source, created_at) VALUES ('d1', ?, '2026-01-31', 5, 'form', '2026-01-31T00:00:00Z')`).run(a);
    db.prepare(`DELETE FROM bed_attributes WHERE bed_id = (SELECT id FROM beds WHERE facility_id = ? ORDER BY number DESC LIMIT 1)`).run(a);

    const messages = async (asOf: string) => {
      const q = await core.call('quality.audit', { asOf });
      return q.issues.filter((i) => i.entityId === a).map((i) => [i.kind, i.message]);
    };
    const current = await messages('2026-03-01');
    // Two itemised beds against 2 approved: nothing to report; against the 5 declared: reported with 2.
    expect(current).toEqual([['declared_vs_itemised', '甲养老院：申报床位 5 张（2026-01-31），床位明细 2 张']]);
    expect(await messages('2026-02-10')).toEqual(current);
  });
});
