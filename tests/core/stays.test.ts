import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileOf, fullScores, makeCore, stayLabelDrift, type TestCore } from './helpers';
import type { BedBoard, ElderRow, Input } from '../../shared/contract';
import { computeCheckDigit } from '../../shared/domain/idNumber';
import { isBedOccupiedOn } from '../../electron/core/features/beds/occupancy';
import { openSqlite } from '../../electron/core/db/connection';

let core: TestCore;
afterEach(async () => {
  await core?.close();
});

function idFor(birth: string, seq = '002', area = '110105'): string {
  const first17 = `${area}${birth}${seq}`;
  return first17 + computeCheckDigit(first17);
}

let home: string;
const bed: Record<string, string> = {};

function bedIdOf(board: BedBoard, room: string, number: string): string {
  for (const b of board.buildings) for (const f of b.floors) for (const r of f.rooms) {
    const x = r.number === room ? r.beds.find((y) => y.number === number) : undefined;
    if (x) return x.id;
  }
  throw new Error(`no bed ${room}-${number}`);
}

function stateOf(board: BedBoard, id: string) {
  for (const b of board.buildings) for (const f of b.floors) for (const r of f.rooms) for (const x of r.beds) if (x.id === id) return x.state;
  return null;
}

async function boardOn(asOf?: string) {
  return core.call('beds.board', { facilityId: home, asOf: asOf ?? null });
}

async function elder(name: string, birth: string, seq = '002') {
  return (await core.call('elders.create', { name, idNumber: idFor(birth, seq) })).id;
}

function admit(elderId: string, bedId: string, admittedOn: string, over: Partial<Input<'stays.admit'>> = {}) {
  return core.call('stays.admit', { elderId, bedId, admittedOn, feeClass: 'standard', ...over });
}

function stayCount() {
  return (core.ctx.sqlite.prepare('SELECT count(*) AS n FROM stays').get() as { n: number }).n;
}

beforeEach(async () => {
  core = await makeCore({ today: '2026-11-23' });
  home = (await core.call('facilities.create', { name: '密云区第一社会福利中心', kind: 'institution', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01', approvedBeds: 6 })).id;
  // Rooms 301–303 with beds 1 and 2 from 2020-01-01; room 303 is women only.
  await core.call('beds.bulkCreate', { facilityId: home, buildingName: '1号楼', floor: 3, roomFrom: 301, roomTo: 302, bedsPerRoom: 2, category: 'long_term', nursing: true, openedOn: '2020-01-01' });
  await core.call('beds.bulkCreate', { facilityId: home, buildingName: '1号楼', floor: 3, roomFrom: 303, roomTo: 303, bedsPerRoom: 2, category: 'long_term', nursing: false, openedOn: '2020-01-01', sexRestriction: 'F' });
  const board = await boardOn();
  for (const r of ['301', '302', '303']) for (const n of ['1', '2']) bed[`${r}-${n}`] = bedIdOf(board, r, n);
});

describe('admission, transfer, leave and discharge', () => {
  it('walks one elder through every transition; the board, counts and census follow on every date', async () => {
    const e = await elder('刘大爷', '19400101', '001'); // male
    const a = await admit(e, bed['301-1']!, '2026-01-10', { feeClass: 'low' });
    expect(a.currentBedId).toBe(bed['301-1']);
    expect(stateOf(await boardOn(), bed['301-1']!)).toBe('occupied');
    expect(stateOf(await boardOn('2026-01-09'), bed['301-1']!)).toBe('free');

    await core.call('stays.transfer', { admissionId: a.id, toBedId: bed['302-2']!, on: '2026-03-01', reason: '换到靠窗床位' });
    await core.call('stays.startLeave', { admissionId: a.id, startOn: '2026-05-01', reason: '回家过节' });
    const onLeave = await boardOn('2026-05-02');
    expect(stateOf(onLeave, bed['302-2']!)).toBe('on_leave');
    expect(onLeave.counts.byState.on_leave).toBe(1);
    const open = (await core.call('elders.get', { id: e })).admissions[0]!;
    expect(open.onLeave).toBe(true);
    // The bed is held during leave: nobody else can take it.
    const other = await elder('陈大爷', '19410101', '003');
    expect((await core.fail('stays.admit', { elderId: other, bedId: bed['302-2']!, admittedOn: '2026-05-03', feeClass: 'standard' })).code).toBe('BED_OCCUPIED');
    await core.call('stays.endLeave', { leaveId: open.leaves[0]!.id, returnedOn: '2026-05-06' });
    const done = await core.call('stays.discharge', { admissionId: a.id, on: '2026-08-01', reason: 'voluntary', note: '回家养老' });
    expect(done.dischargedOn).toBe('2026-08-01');
    expect(done.segments.map((s) => [s.bedLabel, s.startOn, s.endOn, s.endReason])).toEqual([
      ['301-1', '2026-01-10', '2026-03-01', 'transfer'],
      ['302-2', '2026-03-01', '2026-08-01', 'discharge'],
    ]);

    // Each date, as it was: the bed, the state, and residents = occupied + on leave.
    const expectations: [string, string | null, string][] = [
      ['2026-01-09', null, 'free'],
      ['2026-01-10', '301-1', 'occupied'],
      ['2026-02-28', '301-1', 'occupied'],
      ['2026-03-01', '302-2', 'occupied'],
      ['2026-05-01', '302-2', 'on_leave'],
      ['2026-05-05', '302-2', 'on_leave'],
      ['2026-05-06', '302-2', 'occupied'],
      ['2026-07-31', '302-2', 'occupied'],
      ['2026-08-01', null, 'free'],
    ];
    for (const [date, where, state] of expectations) {
      const b = await boardOn(date);
      const occ = await core.call('stays.occupancy', { facilityId: home, asOf: date });
      if (where) {
        expect(stateOf(b, bed[where]!), date).toBe(state);
        expect(occ.residents, date).toBe(1);
      } else {
        expect(b.counts.occupied + b.counts.byState.on_leave, date).toBe(0);
        expect(occ.residents, date).toBe(0);
      }
      expect(occ.residents, date).toBe(occ.beds.byState.occupied + occ.beds.byState.on_leave);
      expect(occ.inBed + occ.onLeave, date).toBe(occ.residents);
      // 301-1 is free again after the transfer.
      if (date >= '2026-03-01') expect(stateOf(b, bed['301-1']!), date).toBe('free');
    }

    // Residents: current list on a past date, past list today, and each bed's history.
    const then = await core.call('stays.residents', { facilityId: home, asOf: '2026-05-02' });
    expect(then.rows.map((r) => [r.elderName, r.bedLabel, r.onLeave])).toEqual([['刘大爷', '302-2', true]]);
    expect((await core.call('stays.residents', { facilityId: home })).total).toBe(0);
    const past = await core.call('stays.residents', { facilityId: home, which: 'past' });
    expect(past.rows.map((r) => [r.elderName, r.dischargedOn, r.dischargeReason, r.bedLabel])).toEqual([['刘大爷', '2026-08-01', 'voluntary', '302-2']]);
    const history = await core.call('stays.bedHistory', { bedId: bed['301-1']! });
    expect(history.rows.map((h) => [h.elderName, h.startOn, h.endOn, h.endReason])).toEqual([['刘大爷', '2026-01-10', '2026-03-01', 'transfer']]);
    expect(history.rows[0]!.idNumberMasked).toContain('*');

    // After discharge nothing can be done to the stay, and the bed is free for the next person.
    expect((await core.fail('stays.transfer', { admissionId: a.id, toBedId: bed['301-2']!, on: '2026-09-01' })).code).toBe('STAY_CONFLICT');
    expect((await core.fail('stays.discharge', { admissionId: a.id, on: '2026-09-01', reason: 'other' })).code).toBe('STAY_CONFLICT');
    await admit(other, bed['302-2']!, '2026-08-01');
  });

  it('refuses every invalid admission and writes nothing', async () => {
    const man = await elder('男', '19400101', '001');
    const woman = await elder('女', '19400102', '002');
    const baby = await elder('晚生', '20261101', '001');
    const count = stayCount();
    const refuse = async (input: Input<'stays.admit'>, code: string, text?: string) => {
      const err = await core.fail('stays.admit', input);
      expect(err.code, JSON.stringify(input)).toBe(code);
      if (text) expect(err.message).toContain(text);
    };
    const base = { elderId: man, bedId: bed['301-1']!, admittedOn: '2026-01-01', feeClass: 'standard' as const };
    await refuse({ ...base, admittedOn: '2026-11-24' }, 'DATE_IN_FUTURE');
    await refuse({ ...base, elderId: baby, admittedOn: '2026-10-31' }, 'STAY_DATE_INVALID', '出生日期');
    await refuse({ ...base, admittedOn: '2019-12-31' }, 'BED_UNAVAILABLE', '2020-01-01 启用');
    await refuse({ ...base, bedId: bed['303-1']! }, 'ROOM_SEX_MISMATCH');
    await refuse({ ...base, feeClass: 'vip' as never }, 'VALIDATION');
    await core.call('beds.addOutage', { bedId: bed['302-1']!, startOn: '2026-06-01', endOn: '2026-07-01', reason: '维修' });
    await refuse({ ...base, bedId: bed['302-1']! }, 'BED_UNAVAILABLE', '停用维修');
    await core.call('beds.retire', { id: bed['302-2']!, retiredOn: '2026-02-01', reason: '改造' });
    await refuse({ ...base, bedId: bed['302-2']! }, 'BED_RETIRED');
    expect(stayCount()).toBe(count);

    // Overlaps, back-dated: with another stay of the same bed, and of the same elder.
    await admit(woman, bed['303-1']!, '2026-03-01');
    await refuse({ ...base, elderId: man, bedId: bed['303-1']!, admittedOn: '2025-01-01' }, 'ROOM_SEX_MISMATCH');
    const w2 = await elder('女二', '19400103', '004');
    await refuse({ elderId: w2, bedId: bed['303-1']!, admittedOn: '2025-01-01', feeClass: 'free' }, 'BED_OCCUPIED', '女');
    await refuse({ elderId: woman, bedId: bed['303-2']!, admittedOn: '2026-04-01', feeClass: 'free' }, 'STAY_CONFLICT');
    await refuse({ elderId: woman, bedId: bed['303-2']!, admittedOn: '2025-04-01', feeClass: 'free' }, 'STAY_CONFLICT');
    expect(stayCount()).toBe(count + 1);
    // A bed with someone in it cannot be retired or taken out of service (beds feature, through isBedOccupiedOn).
    expect((await core.fail('beds.retire', { id: bed['303-1']!, retiredOn: '2026-11-01', reason: 'x' })).code).toBe('BED_OCCUPIED');
    expect((await core.fail('beds.addOutage', { bedId: bed['303-1']!, startOn: '2026-04-01', endOn: null, reason: 'x' })).code).toBe('BED_OCCUPIED');
    expect(await isBedOccupiedOn(core.ctx.db as never, bed['303-1']!, '2020-01-01', '2026-03-01')).toBe(false);
    expect(await isBedOccupiedOn(core.ctx.db as never, bed['303-1']!, '2020-01-01', '2026-03-02')).toBe(true);
  });

  it('admits only while the facility operates; a status that would cover its admissions or residents is refused', async () => {
    const a = await elder('甲', '19400101', '001');
    const b = await elder('乙', '19400102', '003');
    const c = await elder('丙', '19400103', '005');
    await core.call('facilities.setStatus', { id: home, status: 'suspended', effectiveOn: '2025-03-01', reason: '整改' });
    await core.call('facilities.setStatus', { id: home, status: 'operating', effectiveOn: '2025-09-01', reason: '整改完成' });
    const count = stayCount();
    // A bed left unpicked says so, on its field (not that an id is malformed).
    const unpicked = await core.fail('stays.admit', { elderId: a, bedId: '', admittedOn: '2025-04-01', feeClass: 'standard' });
    expect(unpicked.details).toEqual({ issues: [{ path: 'bedId', message: '请选择床位' }] });
    const refused = await core.fail('stays.admit', { elderId: a, bedId: bed['301-1']!, admittedOn: '2025-04-01', feeClass: 'standard' });
    expect(refused.code).toBe('FACILITY_NOT_OPERATING');
    expect(refused.message).toContain('2025-04-01 为“停业整改”状态');
    expect(stayCount()).toBe(count);
    // The admission dialog's bed list says the same instead of offering beds; a transfer's list still offers them.
    const offered = await core.fail('stays.freeBeds', { facilityId: home, on: '2025-04-01', admitting: true });
    expect([offered.code, offered.message]).toEqual(['FACILITY_NOT_OPERATING', refused.message]);
    expect((await core.call('stays.freeBeds', { facilityId: home, on: '2025-04-01' })).length).toBeGreaterThan(0);
    expect((await core.call('stays.freeBeds', { facilityId: home, on: '2025-09-01', admitting: true })).length).toBeGreaterThan(0);
    // Admitted before the suspension, a resident stays through it; admissions resume when it ends.
    const sa = await admit(a, bed['301-1']!, '2025-01-10');
    const sb = await admit(b, bed['302-1']!, '2025-10-01');
    // A suspension back-dated over b's admission is refused, naming it; the status stays as it was.
    const late = await core.fail('facilities.setStatus', { id: home, status: 'suspended', effectiveOn: '2025-09-15', reason: '整改' });
    expect(late.code).toBe('FACILITY_HAS_RESIDENTS');
    expect(late.message).toContain('2025-09-15 起有 1 次入住办理（最早：乙，2025-10-01）');
    // A closure while they live there is refused, counting and naming them.
    const closing = await core.fail('facilities.setStatus', { id: home, status: 'closed', effectiveOn: '2026-06-01', reason: '注销' });
    expect(closing.code).toBe('FACILITY_HAS_RESIDENTS');
    expect(closing.message).toContain('仍有 2 位老人在住（如甲，2025-01-10 入住至今）');
    expect((await core.call('facilities.get', { id: home })).status).toBe('operating');
    // Once both have left, the closure is recorded; admissions after it, or running past it, are refused.
    await core.call('stays.discharge', { admissionId: sa.id, on: '2026-05-01', reason: 'voluntary' });
    await core.call('stays.discharge', { admissionId: sb.id, on: '2026-05-20', reason: 'voluntary' });
    await core.call('facilities.setStatus', { id: home, status: 'closed', effectiveOn: '2026-06-01', reason: '注销' });
    expect((await core.fail('stays.admit', { elderId: c, bedId: bed['301-2']!, admittedOn: '2026-07-01', feeClass: 'standard' })).message).toContain('“注销”状态');
    const across = await core.fail('stays.admit', { elderId: c, bedId: bed['301-2']!, admittedOn: '2026-05-25', feeClass: 'standard' });
    expect(across.code).toBe('FACILITY_NOT_OPERATING');
    expect(across.message).toContain('已于 2026-06-01 注销');
    expect((await core.fail('stays.freeBeds', { facilityId: home, on: '2026-05-25', admitting: true })).message).toContain('已于 2026-06-01 注销');
    // The stays import checks the same: a stay ending on the closure day is accepted, one after it is not.
    const header = '身份证号,机构名称,楼栋,房间,床位号,入住日期,退住日期,退住原因,收费类别';
    const row = (id: string, from: string, to = '', reason = '') => `${id},密云区第一社会福利中心,1号楼,301,2,${from},${to},${reason},普通`;
    const file = [header, row(idFor('19400103', '005'), '2026-05-25', '2026-06-01', '自愿退住'), row(idFor('19400101', '001'), '2026-06-10')].join('\n');
    const report = await core.call('imports.preview', { kind: 'stays', file: fileOf('s.csv', file) });
    expect(report.rowsAccepted).toBe(1);
    expect(report.errors.map((e) => [e.row, e.message])).toEqual([[3, expect.stringContaining('2026-06-10 为“注销”状态，不能办理入住')]]);
    expect(stayCount()).toBe(count + 2);
  });

  it('a death is final: open applications are withdrawn that day, nothing about the elder may be dated after it', async () => {
    const e = await elder('王建国', '19400101', '001');
    const station = (await core.call('facilities.create', { name: '密云区鼓楼驿站', kind: 'community_station', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01' })).id;
    const other = (await core.call('facilities.create', { name: '密云区第二养老院', kind: 'institution', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01' })).id;
    await core.call('assessments.create', { elderId: e, assessedOn: '2026-01-05', reason: 'initial', assessor: '李医生', assessment: { scores: fullScores() } });
    const waiting = await core.call('waiting.apply', { facilityId: other, elderId: e, appliedOn: '2026-02-01' });
    const a = await admit(e, bed['301-1']!, '2026-01-10');
    // A death dated before the application contradicts it: refused, naming it.
    const early = await core.fail('stays.discharge', { admissionId: a.id, on: '2026-01-20', reason: 'death' });
    expect(early.code).toBe('ELDER_DECEASED');
    expect(early.message).toContain('2026-02-01 的轮候申请');
    await core.call('stays.discharge', { admissionId: a.id, on: '2026-11-20', reason: 'death' });
    const after = await core.call('elders.get', { id: e });
    expect(after.applications.find((x) => x.id === waiting.id)).toMatchObject({ status: 'withdrawn' });
    expect((await core.call('waiting.list', { facilityId: other })).page.total).toBe(0);
    const refuse = async (channel: string, input: unknown, text: string) => {
      const err = await core.fail(channel as never, input as never);
      expect(err.code, channel).toBe('ELDER_DECEASED');
      expect(err.message).toContain(text);
    };
    await refuse('waiting.apply', { facilityId: other, elderId: e, appliedOn: '2026-11-23' }, '已于 2026-11-20 死亡退住，不能登记 2026-11-23 的轮候申请');
    await refuse('assessments.create', { elderId: e, assessedOn: '2026-11-21', reason: 'routine', assessor: '李医生', assessment: { scores: fullScores() } }, '能力评估');
    const familyBed = { providerFacilityId: station, elderId: e, areaCode: '110118', address: '密云区某小区 1-101', agreementStartOn: '2026-11-22', openedOn: '2026-11-22' };
    await refuse('familyBeds.open', familyBed, '家庭照护床位');
    // Before the death a family bed may be recorded, ending by the day of death.
    await refuse('familyBeds.open', { ...familyBed, agreementStartOn: '2025-03-01', openedOn: '2025-03-01' }, '不晚于该日的撤床日期');
    // The list marks the death and stops the age there: born 1940-11-21, dead at 85 on 2026-11-20, not 86 today.
    const li = await elder('李秀英', '19401121', '002');
    const la = await admit(li, bed['301-2']!, '2026-01-10');
    await core.call('stays.discharge', { admissionId: la.id, on: '2026-11-20', reason: 'death' });
    const rowOf = async (id: string) => (await core.call('elders.list', {})).rows.find((r) => r.id === id)!;
    expect(await rowOf(li)).toMatchObject({ diedOn: '2026-11-20', age: 85, placement: null });
    expect((await core.call('elders.get', { id: li })).diedOn).toBe('2026-11-20');
    expect(await rowOf(e)).toMatchObject({ diedOn: '2026-11-20', age: 86 });
    // The whole admission was recorded for the wrong elder: withdrawn, the death goes with it and the
    // application it withdrew is back in the queue.
    await core.call('stays.cancel', { admissionId: a.id, reason: '登记错了老人' });
    expect((await core.call('elders.get', { id: e })).applications.find((x) => x.id === waiting.id)).toMatchObject({ status: 'waiting' });
    expect((await core.call('waiting.list', { facilityId: other })).page.total).toBe(1);
    expect(await rowOf(e)).toMatchObject({ diedOn: null, age: 86 });
  });

  it('corrections: a discharge (a death recorded by mistake) is undone when nothing since stands in the way; an admission recorded by mistake is withdrawn whole', async () => {
    const e = await elder('王建国', '19400101', '001');
    const b = await elder('赵德明', '19400102', '003');
    const other = (await core.call('facilities.create', { name: '密云区第二养老院', kind: 'institution', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01' })).id;
    const waiting = await core.call('waiting.apply', { facilityId: other, elderId: e, appliedOn: '2026-02-01' });
    const a = await admit(e, bed['301-1']!, '2026-01-10');
    await core.call('stays.discharge', { admissionId: a.id, on: '2026-11-20', reason: 'death' });
    expect((await core.fail('stays.reopen', { admissionId: a.id, reason: '' })).code).toBe('VALIDATION');
    const reopened = await core.call('stays.reopen', { admissionId: a.id, reason: '误选“死亡”，应为转院' });
    expect(reopened).toMatchObject({ dischargedOn: null, dischargeReason: null, currentBedId: bed['301-1'] });
    const page = await core.call('elders.get', { id: e });
    expect(page.placement?.bedLabel).toBe('301-1');
    expect(page.applications.find((x) => x.id === waiting.id)).toMatchObject({ status: 'waiting' });
    expect((await core.call('audit.list', { entity: 'elder', entityId: e, limit: 1 })).rows[0]!.summary).toContain('撤销 2026-11-20 的退住（死亡）');
    expect((await core.call('stays.occupancy', { facilityId: home })).residents).toBe(1);
    expect((await core.fail('stays.reopen', { admissionId: a.id, reason: 'x' })).message).toContain('尚未退住');
    // Not when the bed has been taken since, nor when the elder was admitted elsewhere since.
    await core.call('stays.discharge', { admissionId: a.id, on: '2026-11-21', reason: 'transfer_out' });
    const sb = await admit(b, bed['301-1']!, '2026-11-22');
    const taken = await core.fail('stays.reopen', { admissionId: a.id, reason: '更正' });
    expect(taken.code).toBe('BED_OCCUPIED');
    expect(taken.message).toContain('赵德明');
    // An admission recorded by mistake (the wrong elder in that bed) is withdrawn whole: the bed is free
    // again, counts follow, the audit log keeps the admission.
    const cancelled = await core.call('stays.cancel', { admissionId: sb.id, reason: '登记错了老人' });
    expect(cancelled.admissionId).toBe(sb.id);
    expect(core.ctx.sqlite.prepare('SELECT count(*) FROM admissions WHERE id = ?').pluck().get(sb.id)).toBe(0);
    expect(stateOf(await boardOn(), bed['301-1']!)).toBe('free');
    const logged = (await core.call('audit.list', { entity: 'elder', entityId: b, limit: 1 })).rows[0]!;
    expect(logged.summary).toContain('撤销入住登记');
    expect(JSON.stringify(logged.before)).toContain('2026-11-22');
    await core.call('stays.reopen', { admissionId: a.id, reason: '转院未成行' });
    expect((await core.call('stays.occupancy', { facilityId: home })).residents).toBe(1);
    // A later admission elsewhere stands in the way too.
    await core.call('stays.discharge', { admissionId: a.id, on: '2026-11-22', reason: 'transfer_out' });
    const otherBed = (await core.call('beds.bulkCreate', { facilityId: other, buildingName: 'A', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 1, category: 'long_term', nursing: false, openedOn: '2020-01-01' }));
    expect(otherBed).toBeTruthy();
    const there = (await core.call('stays.freeBeds', { facilityId: other, on: '2026-11-23' }))[0]!;
    await admit(e, there.id, '2026-11-23');
    expect((await core.fail('stays.reopen', { admissionId: a.id, reason: '更正' })).message).toContain('在 2026-11-23 起已入住密云区第二养老院，与 2026-11-22 起重叠');
    expect(stayLabelDrift(core.ctx.sqlite)).toEqual({ missing: 0, wrong: 0 });

    // Withdrawn after the elder applied to the facility again: the newer application stays the open one
    // (one per facility and elder), the one the admission served is withdrawn, saying why.
    const c = await elder('钱文华', '19400103', '005');
    const first = await core.call('waiting.apply', { facilityId: home, elderId: c, appliedOn: '2025-01-01' });
    const ca = await admit(c, bed['302-1']!, '2025-02-01');
    await core.call('stays.discharge', { admissionId: ca.id, on: '2025-06-01', reason: 'voluntary' });
    const again = await core.call('waiting.apply', { facilityId: home, elderId: c, appliedOn: '2025-07-01' });
    await core.call('stays.cancel', { admissionId: ca.id, reason: '登记错了老人' });
    const apps = (await core.call('elders.get', { id: c })).applications;
    expect(apps.find((x) => x.id === again.id)).toMatchObject({ status: 'waiting' });
    expect(apps.find((x) => x.id === first.id)).toMatchObject({ status: 'withdrawn', withdrawnOn: '2025-07-01', withdrawReason: '入住登记已撤销；已有 2025-07-01 的新申请在轮候' });
    expect((await core.call('audit.list', { entity: 'elder', entityId: c, limit: 1 })).rows[0]!.summary).toContain('原轮候申请因已有新申请而撤回');
  });

  it('refuses invalid transfers, leaves and discharges', async () => {
    const a1 = await elder('甲', '19400101', '001');
    const a2 = await elder('乙', '19400102', '003');
    const s1 = await admit(a1, bed['301-1']!, '2026-01-01');
    await admit(a2, bed['301-2']!, '2026-01-01');
    const t = (toBedId: string, on: string) => core.fail('stays.transfer', { admissionId: s1.id, toBedId, on });
    expect((await t(bed['301-2']!, '2026-02-01')).code).toBe('BED_OCCUPIED');
    expect((await t(bed['301-1']!, '2026-02-01')).code).toBe('VALIDATION');
    expect((await t(bed['302-1']!, '2025-12-31')).code).toBe('STAY_DATE_INVALID');
    expect((await t(bed['302-1']!, '2026-12-01')).code).toBe('DATE_IN_FUTURE');
    expect((await t(bed['303-1']!, '2026-02-01')).code).toBe('ROOM_SEX_MISMATCH');
    const otherHome = (await core.call('facilities.create', { name: '别家', kind: 'institution', ownership: 'private', areaCode: '110118', openedOn: '2015-01-01' })).id;
    await core.call('beds.bulkCreate', { facilityId: otherHome, buildingName: 'A', floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 1, category: 'long_term', nursing: false, openedOn: '2020-01-01' });
    const foreign = bedIdOf(await core.call('beds.board', { facilityId: otherHome }), '101', '1');
    expect((await t(foreign, '2026-02-01')).code).toBe('STAY_CONFLICT');

    expect((await core.fail('stays.startLeave', { admissionId: s1.id, startOn: '2026-01-01', reason: 'x' })).code).toBe('STAY_DATE_INVALID');
    const l = await core.call('stays.startLeave', { admissionId: s1.id, startOn: '2026-03-01', reason: '住院' });
    expect((await core.fail('stays.startLeave', { admissionId: s1.id, startOn: '2026-03-05', reason: 'x' })).code).toBe('STAY_CONFLICT');
    expect((await t(bed['302-1']!, '2026-03-10')).code).toBe('STAY_CONFLICT');
    expect((await core.fail('stays.endLeave', { leaveId: l.leaves[0]!.id, returnedOn: '2026-02-28' })).code).toBe('STAY_DATE_INVALID');
    expect((await core.fail('stays.discharge', { admissionId: s1.id, on: '2026-03-01', reason: 'death' })).code).toBe('STAY_DATE_INVALID');
    // Discharged while on leave (died in hospital): the leave ends with the stay and the bed is released.
    const d = await core.call('stays.discharge', { admissionId: s1.id, on: '2026-03-20', reason: 'death' });
    expect(d.leaves[0]!.endOn).toBe('2026-03-20');
    expect(stateOf(await boardOn('2026-03-20'), bed['301-1']!)).toBe('free');
    expect(stateOf(await boardOn('2026-03-19'), bed['301-1']!)).toBe('on_leave');
    // A death is final.
    expect((await core.fail('stays.admit', { elderId: a1, bedId: bed['302-1']!, admittedOn: '2026-04-01', feeClass: 'standard' })).code).toBe('STAY_CONFLICT');
  });
});

describe('销假 on the day the leave began', () => {
  it('withdraws the leave: the elder is back in the bed, no leave day is counted, and a later leave may start', async () => {
    const e = await elder('孙大爷', '19420101', '011');
    const a = await admit(e, bed['301-2']!, '2026-01-10');
    const l = await core.call('stays.startLeave', { admissionId: a.id, startOn: '2026-04-01', reason: '门诊复查' });
    const back = await core.call('stays.endLeave', { leaveId: l.leaves[0]!.id, returnedOn: '2026-04-01' });
    expect(back.onLeave).toBe(false);
    expect(back.leaves).toEqual([]);
    expect(stateOf(await boardOn('2026-04-01'), bed['301-2']!)).toBe('occupied');
    // Before the leave began is still refused.
    const l2 = await core.call('stays.startLeave', { admissionId: a.id, startOn: '2026-04-02', reason: '回家' });
    expect((await core.fail('stays.endLeave', { leaveId: l2.leaves[0]!.id, returnedOn: '2026-04-01' })).code).toBe('STAY_DATE_INVALID');
  });
});

describe('the bed board names who is in each bed', () => {
  it('shows the resident, sex, latest ability level and days since admission; on leave, the leave’s days', async () => {
    const e = await elder('周奶奶', '19390101', '024'); // female
    const a = await admit(e, bed['303-2']!, '2026-01-10');
    await core.call('assessments.create', { elderId: e, assessedOn: '2026-01-05', reason: 'initial', assessor: '李医生', assessment: { scores: fullScores() } });
    const tile = (board: Awaited<ReturnType<typeof boardOn>>) => {
      for (const b of board.buildings) for (const f of b.floors) for (const r of f.rooms) for (const x of r.beds) if (x.id === bed['303-2']) return x;
      throw new Error('no tile');
    };
    expect(tile(await boardOn('2026-01-20')).occupant).toEqual({
      elderId: e,
      name: '周奶奶',
      sex: 'F',
      abilityLevel: 'intact',
      admittedOn: '2026-01-10',
      days: 10,
      leave: null,
    });
    const l = await core.call('stays.startLeave', { admissionId: a.id, startOn: '2026-02-01', reason: '住院' });
    expect(tile(await boardOn('2026-02-03')).occupant?.leave).toEqual({ startOn: '2026-02-01', returnOn: null });
    await core.call('stays.endLeave', { leaveId: l.leaves[0]!.id, returnedOn: '2026-02-05' });
    expect(tile(await boardOn('2026-02-03')).occupant?.leave).toEqual({ startOn: '2026-02-01', returnOn: '2026-02-05' });
    expect(tile(await boardOn('2026-01-09')).occupant).toBeNull();
  });
});

describe('a transfer on the day the elder came to the bed', () => {
  const segments = (admissionId: string) =>
    core.ctx.sqlite.prepare('SELECT bed_id, start_on, end_on, end_reason, transfer_reason FROM stays WHERE admission_id = ? ORDER BY start_on, end_on IS NULL').all(admissionId);

  it('moves the stay of that day to the new bed, or back to the bed left that day, leaving no stay of no days', async () => {
    const e = await elder('甲', '19400101', '001');
    const a = await admit(e, bed['301-1']!, '2026-05-01');
    // Admitted to the wrong bed: moved the same day, the admission is in the new bed from its first day.
    await core.call('stays.transfer', { admissionId: a.id, toBedId: bed['302-1']!, on: '2026-05-01', reason: '登记床位有误' });
    expect(segments(a.id)).toEqual([{ bed_id: bed['302-1'], start_on: '2026-05-01', end_on: null, end_reason: null, transfer_reason: null }]);
    expect(stateOf(await boardOn('2026-05-01'), bed['301-1']!)).toBe('free');
    expect(stateOf(await boardOn('2026-05-01'), bed['302-1']!)).toBe('occupied');

    // Moved later, then twice on one day: 302-1 → 301-2 → 302-2 leaves 301-2 out.
    await core.call('stays.transfer', { admissionId: a.id, toBedId: bed['301-2']!, on: '2026-06-01', reason: '换房' });
    await core.call('stays.transfer', { admissionId: a.id, toBedId: bed['302-2']!, on: '2026-06-01', reason: '再换' });
    expect(segments(a.id)).toEqual([
      { bed_id: bed['302-1'], start_on: '2026-05-01', end_on: '2026-06-01', end_reason: 'transfer', transfer_reason: null },
      { bed_id: bed['302-2'], start_on: '2026-06-01', end_on: null, end_reason: null, transfer_reason: '换房' },
    ]);
    // And back that day to 302-1: the first stay goes on, as if never moved.
    await core.call('stays.transfer', { admissionId: a.id, toBedId: bed['302-1']!, on: '2026-06-01', reason: '不换了' });
    expect(segments(a.id)).toEqual([{ bed_id: bed['302-1'], start_on: '2026-05-01', end_on: null, end_reason: null, transfer_reason: null }]);
    const audit = await core.call('audit.list', { entity: 'elder', entityId: e, limit: 3 });
    expect(audit.rows[0]!.summary).toMatch(/2026-06-01 由 .*302-2 调至 .*302-1（当日调床，不再计入原床位）（不换了）$/);

    // The bed to move to must still be free from that day; nothing is written when it is not.
    const other = await elder('乙', '19400102', '003');
    await admit(other, bed['301-1']!, '2026-07-01');
    const before = segments(a.id);
    expect((await core.fail('stays.transfer', { admissionId: a.id, toBedId: bed['301-1']!, on: '2026-06-01' })).code).toBe('BED_OCCUPIED');
    expect(segments(a.id)).toEqual(before);
    // Discharged the day of admission: refused, pointing to the correction for a mistaken admission.
    const c = await elder('丙', '19400103', '005');
    const ca = await admit(c, bed['301-2']!, '2026-08-01');
    expect((await core.fail('stays.discharge', { admissionId: ca.id, on: '2026-08-01', reason: 'voluntary' })).message).toBe('退住日期须晚于入住日期 2026-08-01；入住登记有误的，请用“撤销入住登记”');
  });
});

describe('integrity under pressure', () => {
  it('two admissions racing for one bed: exactly one wins, the other gets BED_OCCUPIED', async () => {
    const e1 = await elder('甲', '19400101', '001');
    const e2 = await elder('乙', '19400102', '003');
    const results = await Promise.all([
      core.ctx && core.dispatch('stays.admit', { elderId: e1, bedId: bed['301-1'], admittedOn: '2026-11-01', feeClass: 'standard' }),
      core.dispatch('stays.admit', { elderId: e2, bedId: bed['301-1'], admittedOn: '2026-11-01', feeClass: 'standard' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const lost = results.find((r) => !r.ok)!;
    expect(!lost.ok && lost.error.code).toBe('BED_OCCUPIED');
    expect(stayCount()).toBe(1);
  });

  it('the database itself refuses a second open stay and overlapping periods, whatever writes them', async () => {
    const e1 = await elder('甲', '19400101', '001');
    const e2 = await elder('乙', '19400102', '003');
    const a = await admit(e1, bed['301-1']!, '2026-01-01');
    const raw = (id: string, elderId: string, bedId: string, start: string, end: string | null) =>
      core.ctx.sqlite
        .prepare(`INSERT INTO stays (id, admission_id, elder_id, facility_id, bed_id, start_on, end_on, end_reason, created_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'now', 'x')`)
        .run(id, a.id, elderId, home, bedId, start, end, end ? 'discharge' : null);
    expect(() => raw('s2', e2, bed['301-1']!, '2026-06-01', null)).toThrow(/BED_OCCUPIED|UNIQUE/);
    expect(() => raw('s3', e2, bed['301-1']!, '2025-12-01', '2026-01-02')).toThrow(/BED_OCCUPIED/);
    expect(() => raw('s4', e1, bed['302-1']!, '2025-12-01', '2026-01-02')).toThrow(/STAY_CONFLICT/);
    expect(() => raw('s5', e2, bed['301-1']!, '2025-12-01', '2026-01-01')).not.toThrow();
    expect(() => core.ctx.sqlite.prepare('INSERT INTO admissions (id, elder_id, facility_id, start_on, fee_class, created_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run('a2', e1, home, '2026-05-01', 'free', 'now', 'x')).toThrow(/UNIQUE|STAY_CONFLICT/);
  });

  it('the elders list names each resident\'s bed, and the label follows transfers, a renumbered room and a removed stay', async () => {
    const e1 = await elder('甲', '19400101', '001');
    const e2 = await elder('乙', '19400102', '003');
    const a1 = await admit(e1, bed['301-1']!, '2026-01-10');
    await admit(e2, bed['302-1']!, '2026-02-01');
    const listed = async () =>
      Object.fromEntries((await core.call('elders.list', { limit: 100, withTotal: false })).rows.map((r) => [r.name, r.placement?.bedLabel ?? null]));
    expect(await listed()).toEqual({ 甲: '301-1', 乙: '302-1' });
    await core.call('stays.transfer', { admissionId: a1.id, toBedId: bed['302-2']!, on: '2026-03-01', reason: '换房' });
    expect(await listed()).toEqual({ 甲: '302-2', 乙: '302-1' });
    const room = (await boardOn()).buildings[0]!.floors[0]!.rooms.find((r) => r.number === '302')!;
    await core.call('beds.updateRoom', { id: room.id, floor: room.floor, number: '312', capacity: room.capacity, sexRestriction: room.sexRestriction });
    expect(await listed()).toEqual({ 甲: '312-2', 乙: '312-1' });
    // Closed stays are relabelled too: the discharged segment in 301 keeps matching its room.
    await core.call('beds.updateRoom', { id: (await boardOn()).buildings[0]!.floors[0]!.rooms.find((r) => r.number === '301')!.id, floor: 3, number: '311' });
    expect(stayLabelDrift(core.ctx.sqlite)).toEqual({ missing: 0, wrong: 0 });
    // A stay written by hand (an import, a repair) gets its label from the database, and loses it when removed.
    core.ctx.sqlite
      .prepare(`INSERT INTO stays (id, admission_id, elder_id, facility_id, bed_id, start_on, end_on, end_reason, created_at, recorded_by) VALUES ('s-old', ?, ?, ?, ?, '2025-01-01', '2025-06-01', 'discharge', 'now', 'x')`)
      .run(a1.id, e1, home, bed['303-1']!);
    const labelOfOld = () => core.ctx.sqlite.prepare(`SELECT room_number, bed_number FROM stay_labels WHERE stay_id = 's-old'`).get();
    expect(labelOfOld()).toEqual({ room_number: '303', bed_number: '1' });
    // No screen moves a stay to another bed or renumbers a bed; a repair by hand still keeps the labels true.
    core.ctx.sqlite.prepare(`UPDATE stays SET bed_id = ? WHERE id = 's-old'`).run(bed['303-2']!);
    expect(labelOfOld()).toEqual({ room_number: '303', bed_number: '2' });
    core.ctx.sqlite.prepare(`UPDATE beds SET number = '2A' WHERE id = ?`).run(bed['303-2']!);
    expect(labelOfOld()).toEqual({ room_number: '303', bed_number: '2A' });
    expect(stayLabelDrift(core.ctx.sqlite)).toEqual({ missing: 0, wrong: 0 });
    core.ctx.sqlite.prepare(`DELETE FROM stays WHERE id = 's-old'`).run();
    expect(core.ctx.sqlite.prepare(`SELECT count(*) AS n FROM stay_labels WHERE stay_id = 's-old'`).get()).toEqual({ n: 0 });
    expect(stayLabelDrift(core.ctx.sqlite)).toEqual({ missing: 0, wrong: 0 });
  });

  it('a list row shows each elder once, as of today: bed and leave, categories, latest level, family bed, 高龄 — the same as the elder page', async () => {
    const assess = (elderId: string, assessedOn: string, over: Record<string, number> = {}) => {
      const scores = fullScores();
      Object.assign(scores.mobility, over);
      return core.call('assessments.create', { elderId, assessedOn, reason: 'initial', assessor: '李医生', assessment: { scores } });
    };
    // 甲: two stays (a transfer), on leave today; two assessments, the later one less able (轻度 against 能力完好).
    const a = await elder('甲', '19400101', '001');
    await core.call('elders.update', { id: a, name: '甲', categories: ['empty_nest', 'extreme_hardship', 'living_alone'], contacts: [] });
    const adm = await admit(a, bed['301-1']!, '2025-01-10');
    await core.call('stays.transfer', { admissionId: adm.id, toBedId: bed['302-1']!, on: '2026-03-01', reason: '换房' });
    const leave = await core.call('stays.startLeave', { admissionId: adm.id, startOn: '2026-11-01', reason: '回家' });
    await assess(a, '2025-01-05');
    await assess(a, '2026-06-01', { bedPositionTransfer: 0, bedChairTransfer: 0, walking: 0, stairs: 0 });
    // 乙: discharged before today, a family care bed open; 丙: a family care bed closed before today; 丁: 66 years old.
    const b = await elder('乙', '19380505', '003');
    const adm2 = await admit(b, bed['301-2']!, '2024-01-01');
    await core.call('stays.discharge', { admissionId: adm2.id, on: '2025-06-01', reason: 'voluntary' });
    const c = await elder('丙', '19450303', '005');
    const d = await elder('丁', '19600707', '007');
    const station = (await core.call('facilities.create', { name: '密云区某社区养老服务驿站', kind: 'community_station', ownership: 'public', areaCode: '110118', openedOn: '2015-01-01' })).id;
    for (const [id, closedOn] of [[b, null], [c, '2026-10-01']] as const) {
      await assess(id, '2026-02-01');
      const base = { providerFacilityId: station, elderId: id, areaCode: '110118', address: '密云区某小区', agreementStartOn: '2026-03-01', openedOn: '2026-03-01' };
      const fb = await core.call('familyBeds.open', base);
      if (closedOn) await core.call('familyBeds.close', { id: fb.id, closedOn, reason: '老人入住机构' });
    }

    const shown = (r: ElderRow) => [r.name, r.placement && `${r.placement.facilityName} ${r.placement.bedLabel}${r.placement.onLeave ? ' 请假' : ''}`, r.categories.join(' '), r.latestLevel, r.hasFamilyBed, r.advancedAge];
    const list = async () => (await core.call('elders.list', { limit: 100, withTotal: false })).rows;
    const expected = [
      ['丁', null, '', null, false, false],
      ['丙', null, '', 'intact', false, true],
      ['乙', null, '', 'intact', true, true],
      ['甲', '密云区第一社会福利中心 302-1 请假', 'extreme_hardship living_alone empty_nest', 'mild', false, true],
    ];
    const rows = await list();
    expect(rows.map(shown).sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual(
      [...expected].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(rows.find((r) => r.name === '甲')!.placement).toMatchObject({ admissionId: adm.id, facilityId: home, bedId: bed['302-1'] });
    // The elder page's row is the list's row.
    for (const r of rows) {
      const { id, name, idNumberMasked, sex, birthDate, diedOn, age, advancedAge, categories, latestLevel, placement, hasFamilyBed } = await core.call('elders.get', { id: r.id });
      expect({ id, name, idNumberMasked, sex, birthDate, diedOn, age, advancedAge, categories, latestLevel, placement, hasFamilyBed }).toEqual(r);
    }
    await core.call('stays.endLeave', { leaveId: leave.leaves[0]!.id, returnedOn: '2026-11-20' });
    expect((await list()).find((r) => r.name === '甲')!.placement?.onLeave).toBe(false);
    // The category filter and a name search keep to one row per elder.
    expect((await core.call('elders.list', { limit: 100, withTotal: true, category: 'living_alone' })).rows.map((r) => r.name)).toEqual(['甲']);
    expect((await core.call('elders.list', { limit: 100, withTotal: true, search: '甲' })).total).toBe(1);
    void d;
  });

  it('a room cannot be restricted to one sex while a resident of the other holds one of its beds', async () => {
    const man = await elder('男住户', '19400101', '001');
    const a = await admit(man, bed['301-1']!, '2026-01-10');
    const room = (await boardOn()).buildings[0]!.floors[0]!.rooms.find((r) => r.number === '301')!;
    const edit = (sexRestriction: 'M' | 'F' | null) => ({ id: room.id, floor: room.floor, number: room.number, capacity: room.capacity, sexRestriction });
    const auditsBefore = (await core.call('audit.list', { limit: 1 })).total;
    const refused = await core.fail('beds.updateRoom', edit('F'));
    expect(refused).toMatchObject({ code: 'ROOM_SEX_MISMATCH', message: '房间 301 的 1 号床住着（或已安排入住）男住户，不能设为仅限女性' });
    expect(core.ctx.sqlite.prepare('SELECT sex_restriction AS s FROM rooms WHERE id = ?').get(room.id)).toEqual({ s: null });
    expect((await core.call('audit.list', { limit: 1 })).total).toBe(auditsBefore);
    expect((await core.call('beds.updateRoom', edit('M'))).sexRestriction).toBe('M');
    await core.call('stays.discharge', { admissionId: a.id, on: '2026-08-01', reason: 'voluntary' });
    expect((await core.call('beds.updateRoom', edit('F'))).sexRestriction).toBe('F');
  });

  it('a file from before stay labels (migration 0016) gets a label for every stay it holds when opened', async () => {
    const a = await admit(await elder('甲', '19400101', '001'), bed['301-1']!, '2026-01-10');
    await core.call('stays.transfer', { admissionId: a.id, toBedId: bed['302-2']!, on: '2026-03-01', reason: '换房' });
    const dbPath = core.dbPath;
    await core.close();
    const old = openSqlite(dbPath);
    old.exec(`DROP TABLE stay_labels; DELETE FROM schema_migrations WHERE name = '0016_stay_labels'`);
    for (const { name } of old.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sl\\_%' ESCAPE '\\'`).all() as { name: string }[]) old.exec(`DROP TRIGGER ${name}`);
    old.close();
    core = await makeCore({ dbPath, today: '2026-11-23' });
    expect(core.ctx.sqlite.prepare('SELECT l.room_number, l.bed_number FROM stays s JOIN stay_labels l ON l.stay_id = s.id ORDER BY s.start_on').all()).toEqual([
      { room_number: '301', bed_number: '1' },
      { room_number: '302', bed_number: '2' },
    ]);
    expect((await core.call('elders.list', { limit: 10, withTotal: false })).rows[0]!.placement?.bedLabel).toBe('302-2');
  });

  it('admission from the waiting list marks the application admitted; free beds are those free from that date on', async () => {
    const e = await elder('轮候者', '19400101', '001');
    const app = await core.call('waiting.apply', { facilityId: home, elderId: e, appliedOn: '2026-06-01' });
    const other = await elder('占床者', '19400102', '003');
    await admit(other, bed['302-1']!, '2026-10-01');
    const free = await core.call('stays.freeBeds', { facilityId: home, on: '2026-09-01', sex: 'M' });
    // 302-1 is free on 09-01 but taken from 10-01, so an open-ended admission on 09-01 cannot use it; 303 is women only.
    expect(free.map((b) => b.label)).toEqual(['301-1', '301-2', '302-2']);
    expect((await core.fail('stays.admit', { elderId: e, bedId: bed['301-1']!, admittedOn: '2026-05-31', feeClass: 'free', applicationId: app.id })).code).toBe('STAY_DATE_INVALID');
    const a = await admit(e, bed['301-1']!, '2026-09-01', { applicationId: app.id, feeClass: 'free' });
    expect(a.applicationId).toBe(app.id);
    const got = await core.call('elders.get', { id: e });
    expect(got.applications[0]).toMatchObject({ status: 'admitted', admittedOn: '2026-09-01', position: null });
    expect(got.placement?.bedLabel).toBe('301-1');
    expect((await core.call('waiting.list', { facilityId: home })).page.total).toBe(0);
    expect((await core.call('waiting.list', { facilityId: home, asOf: '2026-08-31' })).page.rows[0]!.position).toBe(1);
    expect((await core.fail('waiting.apply', { facilityId: home, elderId: e, appliedOn: '2026-10-01' })).code).toBe('STAY_CONFLICT');
    // Admitted from the elder's page without naming the application: the open application to this
    // facility is the one admitted all the same, and leaves the list.
    const w = await elder('直接入住者', '19400103', '005');
    const open = await core.call('waiting.apply', { facilityId: home, elderId: w, appliedOn: '2026-07-01' });
    expect((await core.call('waiting.list', { facilityId: home })).page.total).toBe(1);
    const direct = await admit(w, bed['301-2']!, '2026-09-05');
    expect(direct.applicationId).toBe(open.id);
    expect((await core.call('elders.get', { id: w })).applications[0]).toMatchObject({ status: 'admitted', admittedOn: '2026-09-05' });
    expect((await core.call('waiting.list', { facilityId: home })).page.total).toBe(0);
  });
});

describe('stays import', () => {
  const header = '身份证号,机构名称,楼栋,房间,床位号,入住日期,退住日期,退住原因,收费类别';

  it('refuses a file that double-books a bed or an elder, naming the rows, and writes nothing', async () => {
    const a = idFor('19400101', '001');
    const b = idFor('19400102', '003');
    const c = idFor('19400103', '005');
    for (const [name, id] of [['甲', a], ['乙', b], ['丙', c]] as const) await core.call('elders.create', { name, idNumber: id });
    const row = (id: string, room: string, n: string, from: string, to = '', reason = '') => `${id},密云区第一社会福利中心,1号楼,${room},${n},${from},${to},${reason},普通`;
    const bad = [
      header,
      row(a, '301', '1', '2025-01-01', '2025-06-01', '自愿退住'),
      row(b, '301', '1', '2025-05-01'), // same bed, overlaps row 2
      row(c, '301', '2', '2025-01-01'),
      row(c, '302', '1', '2025-03-01'), // same elder, overlaps row 4
    ].join('\n');
    const report = await core.call('imports.preview', { kind: 'stays', file: fileOf('s.csv', bad) });
    expect(report.rowsAccepted).toBe(2);
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([[3, '床位号'], [5, '入住日期']]);
    expect(report.errors[0]!.message).toContain('本文件第 2 行');
    expect(report.errors[1]!.message).toContain('本文件第 4 行');
    expect(stayCount()).toBe(0);

    const good = [header, row(a, '301', '1', '2025-01-01', '2025-06-01', '自愿退住'), row(b, '301', '1', '2025-06-01'), row(c, '301', '2', '2025-01-01')].join('\n');
    const { jobId } = await core.call('imports.start', { kind: 'stays', file: fileOf('s.csv', good) });
    let job = await core.call('jobs.get', { jobId });
    for (let i = 0; i < 100 && job.state === 'running'; i++) job = await new Promise((r) => setTimeout(r, 20)).then(() => core.call('jobs.get', { jobId }));
    expect(job.result?.committed).toBe(true);
    expect((await core.call('stays.occupancy', { facilityId: home, asOf: '2025-05-31' })).residents).toBe(2);
    expect((await core.call('stays.occupancy', { facilityId: home })).residents).toBe(2);
    expect(stateOf(await boardOn('2025-03-01'), bed['301-1']!)).toBe('occupied');
  });

  it('matches a room or bed number Excel stripped of its leading zeros, when it names one bed only', async () => {
    const buildingId = (await boardOn()).buildings[0]!.id;
    const roomOf = async (number: string) => (await core.call('beds.createRoom', { buildingId, floor: 1, number })).id;
    const bedIn = async (roomId: string, number: string) => (await core.call('beds.create', { roomId, number, openedOn: '2020-01-01', category: 'long_term', nursing: false })).id;
    const in02 = await bedIn(await roomOf('02'), '01');
    await bedIn(await roomOf('05'), '01');
    await bedIn(await roomOf('005'), '01');
    const [a, b, c] = [idFor('19400101', '001'), idFor('19400102', '003'), idFor('19400103', '005')];
    for (const [name, id] of [['甲', a], ['乙', b], ['丙', c]] as const) await core.call('elders.create', { name, idNumber: id });
    const row = (id: string, room: string, n: string) => `${id},密云区第一社会福利中心,1号楼,${room},${n},2025-01-01,,,普通`;
    const file = [header, row(a, '2', '1'), row(b, '5', '1'), row(c, '7', '1')].join('\n');
    const report = await core.call('imports.preview', { kind: 'stays', file: fileOf('s.csv', file) });
    expect(report.rowsAccepted).toBe(1);
    expect(report.sample[0]).toMatchObject({ 房间: '02', 床位号: '01' });
    // 5 could be 05 or 005: the user is asked, not guessed for; 7 is no room at all.
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([[3, '房间'], [4, '床位号']]);
    expect(report.errors[0]!.message).toContain('05 房间 01 号床、005 房间 01 号床');
    expect(report.errors[1]!.message).toContain('7 房间没有 1 号床');
    const { jobId } = await core.call('imports.start', { kind: 'stays', file: fileOf('s.csv', [header, row(a, '2', '1')].join('\n')) });
    let job = await core.call('jobs.get', { jobId });
    for (let i = 0; i < 100 && job.state === 'running'; i++) job = await new Promise((r) => setTimeout(r, 20)).then(() => core.call('jobs.get', { jobId }));
    expect(job.result?.committed).toBe(true);
    expect(stateOf(await boardOn('2025-03-01'), in02)).toBe('occupied');
  });
});
