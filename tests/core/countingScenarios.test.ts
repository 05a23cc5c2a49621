import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import { UNKNOWN_DAY } from '../../shared/domain/calendar';
import { makeCore, type TestCore } from './helpers';
import { runCli } from '../../electron/core/cli/main';
import { constraintError } from '../../electron/core/app/faults';
import { createKysely, openSqlite } from '../../electron/core/db/connection';
import { migrateToLatest } from '../../electron/core/db/migrate';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { canonicalCounts } from './helpers';
import { loadAreaCounts, naiveSource } from '../../electron/core/counting';
import { buildReport } from '../../electron/core/features/indicators/service';

// The failures of the counting issue, each as a user met it, checked through the CLI's export (what a
// bureau reports upward) and against a full recount.

const cores: TestCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});
const open = async (today: string, dbPath?: string) => {
  const c = await makeCore({ today, dbPath });
  cores.push(c);
  return c;
};
const idFor = (birth: string) => {
  const first17 = `110107${birth}123`;
  return first17 + computeCheckDigit(first17);
};

/** The same file opened again on a later day (a package stamped later than the receiver's clock is refused). */
async function reopenAt(c: TestCore, today: string): Promise<TestCore> {
  await c.close();
  cores.splice(cores.indexOf(c), 1);
  return open(today, c.dbPath);
}

const PASSPHRASE = '驿站交换口令2026';

/** A package to the receiver's key when the sender knows it, else under the passphrase both sides were told. */
async function send(from: TestCore, to: TestCore, facilityId: string) {
  const plain = await from.dispatch('exchange.export', { facilityIds: [facilityId] });
  const file = plain.ok ? (plain.data as { fileName: string; dataBase64: string }) : await from.call('exchange.export', { facilityIds: [facilityId], passphrase: PASSPHRASE });
  return to.call('exchange.apply', { file: { fileName: file.fileName, dataBase64: file.dataBase64 }, passphrase: PASSPHRASE });
}

/** The CLI's CSV export of one date, as {area code → {indicator name → cell}}. */
async function cliIndicators(dbPath: string, asOf: string): Promise<Map<string, Record<string, string>>> {
  const out = path.join(path.dirname(dbPath), `指标-${asOf}.csv`);
  const lines: string[] = [];
  expect(await runCli(['export', 'indicators', '--as-of', asOf, '--format', 'csv', '--out', out, '--db', dbPath], (l) => lines.push(l), (l) => lines.push(l)), lines.join('\n')).toBe(0);
  const [header, ...rows] = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
  return new Map(rows.map((r) => [r[0]!, Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))]));
}

async function expectRecount(c: TestCore, asOf: string) {
  expect(canonicalCounts((await loadAreaCounts(c.ctx.db, asOf, 'district', c.ctx.counting.fast)).counts), asOf).toEqual(
    canonicalCounts((await loadAreaCounts(c.ctx.db, asOf, 'district', naiveSource)).counts),
  );
}

/** A station the bureau registered, with four beds and one elder admitted on 2026-02-01 and discharged on 2026-03-01. */
async function stationAndBureau() {
  let bureau = await open('2026-11-20');
  const station = await open('2026-11-21');
  const f = await bureau.call('facilities.create', {
    name: '八角街道社区养老服务驿站', kind: 'community_station', ownership: 'public_private', areaCode: '110107', openedOn: '2019-01-01', approvedBeds: 4,
  });
  await send(bureau, station, f.id);
  await station.call('beds.bulkCreate', { facilityId: f.id, buildingName: '驿站', floor: 1, roomFrom: 101, roomTo: 102, bedsPerRoom: 2, category: 'short_term', nursing: true, openedOn: '2020-01-01' });
  const bed = (await station.call('beds.board', { facilityId: f.id, asOf: null })).buildings[0]!.floors[0]!.rooms[0]!.beds[0]!.id;
  const elder = await station.call('elders.create', { name: '王大爷', idNumber: idFor('19400101') });
  const admission = await station.call('stays.admit', { elderId: elder.id, bedId: bed, admittedOn: '2026-02-01', feeClass: 'standard' });
  await station.call('stays.discharge', { admissionId: admission.id, on: '2026-03-01', reason: 'voluntary' });
  bureau = await reopenAt(bureau, '2026-11-22');
  await send(station, bureau, f.id);
  return { bureau, station, facility: f.id, admission: admission.id };
}

describe('past-date figures when a record moves in place', () => {
  it('a discharge corrected at the station and sent in a second package: the bureau counts 2026-04-15 again', async () => {
    const { bureau, station, facility, admission } = await stationAndBureau();
    // Occupancy on 2026-04-15 at the bureau, before the correction: nobody (discharged 2026-03-01).
    expect((await cliIndicators(bureau.dbPath, '2026-04-15')).get('110107')!['入住率']).toBe('0');
    // The station finds the discharge was on 2026-06-01: reopened and discharged again, then sent.
    await station.call('stays.reopen', { admissionId: admission, reason: '退住日期登记有误' });
    await station.call('stays.discharge', { admissionId: admission, on: '2026-06-01', reason: 'voluntary' });
    const second = await send(station, bureau, facility);
    expect(second.tables.find((t) => t.table === 'stays')!.updated).toBe(1);
    // The package moved the stay's end in place at the bureau: 1 of 4 beds was occupied on 2026-04-15.
    expect((await cliIndicators(bureau.dbPath, '2026-04-15')).get('110107')!['入住率']).toBe('25');
    expect((await cliIndicators(bureau.dbPath, '2026-07-01')).get('110107')!['入住率']).toBe('0');
    await expectRecount(bureau, '2026-04-15');
  });

  it('a stay’s end moved by a plain SQL repair in the station’s own file', async () => {
    const { station, admission } = await stationAndBureau();
    expect((await cliIndicators(station.dbPath, '2026-04-15')).get('110107')!['入住率']).toBe('0');
    const repair = new Database(station.dbPath);
    repair.prepare(`UPDATE stays SET end_on = '2026-06-01' WHERE admission_id = ?`).run(admission);
    repair.prepare(`UPDATE admissions SET end_on = '2026-06-01' WHERE id = ?`).run(admission);
    repair.close();
    expect((await cliIndicators(station.dbPath, '2026-04-15')).get('110107')!['入住率']).toBe('25');
    await expectRecount(station, '2026-04-15');
  });
});

describe('a bed moved to a facility of another district', () => {
  it('its stays, corrected afterwards, make the bed\'s new district stale on the dates they cover', async () => {
    const c = await open('2026-11-23');
    const home = async (name: string, areaCode: string) => {
      const f = await c.call('facilities.create', { name, kind: 'institution', ownership: 'public', areaCode, openedOn: '2015-01-01', approvedBeds: 10 });
      await c.call('beds.bulkCreate', { facilityId: f.id, buildingName: 'A', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2016-01-01' });
      return { id: f.id, beds: (await c.call('beds.board', { facilityId: f.id, asOf: null })).buildings[0]!.floors[0]!.rooms[0]!.beds.map((b) => b.id) };
    };
    const east = await home('东城甲院', '110101');
    const west = await home('朝阳乙院', '110105');
    const elder = await c.call('elders.create', { name: '王大爷', idNumber: idFor('19400101') });
    const a = await c.call('stays.admit', { elderId: elder.id, bedId: east.beds[0]!, admittedOn: '2019-01-01', feeClass: 'standard' });
    await c.call('stays.discharge', { admissionId: a.id, on: '2019-03-01', reason: 'voluntary' });
    // A recent event, so that 2019 is a past date.
    await c.call('stays.admit', { elderId: (await c.call('elders.create', { name: '李奶奶', idNumber: idFor('19410101') })).id, bedId: west.beds[1]!, admittedOn: '2026-09-01', feeClass: 'standard' });
    const report = async () => (await buildReport(c.ctx.counting, c.ctx.db, new Date('2026-11-23T04:00:00Z'), { asOf: '2019-06-30', level: 'district' })).rows;
    const occupied = (rows: Awaited<ReturnType<typeof report>>, code: string) => rows.find((r) => r.areaCode === code)!.values.find((v) => v.id === 'occupied_beds')!.value;
    expect(occupied(await report(), '110105')).toBe(0);
    // Another program moves the bed to 朝阳乙院, then lengthens the old stay past 2019-06-30: the stay still
    // names 东城甲院 as its facility, but the bed it occupied now counts in 朝阳区.
    const other = new Database(c.dbPath);
    other.prepare('UPDATE beds SET facility_id = ? WHERE id = ?').run(west.id, east.beds[0]);
    expect(occupied(await report(), '110105')).toBe(0);
    other.prepare(`UPDATE stays SET end_on = '2019-09-01' WHERE admission_id = ?`).run(a.id);
    other.close();
    // Kept in memory between the two calls, the report must see the write in 朝阳区.
    expect(occupied(await report(), '110105')).toBe(1);
    await expectRecount(c, '2019-06-30');
  });
});

describe('a facility’s status has one source: its dated history', () => {
  it('the bureau suspends a station, the station edits its address later: after the package the bureau still shows it suspended', async () => {
    // The station edits its address a day after the bureau's suspension: its copy of the registry entry is the newer.
    const first = await stationAndBureau();
    let { bureau, station } = first;
    const { facility } = first;
    await bureau.call('facilities.setStatus', { id: facility, status: 'suspended', effectiveOn: '2026-07-01', reason: '整改' });
    station = await reopenAt(station, '2026-11-23');
    const entry = await station.call('facilities.get', { id: facility });
    await station.call('facilities.update', {
      id: facility, name: entry.name, kind: entry.kind, ownership: entry.ownership, areaCode: entry.areaCode, approvedBeds: entry.approvedBeds,
      medicalService: entry.medicalService, openedOn: entry.openedOn, address: '八角北路 9 号',
    });
    bureau = await reopenAt(bureau, '2026-11-24');
    await send(station, bureau, facility);
    const after = await bureau.call('facilities.get', { id: facility });
    expect(after.address).toBe('八角北路 9 号');
    expect(after.status).toBe('suspended');
    expect(after.statusHistory[0]).toMatchObject({ status: 'suspended', effectiveOn: '2026-07-01' });
    await expectRecount(bureau, '2026-11-24');
    await expectRecount(bureau, '2026-08-01');
    await expectRecount(bureau, '2026-05-01');
    // The status column cannot be set apart from the history by any writer.
    const other = new Database(bureau.dbPath);
    let refused: unknown;
    try {
      other.prepare(`UPDATE facilities SET status = 'operating' WHERE id = ?`).run(facility);
    } catch (err) {
      refused = err;
    }
    other.close();
    expect(String(refused)).toMatch(/FACILITY_STATUS_DERIVED/);
    // Met by a user (an exchange merge, a repair through the app), the trigger's own Chinese reason is shown.
    expect(constraintError(refused)!.message).toBe('机构的运营状态由状态记录决定，请登记状态变更，未保存');
  });

  it('a facility imported without 开业日期 is counted on every past date and flagged; a back-dated status is not shadowed', async () => {
    const c = await open('2026-11-23');
    const csv = path.join(c.dir, '机构.csv');
    fs.writeFileSync(csv, '机构名称,机构类型,区划代码,举办性质,运营状态,核定床位数,医疗服务\n东城区第一养老院,养老机构,110101,公办,运营,120,无\n');
    const lines: string[] = [];
    expect(await runCli(['import', 'facilities', csv, '--db', c.dbPath], (l) => lines.push(l), (l) => lines.push(l)), lines.join('\n')).toBe(0);
    const id = (c.ctx.sqlite.prepare(`SELECT id FROM facilities WHERE name = '东城区第一养老院'`).get() as { id: string }).id;
    expect((await c.call('facilities.get', { id })).statusHistory).toMatchObject([{ status: 'operating', effectiveOn: UNKNOWN_DAY }]);
    // Empty means unknown, never 0: on a past date the home is counted with its 核定床位数.
    for (const asOf of ['2018-06-30', '2026-11-23']) {
      expect((await cliIndicators(c.dbPath, asOf)).get('110101')!['核定床位数'], asOf).toBe('120');
    }
    expect((await loadAreaCounts(c.ctx.db, '2018-06-30', 'district', naiveSource)).counts.get('110101')!.facilities).toEqual([
      expect.objectContaining({ kind: 'institution', status: 'operating', facilities: 1, approvedBeds: 120 }),
    ]);
    const audit = await c.call('quality.audit', { asOf: '2026-11-23' });
    expect(audit.counts.status_date_unknown).toBe(1);
    expect(audit.issues.find((i) => i.kind === 'status_date_unknown')!.message).toContain('东城区第一养老院：开业日期未登记');
    // A suspension recorded afterwards, back-dated to 2025, is the status from then on: nothing dated the import day shadows it.
    await c.call('facilities.setStatus', { id, status: 'suspended', effectiveOn: '2025-03-01', reason: '整改' });
    expect((await c.call('facilities.get', { id })).status).toBe('suspended');
    await expectRecount(c, '2026-11-23');
    await expectRecount(c, '2024-01-01');
  });
});

describe('a file from before the counting invariant', () => {
  it('upgrades with a pre-migration backup, and its drifted counters and stored dates are put right', async () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'carebeds-upgrade-'));
    const dbPath = path.join(dir, 'carebeds.sqlite');
    const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0018'));
    const sqlite = openSqlite(dbPath);
    const db = createKysely(sqlite);
    await migrateToLatest(db, sqlite, dbPath, before);
    const t = `'2026-01-01T00:00:00Z'`;
    sqlite.exec(`
      INSERT INTO facilities (id, name, kind, ownership, status, area_code, medical_service, created_at, updated_at)
        VALUES ('f1', '甲', 'institution', 'public', 'operating', '110105', 'none', ${t}, ${t});
      INSERT INTO facility_status_history (id, facility_id, status, effective_on, recorded_at, recorded_by) VALUES ('h1', 'f1', 'operating', '2015-01-01', ${t}, 'x');
      INSERT INTO buildings (id, facility_id, name, created_at) VALUES ('b1', 'f1', 'A', ${t});
      INSERT INTO rooms (id, building_id, floor, number, created_at, updated_at) VALUES ('r1', 'b1', 1, '101', ${t}, ${t});
      INSERT INTO beds (id, room_id, facility_id, number, opened_on, created_at) VALUES ('bed1', 'r1', 'f1', '1', '2016-01-01', ${t});
      INSERT INTO bed_attributes (id, bed_id, effective_on, category, nursing, zone, reserve, recorded_at, recorded_by) VALUES ('a1', 'bed1', '2016-01-01', 'long_term', 1, 'general', 0, ${t}, 'x');
      INSERT INTO elders (id, name, id_number, birth_date, sex, created_at, updated_at) VALUES ('e1', '王', '${idFor('19400101')}', '1940-01-01', 'M', ${t}, ${t});
      INSERT INTO admissions (id, elder_id, facility_id, start_on, end_on, discharge_reason, fee_class, created_at, recorded_by) VALUES ('ad1', 'e1', 'f1', '2026-02-01', '2026-03-01', 'other', 'standard', ${t}, 'x');
      INSERT INTO stays (id, admission_id, elder_id, facility_id, bed_id, start_on, end_on, end_reason, created_at, recorded_by) VALUES ('s1', 'ad1', 'e1', 'f1', 'bed1', '2026-02-01', '2026-03-01', 'discharge', ${t}, 'x');
      -- What the old triggers missed: an end moved in place, an attribute corrected in place, the status column set alone.
      UPDATE stays SET end_on = '2026-06-01' WHERE id = 's1';
      UPDATE bed_attributes SET nursing = 0 WHERE id = 'a1';
      UPDATE facilities SET status = 'suspended' WHERE id = 'f1';`);
    expect(sqlite.prepare(`SELECT max_event_on FROM counters_meta`).pluck().get()).toBe('2026-03-01');
    await db.destroy();
    const c = await open('2026-11-23', dbPath);
    expect(fs.readdirSync(path.join(dir, 'backups')).some((f) => f.startsWith('pre-migration-0018_counting_invariant-'))).toBe(true);
    expect(c.ctx.sqlite.prepare(`SELECT max_event_on FROM counters_meta`).pluck().get()).toBe('2026-06-01');
    expect(c.ctx.sqlite.prepare(`SELECT status FROM facilities WHERE id = 'f1'`).pluck().get()).toBe('operating');
    expect(c.ctx.sqlite.prepare(`SELECT beds, nursing FROM facility_bed_counters WHERE facility_id = 'f1'`).get()).toEqual({ beds: 1, nursing: 0 });
    for (const asOf of ['2026-04-15', '2026-11-23']) await expectRecount(c, asOf);
    expect((await cliIndicators(dbPath, '2026-04-15')).get('110105')!['入住率']).toBe('100');
  });
});
