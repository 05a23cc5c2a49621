import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import type { ExchangeReport, Output } from '../../shared/contract';
import { editPackage, fullScores, makeCore, type TestCore } from './helpers';
import { runCli } from '../../electron/core/cli/main';
import { rebuildBedCounters } from '../../electron/core/db/migrations/0007_counters';

// A station and the district bureau, each with its own file, exchanging packages as they would by USB stick.
let bureau: TestCore;
let station: TestCore;
afterEach(async () => {
  await bureau?.close();
  await station?.close();
});

const idFor = (birth: string, seq: string) => {
  const first17 = `110107${birth}${seq}`;
  return first17 + computeCheckDigit(first17);
};

const PASSPHRASE = '八角驿站交换口令';

// What an overlap refused by the receiving file's triggers adds to the code's message.
const OVERLAP = '本机已有与之时段重叠的记录（若对方撤销或改动过这条记录，本机仍保留的旧记录也会与之冲突）';

const table = (r: ExchangeReport, name: string) => r.tables.find((t) => t.table === name)!;
const total = (r: ExchangeReport, key: 'added' | 'updated' | 'kept') => r.tables.reduce((n, t) => n + t[key], 0);
const count = (c: TestCore, sql: string, ...params: unknown[]) => (c.ctx.sqlite.prepare(sql).get(...params) as { n: number }).n;

/**
 * The facility's maintained bed counters (and every district's), then the same after the migration's own
 * rebuild from the beds: equal when nothing drifted.
 */
async function countersAndRecount(c: TestCore, facilityId: string) {
  const read = () => ({
    facility: c.ctx.sqlite.prepare('SELECT category, beds, nursing, reserve, occupied FROM facility_bed_counters WHERE facility_id = ? AND beds > 0 ORDER BY category').all(facilityId),
    districts: c.ctx.sqlite.prepare('SELECT * FROM district_bed_counters WHERE beds <> 0 OR occupied <> 0 ORDER BY district_code, kind, status, category').all(),
  });
  const counters = read();
  await rebuildBedCounters(c.ctx.db);
  return { counters, recount: read() };
}

/**
 * A package of the facility, encrypted to the receiver's key when the sender knows it (it has imported a
 * package of the facility from there), else under the passphrase both sides were told.
 */
async function exportFrom(from: TestCore, facilityId: string) {
  const plain = await from.dispatch('exchange.export', { facilityIds: [facilityId] });
  if (plain.ok) return plain.data as Output<'exchange.export'>;
  expect(plain.error.code).toBe('EXCHANGE_PASSPHRASE_REQUIRED');
  return from.call('exchange.export', { facilityIds: [facilityId], passphrase: PASSPHRASE });
}

async function send(from: TestCore, to: TestCore, facilityId: string, apply = true) {
  const file = await exportFrom(from, facilityId);
  return to.call(apply ? 'exchange.apply' : 'exchange.preview', { file: { fileName: file.fileName, dataBase64: file.dataBase64 }, passphrase: PASSPHRASE });
}

/** The bureau registers the station; the station takes its registry entry from the bureau, then keeps its own beds and residents. */
async function stationWithResidents() {
  // Both clocks read the same time: a record stamped later than the receiver's clock is refused.
  bureau = await makeCore({ today: '2026-11-23' });
  station = await makeCore({ today: '2026-11-23' });
  const f = await bureau.call('facilities.create', {
    name: '八角街道社区养老服务驿站', kind: 'community_station', ownership: 'public_private', areaCode: '110107', openedOn: '2019-01-01', approvedBeds: 8,
  });
  const first = await send(bureau, station, f.id);
  expect(table(first, 'facilities').added).toBe(1);

  await station.call('beds.bulkCreate', { facilityId: f.id, buildingName: '驿站', floor: 1, roomFrom: 101, roomTo: 102, bedsPerRoom: 2, category: 'short_term', nursing: true, openedOn: '2020-01-01' });
  const board = await station.call('beds.board', { facilityId: f.id, asOf: null });
  const beds = board.buildings[0]!.floors[0]!.rooms.flatMap((r) => r.beds.map((b) => b.id));
  const elders = [];
  for (const [i, name] of ['王大爷', '李奶奶', '赵大爷'].entries()) {
    const e = await station.call('elders.create', { name, idNumber: idFor(`1940010${i + 1}`, '123'), phone: '13800138000', categories: ['living_alone'], contacts: [{ name: '王小明', relation: '儿子', phone: '13900139000' }] });
    await station.call('assessments.create', { elderId: e.id, assessedOn: '2026-01-05', reason: 'initial', assessor: '李医生', assessment: { scores: fullScores() } });
    elders.push(e.id);
  }
  const a0 = await station.call('stays.admit', { elderId: elders[0]!, bedId: beds[0]!, admittedOn: '2026-02-01', feeClass: 'standard' });
  await station.call('stays.transfer', { admissionId: a0.id, toBedId: beds[2]!, on: '2026-03-01', reason: '换房' });
  await station.call('stays.startLeave', { admissionId: a0.id, startOn: '2026-05-01', reason: '回家过节' });
  const a1 = await station.call('stays.admit', { elderId: elders[1]!, bedId: beds[1]!, admittedOn: '2026-02-10', feeClass: 'low' });
  await station.call('waiting.apply', { facilityId: f.id, elderId: elders[2]!, appliedOn: '2026-06-01' });
  await station.call('familyBeds.open', { providerFacilityId: f.id, elderId: elders[2]!, areaCode: '110107', address: '八角北路 3-201', agreementStartOn: '2026-06-05', openedOn: '2026-06-05' });
  return { facility: f.id, beds, elders, admissions: [a0.id, a1.id] };
}

describe('exchange packages between a station and the bureau', () => {
  it('carry a station\'s beds, elders, admissions and family beds to the bureau, whose counts then match the station\'s', async () => {
    const s = await stationWithResidents();
    const beforeBeds = count(bureau, 'SELECT count(*) AS n FROM beds');

    const preview = await send(station, bureau, s.facility, false);
    expect(preview.applied).toBe(false);
    expect(preview.problems).toEqual([]);
    expect(table(preview, 'beds')).toMatchObject({ inPackage: 4, added: 4 });
    expect(table(preview, 'elders')).toMatchObject({ added: 3 });
    expect(table(preview, 'admissions')).toMatchObject({ added: 2 });
    expect(table(preview, 'stays')).toMatchObject({ added: 3 });
    expect(table(preview, 'facilities')).toMatchObject({ unchanged: 1, added: 0 });
    // A preview writes nothing.
    expect(count(bureau, 'SELECT count(*) AS n FROM beds')).toBe(beforeBeds);

    const applied = await send(station, bureau, s.facility);
    expect(applied.applied).toBe(true);
    for (const t of ['beds', 'bed_attributes', 'rooms', 'buildings', 'elders', 'elder_categories', 'elder_contacts', 'assessments', 'waiting_applications', 'admissions', 'stays', 'stay_leaves', 'family_care_beds']) {
      expect(count(bureau, `SELECT count(*) AS n FROM ${t}`), t).toBe(count(station, `SELECT count(*) AS n FROM ${t}`));
    }
    // What the bureau counts from them is what the station sees, on any date, and its counters equal a recount.
    for (const asOf of ['2026-02-15', '2026-05-02', '2026-11-23']) {
      expect(await bureau.call('stays.occupancy', { facilityId: s.facility, asOf }), asOf).toEqual(await station.call('stays.occupancy', { facilityId: s.facility, asOf }));
    }
    const { counters, recount } = await countersAndRecount(bureau, s.facility);
    expect(counters).toEqual(recount);
    expect(counters.facility).toEqual((await countersAndRecount(station, s.facility)).counters.facility);
    expect((await bureau.call('familyBeds.count', { providerFacilityId: s.facility, asOf: '2026-11-23' })).count).toBe(1);
    const entry = (await bureau.call('audit.list', { entity: 'exchange', limit: 1 })).rows[0]!;
    expect(entry.summary).toContain('八角街道社区养老服务驿站');
    expect(entry.summary).toContain(`新增 ${total(applied, 'added')} 条`);

    // The same package again changes nothing.
    const again = await send(station, bureau, s.facility);
    expect(total(again, 'added') + total(again, 'updated')).toBe(0);
    expect(table(again, 'stays').unchanged).toBe(3);
  });

  it('brings later changes across as updates: a discharge frees the bed at the bureau too', async () => {
    const s = await stationWithResidents();
    await send(station, bureau, s.facility);
    expect((await bureau.call('stays.occupancy', { facilityId: s.facility })).residents).toBe(2);

    await station.call('stays.discharge', { admissionId: s.admissions[1]!, on: '2026-11-20', reason: 'voluntary' });
    // A free bed retired and another turned into a long-term, non-nursing bed: the bureau's counters follow.
    await station.call('beds.retire', { id: s.beds[3]!, retiredOn: '2026-11-01', reason: '房间改作活动室' });
    await station.call('beds.setAttributes', { id: s.beds[0]!, effectiveOn: '2026-10-01', category: 'long_term', nursing: false, zone: 'general', reserve: false });
    const r = await send(station, bureau, s.facility);
    expect(table(r, 'beds')).toMatchObject({ updated: 1 });
    expect(table(r, 'bed_attributes')).toMatchObject({ added: 1 });
    expect(table(r, 'admissions')).toMatchObject({ updated: 1, unchanged: 1 });
    expect(table(r, 'stays')).toMatchObject({ updated: 1 });
    expect(r.updated.map((n) => n.label)).toContain('李奶奶 2026-02-10 入住');
    expect((await bureau.call('stays.occupancy', { facilityId: s.facility })).residents).toBe(1);
    const { counters, recount } = await countersAndRecount(bureau, s.facility);
    expect(counters).toEqual(recount);
    expect(counters.facility).toEqual((await countersAndRecount(station, s.facility)).counters.facility);
    expect(counters.facility.map((c) => (c as { category: string }).category)).toEqual(['long_term', 'short_term']);

    // A package that rewrites an attribute row in place (no app does, but a package may): no trigger
    // follows that, so the facility's tallies are recounted.
    const file = await station.call('exchange.export', { facilityIds: [s.facility] });
    const edited = await editPackage(file, station, bureau, (pkg) => {
      const attr = pkg.tables.bed_attributes!.find((a) => a.bed_id === s.beds[1] && a.effective_on === '2020-01-01')!;
      attr.category = 'long_term';
    });
    expect(table(await bureau.call('exchange.apply', { file: edited }), 'bed_attributes')).toMatchObject({ updated: 1 });
    const after = await countersAndRecount(bureau, s.facility);
    expect(after.counters).toEqual(after.recount);
    expect(after.counters.facility.map((c) => (c as { category: string; beds: number }).beds)).toEqual([2, 1]);
  });

  it('finds an elder the bureau registered itself by ID number, and keeps the bureau\'s newer particulars', async () => {
    const s = await stationWithResidents();
    const own = await bureau.call('elders.create', { name: '王大爷', idNumber: idFor('19400101', '123'), phone: '13700137000' });
    const r = await send(station, bureau, s.facility);
    expect(r.problems).toEqual([]);
    expect(table(r, 'elders')).toMatchObject({ added: 2, kept: 1 });
    expect(r.kept.map((n) => n.label).filter((l) => l.startsWith('王大爷（'))).toHaveLength(1);
    expect(count(bureau, 'SELECT count(*) AS n FROM elders WHERE id_number = ?', idFor('19400101', '123'))).toBe(1);
    // The station's admission of him now names the bureau's record, whose phone (changed later) stays.
    expect(count(bureau, 'SELECT count(*) AS n FROM admissions WHERE elder_id = ?', own.id)).toBe(1);
    expect((await bureau.call('elders.get', { id: own.id })).phone).toBe('13700137000');
  });

  it('writes nothing when one record conflicts, and says which', async () => {
    const s = await stationWithResidents();
    // The bureau already has 李奶奶 living in another home since 2026-01-01.
    const home = await bureau.call('facilities.create', { name: '石景山区社会福利院', kind: 'institution', ownership: 'public', areaCode: '110107', openedOn: '2010-01-01', approvedBeds: 4 });
    await bureau.call('beds.bulkCreate', { facilityId: home.id, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 1, category: 'long_term', nursing: true, openedOn: '2010-01-01' });
    const bed = (await bureau.call('beds.board', { facilityId: home.id, asOf: null })).buildings[0]!.floors[0]!.rooms[0]!.beds[0]!.id;
    const li = await bureau.call('elders.create', { name: '李奶奶', idNumber: idFor('19400102', '123') });
    await bureau.call('stays.admit', { elderId: li.id, bedId: bed, admittedOn: '2026-01-01', feeClass: 'standard' });
    const before = ['beds', 'elders', 'admissions', 'stays', 'audit_log'].map((t) => count(bureau, `SELECT count(*) AS n FROM ${t}`));

    const preview = await send(station, bureau, s.facility, false);
    expect(preview.applied).toBe(false);
    expect(preview.problems).toHaveLength(1);
    expect(preview.problems[0]).toMatchObject({ table: 'admissions', label: '李奶奶 2026-02-10 入住', message: `入住记录与已有记录冲突：${OVERLAP}` });
    const file = await station.call('exchange.export', { facilityIds: [s.facility] });
    const err = await bureau.fail('exchange.apply', { file });
    expect(err.code).toBe('EXCHANGE_CONFLICT');
    expect(err.message).toContain('李奶奶 2026-02-10 入住');
    // The command line says the same, from the one merge it runs.
    const conflictFile = path.join(station.dir, 'conflict.cbx');
    const printed: string[] = [];
    fs.writeFileSync(conflictFile, Buffer.from(file.dataBase64, 'base64'));
    expect(await runCli(['exchange', 'import', conflictFile, '--db', bureau.dbPath], (l) => printed.push(l), (l) => printed.push(l))).toBe(1);
    expect(printed).toContain(`  冲突：入住“李奶奶 2026-02-10 入住”：入住记录与已有记录冲突：${OVERLAP}`);
    expect(printed).toContain('存在冲突，未写入任何数据');
    expect(['beds', 'elders', 'admissions', 'stays', 'audit_log'].map((t) => count(bureau, `SELECT count(*) AS n FROM ${t}`))).toEqual(before);
  });

  it('name beds the bureau entered itself in the same room as conflicts instead of counting them twice', async () => {
    const s = await stationWithResidents();
    await bureau.call('beds.bulkCreate', { facilityId: s.facility, buildingName: '驿站', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 2, category: 'short_term', nursing: true, openedOn: '2020-01-01' });
    const r = await send(station, bureau, s.facility, false);
    expect(table(r, 'buildings')).toMatchObject({ inPackage: 1, added: 0 });
    expect(table(r, 'rooms')).toMatchObject({ inPackage: 2, added: 1 });
    expect(r.problems.filter((p) => p.table === 'beds').map((p) => p.message)).toEqual(Array(2).fill('本机该房间已有同号的在用床位（可能是本机另行录入的床位）'));
    expect(count(bureau, 'SELECT count(*) AS n FROM beds WHERE facility_id = ?', s.facility)).toBe(2);
  });

  it('say in words when a record the station has since removed still stands here (a same-day transfer deletes the first stay)', async () => {
    const s = await stationWithResidents();
    const zhou = await station.call('elders.create', { name: '周奶奶', idNumber: idFor('19410101', '124') });
    const a = await station.call('stays.admit', { elderId: zhou.id, bedId: s.beds[3]!, admittedOn: '2026-11-20', feeClass: 'standard' });
    await send(station, bureau, s.facility);
    await station.call('stays.transfer', { admissionId: a.id, toBedId: s.beds[0]!, on: '2026-11-20', reason: '入住当天换床' });
    const r = await send(station, bureau, s.facility, false);
    expect(r.problems.map((p) => [p.table, p.label, p.message])).toEqual([
      ['stays', '周奶奶 2026-11-20 入住', `入住记录与已有记录冲突：${OVERLAP}`],
    ]);
    expect(table(r, 'stays').localOnly).toBe(1);
  });

  it('go through the command line too: export by facility name, a dry run that writes nothing, then the import', async () => {
    const s = await stationWithResidents();
    const file = path.join(station.dir, '驿站.cbx');
    const out: string[] = [];
    const err: string[] = [];
    const cli = (...args: string[]) => runCli(args, (l) => out.push(l), (l) => err.push(l));
    expect(await cli('exchange', 'export', '八角街道社区养老服务驿站', '--out', file, '--db', station.dbPath)).toBe(0);
    expect(await cli('exchange', 'export', '没有这个机构', '--out', file, '--db', station.dbPath)).toBe(1);
    expect(err).toContain('机构不存在：没有这个机构');
    expect(await cli('exchange', 'import', file, '--dry-run', '--db', bureau.dbPath)).toBe(0);
    expect(out).toContain('  床位：交换包中 4，新增 4，更新 0，相同 0，保留本机 0，本机另有 0');
    expect(out).toContain('试运行（--dry-run）：未写入任何数据');
    expect(count(bureau, 'SELECT count(*) AS n FROM beds')).toBe(0);
    expect(await cli('exchange', 'import', file, '--db', bureau.dbPath)).toBe(0);
    expect(count(bureau, 'SELECT count(*) AS n FROM beds WHERE facility_id = ?', s.facility)).toBe(4);
    expect(await cli('exchange', 'import', path.join(station.dir, 'none.cbx'), '--db', bureau.dbPath)).toBe(2);
  });

  it('refuses what is not a package, in Chinese, before touching anything', async () => {
    bureau = await makeCore();
    const notGzip = await bureau.fail('exchange.preview', { file: { fileName: 'x.cbx', dataBase64: Buffer.from('hello').toString('base64') } });
    expect(notGzip).toMatchObject({ code: 'EXCHANGE_FILE_INVALID' });
    expect(notGzip.message).toContain('不是 CareBeds 交换包');
    // A version-1 file (bare gzip JSON: unsigned, in clear) is read only when the user allows it.
    const wrong = gzipSync(Buffer.from(JSON.stringify({ format: 'carebeds-exchange', version: 1, createdAt: 'x', facilities: [], tables: { beds: 'no' } })));
    expect((await bureau.fail('exchange.apply', { file: { fileName: 'y.cbx', dataBase64: wrong.toString('base64') } })).code).toBe('EXCHANGE_UNSIGNED');
    expect((await bureau.fail('exchange.apply', { file: { fileName: 'y.cbx', dataBase64: wrong.toString('base64') }, allowUnsigned: true })).code).toBe('EXCHANGE_FILE_INVALID');
    const newer = gzipSync(Buffer.from(JSON.stringify({ format: 'carebeds-exchange', version: 9, createdAt: 'x', facilities: [], tables: {} })));
    expect((await bureau.fail('exchange.apply', { file: { fileName: 'z.cbx', dataBase64: newer.toString('base64') }, allowUnsigned: true })).message).toContain('请先升级');
    // Version-2 content without the signed envelope does not pass for a version-1 file.
    const stripped = gzipSync(Buffer.from(JSON.stringify({ format: 'carebeds-exchange', version: 2, createdAt: 'x', facilities: [], tables: {} })));
    expect((await bureau.fail('exchange.apply', { file: { fileName: 's.cbx', dataBase64: stripped.toString('base64') }, allowUnsigned: true })).message).toContain('格式版本 2 与文件结构不符');
    const unknownColumn = gzipSync(Buffer.from(JSON.stringify({ format: 'carebeds-exchange', version: 1, createdAt: 'x', facilities: [], tables: { areas: [{ code: '110107', name: '石景山区', wing: 'x' }] } })));
    const r = await bureau.call('exchange.preview', { file: { fileName: 'w.cbx', dataBase64: unknownColumn.toString('base64') }, allowUnsigned: true });
    expect(r.problems[0]!.message).toContain('wing');
    expect(r.sender).toEqual({ fingerprint: '', keyStatus: 'unsigned', encryption: 'none' });
    expect((await bureau.fail('exchange.export', { facilityIds: [] })).code).toBe('VALIDATION');
  });
});
