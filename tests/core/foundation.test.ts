import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeGb18030, fileOf, makeCore, pageThrough, pagingPlan, type TestCore } from './helpers';
import { toCsvBytes } from '../../electron/core/files/csv';
import { EXCEL_CUT_MESSAGE } from '../../shared/domain/idNumber';
import { createKysely, openSqlite } from '../../electron/core/db/connection';
import { migrateToLatest } from '../../electron/core/db/migrate';
import { MIGRATIONS } from '../../electron/core/db/migrations';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

const base = {
  name: '密云区第一养老院',
  kind: 'institution' as const,
  ownership: 'public' as const,
  areaCode: '110118',
  approvedBeds: 200,
  openedOn: '2015-06-01',
};

async function auditCount(c: TestCore) {
  const r = await c.call('audit.list', { limit: 1 });
  return r.total;
}

describe('database and migrations', () => {
  it('creates a database with Beijing 16 districts and their 2020 census population', async () => {
    core = await makeCore();
    const districts = await core.call('areas.list', { level: 'district' });
    expect(districts).toHaveLength(16);
    expect(districts.find((d) => d.code === '110118')?.name).toBe('密云区');
    const pop = await core.call('population.list', { year: 2020 });
    expect(pop).toHaveLength(16);
    expect(pop.find((p) => p.areaCode === '110109')).toMatchObject({ resident: 392606, registered: null, resident60: null });
    expect(pop.reduce((s, p) => s + (p.resident ?? 0), 0)).toBe(21893095);
  });

  it('uses WAL, synchronous=FULL, foreign keys, a busy timeout and a 64 MB page cache', async () => {
    core = await makeCore();
    const s = core.ctx.sqlite;
    expect(s.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.pragma('synchronous', { simple: true })).toBe(2);
    expect(s.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(s.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(s.pragma('cache_size', { simple: true })).toBe(-65536);
  });

  it('matches the committed schema snapshot', async () => {
    core = await makeCore();
    const rows = core.ctx.sqlite
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all() as { type: string; name: string; sql: string }[];
    const text = rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql.replace(/\s+/g, ' ')};`).join('\n\n') + '\n';
    await expect(text).toMatchFileSnapshot('./schema.snapshot.sql');
  });

  it('backs up the file before applying a new migration, each in its own transaction', async () => {
    core = await makeCore();
    const dbPath = core.dbPath;
    await core.call('facilities.create', base);
    await core.close();

    const sqlite = openSqlite(dbPath);
    const db = createKysely(sqlite);
    const extra = {
      ...MIGRATIONS,
      '9990_ok': { up: async (k: any) => void (await sql`CREATE TABLE probe_ok (id TEXT)`.execute(k)) },
      '9991_broken': {
        up: async (k: any) => {
          await sql`CREATE TABLE probe_broken (id TEXT)`.execute(k);
          await sql`INSERT INTO no_such_table VALUES (1)`.execute(k);
        },
      },
    };
    await expect(migrateToLatest(db, sqlite, dbPath, extra)).rejects.toThrow(/9991_broken/);
    const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((t) => t.name);
    // The good migration committed on its own; the broken one left nothing behind.
    expect(tables).toContain('probe_ok');
    expect(tables).not.toContain('probe_broken');
    const backups = fs.readdirSync(path.join(path.dirname(dbPath), 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^pre-migration-9990_ok-.*\.sqlite$/);
    const backup = openSqlite(path.join(path.dirname(dbPath), 'backups', backups[0]!));
    expect(backup.prepare('SELECT name FROM facilities').all()).toEqual([{ name: base.name }]);
    expect(backup.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name='probe_ok'").get()).toEqual({ n: 0 });
    backup.close();
    await db.destroy();
    core = await makeCore({ dbPath: path.join(core.dir, 'other.sqlite') });
  });
});

describe('facilities', () => {
  it('creates a facility with its first status entry and an audit entry in the same transaction', async () => {
    core = await makeCore();
    const f = await core.call('facilities.create', { ...base, creditCode: '91350100m000100y43' });
    expect(f).toMatchObject({ name: base.name, status: 'operating', districtName: '密云区', creditCode: '91350100M000100Y43' });
    expect(f.statusHistory).toEqual([expect.objectContaining({ status: 'operating', effectiveOn: '2015-06-01' })]);
    const audit = await core.call('audit.list', { entity: 'facility', entityId: f.id });
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ action: 'facility.create', actorId: 'local', actorName: '本机用户' });
  });

  it('refuses bad input with a Chinese message and a stable code, writing nothing', async () => {
    core = await makeCore();
    const before = await auditCount(core);
    const missing = await core.fail('facilities.create', { ...base, name: '  ' });
    expect(missing.code).toBe('VALIDATION');
    expect(missing.message).toContain('机构名称不能为空');
    expect((await core.fail('facilities.create', { ...base, creditCode: '91350100M000100Y44' })).code).toBe('CREDIT_CODE_INVALID');
    expect((await core.fail('facilities.create', { ...base, areaCode: '110199' })).code).toBe('AREA_NOT_FOUND');
    expect((await core.fail('facilities.create', { ...base, openedOn: '2027-01-01' })).code).toBe('DATE_IN_FUTURE');
    expect((await core.fail('facilities.create', { ...base, openedOn: '2021-02-30' })).code).toBe('VALIDATION');
    await core.call('facilities.create', base);
    const dup = await core.fail('facilities.create', { ...base, areaCode: '110109' });
    expect(dup.code).toBe('FACILITY_NAME_TAKEN');
    expect(dup.message).toContain('密云区第一养老院');
    expect((await core.call('facilities.list', {})).total).toBe(1);
    expect(await auditCount(core)).toBe(before + 1);
  });

  it('edits with before/after in the audit trail and filters the list', async () => {
    core = await makeCore();
    const a = await core.call('facilities.create', base);
    await core.call('facilities.create', { ...base, name: '大峪驿站', kind: 'community_station', areaCode: '110109', parentId: a.id });
    const updated = await core.call('facilities.update', { ...base, id: a.id, approvedBeds: 250, address: '密云区鼓楼街道' });
    expect(updated.approvedBeds).toBe(250);
    expect(updated.children.map((c) => c.name)).toEqual(['大峪驿站']);
    const audit = await core.call('audit.list', { entity: 'facility', entityId: a.id });
    expect(audit.rows[0]).toMatchObject({ action: 'facility.update', before: { approved_beds: 200, address: null }, after: { approved_beds: 250, address: '密云区鼓楼街道' } });
    // The log says what changed, in words, without the record's history at hand.
    expect(audit.rows[0]!.summary).toBe(`修改机构 ${base.name}：核定床位数 200 → 250；地址 （空） → 密云区鼓楼街道`);
    await core.call('facilities.update', { ...base, id: a.id, approvedBeds: 250, address: '密云区鼓楼街道', areaCode: '110109', ownership: 'private' });
    const moved = (await core.call('audit.list', { entity: 'facility', entityId: a.id, limit: 1 })).rows[0]!;
    expect(moved.summary).toBe(`修改机构 ${base.name}：举办性质 公办 → 民办；所在区划 密云区（110118） → 门头沟区（110109）`);
    await core.call('facilities.update', { ...base, id: a.id, approvedBeds: 250, address: '密云区鼓楼街道' });
    expect((await core.call('facilities.list', { districtCode: '110109' })).rows.map((r) => r.name)).toEqual(['大峪驿站']);
    expect((await core.call('facilities.list', { kind: 'institution' })).total).toBe(1);
    expect((await core.call('facilities.list', { search: '鼓楼' })).rows.map((r) => r.name)).toEqual([base.name]);
    expect((await core.call('facilities.list', { search: '%' })).total).toBe(0);
    // A facility cannot become its own ancestor.
    const sub = await core.call('facilities.list', { search: '大峪' });
    expect((await core.fail('facilities.update', { ...base, id: a.id, parentId: sub.rows[0]!.id })).code).toBe('FACILITY_PARENT_INVALID');
    // The opening date may not move past its beds (nor its admissions), as a new bed may not precede it.
    await core.call('beds.bulkCreate', { facilityId: a.id, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 1, category: 'long_term', nursing: false, openedOn: '2019-01-01' });
    const late = await core.fail('facilities.update', { ...base, id: a.id, openedOn: '2026-07-01' });
    expect(late).toMatchObject({ code: 'BED_BEFORE_FACILITY', message: '已有床位于 2019-01-01 启用，开业日期不能晚于该日' });
    expect((await core.call('facilities.update', { ...base, id: a.id, openedOn: '2019-01-01' })).openedOn).toBe('2019-01-01');
  });

  it('pages the list in display order with its area and district on each row; the page is chosen before the areas are joined', async () => {
    core = await makeCore();
    await core.call('areas.create', { code: '110118001', name: '鼓楼街道' });
    const made: { name: string; district: string }[] = [];
    const areas = ['110118', '110118001', '110109', '110105', '110101'];
    for (let i = 0; i < 11; i++) {
      const areaCode = areas[i % areas.length]!;
      const name = `${'甲乙丙丁戊'[i % 5]}养老驿站${String(10 - i).padStart(2, '0')}`;
      await core.call('facilities.create', { name, kind: 'community_station', ownership: 'public', areaCode, openedOn: '2015-01-01' });
      made.push({ name, district: areaCode.slice(0, 6) });
    }
    // First, before the statement cache holds it: the plan of the list's statement.
    const plan = await pagingPlan(core, '"a"."name"', () => core.call('facilities.list', { offset: 3, limit: 3 }), '110118');
    expect(plan.paging, plan.all).toMatch(/facilities_district_name/);
    expect(plan.paging).not.toMatch(/areas|\ba\b|\bd\b/);
    const expected = [...made].sort((x, y) => (x.district === y.district ? (x.name < y.name ? -1 : 1) : x.district < y.district ? -1 : 1)).map((x) => x.name);
    for (const filter of [{}, { districtCode: '110118' }, { search: '驿站0' }]) {
      const want = expected.filter((n) => (!('districtCode' in filter) || made.find((m) => m.name === n)!.district === '110118') && (!('search' in filter) || n.includes('驿站0')));
      const { rows, total } = await pageThrough(core, 'facilities.list', filter, 3);
      expect(total, JSON.stringify(filter)).toBe(want.length);
      expect(rows.map((r) => r.name), JSON.stringify(filter)).toEqual(want);
    }
    const street = (await core.call('facilities.list', { search: made[1]!.name })).rows[0]!;
    expect(street).toMatchObject({ areaCode: '110118001', areaName: '鼓楼街道', districtCode: '110118', districtName: '密云区' });
  });

  it('keeps a dated status history, including back-dated entries', async () => {
    core = await makeCore();
    const f = await core.call('facilities.create', base);
    await core.call('facilities.setStatus', { id: f.id, status: 'suspended', effectiveOn: '2024-03-01', reason: '消防整改' });
    const back = await core.call('facilities.setStatus', { id: f.id, status: 'operating', effectiveOn: '2024-06-01', reason: '整改完成' });
    expect(back.status).toBe('operating');
    // Back-dated entry earlier than the latest does not change the current status.
    const older = await core.call('facilities.setStatus', { id: f.id, status: 'suspended', effectiveOn: '2020-01-01', reason: '疫情' });
    expect(older.status).toBe('operating');
    expect(older.statusHistory.map((h) => `${h.effectiveOn}:${h.status}`)).toEqual([
      '2024-06-01:operating',
      '2024-03-01:suspended',
      '2020-01-01:suspended',
      '2015-06-01:operating',
    ]);
    expect((await core.fail('facilities.setStatus', { id: f.id, status: 'closed', effectiveOn: '2024-06-01', reason: null })).code).toBe('STATUS_DATE_INVALID');
    expect((await core.fail('facilities.setStatus', { id: f.id, status: 'closed', effectiveOn: '2030-01-01', reason: null })).code).toBe('DATE_IN_FUTURE');
  });
});

describe('areas and population', () => {
  it('adds streets under districts and keeps empty figures unknown, never 0', async () => {
    core = await makeCore();
    await core.call('areas.create', { code: '110118001', name: '鼓楼街道' });
    expect((await core.fail('areas.create', { code: '110118001', name: '重复' })).code).toBe('AREA_EXISTS');
    expect((await core.fail('areas.create', { code: '110199001', name: '无上级' })).code).toBe('AREA_PARENT_MISMATCH');
    await core.call('areas.create', { code: '110118001001', name: '鼓楼社区' });
    const row = await core.call('population.upsert', { areaCode: '110118001', year: 2023, resident: 50000, resident60: 12000, source: '街道统计' });
    expect(row).toMatchObject({ resident: 50000, registered: null, resident60: 12000, resident80: null });
    const bad = await core.fail('population.upsert', { areaCode: '110118', year: 2023, resident: 1000, resident60: 2000 });
    expect(bad.code).toBe('POPULATION_INVALID');
    expect(bad.message).toContain('60岁及以上常住人口（2000）不能大于常住人口（1000）');
  });
});

const FAC_HEADER = '机构名称,机构类型,区划代码,统一社会信用代码,举办性质,运营状态,核定床位数,医疗服务,开业日期,地址,上级机构';

describe('import framework', () => {
  it('accounts for every row, names each bad row, and writes nothing while any row is wrong', async () => {
    core = await makeCore();
    const csv = [
      FAC_HEADER,
      '甲养老院,养老机构,110101,,公办,运营,100,无,2010-01-01,,',
      '',
      '乙养老院,养老公司,110101,,公办,运营,abc,,2010-01-01,,',
      '丙驿站,社区养老服务驿站,110101,,民办,运营,,,,,不存在的机构',
      '甲养老院,养老机构,110102,,公办,运营,10,,,,',
      '丁敬老院,敬老院,110116,91350100M000100Y43,公办,停业整改,60,签约医疗,2009-09-09,,',
      // Every problem of the row at once: an unknown area, a bad credit code, a future date, a missing parent.
      '戊驿站,社区养老服务驿站,110199,91350100M000100Y44,民办,运营,,,2030-01-01,,不存在的机构',
    ].join('\n');
    const before = await auditCount(core);
    const report = await core.call('imports.preview', { kind: 'facilities', file: fileOf('f.csv', csv) });
    expect(report.rowsRead).toBe(6);
    expect(report.rowsAccepted + report.rowsRejected).toBe(report.rowsRead);
    expect(report.rowsAccepted).toBe(2);
    expect(report.rowsRejected).toBe(4);
    expect(report.errors.filter((e) => e.row === 8).map((e) => [e.column, e.message])).toEqual([
      ['上级机构', '上级机构“不存在的机构”不存在（须已登记或位于本文件上方）'],
      ['区划代码', '区划代码 110199 不存在'],
      ['统一社会信用代码', expect.stringContaining('校验')],
      ['开业日期', '开业日期 2030-01-01 晚于今天'],
    ]);
    expect(report.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 4, column: '机构类型' }),
        expect.objectContaining({ row: 4, column: '核定床位数', message: '“核定床位数”应为整数，实际为“abc”' }),
        expect.objectContaining({ row: 5, column: '上级机构' }),
        // Given twice in the file: the message names the first row, not a record 已存在 outside it.
        expect.objectContaining({ row: 6, column: '机构名称', message: '机构名称“甲养老院”与本文件第 2 行重复，机构名称须唯一' }),
      ]),
    );
    expect(report.committed).toBe(false);
    const started = await core.call('imports.start', { kind: 'facilities', file: fileOf('f.csv', csv) });
    const job = await waitJob(core, started.jobId);
    expect(job.result?.committed).toBe(false);
    expect((await core.call('facilities.list', {})).total).toBe(0);
    expect(await auditCount(core)).toBe(before);

    // The error report is the user's own rows, the bad cells filled and each row's problems in 错误说明.
    const errorsFile = await core.call('imports.errorReport', { kind: 'facilities', file: fileOf('f.csv', csv) });
    expect(errorsFile.fileName).toBe('f-错误标注.xlsx');
    const marked = new ExcelJS.Workbook();
    await marked.xlsx.load(Buffer.from(errorsFile.dataBase64, 'base64') as never);
    const data = marked.getWorksheet('数据')!;
    expect(data.getCell(1, 12).value).toBe('错误说明');
    expect(data.getCell(4, 1).value).toBe('乙养老院');
    expect(String(data.getCell(4, 12).value)).toContain('【核定床位数】“核定床位数”应为整数，实际为“abc”');
    expect((data.getCell(4, 7).fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFFFC7CE');
    expect((data.getCell(2, 7).fill as { pattern?: string } | undefined)?.pattern ?? 'none').toBe('none');
    expect(marked.getWorksheet('错误清单')!.getRow(1).values).toEqual([undefined, '行号', '列', '错误原因']);

    // Templates offer the fixed values as dropdowns.
    const template = await core.call('imports.template', { kind: 'facilities', format: 'xlsx' });
    const tb = new ExcelJS.Workbook();
    await tb.xlsx.load(Buffer.from(template.dataBase64, 'base64') as never);
    expect(tb.getWorksheet('导入模板')!.getCell('F2').dataValidation).toMatchObject({ type: 'list', formulae: ['"筹建,运营,停业整改,注销"'] });
  });

  it('commits a clean file in one go, and a dry run writes nothing', async () => {
    core = await makeCore();
    const csv = [FAC_HEADER, '甲养老院,养老机构,110101,,公办,运营,100,无,2010-01-01,,', '甲驿站,社区养老服务驿站,110101,,民办,运营,,,,,甲养老院'].join('\r\n');
    const dry = await waitJob(core, (await core.call('imports.start', { kind: 'facilities', file: fileOf('f.csv', csv), dryRun: true })).jobId);
    expect(dry.result).toMatchObject({ rowsRead: 2, rowsAccepted: 2, committed: false, dryRun: true });
    // The preview shows each row's parent, so a station hung under the wrong institution is seen before saving.
    expect(dry.result?.sample.map((r) => r['上级机构'])).toEqual(['', '甲养老院']);
    expect((await core.call('facilities.list', {})).total).toBe(0);
    const real = await waitJob(core, (await core.call('imports.start', { kind: 'facilities', file: fileOf('f.csv', csv) })).jobId);
    expect(real.result).toMatchObject({ rowsAccepted: 2, committed: true });
    const list = await core.call('facilities.list', {});
    expect(list.rows.map((r) => r.name).sort()).toEqual(['甲养老院', '甲驿站']);
    // Registered before, the name is refused as taken in 只新增 mode, saying how to update instead.
    const again = await core.call('imports.preview', { kind: 'facilities', file: fileOf('f.csv', csv) });
    expect(again.errors).toContainEqual({ row: 2, column: '机构名称', message: '机构“甲养老院”已登记；要用文件中的数据更新已登记的机构，请选择“新增并更新”（命令行 --update）' });
    const station = await core.call('facilities.get', { id: list.rows.find((r) => r.name === '甲驿站')!.id });
    expect(station.parentName).toBe('甲养老院');
    expect((await core.call('audit.list', { entity: 'import' })).rows[0]?.summary).toContain('共 2 行');
  });

  it('reads GB18030 CSV files as Excel on Chinese Windows writes them, and UTF-8 with a BOM', async () => {
    core = await makeCore();
    const text = ['区划代码,年份,常住人口,户籍人口,60岁及以上常住人口,60岁及以上户籍人口,65岁及以上常住人口,80岁及以上常住人口,数据来源', '110118,2023,527000,,120000,,,,密云区统计年鉴'].join('\r\n');
    const gb = encodeGb18030(text);
    const report = await core.call('imports.preview', { kind: 'population', file: fileOf('p.csv', gb) });
    expect(report.encoding).toBe('GB18030');
    expect(report.rowsAccepted).toBe(1);
    expect(report.sample[0]?.['数据来源']).toBe('密云区统计年鉴');
    const bom = await core.call('imports.preview', { kind: 'population', file: fileOf('p.csv', '\uFEFF' + text) });
    expect(bom.encoding).toBe('UTF-8 (BOM)');
    expect(bom.rowsAccepted).toBe(1);
  });

  it('a population file updates a recorded year figure by figure (empty cells keep them), and may not give one area and year twice', async () => {
    core = await makeCore();
    await core.call('population.upsert', { areaCode: '110118', year: 2024, resident: 538237, registered: 376766, resident60: 107647, registered60: null, resident65: 75353, resident80: null, source: '年鉴' });
    const header = '区划代码,年份,常住人口,户籍人口,60岁及以上常住人口,60岁及以上户籍人口,65岁及以上常住人口,80岁及以上常住人口,数据来源';
    const twice = [header, '110118,2025,540000,,,,,,快报', '110101,2025,700000,,,,,,', '110118,2025,541000,,120000,,,,年鉴'].join('\n');
    const refused = await core.call('imports.preview', { kind: 'population', file: fileOf('p.csv', twice) });
    expect(refused.errors).toEqual([{ row: 4, column: '年份', message: '区划 110118 的 2025 年数据与本文件第 2 行重复（同一区划同一年份只能有一行）' }]);
    const update = [header, '110118,2024,540000,,,,,,区统计局快报', '110101,2024,700000,,,,,,'].join('\n');
    const preview = await core.call('imports.preview', { kind: 'population', file: fileOf('p.csv', update) });
    expect(preview.sample.map((r) => r['处理'])).toEqual(['更新已有记录', '新增']);
    const job = await waitJob(core, (await core.call('imports.start', { kind: 'population', file: fileOf('p.csv', update) })).jobId);
    expect(job.result).toMatchObject({ rowsAccepted: 2, committed: true });
    const miyun = (await core.call('population.list', { areaCode: '110118' })).find((p) => p.year === 2024)!;
    expect(miyun).toMatchObject({ resident: 540000, registered: 376766, resident60: 107647, resident65: 75353, resident80: null, source: '区统计局快报' });
  });

  it('reads XLSX with real date cells and refuses a file without the required columns', async () => {
    core = await makeCore();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('机构');
    ws.addRow(FAC_HEADER.split(','));
    ws.addRow(['延庆区养老照料中心', '养老照料中心', '110119', null, '公办', '运营', 40, '无', new Date(Date.UTC(2019, 9, 1)), '延庆', null]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const job = await waitJob(core, (await core.call('imports.start', { kind: 'facilities', file: fileOf('f.xlsx', bytes) })).jobId);
    expect(job.result).toMatchObject({ rowsAccepted: 1, committed: true });
    const f = (await core.call('facilities.list', {})).rows[0]!;
    expect(f).toMatchObject({ kind: 'care_center', openedOn: '2019-10-01', approvedBeds: 40 });

    // An ID number typed into a number cell: Excel keeps 15 digits. The message says so, instead of
    // pointing at a mistyped digit (the check digit "expected" would make up a wrong number).
    const ids = new ExcelJS.Workbook();
    const sheet = ids.addWorksheet('老人');
    sheet.addRow(['姓名', '身份证号', '户籍区划代码', '联系电话', '人员类别']);
    sheet.addRow(['王秀兰', 110228194111082000, '110118', null, null]); // 110228194111082012 as Excel keeps it
    sheet.addRow(['李建国', '11010519491231002X', '110105', null, null]);
    const cut = await core.call('imports.preview', { kind: 'elders', file: fileOf('e.xlsx', Buffer.from(await ids.xlsx.writeBuffer())) });
    expect(cut.rowsAccepted).toBe(1);
    expect(cut.errors).toEqual([{ row: 2, column: '身份证号', message: EXCEL_CUT_MESSAGE }]);
    // The same in a file that refers to elders by number (stays; family beds read it the same way).
    const stays = await core.call('imports.preview', {
      kind: 'stays',
      file: fileOf('s.csv', '身份证号,机构名称,楼栋,房间,床位号,入住日期,退住日期,退住原因,收费类别\n1.10228E+17,某养老院,1号楼,101,1,2024-01-01,,,普通'),
    });
    expect(stays.errors.filter((e) => e.column === '身份证号')).toEqual([{ row: 2, column: '身份证号', message: EXCEL_CUT_MESSAGE }]);

    const noHeader = await core.fail('imports.preview', { kind: 'facilities', file: fileOf('x.csv', '名字,类型\n甲,乙') });
    expect(noHeader.code).toBe('IMPORT_HEADER_MISSING');
    expect(noHeader.message).toContain('机构名称');
    expect(noHeader.message).toContain('第 1 行：名字、类型');
    expect((await core.fail('imports.preview', { kind: 'nope', file: fileOf('x.csv', 'a') })).code).toBe('IMPORT_UNKNOWN_KIND');
    expect((await core.fail('imports.preview', { kind: 'facilities', file: fileOf('x.xls', 'a') })).code).toBe('IMPORT_FILE_UNREADABLE');
  });

  it('offers a template for every import kind whose header the importer accepts, with no example row to import by mistake', async () => {
    core = await makeCore();
    for (const kind of await core.call('imports.kinds', {})) {
      // The CSV template is its header alone: accepted as a header, with no data row.
      const tpl = await core.call('imports.template', { kind: kind.kind, format: 'csv' });
      const text = Buffer.from(tpl.dataBase64, 'base64').toString('utf8').replace(/^\uFEFF/, '');
      expect(text.trim(), kind.kind).toBe(kind.columns.map((c) => c.header).join(','));
      const empty = await core.fail('imports.preview', { kind: kind.kind, file: { fileName: tpl.fileName, dataBase64: tpl.dataBase64 } });
      expect(empty.code, kind.kind).toBe('IMPORT_EMPTY');
      // The workbook: the header on 导入模板, each column's example only on 填写说明.
      const xlsx = await core.call('imports.template', { kind: kind.kind, format: 'xlsx' });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(xlsx.dataBase64, 'base64') as any);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['导入模板', '填写说明']);
      expect(wb.worksheets[0]!.getRow(1).getCell(1).value).toBe(kind.columns[0]!.header);
      expect(wb.worksheets[0]!.actualRowCount, kind.kind).toBe(1);
      expect(wb.worksheets[1]!.getRow(2).values).toContain(kind.columns[0]!.example);
      // Every column is text, so an ID number or a code typed in stays as typed; the header row stays in
      // view; required headers are bold and red, the others bold.
      const sheet = wb.worksheets[0]!;
      expect(sheet.views[0], kind.kind).toMatchObject({ state: 'frozen', ySplit: 1 });
      kind.columns.forEach((c, i) => {
        expect(sheet.getColumn(i + 1).numFmt, `${kind.kind} ${c.header}`).toBe('@');
        const font = sheet.getCell(1, i + 1).font;
        expect(font?.bold, `${kind.kind} ${c.header}`).toBe(true);
        expect(font?.color?.argb, `${kind.kind} ${c.header}`).toBe(c.required ? 'FFC00000' : undefined);
        // A column of fixed values has its dropdown on the rows typed under the header, and only there.
        for (const row of [2, 5000]) {
          const validation = sheet.getCell(row, i + 1).dataValidation;
          if (c.choices?.length) {
            expect(validation, `${kind.kind} ${c.header}`).toMatchObject({ type: 'list', formulae: [`"${c.choices.join(',')}"`], showErrorMessage: true, errorStyle: 'warning', error: `可选值：${c.choices.join('、')}` });
            expect(!!validation.allowBlank, `${kind.kind} ${c.header}`).toBe(!c.required);
          } else {
            expect(validation, `${kind.kind} ${c.header}`).toBeUndefined();
          }
        }
        expect(sheet.getCell(1, i + 1).dataValidation).toBeUndefined();
        expect(sheet.getColumn(i + 1).width, `${kind.kind} ${c.header}`).toBe(Math.max(12, c.header.length * 2 + 4, c.example.length + 4));
      });
      // 填写说明: one row per column with its rules and example, then how to fill the template in.
      const help = wb.worksheets[1]!;
      kind.columns.forEach((c, i) => {
        const typed = (help.getRow(i + 2).values as unknown[]).slice(1).filter((v) => v !== '' && v !== undefined);
        expect(typed, `${kind.kind} ${c.header}`).toEqual([c.header, c.required ? '必填' : '选填', c.description, c.example].filter((v) => v !== ''));
      });
      expect(String(help.getCell(kind.columns.length + 3, 3).value)).toContain('第一行为表头，请勿修改');
      expect(wb.worksheets[1]!.getCell(1, 1).font?.bold).toBe(true);
      // A file still holding an older template's example row (typed under, or alone) is refused on that
      // row, naming it; the other rows are checked as usual and nothing is written.
      const example = kind.columns.map((c) => c.example);
      const file = toCsvBytes([kind.columns.map((c) => c.header), example]);
      const report = await core.call('imports.preview', { kind: kind.kind, file: fileOf('t.csv', file) });
      expect(report.rowsRead, kind.kind).toBe(1);
      expect(report.rowsRejected, kind.kind).toBe(1);
      expect(report.errors, kind.kind).toEqual([{ row: 2, column: null, message: expect.stringContaining('导入模板中的示例') }]);
    }
    // Typed under the example of an old facilities template: the import refuses the example and keeps nothing.
    const facilityExample = (await core.call('imports.kinds', {})).find((k) => k.kind === 'facilities')!.columns.map((c) => c.example);
    const facilities = await core.call('imports.start', {
      kind: 'facilities',
      file: fileOf('f.csv', toCsvBytes([FAC_HEADER.split(','), facilityExample, ['真实养老院', '养老机构', '110118', '', '公办', '运营', '20', '无', '2012-01-01', '', '']])),
    });
    const job = await waitJob(core, facilities.jobId);
    expect(job.result).toMatchObject({ rowsRead: 2, rowsAccepted: 1, rowsRejected: 1, committed: false });
    expect((await core.call('facilities.list', {})).total).toBe(0);
  });
});

describe('dispatcher', () => {
  it('answers unknown channels and internal errors with codes, never throwing', async () => {
    core = await makeCore();
    const r = await core.dispatch('nope.nothing', {});
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_CHANNEL' }) });
    const v = await core.dispatch('facilities.get', { id: 'not-a-uuid' });
    expect(!v.ok && v.error.code).toBe('VALIDATION');
    const nf = await core.dispatch('facilities.get', { id: crypto.randomUUID() });
    expect(!nf.ok && nf.error.code).toBe('FACILITY_NOT_FOUND');
  });
});

async function waitJob(c: TestCore, jobId: string) {
  for (let i = 0; i < 200; i++) {
    const job = await c.call('jobs.get', { jobId });
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('job did not finish');
}
