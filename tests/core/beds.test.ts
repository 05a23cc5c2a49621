import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileOf, makeCore, pageThrough, pagingPlan, type TestCore } from './helpers';
import type { BedBoard, Input } from '../../shared/contract';
import { bedsOnSql } from '../../electron/core/features/beds/counts';
import { bedStateOf, bedNumbersFor } from '../../shared/domain/beds';

// Stays do not exist yet, so occupancy is switched on here by hand to prove that every refusal that
// depends on it goes through the one helper the stays feature will fill in.
const occupancy = vi.hoisted(() => ({ occupied: false }));
vi.mock('../../electron/core/features/beds/occupancy', async (original) => {
  const real = await original<typeof import('../../electron/core/features/beds/occupancy')>();
  return { ...real, isBedOccupiedOn: async () => occupancy.occupied };
});

let core: TestCore;
afterEach(async () => {
  occupancy.occupied = false;
  await core?.close();
});

async function facility(c: TestCore, name: string, areaCode: string, approvedBeds: number | null, openedOn = '2015-06-01') {
  return (await c.call('facilities.create', { name, kind: 'institution', ownership: 'public', areaCode, approvedBeds, openedOn })).id;
}

function bulk(facilityId: string, over: Partial<Input<'beds.bulkCreate'>> = {}): Input<'beds.bulkCreate'> {
  return {
    facilityId,
    buildingName: '1号楼',
    floor: 3,
    roomFrom: 301,
    roomTo: 305,
    bedsPerRoom: 2,
    bedNumbering: '1,2',
    category: 'long_term',
    nursing: true,
    zone: 'general',
    reserve: false,
    openedOn: '2020-01-01',
    ...over,
  };
}

async function auditTotal(c: TestCore) {
  return (await c.call('audit.list', { limit: 1 })).total;
}

function bedIdOf(board: BedBoard, room: string, number: string): string {
  for (const b of board.buildings) for (const f of b.floors) for (const r of f.rooms) {
    if (r.number === room) {
      const bed = r.beds.find((x) => x.number === number);
      if (bed) return bed.id;
    }
  }
  throw new Error(`bed ${room}-${number} not on the board`);
}

async function bedCount(c: TestCore) {
  return (c.ctx.sqlite.prepare('SELECT count(*) AS n FROM beds').get() as { n: number }).n;
}

describe('shared bed vocabulary', () => {
  it('numbers beds 1,2,… or A,B,… and picks one state by priority', () => {
    expect(bedNumbersFor(3, '1,2')).toEqual(['1', '2', '3']);
    expect(bedNumbersFor(3, 'A,B')).toEqual(['A', 'B', 'C']);
    const none = { occupied: false, onLeave: false, outOfService: false, reserve: false };
    expect(bedStateOf(none)).toBe('free');
    expect(bedStateOf({ ...none, reserve: true })).toBe('reserved');
    expect(bedStateOf({ ...none, reserve: true, outOfService: true })).toBe('out_of_service');
    expect(bedStateOf({ ...none, outOfService: true, onLeave: true })).toBe('on_leave');
    expect(bedStateOf({ ...none, onLeave: true, occupied: true })).toBe('occupied');
  });
});

describe('bulk creation and the board', () => {
  beforeEach(async () => {
    core = await makeCore({ today: '2026-11-23' });
  });

  it('creates rooms 301–305 with two beds each in one action with one audit entry', async () => {
    const a = await facility(core, '密云区第一养老院', '110118', 50);
    const audits = await auditTotal(core);
    const result = await core.call('beds.bulkCreate', bulk(a));
    expect(result).toMatchObject({ roomsCreated: 5, roomsReused: 0, bedsCreated: 10 });
    expect(await auditTotal(core)).toBe(audits + 1);
    const entry = (await core.call('audit.list', { limit: 1 })).rows[0]!;
    expect(entry.action).toBe('beds.bulkCreate');
    expect(entry.summary).toContain('301–305 共 5 间、10 张床位');

    const board = await core.call('beds.board', { facilityId: a });
    expect(board.buildings.map((b) => b.name)).toEqual(['1号楼']);
    expect(board.buildings[0]!.floors.map((f) => f.floor)).toEqual([3]);
    const rooms = board.buildings[0]!.floors[0]!.rooms;
    expect(rooms.map((r) => r.number)).toEqual(['301', '302', '303', '304', '305']);
    expect(rooms.every((r) => r.capacity === 2 && r.beds.map((b) => b.number).join() === '1,2')).toBe(true);
    expect(rooms.flatMap((r) => r.beds).every((b) => b.state === 'free' && b.category === 'long_term' && b.nursing)).toBe(true);
    expect(board.counts).toMatchObject({ total: 10, free: 10, occupied: 0, nursing: 10, approved: 50, approvedDifference: -40 });

    // Letters, another floor, numeric room order (9 before 10), existing building reused.
    await core.call('beds.bulkCreate', bulk(a, { floor: 1, roomFrom: 9, roomTo: 10, bedsPerRoom: 3, bedNumbering: 'A,B' }));
    const again = await core.call('beds.board', { facilityId: a });
    expect(again.buildings).toHaveLength(1);
    expect(again.buildings[0]!.floors.map((f) => f.floor)).toEqual([1, 3]);
    expect(again.buildings[0]!.floors[0]!.rooms.map((r) => `${r.number}:${r.beds.map((b) => b.number).join('')}`)).toEqual(['9:ABC', '10:ABC']);
  });

  it('refuses beds before the facility opened, taken numbers and a full room, writing nothing', async () => {
    const a = await facility(core, '密云区第一养老院', '110118', 50);
    await core.call('beds.bulkCreate', bulk(a));
    const beds = await bedCount(core);
    const audits = await auditTotal(core);

    const early = await core.fail('beds.bulkCreate', bulk(a, { roomFrom: 310, roomTo: 311, openedOn: '2015-05-31' }));
    expect(early.code).toBe('BED_BEFORE_FACILITY');
    expect(early.message).toContain('2015-06-01');
    expect(early.details).toMatchObject({ field: 'openedOn' });

    // Room 300 would be created first, then 301 clashes: the whole action is rolled back.
    const taken = await core.fail('beds.bulkCreate', bulk(a, { roomFrom: 300, roomTo: 301 }));
    expect(taken.code).toBe('BED_NUMBER_TAKEN');
    expect(taken.message).toContain('房间 301 已有 1 号床');
    const board = await core.call('beds.board', { facilityId: a });
    expect(board.buildings[0]!.floors[0]!.rooms.map((r) => r.number)).not.toContain('300');

    const room301 = board.buildings[0]!.floors[0]!.rooms[0]!;
    expect((await core.fail('beds.create', { roomId: room301.id, number: '2', openedOn: '2021-01-01', category: 'long_term', nursing: true })).code).toBe('BED_NUMBER_TAKEN');
    expect((await core.fail('beds.create', { roomId: room301.id, number: '3', openedOn: '2021-01-01', category: 'long_term', nursing: true })).code).toBe('ROOM_FULL');
    expect((await core.fail('beds.create', { roomId: room301.id, number: '3', openedOn: '2027-01-01', category: 'long_term', nursing: true })).code).toBe('DATE_IN_FUTURE');
    expect((await core.fail('beds.bulkCreate', bulk(a, { floor: 4, roomFrom: 305, roomTo: 306 }))).message).toContain('已登记在 3 层');
    expect((await core.fail('beds.bulkCreate', bulk(a, { roomFrom: 310, roomTo: 309 }))).code).toBe('VALIDATION');
    expect((await core.fail('beds.bulkCreate', bulk(a, { category: 'home_care' as never }))).code).toBe('VALIDATION');
    expect((await core.fail('beds.createBuilding', { facilityId: a, name: '1号楼' })).code).toBe('BUILDING_NAME_TAKEN');
    expect((await core.fail('beds.createRoom', { buildingId: board.buildings[0]!.id, floor: 3, number: '301' })).code).toBe('ROOM_NUMBER_TAKEN');

    expect(await bedCount(core)).toBe(beds);
    expect(await auditTotal(core)).toBe(audits);
  });

  it('enforces the CHECK constraints and the current-number index in the database itself', async () => {
    const a = await facility(core, '密云区第一养老院', '110118', 50);
    await core.call('beds.bulkCreate', bulk(a, { roomTo: 301 }));
    const board = await core.call('beds.board', { facilityId: a });
    const bedId = bedIdOf(board, '301', '1');
    const s = core.ctx.sqlite;
    expect(() => s.prepare("UPDATE bed_attributes SET zone = 'vip' WHERE bed_id = ?").run(bedId)).toThrow(/CHECK/);
    expect(() => s.prepare("UPDATE bed_attributes SET category = 'home_care' WHERE bed_id = ?").run(bedId)).toThrow(/CHECK/);
    expect(() => s.prepare("UPDATE beds SET retired_on = '2019-01-01', retire_reason = 'x' WHERE id = ?").run(bedId)).toThrow(/CHECK/);
    expect(() => s.prepare("UPDATE beds SET opened_on = '2020-02-30' WHERE id = ?").run(bedId)).toThrow(/CHECK/);
    expect(() => s.prepare("UPDATE beds SET number = '2' WHERE id = ?").run(bedId)).toThrow(/UNIQUE/);
    expect(() => s.prepare("UPDATE rooms SET sex_restriction = 'X'").run()).toThrow(/CHECK/);
  });
});

it('logs what a room edit and an attribute change did: each changed value, before and after', async () => {
  core = await makeCore({ today: '2026-11-23' });
  const a = await facility(core, '密云区第一养老院', '110118', 50);
  await core.call('beds.bulkCreate', bulk(a, { roomTo: 301 }));
  const board = await core.call('beds.board', { facilityId: a });
  const room = board.buildings[0]!.floors[0]!.rooms[0]!;
  await core.call('beds.updateRoom', { id: room.id, floor: 3, number: '301', capacity: 3, sexRestriction: 'F' });
  const last = async () => (await core.call('audit.list', { limit: 1 })).rows[0]!.summary;
  expect(await last()).toBe('1号楼 修改房间 301：额定床位数 2 → 3；性别限制 不限 → 仅限女性');
  await core.call('beds.updateRoom', { id: room.id, floor: 3, number: '311', capacity: 2, sexRestriction: 'F' });
  expect(await last()).toBe('1号楼 修改房间 301：房间号 301 → 311；额定床位数 3 → 2');
  await core.call('beds.setAttributes', { id: bedIdOf(board, '301', '1'), effectiveOn: '2023-01-01', category: 'short_term', nursing: false, reason: '改为短期托养' });
  expect(await last()).toMatch(/^床位 .*311.* 自 2023-01-01 起由 长期集中、护理型、普通分区 改为 短期托养、非护理型、普通分区（改为短期托养）$/);
});

describe('counts as of a date', () => {
  let a: string;
  let board: BedBoard;
  beforeEach(async () => {
    core = await makeCore({ today: '2026-11-23' });
    a = await facility(core, '密云区第一养老院', '110118', 50);
    await core.call('beds.bulkCreate', bulk(a)); // 10 long-term nursing beds from 2020-01-01
    await core.call('beds.bulkCreate', bulk(a, { floor: 4, roomFrom: 401, roomTo: 402, bedNumbering: 'A,B', category: 'short_term', nursing: false, zone: 'dementia', reserve: true, openedOn: '2022-07-01' }));
    board = await core.call('beds.board', { facilityId: a });
    await core.call('beds.retire', { id: bedIdOf(board, '301', '1'), retiredOn: '2024-03-01', reason: '房间改造' });
    await core.call('beds.setAttributes', { id: bedIdOf(board, '302', '1'), effectiveOn: '2023-01-01', category: 'short_term', nursing: false, zone: 'mental', reserve: false, reason: '改为精神分区' });
    await core.call('beds.addOutage', { bedId: bedIdOf(board, '303', '1'), startOn: '2025-05-01', endOn: '2025-06-01', reason: '更换护理床' });
    await core.call('beds.addOutage', { bedId: bedIdOf(board, '304', '1'), startOn: '2026-10-01', reason: '漏水维修' });
  });

  const counts = (asOf: string) => core.call('beds.counts', { facilityId: a, asOf });

  it('counts what was there on each date: openings, retirement, attribute change, outages', async () => {
    expect((await counts('2019-12-31')).total).toBe(0);
    expect(await counts('2021-06-30')).toMatchObject({
      total: 10,
      byCategory: { long_term: 10, short_term: 0 },
      byZone: { general: 10, dementia: 0, intellectual: 0, mental: 0 },
      nursing: 10,
      reserve: 0,
      free: 10,
    });
    expect(await counts('2022-07-01')).toMatchObject({
      total: 14,
      byCategory: { long_term: 10, short_term: 4 },
      byZone: { general: 10, dementia: 4 },
      nursing: 10,
      reserve: 4,
      byState: { free: 10, reserved: 4, occupied: 0, on_leave: 0, out_of_service: 0 },
    });
    // 302-1 became a short-term, non-nursing mental-health bed on 2023-01-01 …
    expect(await counts('2022-12-31')).toMatchObject({ byCategory: { long_term: 10, short_term: 4 }, nursing: 10, byZone: { mental: 0 } });
    expect(await counts('2023-06-01')).toMatchObject({ total: 14, byCategory: { long_term: 9, short_term: 5 }, nursing: 9, byZone: { general: 9, mental: 1, dementia: 4 } });
    // … and 301-1 was retired on 2024-03-01: counted the day before, not from that day on.
    expect((await counts('2024-02-29')).total).toBe(14);
    expect(await counts('2024-03-01')).toMatchObject({ total: 13, byCategory: { long_term: 8, short_term: 5 }, nursing: 8 });
    // Outage [2025-05-01, 2025-06-01) on 303-1.
    expect(await counts('2025-05-15')).toMatchObject({ total: 13, byState: { out_of_service: 1, reserved: 4, free: 8 } });
    expect(await counts('2025-06-01')).toMatchObject({ byState: { out_of_service: 0, free: 9 } });
    // Today: 304-1 is out of service (open-ended), nobody is occupying anything yet.
    expect(await counts('2026-11-23')).toMatchObject({ total: 13, occupied: 0, free: 8, byState: { out_of_service: 1, reserved: 4, on_leave: 0 }, approved: 50, approvedDifference: -37 });
    expect(await core.call('beds.counts', { facilityId: a })).toMatchObject({ asOf: '2026-11-23', total: 13 });

    const today = await core.call('beds.board', { facilityId: a });
    const states = Object.fromEntries(today.buildings[0]!.floors.flatMap((f) => f.rooms).flatMap((r) => r.beds.map((b) => [`${r.number}-${b.number}`, b.state])));
    expect(states['301-1']).toBeUndefined();
    expect(states['304-1']).toBe('out_of_service');
    expect(states['401-A']).toBe('reserved');
    expect(states['303-1']).toBe('free');
    const past = await core.call('beds.board', { facilityId: a, asOf: '2024-02-01' });
    expect(past.counts.total).toBe(14);
    expect(past.buildings[0]!.floors[0]!.rooms[0]!.beds.map((b) => b.number)).toEqual(['1', '2']);
  });

  it('counts per area: a district includes its streets, the city everything; the bureau list pages', async () => {
    await core.call('areas.create', { code: '110118001', name: '鼓楼街道' });
    const c = await facility(core, '鼓楼街道养老照料中心', '110118001', null, '2018-01-01');
    const b = await facility(core, '门头沟区社会福利中心', '110109', 5, '2010-01-01');
    await core.call('beds.bulkCreate', bulk(c, { floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 2 }));
    await core.call('beds.bulkCreate', bulk(b, { floor: 1, roomFrom: 101, roomTo: 101, bedsPerRoom: 3, nursing: false }));
    const today = '2026-11-23';
    expect(await core.call('beds.counts', { areaCode: '110118', asOf: today })).toMatchObject({ total: 15, nursing: 10, approved: 50, approvedUnknown: 1 });
    expect(await core.call('beds.counts', { areaCode: '110118001', asOf: today })).toMatchObject({ total: 2, approved: null, approvedDifference: null, approvedUnknown: 1 });
    expect(await core.call('beds.counts', { areaCode: '110109', asOf: today })).toMatchObject({ total: 3, nursing: 0, approved: 5, approvedDifference: -2 });
    expect(await core.call('beds.counts', { asOf: today })).toMatchObject({ total: 18, approved: 55, approvedDifference: -37 });
    expect((await core.call('beds.counts', { areaCode: '110118', asOf: '2019-12-31' })).total).toBe(0);
    expect((await core.fail('beds.counts', { facilityId: a, areaCode: '110118' })).code).toBe('VALIDATION');

    let page!: Awaited<ReturnType<typeof core.call<'beds.summary'>>>;
    // The first call, before the statement cache holds it: the page is chosen on facilities alone, in
    // index order, and only its rows are joined to their district.
    const plan = await pagingPlan(core, 'district_name', async () => {
      page = await core.call('beds.summary', { districtCode: '110118', asOf: today, limit: 1, offset: 0 });
    });
    expect(plan.paging, plan.all).toMatch(/facilities_district_name/);
    expect(plan.paging).not.toMatch(/areas|\bd\b/);
    expect(plan.all).not.toMatch(/TEMP B-TREE/);
    expect(page.total).toBe(2);
    expect(page.rows).toHaveLength(1);
    const all = await core.call('beds.summary', { asOf: today });
    expect(all.rows.map((r) => [r.facilityName, r.districtName, r.counts.total, r.counts.approvedDifference])).toEqual([
      ['门头沟区社会福利中心', '门头沟区', 3, -2],
      ['密云区第一养老院', '密云区', 13, -37],
      ['鼓楼街道养老照料中心', '密云区', 2, null],
    ]);
    expect(await pageThrough(core, 'beds.summary', { asOf: today }, 1)).toEqual({ rows: all.rows, total: 3 });
    expect((await core.call('beds.summary', { asOf: today, search: '鼓楼' })).rows.map((r) => r.facilityName)).toEqual(['鼓楼街道养老照料中心']);
  });

  it('keeps the attribute history and outages on the bed detail, and reuses a retired number later', async () => {
    const detail = await core.call('beds.get', { id: bedIdOf(board, '302', '1') });
    expect(detail).toMatchObject({ label: '302-1', category: 'short_term', nursing: false, zone: 'mental', state: 'free', buildingName: '1号楼' });
    expect(detail.attributeHistory.map((h) => [h.effectiveOn, h.category, h.nursing])).toEqual([
      ['2023-01-01', 'short_term', false],
      ['2020-01-01', 'long_term', true],
    ]);
    const asOfPast = await core.call('beds.get', { id: detail.id, asOf: '2022-01-01' });
    expect(asOfPast).toMatchObject({ category: 'long_term', nursing: true });

    const retired = await core.call('beds.get', { id: bedIdOf(board, '301', '1') });
    expect(retired).toMatchObject({ retiredOn: '2024-03-01', retireReason: '房间改造', state: null });
    const room301 = board.buildings[0]!.floors[0]!.rooms[0]!;
    const reuse = { roomId: room301.id, number: '1', category: 'long_term', nursing: true } as const;
    expect((await core.fail('beds.create', { ...reuse, openedOn: '2024-02-01' })).code).toBe('BED_NUMBER_TAKEN');
    const fresh = await core.call('beds.create', { ...reuse, openedOn: '2024-03-01' });
    expect(fresh.label).toBe('301-1');
    expect((await counts('2024-03-01')).total).toBe(14);

    const ended = await core.call('beds.endOutage', { outageId: (await core.call('beds.get', { id: bedIdOf(board, '304', '1') })).outages[0]!.id, endOn: '2026-11-20' });
    expect(ended.state).toBe('free');
    expect((await counts('2026-11-19')).byState.out_of_service).toBe(1);
  });

  it('refuses bad retirements, attribute changes and outages with their own codes', async () => {
    const audits = await auditTotal(core);
    const b301 = bedIdOf(board, '301', '1');
    const b302 = bedIdOf(board, '302', '1');
    const b304 = bedIdOf(board, '304', '1');
    const b305 = bedIdOf(board, '305', '1');
    expect((await core.fail('beds.retire', { id: b301, retiredOn: '2025-01-01', reason: '再次' })).code).toBe('BED_RETIRED');
    expect((await core.fail('beds.retire', { id: b305, retiredOn: '2020-01-01', reason: '录错' })).code).toBe('BED_DATE_INVALID');
    expect((await core.fail('beds.retire', { id: b305, retiredOn: '2027-01-01', reason: '计划' })).code).toBe('DATE_IN_FUTURE');
    expect((await core.fail('beds.retire', { id: b302, retiredOn: '2022-01-01', reason: '早于变更' })).message).toContain('2023-01-01 有属性变更记录');
    expect((await core.fail('beds.retire', { id: b305, retiredOn: '2025-01-01', reason: '' })).code).toBe('VALIDATION');
    expect((await core.fail('beds.retire', { id: crypto.randomUUID(), retiredOn: '2025-01-01', reason: 'x' })).code).toBe('BED_NOT_FOUND');

    expect((await core.fail('beds.setAttributes', { id: b302, effectiveOn: '2023-01-01', category: 'long_term', nursing: true })).code).toBe('BED_ATTRIBUTE_DATE_TAKEN');
    expect((await core.fail('beds.setAttributes', { id: b305, effectiveOn: '2019-01-01', category: 'short_term', nursing: true })).code).toBe('BED_DATE_INVALID');
    expect((await core.fail('beds.setAttributes', { id: b301, effectiveOn: '2025-01-01', category: 'short_term', nursing: true })).code).toBe('BED_RETIRED');
    expect((await core.fail('beds.setAttributes', { id: b305, effectiveOn: '2025-01-01', category: 'long_term', nursing: true })).message).toContain('无需变更');

    expect((await core.fail('beds.addOutage', { bedId: b304, startOn: '2026-11-01', reason: '重复' })).code).toBe('BED_OUTAGE_OVERLAP');
    expect((await core.fail('beds.addOutage', { bedId: b304, startOn: '2026-09-01', endOn: '2026-10-02', reason: '重叠' })).code).toBe('BED_OUTAGE_OVERLAP');
    expect((await core.fail('beds.addOutage', { bedId: b305, startOn: '2025-01-10', endOn: '2025-01-10', reason: '零天' })).code).toBe('BED_DATE_INVALID');
    expect((await core.fail('beds.addOutage', { bedId: b301, startOn: '2025-01-10', reason: '已停用' })).code).toBe('BED_RETIRED');
    expect((await core.fail('beds.endOutage', { outageId: (await core.call('beds.get', { id: b304 })).outages[0]!.id, endOn: '2026-09-01' })).code).toBe('BED_DATE_INVALID');

    // Occupancy: once a stay holds the bed, neither retirement nor an outage may take it away.
    occupancy.occupied = true;
    const occupied = await core.fail('beds.retire', { id: b305, retiredOn: '2025-01-01', reason: '拆除' });
    expect(occupied.code).toBe('BED_OCCUPIED');
    expect(occupied.message).toContain('305-1');
    expect((await core.fail('beds.addOutage', { bedId: b305, startOn: '2025-01-10', reason: '维修' })).code).toBe('BED_OCCUPIED');
    occupancy.occupied = false;

    expect(await auditTotal(core)).toBe(audits);
    expect((await counts('2026-11-23')).total).toBe(13);
  });

  it('uses the as-of index for counting and stays fast for a 2,000-bed facility', async () => {
    const big = await facility(core, '大型养老中心', '110118', 2000, '2010-01-01');
    for (let floor = 1; floor <= 5; floor++) {
      await core.call('beds.bulkCreate', bulk(big, { buildingName: 'A座', floor, roomFrom: floor * 1000, roomTo: floor * 1000 + 199, bedsPerRoom: 2, openedOn: '2012-01-01' }));
    }
    const started = performance.now();
    const counted = await core.call('beds.counts', { facilityId: big, asOf: '2026-11-23' });
    const boardBig = await core.call('beds.board', { facilityId: big });
    const elapsed = performance.now() - started;
    expect(counted.total).toBe(2000);
    expect(boardBig.buildings[0]!.floors).toHaveLength(5);
    expect(elapsed).toBeLessThan(2000);

    const compiled = bedsOnSql(sql`b.facility_id = ${big}`, '2026-11-23').compile(core.ctx.db);
    const plan = core.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[];
    const text = plan.map((p) => p.detail).join('\n');
    expect(text).toMatch(/beds_facility_asof/);
    expect(text).toMatch(/bed_attributes/);
    expect(text).not.toMatch(/SCAN b\b/);
  });
});

describe('bed import', () => {
  const header = '机构名称,楼栋,楼层,房间,床位号,床位类别,护理型,分区,应急预留,启用日期,停用日期';

  it('names every problem of a bad row, writes nothing, then imports the fixed file with one audit entry', async () => {
    core = await makeCore({ today: '2026-11-23' });
    const a = await facility(core, '密云区第一养老院', '110118', 6);
    const good = [
      '密云区第一养老院,2号楼,1,101,1,长期集中,是,普通,否,2020-01-01,',
      '密云区第一养老院,2号楼,1,101,2,长期集中,是,失能失智,否,2020-01-01,2024-06-30',
      '密云区第一养老院,2号楼,1,102,1,短期托养,否,,是,2021-03-01,',
    ];
    const bad = '不存在的养老院,2号楼,一层,103,1,家庭照护,也许,普通,否,2020-01-01,';
    const early = '密云区第一养老院,2号楼,1,103,1,长期集中,是,普通,否,2014-01-01,';
    const dup = '密云区第一养老院,2号楼,1,101,1,长期集中,是,普通,否,2020-01-01,';
    const wrongFloor = '密云区第一养老院,2号楼,2,101,3,长期集中,是,普通,否,2020-01-01,';
    const file = fileOf('beds.csv', [header, ...good, bad, early, dup, wrongFloor].join('\n'));
    const audits = await auditTotal(core);

    const report = await core.call('imports.preview', { kind: 'beds', file });
    expect(report).toMatchObject({ rowsRead: 7, rowsAccepted: 3, rowsRejected: 4, committed: false });
    const byRow = (row: number) => report.errors.filter((e) => e.row === row);
    expect(byRow(5).map((e) => e.column).sort()).toEqual(['床位类别', '护理型', '机构名称', '楼层'].sort());
    expect(byRow(5).find((e) => e.column === '床位类别')!.message).toContain('可选值：长期集中、短期托养');
    expect(byRow(6)).toEqual([expect.objectContaining({ column: '启用日期', message: expect.stringContaining('早于密云区第一养老院的开业日期 2015-06-01') })]);
    expect(byRow(7)).toEqual([expect.objectContaining({ column: '床位号', message: expect.stringContaining('房间 101 已有 1 号床') })]);
    expect(byRow(8)).toEqual([expect.objectContaining({ column: '楼层', message: expect.stringContaining('已登记在 1 层') })]);

    const started = await core.call('imports.start', { kind: 'beds', file, dryRun: false });
    let job = await core.call('jobs.get', started);
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      job = await core.call('jobs.get', started);
    }
    expect(job.result).toMatchObject({ committed: false, rowsRejected: 4 });
    expect(await bedCount(core)).toBe(0);
    expect(await auditTotal(core)).toBe(audits);

    const fixed = await core.call('imports.preview', { kind: 'beds', file: fileOf('beds.csv', [header, ...good].join('\n')) });
    expect(fixed.rowsRejected).toBe(0);
    const ok = await core.call('imports.start', { kind: 'beds', file: fileOf('beds.csv', [header, ...good].join('\n')), dryRun: false });
    let done = await core.call('jobs.get', ok);
    while (done.state === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      done = await core.call('jobs.get', ok);
    }
    expect(done.result).toMatchObject({ committed: true, rowsAccepted: 3 });
    expect(await auditTotal(core)).toBe(audits + 1);
    expect(await core.call('beds.counts', { facilityId: a, asOf: '2024-06-29' })).toMatchObject({ total: 3, reserve: 1, byZone: { dementia: 1 }, byCategory: { short_term: 1 } });
    expect(await core.call('beds.counts', { facilityId: a, asOf: '2026-11-23' })).toMatchObject({ total: 2, nursing: 1, approvedDifference: -4 });
    const board = await core.call('beds.board', { facilityId: a });
    expect(board.buildings[0]!.floors[0]!.rooms.map((r) => [r.number, r.capacity, r.beds.length])).toEqual([
      ['101', null, 1],
      ['102', null, 1],
    ]);
  });

  it('offers a template with exactly the issue columns', async () => {
    core = await makeCore();
    const kinds = await core.call('imports.kinds', {});
    expect(kinds.find((k) => k.kind === 'beds')!.columns.map((c) => c.header).join(',')).toBe(header);
  });
});
