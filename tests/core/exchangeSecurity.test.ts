import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import { editPackage, makeCore, type TestCore } from './helpers';
import { ownKeys } from '../../electron/core/features/exchange/keys';
import { groupedFingerprint } from '../../electron/core/features/exchange/crypto';
import type { Row } from '../../electron/core/features/exchange/tables';
import { storedColumns } from '../../electron/core/features/exchange/package';
import { runCli } from '../../electron/core/cli/main';
import fs from 'node:fs';
import path from 'node:path';

// A bureau, its station and an unrelated nursing home the bureau keeps itself; other installations
// (a replacement PC at the station, a second bureau) where a test needs one.
const cores: TestCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});
const core = async () => {
  const c = await makeCore({ today: '2026-11-23' });
  cores.push(c);
  return c;
};

const PASSPHRASE = '八角驿站交换口令';
const idFor = (birth: string, seq: string) => `110107${birth}${seq}` + computeCheckDigit(`110107${birth}${seq}`);
const count = (c: TestCore, sql: string, ...params: unknown[]) => c.ctx.sqlite.prepare(sql).pluck().get(...params) as number;
/** A record as a package carries it (stored columns only). */
const row = (c: TestCore, table: string, id: string) =>
  c.ctx.sqlite.prepare(`SELECT ${storedColumns(c.ctx.sqlite, table).map((x) => `"${x}"`).join(', ')} FROM ${table} WHERE id = ?`).get(id) as Row;
const fp = (c: TestCore) => ownKeys(c.ctx.sqlite, '2026-11-23T04:00:00.000Z').fingerprint;
const lastExchangeAudit = (c: TestCore) =>
  c.ctx.sqlite.prepare(`SELECT summary, before_json, after_json FROM audit_log WHERE entity = 'exchange' ORDER BY seq DESC LIMIT 1`).get() as {
    summary: string;
    before_json: string;
    after_json: string;
  };

async function world() {
  const bureau = await core();
  const station = await core();
  const f = await bureau.call('facilities.create', {
    name: '八角街道社区养老服务驿站', kind: 'community_station', ownership: 'public_private', areaCode: '110107', openedOn: '2019-01-01', approvedBeds: 8,
  });
  const home = await bureau.call('facilities.create', {
    name: '石景山区社会福利院', kind: 'institution', ownership: 'public', areaCode: '110107', openedOn: '2010-01-01', approvedBeds: 274,
  });
  await bureau.call('beds.bulkCreate', { facilityId: home.id, buildingName: '1号楼', floor: 1, roomFrom: 101, roomTo: 102, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2010-01-01' });
  const homeBeds = (await bureau.call('beds.board', { facilityId: home.id, asOf: null })).buildings[0]!.floors[0]!.rooms.flatMap((r) => r.beds.map((b) => b.id));
  const chen = await bureau.call('elders.create', { name: '陈奶奶', idNumber: idFor('19380101', '222') });
  await bureau.call('stays.admit', { elderId: chen.id, bedId: homeBeds[0]!, admittedOn: '2025-01-01', feeClass: 'standard' });
  const zhang = await bureau.call('elders.create', { name: '张大爷', idNumber: idFor('19390101', '333'), phone: '13800000001', address: '鲁谷路 1 号' });

  // The bureau knows no key of the station yet: its first package goes under a passphrase.
  const first = await bureau.call('exchange.export', { facilityIds: [f.id], passphrase: PASSPHRASE });
  expect(first.encryptedTo).toBeNull();
  await station.call('exchange.apply', { file: first, passphrase: PASSPHRASE });
  await station.call('beds.bulkCreate', { facilityId: f.id, buildingName: '驿站', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 2, category: 'short_term', nursing: true, openedOn: '2020-01-01' });
  const beds = (await station.call('beds.board', { facilityId: f.id, asOf: null })).buildings[0]!.floors[0]!.rooms.flatMap((r) => r.beds.map((b) => b.id));
  const wang = await station.call('elders.create', { name: '王大爷', idNumber: idFor('19400101', '123'), phone: '13800138000' });
  const admission = await station.call('stays.admit', { elderId: wang.id, bedId: beds[0]!, admittedOn: '2026-02-01', feeClass: 'standard' });
  // The station now knows the bureau's key (pinned to its facility) and encrypts to it.
  const back = await station.call('exchange.export', { facilityIds: [f.id] });
  expect(back.encryptedTo).toBe(groupedFingerprint(fp(bureau)));
  const r = await bureau.call('exchange.apply', { file: back });
  expect(r.sender).toMatchObject({ keyStatus: 'new', encryption: 'receiver', fingerprint: groupedFingerprint(fp(station)) });
  return { bureau, station, facility: f.id, home: home.id, homeBeds, zhang: zhang.id, wang: wang.id, admission: admission.id };
}

/** What the crafted package must not move at the bureau. */
const snapshot = (w: Awaited<ReturnType<typeof world>>) => ({
  home: row(w.bureau, 'facilities', w.home),
  homeBeds: count(w.bureau, 'SELECT count(*) FROM beds WHERE facility_id = ?', w.home),
  homeStatuses: count(w.bureau, 'SELECT count(*) FROM facility_status_history WHERE facility_id = ?', w.home),
  zhang: row(w.bureau, 'elders', w.zhang),
  wang: row(w.bureau, 'elders', w.wang),
  audit: count(w.bureau, 'SELECT count(*) FROM audit_log'),
  pins: w.bureau.ctx.sqlite.prepare('SELECT * FROM exchange_key_pins ORDER BY facility_id').all(),
});

describe('exchange packages are signed, encrypted and may touch only what their sender owns', () => {
  it('refuse a station\'s package edited to close an unrelated home, cut its beds, add beds to it and rewrite an unrelated elder, stamped 9999-12-31; nothing is written', async () => {
    const w = await world();
    const before = snapshot(w);
    const file = await w.station.call('exchange.export', { facilityIds: [w.facility] });
    const forged = (stamp: string, withHome: boolean) =>
      editPackage(file, w.station, w.bureau, (pkg) => {
        if (withHome) pkg.tables.facilities!.push({ ...before.home, status: 'closed', approved_beds: 1, updated_at: stamp });
        pkg.tables.facility_status_history!.push({ id: randomUUID(), facility_id: w.home, status: 'closed', effective_on: '2026-11-01', reason: '注销', recorded_at: stamp, recorded_by: '驿站' });
        const bed = row(w.bureau, 'beds', w.homeBeds[0]!);
        for (let i = 1; i <= 50; i++) pkg.tables.beds!.push({ ...bed, id: randomUUID(), number: `X${i}`, ...('created_at' in bed ? { created_at: stamp } : {}) });
        pkg.tables.elders!.push({ ...before.zhang, name: '张某', phone: '13000000000', address: '伪造地址', updated_at: stamp });
      });

    for (const [stamp, withHome] of [['9999-12-31T00:00:00.000Z', true], ['2026-11-22T00:00:00.000Z', true], ['2026-11-22T00:00:00.000Z', false]] as const) {
      const crafted = await forged(stamp, withHome);
      const err = await w.bureau.fail('exchange.apply', { file: crafted });
      expect(err.code).toBe('EXCHANGE_NOT_OWNED');
      expect(err.message).toContain('石景山区社会福利院');
      const preview = await w.bureau.call('exchange.preview', { file: crafted });
      const refused = (table: string) => preview.problems.filter((p) => p.table === table);
      expect(refused('elders').map((p) => p.label)).toEqual([expect.stringMatching(/^张某（/)]);
      if (withHome) {
        // The home's status entry and beds name the refused home: not reported again.
        expect(refused('facilities').map((p) => p.label)).toEqual(['石景山区社会福利院']);
        expect(preview.problems).toHaveLength(2);
      } else {
        expect(refused('facility_status_history').map((p) => [p.label, p.message])).toEqual([['石景山区社会福利院 2026-11-01 起', expect.stringContaining('属于本机的机构“石景山区社会福利院”')]]);
        expect(refused('beds')).toHaveLength(50);
      }
      if (stamp.startsWith('9999')) {
        expect(refused('facilities')[0]!.message).toContain('晚于本机当前时间');
      } else {
        // Not stamped in the future, still not the station's to write.
        if (withHome) expect(refused('facilities')[0]!.message).toContain('交换包未声明该机构');
        else expect(refused('beds')[0]!.message).toContain('属于本机的机构“石景山区社会福利院”');
        expect(refused('elders')[0]!.message).toContain('不能新增或更改他的信息');
      }
      expect(snapshot(w)).toEqual(before);
    }
  });

  it('refuse a future timestamp on the sender\'s own record, and a record of another home moved into the package\'s', async () => {
    const w = await world();
    const before = snapshot(w);
    const file = await w.station.call('exchange.export', { facilityIds: [w.facility] });
    const future = await editPackage(file, w.station, w.bureau, (pkg) => {
      const e = pkg.tables.elders!.find((x) => x.id === w.wang)!;
      Object.assign(e, { phone: '13900000000', updated_at: '9999-12-31T00:00:00.000Z' });
    });
    const err = await w.bureau.fail('exchange.apply', { file: future });
    expect(err.code).toBe('EXCHANGE_NOT_OWNED');
    expect(err.message).toContain('王大爷');
    expect(err.message).toContain('updated_at = 9999-12-31');
    // The home's bed, claimed for the station (same key, facility_id rewritten): this file's copy is the home's.
    const moved = await editPackage(file, w.station, w.bureau, (pkg) => {
      pkg.tables.beds!.push({ ...row(w.bureau, 'beds', w.homeBeds[1]!), facility_id: w.facility });
    });
    const r = await w.bureau.call('exchange.preview', { file: moved });
    expect(r.problems.map((p) => [p.table, p.message])).toEqual([['beds', expect.stringContaining('属于本机的机构“石景山区社会福利院”')]]);
    expect(snapshot(w)).toEqual(before);
  });

  it('refuse a training record added to another home\'s staff member', async () => {
    const w = await world();
    const member = await w.bureau.call('staff.create', { facilityId: w.home, name: '刘护理员', idNumber: idFor('19850101', '444'), post: 'caregiver', employedFrom: '2020-01-01' });
    const trainings = () => count(w.bureau, 'SELECT count(*) FROM staff_trainings WHERE staff_id = ?', member.id);
    const file = await w.station.call('exchange.export', { facilityIds: [w.facility] });
    const crafted = await editPackage(file, w.station, w.bureau, (pkg) => {
      (pkg.tables.staff_trainings ??= []).push({ id: randomUUID(), staff_id: member.id, topic: 'nursing', trained_on: '2026-01-01', hours: 8, created_at: '2026-11-22T00:00:00.000Z', recorded_by: '驿站' });
    });
    const err = await w.bureau.fail('exchange.apply', { file: crafted });
    expect(err.code).toBe('EXCHANGE_NOT_OWNED');
    expect(err.message).toContain('石景山区社会福利院');
    expect(trainings()).toBe(0);
  });

  it('add a parent facility carried for the link when it is missing, and never change it', async () => {
    const bureau = await core();
    const station = await core();
    const parent = await bureau.call('facilities.create', { name: '八角街道养老照料中心', kind: 'care_center', ownership: 'public', areaCode: '110107', openedOn: '2015-01-01', approvedBeds: 30 });
    const f = await bureau.call('facilities.create', {
      name: '八角街道社区养老服务驿站', kind: 'community_station', ownership: 'public_private', areaCode: '110107', openedOn: '2019-01-01', approvedBeds: 8, parentId: parent.id,
    });
    const first = await station.call('exchange.apply', { file: await bureau.call('exchange.export', { facilityIds: [f.id], passphrase: PASSPHRASE }), passphrase: PASSPHRASE });
    expect(first.tables.find((t) => t.table === 'facilities')).toMatchObject({ inPackage: 2, added: 2 });
    expect(row(station, 'facilities', parent.id).name).toBe('八角街道养老照料中心');

    const back = await station.call('exchange.export', { facilityIds: [f.id] });
    expect((await bureau.call('exchange.preview', { file: back })).problems).toEqual([]);
    // Changed later than the bureau's copy, so by the registry's newer-wins rule alone it would be written.
    bureau.ctx.sqlite.prepare(`UPDATE facilities SET updated_at = '2026-11-01T00:00:00.000Z' WHERE id = ?`).run(parent.id);
    const edited = await editPackage(back, station, bureau, (pkg) => {
      Object.assign(pkg.tables.facilities!.find((x) => x.id === parent.id)!, { approved_beds: 3, address: '别处', updated_at: '2026-11-22T00:00:00.000Z' });
    });
    const r = await bureau.call('exchange.preview', { file: edited });
    expect(r.problems.map((p) => [p.table, p.label, p.message])).toEqual([
      ['facilities', '八角街道养老照料中心', '该机构只是随交换包带来的上级机构，交换包只可在本机没有时新增它，不能更改它'],
    ]);
    expect((await bureau.fail('exchange.apply', { file: edited })).code).toBe('EXCHANGE_NOT_OWNED');
    expect(row(bureau, 'facilities', parent.id).approved_beds).toBe(30);
  });

  it('refuse a package with any byte changed after signing', async () => {
    const w = await world();
    const before = snapshot(w);
    const file = await w.station.call('exchange.export', { facilityIds: [w.facility] });
    const bytes = Buffer.from(file.dataBase64, 'base64');
    // A payload byte, the signature's last byte, and the key the bureau's answer would be encrypted to.
    const replyTo = bytes.indexOf('"replyTo":"') + '"replyTo":"'.length;
    for (const at of [bytes.length - 200, bytes.length - 1, replyTo]) {
      const tampered = Buffer.from(bytes);
      tampered[at] = tampered[at] === 0x41 ? 0x42 : 0x41;
      const err = await w.bureau.fail('exchange.preview', { file: { fileName: 'x.cbx', dataBase64: tampered.toString('base64') } });
      expect([at, err.code]).toEqual([at, 'EXCHANGE_SIGNATURE_INVALID']);
    }
    expect((await w.bureau.call('exchange.preview', { file })).problems).toEqual([]);
    expect(snapshot(w)).toEqual(before);
  });

  it('refuse another key for facilities pinned to the station\'s, until the user accepts it (audited)', async () => {
    const w = await world();
    const replacement = await core();
    // The bureau knows the station's key now, and encrypts to it; a new PC gets the package by passphrase.
    expect((await w.bureau.call('exchange.export', { facilityIds: [w.facility] })).encryptedTo).toBe(groupedFingerprint(fp(w.station)));
    await replacement.call('exchange.apply', { file: await w.bureau.call('exchange.export', { facilityIds: [w.facility], passphrase: PASSPHRASE }), passphrase: PASSPHRASE });
    const file = await replacement.call('exchange.export', { facilityIds: [w.facility] });
    const before = snapshot(w);

    const preview = await w.bureau.call('exchange.preview', { file });
    expect(preview.sender).toEqual({
      fingerprint: groupedFingerprint(fp(replacement)),
      keyStatus: 'changed',
      pinnedFingerprint: groupedFingerprint(fp(w.station)),
      encryption: 'receiver',
    });
    const err = await w.bureau.fail('exchange.apply', { file });
    expect(err.code).toBe('EXCHANGE_KEY_CHANGED');
    expect(err.message).toContain(groupedFingerprint(fp(replacement)));
    expect(err.message).toContain(groupedFingerprint(fp(w.station)));
    expect(snapshot(w)).toEqual(before);

    // The command line refuses it too, and takes it with --accept-new-key.
    const saved = path.join(w.bureau.dir, 'new-key.cbx');
    fs.writeFileSync(saved, Buffer.from(file.dataBase64, 'base64'));
    const printed: string[] = [];
    const cli = (...args: string[]) => runCli([...args, '--db', w.bureau.dbPath], (l) => printed.push(l), (l) => printed.push(l));
    expect(await cli('exchange', 'import', saved)).toBe(1);
    expect(printed.join('\n')).toContain('无法导入：交换包的签名密钥');
    expect(await cli('exchange', 'import', saved, '--accept-new-key')).toBe(0);
    expect(printed).toContain(`  发送方：密钥指纹 ${groupedFingerprint(fp(replacement))}（与本机记住的 ${groupedFingerprint(fp(w.station))} 不同）`);

    const entry = lastExchangeAudit(w.bureau);
    expect(entry.summary).toContain('已确认接受新的密钥');
    expect(JSON.parse(entry.after_json)).toMatchObject({ senderFingerprint: fp(replacement), acceptedNewKey: true, replacedFingerprint: fp(w.station) });
    expect(w.bureau.ctx.sqlite.prepare('SELECT fingerprint FROM exchange_key_pins WHERE facility_id = ?').pluck().get(w.facility)).toBe(fp(replacement));
    // From now on the old PC's packages are the changed ones.
    const old = await w.station.call('exchange.export', { facilityIds: [w.facility] });
    expect((await w.bureau.fail('exchange.apply', { file: old })).code).toBe('EXCHANGE_KEY_CHANGED');
  });

  it('cannot be read by another bureau than the one it is encrypted to, and carry nothing in clear', async () => {
    const w = await world();
    const other = await core();
    const file = await w.station.call('exchange.export', { facilityIds: [w.facility] });
    for (const input of [{ file }, { file, passphrase: PASSPHRASE }]) {
      const err = await other.fail('exchange.preview', input);
      expect(err.code).toBe('EXCHANGE_NOT_RECIPIENT');
      expect(err.message).toContain(groupedFingerprint(fp(w.bureau)));
    }
    const bytes = Buffer.from(file.dataBase64, 'base64');
    for (const clear of ['八角街道', '王大爷', idFor('19400101', '123'), '13800138000']) expect(bytes.includes(Buffer.from(clear)), clear).toBe(false);
    expect(count(other, 'SELECT count(*) FROM elders')).toBe(0);
  });

  it('go under a passphrase when the receiver\'s key is unknown, and refuse a missing or wrong one', async () => {
    const bureau = await core();
    const station = await core();
    const f = await bureau.call('facilities.create', { name: '鲁谷社区养老服务驿站', kind: 'community_station', ownership: 'public', areaCode: '110107', openedOn: '2019-01-01', approvedBeds: 6 });
    const unknown = await bureau.fail('exchange.export', { facilityIds: [f.id] });
    expect(unknown.code).toBe('EXCHANGE_PASSPHRASE_REQUIRED');
    expect(unknown.message).toContain('口令');
    expect((await bureau.fail('exchange.export', { facilityIds: [f.id], passphrase: '1234' })).code).toBe('VALIDATION');
    const file = await bureau.call('exchange.export', { facilityIds: [f.id], passphrase: PASSPHRASE });
    expect(Buffer.from(file.dataBase64, 'base64').includes(Buffer.from('鲁谷社区'))).toBe(false);
    expect((await station.fail('exchange.preview', { file })).code).toBe('EXCHANGE_PASSPHRASE_REQUIRED');
    expect((await station.fail('exchange.apply', { file, passphrase: '八角驿站交换口令?' })).code).toBe('EXCHANGE_PASSPHRASE_WRONG');
    expect(count(station, 'SELECT count(*) FROM facilities')).toBe(0);
    const r = await station.call('exchange.apply', { file, passphrase: PASSPHRASE });
    expect(r.sender).toEqual({ fingerprint: groupedFingerprint(fp(bureau)), keyStatus: 'new', encryption: 'passphrase' });
    expect(count(station, 'SELECT count(*) FROM facilities WHERE id = ?', f.id)).toBe(1);
    // Pinned on import: the station's answer goes to the bureau's key.
    expect((await station.call('exchange.export', { facilityIds: [f.id] })).encryptedTo).toBe(groupedFingerprint(fp(bureau)));

    // The same through the command line.
    const printed: string[] = [];
    const cli = (db: string, ...args: string[]) => runCli([...args, '--db', db], (l) => printed.push(l), (l) => printed.push(l));
    const saved = path.join(bureau.dir, '鲁谷.cbx');
    const third = await core();
    expect(await cli(bureau.dbPath, 'exchange', 'export', '鲁谷社区养老服务驿站', '--out', saved)).toBe(1);
    expect(printed.join('\n')).toContain('交换包只能用口令加密');
    expect(await cli(bureau.dbPath, 'exchange', 'export', '鲁谷社区养老服务驿站', '--out', saved, '--passphrase', PASSPHRASE)).toBe(0);
    expect(printed.at(-1)).toContain('用口令加密');
    expect(await cli(third.dbPath, 'exchange', 'import', saved)).toBe(1);
    expect(printed.at(-1)).toBe('无法导入：需要输入口令');
    expect(await cli(third.dbPath, 'exchange', 'import', saved, '--passphrase', PASSPHRASE, '--dry-run')).toBe(0);
    expect(printed).toContain(`  发送方：密钥指纹 ${groupedFingerprint(fp(bureau))}（首次见到，导入后记住为这些机构的发送方）`);
  });

  it('list in the audit entry every record added or changed, with before and after', async () => {
    const w = await world();
    const added = JSON.parse(lastExchangeAudit(w.bureau).after_json) as { records: { table: string; action: string; after: Row }[]; unlisted: number };
    expect(added.unlisted).toBe(0);
    expect(added.records.filter((r) => r.table === 'beds' && r.action === 'added')).toHaveLength(2);
    expect(added.records.find((r) => r.table === 'elders')).toMatchObject({ action: 'added', after: { name: '王大爷' } });

    await w.station.call('stays.discharge', { admissionId: w.admission, on: '2026-11-20', reason: 'voluntary' });
    await w.bureau.call('exchange.apply', { file: await w.station.call('exchange.export', { facilityIds: [w.facility] }) });
    const entry = lastExchangeAudit(w.bureau);
    const before = JSON.parse(entry.before_json) as { records: { table: string; key: string; before: Row }[] };
    const after = JSON.parse(entry.after_json) as { records: { table: string; key: string; action: string; after: Row }[] };
    const was = before.records.find((r) => r.table === 'admissions' && r.key === w.admission)!;
    const now = after.records.find((r) => r.table === 'admissions' && r.key === w.admission)!;
    expect(now.action).toBe('updated');
    expect(Object.keys(was.before).sort()).toEqual(Object.keys(now.after).sort());
    expect(Object.values(was.before)).toContain(null);
    expect(Object.values(now.after)).toContain('2026-11-20');
    expect(entry.summary).toContain(`发送方密钥 ${groupedFingerprint(fp(w.station))}`);
  });
});
