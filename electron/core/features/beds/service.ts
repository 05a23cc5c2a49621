import { sql } from 'kysely';
import { AppError } from '../../../../shared/errors';
import type {
  BedAttributes,
  BedBoard,
  BedCounts,
  BedCountsInput,
  BedCreateInput,
  BedDetail,
  BedSetAttributesInput,
  BedSummaryInput,
  BoardBuilding,
  BoardOccupant,
  BoardRoom,
  BuildingRow,
  BulkCreateInput,
  BulkCreateResult,
  FacilityBedSummary,
  RoomCreateInput,
  RoomRow,
  RoomUpdateInput,
} from '../../../../shared/contract';
import type { Page } from '../../../../shared/schemas/common';
import { BED_CATEGORIES, BED_ZONES, SEX_RESTRICTIONS, bedLabel, bedNumbersFor, type BedState, type SexRestriction } from '../../../../shared/domain/beds';
import type { CoreContext, Trx } from '../../app/context';
import { changeList, inTransaction, writeAudit } from '../../app/audit';
import { todayIn } from '../../app/time';
import type {  RoomTable, Db } from '../../db/schema';
import { bedStatesOn, bedsOnSql, countBedsAsOf, countBedsPerFacility, type BedScope } from './counts';
import { isBedOccupiedOn, otherSexInRoomFrom } from './occupancy';
import { newId } from '../../app/ids';
import { abilityLevelOn, stayCoversOn } from '../../db/asOf';
import { facilityScopeSql } from '../../app/access';
import { escapeLike } from '../../db/lists';

// ---------- lookups ----------

async function facilityOrThrow(db: Db, id: string) {
  const f = await db.selectFrom('facilities').select(['id', 'name', 'opened_on', 'approved_beds']).where('id', '=', id).executeTakeFirst();
  if (!f) throw new AppError('FACILITY_NOT_FOUND', '机构不存在或已被删除', { field: 'facilityId', id });
  return f;
}

function toRoomRow(r: Pick<RoomTable, 'id' | 'building_id' | 'floor' | 'number' | 'capacity' | 'sex_restriction'>): RoomRow {
  return { id: r.id, buildingId: r.building_id, floor: r.floor, number: r.number, capacity: r.capacity, sexRestriction: r.sex_restriction };
}

function notInFuture(ctx: CoreContext, date: string, field: string, label: string) {
  if (date > todayIn(ctx.now())) throw new AppError('DATE_IN_FUTURE', `${label} ${date} 晚于今天`, { field });
}

function attributesOf(row: { category: BedAttributes['category']; nursing: number; zone: BedAttributes['zone']; reserve: number }): BedAttributes {
  return { category: row.category, nursing: row.nursing === 1, zone: row.zone, reserve: row.reserve === 1 };
}

function describeAttributes(a: BedAttributes): string {
  return `${BED_CATEGORIES[a.category]}、${a.nursing ? '护理型' : '非护理型'}、${BED_ZONES[a.zone]}分区${a.reserve ? '、应急预留' : ''}`;
}

// ---------- buildings and rooms ----------

export async function findOrCreateBuilding(trx: Trx, ctx: CoreContext, facilityId: string, name: string): Promise<{ id: string; created: boolean }> {
  const existing = await trx.selectFrom('buildings').select('id').where('facility_id', '=', facilityId).where('name', '=', name).executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const id = newId();
  await trx.insertInto('buildings').values({ id, facility_id: facilityId, name, created_at: ctx.now().toISOString() }).execute();
  return { id, created: true };
}

export function createBuilding(ctx: CoreContext, input: { facilityId: string; name: string }): Promise<BuildingRow> {
  return inTransaction(ctx, async (trx) => {
    const facility = await facilityOrThrow(trx, input.facilityId);
    const { id, created } = await findOrCreateBuilding(trx, ctx, input.facilityId, input.name);
    if (!created) throw new AppError('BUILDING_NAME_TAKEN', `${facility.name}已有楼栋“${input.name}”`, { field: 'name' });
    const row = { id, facilityId: input.facilityId, name: input.name };
    await writeAudit(trx, ctx, { action: 'building.create', entity: 'facility', entityId: input.facilityId, summary: `${facility.name} 新增楼栋 ${input.name}`, after: row });
    return row;
  });
}

/**
 * The room with this number in the building, created when missing. An existing room must be on the
 * floor the caller says: a mismatch is almost always a typo in a file, not a wish to move the room.
 */
export async function findOrCreateRoom(
  trx: Trx,
  ctx: CoreContext,
  input: { buildingId: string; floor: number; number: string; capacity: number | null; sexRestriction: RoomTable['sex_restriction'] },
): Promise<{ room: RoomTable; created: boolean }> {
  const existing = await trx.selectFrom('rooms').selectAll().where('building_id', '=', input.buildingId).where('number', '=', input.number).executeTakeFirst();
  if (existing) {
    if (existing.floor !== input.floor) {
      throw new AppError('VALIDATION', `房间 ${input.number} 已登记在 ${existing.floor} 层，与填写的 ${input.floor} 层不符`, { field: 'floor' });
    }
    return { room: existing, created: false };
  }
  const now = ctx.now().toISOString();
  const room: RoomTable = {
    id: newId(),
    building_id: input.buildingId,
    floor: input.floor,
    number: input.number,
    capacity: input.capacity,
    sex_restriction: input.sexRestriction,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('rooms').values(room).execute();
  return { room, created: true };
}

export function createRoom(ctx: CoreContext, input: RoomCreateInput): Promise<RoomRow> {
  return inTransaction(ctx, async (trx) => {
    const building = await trx.selectFrom('buildings').select(['id', 'name', 'facility_id']).where('id', '=', input.buildingId).executeTakeFirst();
    if (!building) throw new AppError('NOT_FOUND', '楼栋不存在', { field: 'buildingId' });
    const { room, created } = await findOrCreateRoom(trx, ctx, input);
    if (!created) throw new AppError('ROOM_NUMBER_TAKEN', `${building.name}已有房间 ${input.number}`, { field: 'number' });
    await writeAudit(trx, ctx, { action: 'room.create', entity: 'facility', entityId: building.facility_id, summary: `${building.name} 新增房间 ${input.number}（${input.floor} 层）`, after: room });
    return toRoomRow(room);
  });
}

export function updateRoom(ctx: CoreContext, input: RoomUpdateInput): Promise<RoomRow> {
  return inTransaction(ctx, async (trx) => {
    const before = await trx.selectFrom('rooms').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!before) throw new AppError('NOT_FOUND', '房间不存在', { field: 'id' });
    const building = (await trx.selectFrom('buildings').select(['name', 'facility_id']).where('id', '=', before.building_id).executeTakeFirstOrThrow());
    if (input.number !== before.number) {
      const clash = await trx.selectFrom('rooms').select('id').where('building_id', '=', before.building_id).where('number', '=', input.number).executeTakeFirst();
      if (clash) throw new AppError('ROOM_NUMBER_TAKEN', `${building.name}已有房间 ${input.number}`, { field: 'number' });
    }
    if (input.capacity !== null) {
      const { n } = await trx.selectFrom('beds').select((eb) => eb.fn.countAll<number>().as('n')).where('room_id', '=', input.id).where('retired_on', 'is', null).executeTakeFirstOrThrow();
      if (n > input.capacity) throw new AppError('ROOM_FULL', `房间现有 ${n} 张床位，额定床位数不能小于它`, { field: 'capacity' });
    }
    if (input.sexRestriction && input.sexRestriction !== before.sex_restriction) {
      const other = await otherSexInRoomFrom(trx, input.id, input.sexRestriction, todayIn(ctx.now()));
      if (other) {
        const only = input.sexRestriction === 'M' ? '男性' : '女性';
        throw new AppError('ROOM_SEX_MISMATCH', `房间 ${before.number} 的 ${other.bedNumber} 号床住着（或已安排入住）${other.name}，不能设为仅限${only}`, { field: 'sexRestriction' });
      }
    }
    const values = { floor: input.floor, number: input.number, capacity: input.capacity, sex_restriction: input.sexRestriction, updated_at: ctx.now().toISOString() };
    await trx.updateTable('rooms').set(values).where('id', '=', input.id).execute();
    const sex = (v: SexRestriction | null) => (v ? SEX_RESTRICTIONS[v] : '不限');
    const changes = changeList([
      ['房间号', before.number, input.number],
      ['楼层', before.floor, input.floor],
      ['额定床位数', before.capacity ?? '未设', input.capacity ?? '未设'],
      ['性别限制', sex(before.sex_restriction), sex(input.sexRestriction)],
    ]);
    await writeAudit(trx, ctx, { action: 'room.update', entity: 'facility', entityId: building.facility_id, summary: `${building.name} 修改房间 ${before.number}：${changes || '无变化'}`, before, after: values });
    return toRoomRow({ ...before, ...values });
  });
}

// ---------- beds ----------

/**
 * Checks and writes one bed with its first attribute row (effective on the opening day). No audit:
 * the caller writes one entry for the whole action (a form save, a bulk creation, an import).
 */
export async function insertBedIn(
  trx: Trx,
  ctx: CoreContext,
  input: { room: RoomTable; facility: { id: string; name: string; opened_on: string | null }; number: string; openedOn: string } & BedAttributes,
): Promise<string> {
  notInFuture(ctx, input.openedOn, 'openedOn', '床位启用日期');
  if (input.facility.opened_on && input.openedOn < input.facility.opened_on) {
    throw new AppError('BED_BEFORE_FACILITY', `床位启用日期 ${input.openedOn} 早于${input.facility.name}的开业日期 ${input.facility.opened_on}`, { field: 'openedOn' });
  }
  // A number may be reused only after the earlier bed with it was retired, never during its lifetime.
  const clash = await trx
    .selectFrom('beds')
    .select(['retired_on'])
    .where('room_id', '=', input.room.id)
    .where('number', '=', input.number)
    .where((eb) => eb.or([eb('retired_on', 'is', null), eb('retired_on', '>', input.openedOn)]))
    .executeTakeFirst();
  if (clash) {
    throw new AppError(
      'BED_NUMBER_TAKEN',
      clash.retired_on
        ? `房间 ${input.room.number} 的 ${input.number} 号床 ${clash.retired_on} 才停用，新床位须在此之后启用`
        : `房间 ${input.room.number} 已有 ${input.number} 号床`,
      { field: 'number' },
    );
  }
  if (input.room.capacity !== null) {
    const { n } = await trx.selectFrom('beds').select((eb) => eb.fn.countAll<number>().as('n')).where('room_id', '=', input.room.id).where('retired_on', 'is', null).executeTakeFirstOrThrow();
    if (n >= input.room.capacity) {
      throw new AppError('ROOM_FULL', `房间 ${input.room.number} 额定 ${input.room.capacity} 张床，已满，不能再新增`, { field: 'number' });
    }
  }
  const now = ctx.now().toISOString();
  const id = newId();
  await trx.insertInto('beds').values({ id, room_id: input.room.id, facility_id: input.facility.id, number: input.number, opened_on: input.openedOn, retired_on: null, retire_reason: null, created_at: now }).execute();
  await trx
    .insertInto('bed_attributes')
    .values({ id: newId(), bed_id: id, effective_on: input.openedOn, category: input.category, nursing: input.nursing ? 1 : 0, zone: input.zone, reserve: input.reserve ? 1 : 0, reason: '启用', recorded_at: now, recorded_by: ctx.actor.id })
    .execute();
  return id;
}

async function roomWithFacility(trx: Trx, roomId: string) {
  const row = await trx
    .selectFrom('rooms as r')
    .innerJoin('buildings as g', 'g.id', 'r.building_id')
    .innerJoin('facilities as f', 'f.id', 'g.facility_id')
    .selectAll('r')
    .select(['f.id as facility_id', 'f.name as facility_name', 'f.opened_on as facility_opened_on', 'g.name as building_name'])
    .where('r.id', '=', roomId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '房间不存在', { field: 'roomId' });
  const { facility_id, facility_name, facility_opened_on, building_name, ...room } = row;
  return { room: room as RoomTable, facility: { id: facility_id, name: facility_name, opened_on: facility_opened_on }, buildingName: building_name };
}

export function createBed(ctx: CoreContext, input: BedCreateInput): Promise<BedDetail> {
  return inTransaction(ctx, async (trx) => {
    const { room, facility, buildingName } = await roomWithFacility(trx, input.roomId);
    const id = await insertBedIn(trx, ctx, { ...input, room, facility });
    await writeAudit(trx, ctx, {
      action: 'bed.create',
      entity: 'bed',
      entityId: id,
      summary: `${facility.name} ${buildingName} 新增床位 ${bedLabel(room.number, input.number)}（${describeAttributes(input)}，${input.openedOn} 启用）`,
      after: input,
    });
    return getBedIn(trx, ctx, id, null);
  });
}

/**
 * "Rooms 301–320, two beds each" as one action: one transaction and one audit entry. The building
 * and missing rooms are created; existing rooms get the beds added (refused if a number is taken).
 */
export function bulkCreateBeds(ctx: CoreContext, input: BulkCreateInput): Promise<BulkCreateResult> {
  return inTransaction(ctx, async (trx) => {
    const facility = await facilityOrThrow(trx, input.facilityId);
    const building = await findOrCreateBuilding(trx, ctx, input.facilityId, input.buildingName);
    const numbers = bedNumbersFor(input.bedsPerRoom, input.bedNumbering);
    let roomsCreated = 0;
    let bedsCreated = 0;
    for (let n = input.roomFrom; n <= input.roomTo; n++) {
      const { room, created } = await findOrCreateRoom(trx, ctx, {
        buildingId: building.id,
        floor: input.floor,
        number: String(n),
        capacity: input.bedsPerRoom,
        sexRestriction: input.sexRestriction,
      });
      if (created) roomsCreated++;
      for (const number of numbers) {
        await insertBedIn(trx, ctx, { room, facility, number, openedOn: input.openedOn, category: input.category, nursing: input.nursing, zone: input.zone, reserve: input.reserve });
        bedsCreated++;
      }
    }
    const roomCount = input.roomTo - input.roomFrom + 1;
    await writeAudit(trx, ctx, {
      action: 'beds.bulkCreate',
      entity: 'facility',
      entityId: input.facilityId,
      summary: `${facility.name} ${input.buildingName} ${input.floor} 层 ${input.roomFrom}${roomCount > 1 ? `–${input.roomTo}` : ''} 共 ${roomCount} 间、${bedsCreated} 张床位（${describeAttributes(input)}，${input.openedOn} 启用）`,
      after: input,
    });
    return { buildingId: building.id, roomsCreated, roomsReused: roomCount - roomsCreated, bedsCreated };
  });
}

async function bedOrThrow(db: Db, id: string) {
  const bed = await db.selectFrom('beds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!bed) throw new AppError('BED_NOT_FOUND', '床位不存在或已被删除', { id });
  return bed;
}

export async function getBedIn(db: Db, ctx: CoreContext, id: string, asOf: string | null): Promise<BedDetail> {
  const date = asOf ?? todayIn(ctx.now());
  const bed = await bedOrThrow(db, id);
  const place = await db
    .selectFrom('rooms as r')
    .innerJoin('buildings as g', 'g.id', 'r.building_id')
    .innerJoin('facilities as f', 'f.id', 'g.facility_id')
    .select(['r.id', 'r.building_id', 'r.floor', 'r.number', 'r.capacity', 'r.sex_restriction', 'g.name as building_name', 'f.name as facility_name'])
    .where('r.id', '=', bed.room_id)
    .executeTakeFirstOrThrow();
  const history = await db.selectFrom('bed_attributes').selectAll().where('bed_id', '=', id).orderBy('effective_on', 'desc').execute();
  const outages = await db.selectFrom('bed_outages').selectAll().where('bed_id', '=', id).orderBy('start_on', 'desc').execute();
  const stateRow = (await bedsOnSql(sql`b.id = ${id}`, date).execute(db)).rows[0];
  // Before the bed opened, show its first attributes; otherwise those in force on the date.
  const inForce = history.find((h) => h.effective_on <= date) ?? history[history.length - 1]!;
  return {
    id: bed.id,
    number: bed.number,
    label: bedLabel(place.number, bed.number),
    facilityId: bed.facility_id,
    facilityName: place.facility_name,
    buildingId: place.building_id,
    buildingName: place.building_name,
    room: toRoomRow(place),
    openedOn: bed.opened_on,
    retiredOn: bed.retired_on,
    retireReason: bed.retire_reason,
    asOf: date,
    state: (stateRow?.state as BedState | undefined) ?? null,
    ...attributesOf(inForce),
    attributeHistory: history.map((h) => ({ id: h.id, effectiveOn: h.effective_on, reason: h.reason, recordedAt: h.recorded_at, ...attributesOf(h) })),
    outages: outages.map((o) => ({ id: o.id, startOn: o.start_on, endOn: o.end_on, reason: o.reason, recordedAt: o.recorded_at })),
  };
}

export function getBed(ctx: CoreContext, input: { id: string; asOf: string | null }): Promise<BedDetail> {
  return getBedIn(ctx.db, ctx, input.id, input.asOf);
}

async function placeLabel(db: Db, bed: { room_id: string; number: string; facility_id: string }) {
  const r = await db
    .selectFrom('rooms as r')
    .innerJoin('buildings as g', 'g.id', 'r.building_id')
    .innerJoin('facilities as f', 'f.id', 'g.facility_id')
    .select(['r.number', 'g.name as building', 'f.name as facility'])
    .where('r.id', '=', bed.room_id)
    .executeTakeFirstOrThrow();
  return `${r.facility} ${r.building} ${bedLabel(r.number, bed.number)}`;
}

/** Retires a bed from a date on; its rows stay, so counts before that date still include it. */
export async function retireBedIn(trx: Trx, ctx: CoreContext, id: string, retiredOn: string, reason: string) {
  const bed = await bedOrThrow(trx, id);
  const label = await placeLabel(trx, bed);
  if (bed.retired_on) throw new AppError('BED_RETIRED', `床位 ${label} 已于 ${bed.retired_on} 停用`, { field: 'retiredOn' });
  notInFuture(ctx, retiredOn, 'retiredOn', '停用日期');
  if (retiredOn <= bed.opened_on) {
    throw new AppError('BED_DATE_INVALID', `停用日期须晚于启用日期 ${bed.opened_on}`, { field: 'retiredOn' });
  }
  const laterAttr = await trx.selectFrom('bed_attributes').select('effective_on').where('bed_id', '=', id).where('effective_on', '>=', retiredOn).orderBy('effective_on', 'desc').executeTakeFirst();
  if (laterAttr) {
    throw new AppError('BED_DATE_INVALID', `床位在 ${laterAttr.effective_on} 有属性变更记录，停用日期须晚于该日期`, { field: 'retiredOn' });
  }
  const laterOutage = await trx.selectFrom('bed_outages').select('start_on').where('bed_id', '=', id).where('start_on', '>=', retiredOn).orderBy('start_on', 'desc').executeTakeFirst();
  if (laterOutage) {
    throw new AppError('BED_DATE_INVALID', `床位自 ${laterOutage.start_on} 起有停用维修记录，停用日期须晚于该日期`, { field: 'retiredOn' });
  }
  if (await isBedOccupiedOn(trx, id, retiredOn)) {
    throw new AppError('BED_OCCUPIED', `床位 ${label} 在 ${retiredOn} 及以后有人入住，请先办理出院或调床再停用`, { field: 'retiredOn' });
  }
  await trx.updateTable('beds').set({ retired_on: retiredOn, retire_reason: reason }).where('id', '=', id).execute();
  return { bed, label };
}

export function retireBed(ctx: CoreContext, input: { id: string; retiredOn: string; reason: string }): Promise<BedDetail> {
  return inTransaction(ctx, async (trx) => {
    const { label } = await retireBedIn(trx, ctx, input.id, input.retiredOn, input.reason);
    await writeAudit(trx, ctx, {
      action: 'bed.retire',
      entity: 'bed',
      entityId: input.id,
      summary: `床位 ${label} 自 ${input.retiredOn} 起停用（${input.reason}）`,
      before: { retiredOn: null },
      after: { retiredOn: input.retiredOn, reason: input.reason },
    });
    return getBedIn(trx, ctx, input.id, null);
  });
}

/** A dated change: the new attributes apply from effectiveOn; the earlier rows are kept. */
export function setBedAttributes(ctx: CoreContext, input: BedSetAttributesInput): Promise<BedDetail> {
  return inTransaction(ctx, async (trx) => {
    await setBedAttributesIn(trx, ctx, input);
    return getBedIn(trx, ctx, input.id, null);
  });
}

/** A bed's new attribute version in the caller's transaction, with the checks and audit entry of setBedAttributes. */
export async function setBedAttributesIn(trx: Trx, ctx: CoreContext, input: BedSetAttributesInput): Promise<void> {
  const bed = await bedOrThrow(trx, input.id);
  const label = await placeLabel(trx, bed);
  notInFuture(ctx, input.effectiveOn, 'effectiveOn', '生效日期');
  if (input.effectiveOn < bed.opened_on) {
    throw new AppError('BED_DATE_INVALID', `生效日期不能早于床位启用日期 ${bed.opened_on}`, { field: 'effectiveOn' });
  }
  if (bed.retired_on && input.effectiveOn >= bed.retired_on) {
    throw new AppError('BED_RETIRED', `床位已于 ${bed.retired_on} 停用，生效日期须早于停用日期`, { field: 'effectiveOn' });
  }
  const same = await trx.selectFrom('bed_attributes').select('id').where('bed_id', '=', bed.id).where('effective_on', '=', input.effectiveOn).executeTakeFirst();
  if (same) {
    throw new AppError('BED_ATTRIBUTE_DATE_TAKEN', `${input.effectiveOn} 已有一条属性记录，同一天只能记录一次变更`, { field: 'effectiveOn' });
  }
  const before = await trx
    .selectFrom('bed_attributes')
    .selectAll()
    .where('bed_id', '=', bed.id)
    .where('effective_on', '<=', input.effectiveOn)
    .orderBy('effective_on', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const next: BedAttributes = { category: input.category, nursing: input.nursing, zone: input.zone, reserve: input.reserve };
  const was = attributesOf(before);
  if (JSON.stringify(was) === JSON.stringify(next)) {
    throw new AppError('VALIDATION', `床位在 ${input.effectiveOn} 的属性已经是：${describeAttributes(next)}，无需变更`, { field: 'category' });
  }
  await trx
    .insertInto('bed_attributes')
    .values({ id: newId(), bed_id: bed.id, effective_on: input.effectiveOn, category: next.category, nursing: next.nursing ? 1 : 0, zone: next.zone, reserve: next.reserve ? 1 : 0, reason: input.reason, recorded_at: ctx.now().toISOString(), recorded_by: ctx.actor.id })
    .execute();
  await writeAudit(trx, ctx, {
    action: 'bed.attributes',
    entity: 'bed',
    entityId: bed.id,
    summary: `床位 ${label} 自 ${input.effectiveOn} 起由 ${describeAttributes(was)} 改为 ${describeAttributes(next)}${input.reason ? `（${input.reason}）` : ''}`,
    before: was,
    after: { ...next, effectiveOn: input.effectiveOn },
  });
}

export function addOutage(ctx: CoreContext, input: { bedId: string; startOn: string; endOn: string | null; reason: string }): Promise<BedDetail> {
  return inTransaction(ctx, async (trx) => {
    const bed = await bedOrThrow(trx, input.bedId);
    const label = await placeLabel(trx, bed);
    notInFuture(ctx, input.startOn, 'startOn', '停用维修开始日期');
    if (input.startOn < bed.opened_on) throw new AppError('BED_DATE_INVALID', `开始日期不能早于床位启用日期 ${bed.opened_on}`, { field: 'startOn' });
    if (bed.retired_on && input.startOn >= bed.retired_on) throw new AppError('BED_RETIRED', `床位已于 ${bed.retired_on} 停用`, { field: 'startOn' });
    if (input.endOn !== null && input.endOn <= input.startOn) throw new AppError('BED_DATE_INVALID', '恢复使用日期须晚于开始日期', { field: 'endOn' });
    // Periods are half-open [start, end): two overlap when each starts before the other ends.
    const overlap = await trx
      .selectFrom('bed_outages')
      .select(['start_on', 'end_on'])
      .where('bed_id', '=', bed.id)
      .where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>', input.startOn)]))
      .$if(input.endOn !== null, (q) => q.where('start_on', '<', input.endOn!))
      .executeTakeFirst();
    if (overlap) {
      throw new AppError('BED_OUTAGE_OVERLAP', `与已有停用维修记录（${overlap.start_on} 至 ${overlap.end_on ?? '今'}）重叠`, { field: 'startOn' });
    }
    if (await isBedOccupiedOn(trx, bed.id, input.startOn, input.endOn)) {
      throw new AppError('BED_OCCUPIED', `床位 ${label} 在该时段有人入住，不能停用维修`, { field: 'startOn' });
    }
    const row = { id: newId(), bed_id: bed.id, start_on: input.startOn, end_on: input.endOn, reason: input.reason, recorded_at: ctx.now().toISOString(), recorded_by: ctx.actor.id };
    await trx.insertInto('bed_outages').values(row).execute();
    await writeAudit(trx, ctx, {
      action: 'bed.outage.add',
      entity: 'bed',
      entityId: bed.id,
      summary: `床位 ${label} 自 ${input.startOn} 起停用维修${input.endOn ? `至 ${input.endOn}` : ''}（${input.reason}）`,
      after: row,
    });
    return getBedIn(trx, ctx, bed.id, null);
  });
}

export function endOutage(ctx: CoreContext, input: { outageId: string; endOn: string }): Promise<BedDetail> {
  return inTransaction(ctx, async (trx) => {
    const outage = await trx.selectFrom('bed_outages').selectAll().where('id', '=', input.outageId).executeTakeFirst();
    if (!outage) throw new AppError('NOT_FOUND', '停用维修记录不存在', { field: 'outageId' });
    if (outage.end_on) throw new AppError('BED_DATE_INVALID', `该停用维修已于 ${outage.end_on} 结束`, { field: 'endOn' });
    if (input.endOn <= outage.start_on) throw new AppError('BED_DATE_INVALID', `恢复使用日期须晚于开始日期 ${outage.start_on}`, { field: 'endOn' });
    notInFuture(ctx, input.endOn, 'endOn', '恢复使用日期');
    const bed = await bedOrThrow(trx, outage.bed_id);
    const label = await placeLabel(trx, bed);
    const later = await trx.selectFrom('bed_outages').select('start_on').where('bed_id', '=', bed.id).where('start_on', '>', outage.start_on).where('start_on', '<', input.endOn).executeTakeFirst();
    if (later) throw new AppError('BED_OUTAGE_OVERLAP', `恢复使用日期须不晚于下一次停用维修开始日期 ${later.start_on}`, { field: 'endOn' });
    await trx.updateTable('bed_outages').set({ end_on: input.endOn }).where('id', '=', outage.id).execute();
    await writeAudit(trx, ctx, {
      action: 'bed.outage.end',
      entity: 'bed',
      entityId: bed.id,
      summary: `床位 ${label} 自 ${input.endOn} 起恢复使用`,
      before: { endOn: null },
      after: { endOn: input.endOn },
    });
    return getBedIn(trx, ctx, bed.id, null);
  });
}

// ---------- counts and board ----------

export function bedCounts(ctx: CoreContext, input: BedCountsInput): Promise<BedCounts> {
  const date = input.asOf ?? todayIn(ctx.now());
  const scope: BedScope = input.facilityId ? { facilityId: input.facilityId } : input.areaCode ? { areaCode: input.areaCode } : { all: true };
  return countBedsAsOf(ctx.db, scope, date);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Who lies in each bed of a facility on a date, for the board's tiles: name, sex, latest ability level,
 * days since admission and, on leave, the leave's days. Null for an account that may not read elders
 * (the tiles then show the state alone, as the elders list would refuse it the names).
 */
async function boardOccupants(ctx: CoreContext, facilityId: string, date: string): Promise<Map<string, BoardOccupant> | null> {
  if (ctx.access && !ctx.access.permissions.has('elders.read')) return null;
  const rows = await ctx.db
    .selectFrom('stays as s')
    .innerJoin('admissions as a', 'a.id', 's.admission_id')
    .innerJoin('elders as e', 'e.id', 's.elder_id')
    .select([
      's.bed_id',
      'e.id as elder_id',
      'e.name',
      'e.sex',
      'a.start_on as admitted_on',
      abilityLevelOn('e.id', date).as('level'),
      sql<string | null>`(SELECT l.start_on FROM stay_leaves l WHERE l.admission_id = a.id AND ${stayCoversOn('l', date)})`.as('leave_start'),
      sql<string | null>`(SELECT l.end_on FROM stay_leaves l WHERE l.admission_id = a.id AND ${stayCoversOn('l', date)})`.as('leave_end'),
    ])
    .where('s.facility_id', '=', facilityId)
    .where(stayCoversOn('s', date))
    .execute();
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return new Map(
    rows.map((r) => [
      r.bed_id,
      {
        elderId: r.elder_id,
        name: r.name,
        sex: r.sex,
        abilityLevel: r.level,
        admittedOn: r.admitted_on,
        days: Math.round((day(date) - day(r.admitted_on)) / DAY_MS),
        leave: r.leave_start ? { startOn: r.leave_start, returnOn: r.leave_end } : null,
      },
    ]),
  );
}

export async function bedBoard(ctx: CoreContext, input: { facilityId: string; asOf: string | null }): Promise<BedBoard> {
  const date = input.asOf ?? todayIn(ctx.now());
  const facility = await facilityOrThrow(ctx.db, input.facilityId);
  const buildings = await ctx.db.selectFrom('buildings').select(['id', 'name']).where('facility_id', '=', facility.id).orderBy('name').execute();
  const rooms = await ctx.db
    .selectFrom('rooms as r')
    .innerJoin('buildings as g', 'g.id', 'r.building_id')
    .selectAll('r')
    .where('g.facility_id', '=', facility.id)
    // Numeric room numbers sort as numbers (9 before 10); others alphabetically after them.
    .orderBy('r.floor')
    .orderBy(sql`CAST(r.number AS INTEGER)`)
    .orderBy('r.number')
    .execute();
  const beds = await bedStatesOn(ctx.db, facility.id, date);
  const occupants = await boardOccupants(ctx, facility.id, date);
  const bedsByRoom = new Map<string, BoardRoom['beds']>();
  for (const b of beds.sort((x, y) => x.number.localeCompare(y.number, 'zh-CN', { numeric: true }))) {
    const list = bedsByRoom.get(b.room_id) ?? [];
    list.push({ id: b.id, number: b.number, state: b.state, openedOn: b.opened_on, ...attributesOf(b), occupant: occupants?.get(b.id) ?? null });
    bedsByRoom.set(b.room_id, list);
  }
  const tree: BoardBuilding[] = buildings.map((g) => ({ id: g.id, facilityId: facility.id, name: g.name, floors: [] }));
  const byBuilding = new Map(tree.map((g) => [g.id, g]));
  for (const r of rooms) {
    const building = byBuilding.get(r.building_id)!;
    let floor = building.floors[building.floors.length - 1];
    if (!floor || floor.floor !== r.floor) {
      floor = { floor: r.floor, rooms: [] };
      building.floors.push(floor);
    }
    floor.rooms.push({ ...toRoomRow(r), beds: bedsByRoom.get(r.id) ?? [] });
  }
  return {
    facility: { id: facility.id, name: facility.name, approvedBeds: facility.approved_beds, openedOn: facility.opened_on },
    asOf: date,
    counts: await countBedsAsOf(ctx.db, { facilityId: facility.id }, date),
    buildings: tree,
  };
}

/** The bureau's view: every facility with its counts on a date, one page at a time. */
export async function bedSummary(ctx: CoreContext, input: BedSummaryInput): Promise<Page<FacilityBedSummary>> {
  const date = input.asOf ?? todayIn(ctx.now());
  // The page is chosen on facilities alone, in the order of the facilities_district_name index, and only
  // its rows get their district's name: joined first, every facility was sorted for each page (1.1–1.4 s
  // at page 4,000 nationally). A facility's area is a district or one of its streets, so its district
  // code always names an area and the join drops nothing.
  let q = ctx.db.selectFrom('facilities as f');
  if (input.districtCode) q = q.where('f.district_code', '=', input.districtCode);
  if (input.search) {
    const like = `%${escapeLike(input.search)}%`;
    q = q.where(sql<boolean>`f.name LIKE ${like} ESCAPE '\\'`);
  }
  // A scoped account's summary lists its facilities only.
  if (ctx.scope) q = q.where(facilityScopeSql(ctx.scope, 'f.id'));
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const chosen = q.select(['f.id', 'f.name', 'f.district_code', 'f.approved_beds']).orderBy('f.district_code').orderBy('f.name').limit(input.limit).offset(input.offset);
  const page = await ctx.db
    .selectFrom(chosen.as('f'))
    .innerJoin('areas as d', 'd.code', 'f.district_code')
    .select(['f.id', 'f.name', 'f.district_code', 'd.name as district_name', 'f.approved_beds'])
    .orderBy('f.district_code')
    .orderBy('f.name')
    .execute();
  const counts = await countBedsPerFacility(ctx.db, page, date);
  return {
    rows: page.map((f) => ({ facilityId: f.id, facilityName: f.name, districtCode: f.district_code, districtName: f.district_name, counts: counts.get(f.id)! })),
    total,
    offset: input.offset,
    limit: input.limit,
  };
}
