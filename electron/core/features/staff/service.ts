import { sql } from 'kysely';
import { AppError } from '../../../../shared/errors';
import type { ParsedInput, StaffCreateInput, StaffDetail, StaffingRatio, StaffRow } from '../../../../shared/contract';
import { STAFFING_RULE_SETTING } from '../../../../shared/contract/settingKeys';
import type { Page } from '../../../../shared/schemas/common';
import { maskIdNumber } from '../../../../shared/domain/idNumber';
import { ABILITY_LEVEL_KEYS, type AbilityLevel } from '../../../../shared/domain/assessment';
import {
  DEFAULT_STAFFING_RULE,
  SKILL_LEVELS,
  STAFF_POSTS,
  TRAINING_TOPICS,
  caregiversRequired,
  certifiedOn,
  onDutyOn,
  staffingRuleSchema,
  type StaffingRule,
} from '../../../../shared/domain/staff';
import type { CoreContext, Trx } from '../../app/context';
import { changeList, inTransaction, writeAudit } from '../../app/audit';
import { holdsOver } from '../../app/access';
import { readSetting, writeSetting } from '../../app/settings';
import { todayIn } from '../../app/time';
import { newId } from '../../app/ids';
import type { Db, StaffTable } from '../../db/schema';
import { abilityLevelOn, stayCoversOn } from '../../db/asOf';
import { checkIdNumber } from '../elders/service';


// The staff registry (人员): who works in which facility, in which post, from when to when, with a
// caregiver's certificate and training. The caregiver indicators count it as of any date (counting/
// tallies.ts staffTallies); the rules for "on duty" and "certified" are in shared/domain/staff.ts.

function dates(r: Pick<StaffTable, 'post' | 'employed_from' | 'employed_to' | 'skill_level' | 'certified_on'>) {
  return { post: r.post, employedFrom: r.employed_from, employedTo: r.employed_to, skillLevel: r.skill_level, certifiedOn: r.certified_on };
}

function baseQuery(db: Db) {
  return db
    .selectFrom('staff as st')
    .innerJoin('facilities as f', 'f.id', 'st.facility_id')
    .selectAll('st')
    .select((eb) => [
      'f.name as facility_name',
      eb
        .selectFrom('staff_trainings as t')
        .select(sql<number>`coalesce(sum(t.hours), 0)`.as('h'))
        .whereRef('t.staff_id', '=', 'st.id')
        .as('training_hours'),
    ]);
}
type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toRow(r: BaseRow, asOf: string): StaffRow {
  const d = dates(r);
  return {
    id: r.id,
    facilityId: r.facility_id,
    facilityName: r.facility_name,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    post: r.post,
    skillLevel: r.skill_level,
    certificateNo: r.certificate_no,
    certifiedOn: r.certified_on,
    employedFrom: r.employed_from,
    employedTo: r.employed_to,
    onDuty: onDutyOn(d, asOf),
    certified: r.post === 'caregiver' && onDutyOn(d, asOf) && certifiedOn(d, asOf),
    trainingHours: Number(r.training_hours ?? 0),
  };
}

export async function staffDetail(db: Db, id: string, asOf: string): Promise<StaffDetail> {
  const row = await baseQuery(db).where('st.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('STAFF_NOT_FOUND', undefined, { field: 'id' });
  const trainings = await db.selectFrom('staff_trainings').selectAll().where('staff_id', '=', id).orderBy('trained_on', 'desc').execute();
  return {
    ...toRow(row, asOf),
    idNumber: row.id_number,
    trainings: trainings.map((t) => ({ id: t.id, topic: t.topic, trainedOn: t.trained_on, hours: t.hours })),
  };
}

export async function listStaff(ctx: CoreContext, input: ParsedInput<'staff.list'>): Promise<Page<StaffRow>> {
  const asOf = input.asOf ?? todayIn(ctx.now());
  let q = baseQuery(ctx.db);
  if (input.facilityId) q = q.where('st.facility_id', '=', input.facilityId);
  if (input.post) q = q.where('st.post', '=', input.post);
  if (input.onDutyOnly) {
    q = q.where('st.employed_from', '<=', asOf).where((eb) => eb.or([eb('st.employed_to', 'is', null), eb('st.employed_to', '>', asOf)]));
  }
  const total = Number(
    (await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0,
  );
  const rows = await q.orderBy('f.name').orderBy('st.name').orderBy('st.employed_from').limit(input.limit).offset(input.offset).execute();
  return { rows: rows.map((r) => toRow(r, asOf)), total, offset: input.offset, limit: input.limit };
}

export interface StaffWrite extends StaffCreateInput {
  id?: string;
}

/** Checks and writes one person (no audit: the caller writes it). Returns the id and the stored ID number. */
export async function saveStaffIn(trx: Trx, ctx: CoreContext, input: StaffWrite): Promise<{ id: string; idNumber: string; facilityName: string }> {
  const today = todayIn(ctx.now());
  const { idNumber } = checkIdNumber(ctx, input.idNumber, today);
  const facility = await trx.selectFrom('facilities').select(['id', 'name']).where('id', '=', input.facilityId).executeTakeFirst();
  if (!facility) throw new AppError('FACILITY_NOT_FOUND', undefined, { field: 'facilityId' });
  if (input.employedFrom > today) throw new AppError('DATE_IN_FUTURE', `入职日期 ${input.employedFrom} 晚于今天`, { field: 'employedFrom' });
  if (input.employedTo !== null) {
    if (input.employedTo <= input.employedFrom) throw new AppError('STAFF_DATE_INVALID', `离职日期须晚于入职日期 ${input.employedFrom}`, { field: 'employedTo' });
    if (input.employedTo > today) throw new AppError('DATE_IN_FUTURE', `离职日期 ${input.employedTo} 晚于今天`, { field: 'employedTo' });
  }
  const hasCertificate = input.skillLevel !== null || input.certifiedOn !== null || input.certificateNo !== null;
  if (hasCertificate && input.post !== 'caregiver') {
    throw new AppError('STAFF_CERTIFICATE_INVALID', `职业技能等级、证书编号和发证日期只适用于养老护理员，${STAFF_POSTS[input.post]}不填`, { field: 'skillLevel' });
  }
  if ((input.skillLevel === null) !== (input.certifiedOn === null)) {
    throw new AppError('STAFF_CERTIFICATE_INVALID', '职业技能等级和发证日期须一并填写（持证按发证日期起算）', { field: input.skillLevel === null ? 'skillLevel' : 'certifiedOn' });
  }
  if (input.certifiedOn !== null && input.certifiedOn > today) {
    throw new AppError('DATE_IN_FUTURE', `发证日期 ${input.certifiedOn} 晚于今天`, { field: 'certifiedOn' });
  }
  // One person on duty in two places at once would be counted twice in the caregiver indicators.
  const overlap = await trx
    .selectFrom('staff as st')
    .innerJoin('facilities as f', 'f.id', 'st.facility_id')
    .select(['st.id', 'f.name', 'st.employed_from', 'st.employed_to'])
    .where('st.id_number', '=', idNumber)
    .where('st.id', '!=', input.id ?? '')
    .where(sql<boolean>`st.employed_from < ${input.employedTo ?? '9999-12-31'} AND coalesce(st.employed_to, '9999-12-31') > ${input.employedFrom}`)
    .executeTakeFirst();
  if (overlap) {
    throw new AppError(
      'STAFF_EMPLOYED_ELSEWHERE',
      `身份证号 ${maskIdNumber(idNumber)} 已登记在${overlap.name}任职（${overlap.employed_from} 至 ${overlap.employed_to ?? '今'}），与本次任职时段重叠`,
      { field: 'employedFrom', staffId: overlap.id },
    );
  }
  const now = ctx.now().toISOString();
  const values = {
    facility_id: input.facilityId,
    name: input.name,
    id_number: idNumber,
    post: input.post,
    skill_level: input.skillLevel,
    certificate_no: input.certificateNo,
    certified_on: input.certifiedOn,
    employed_from: input.employedFrom,
    employed_to: input.employedTo,
    updated_at: now,
  };
  if (input.id) {
    const done = await trx.updateTable('staff').set(values).where('id', '=', input.id).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new AppError('STAFF_NOT_FOUND', undefined, { field: 'id' });
    return { id: input.id, idNumber, facilityName: facility.name };
  }
  const id = newId();
  await trx.insertInto('staff').values({ id, ...values, created_at: now, recorded_by: ctx.actor.id }).execute();
  return { id, idNumber, facilityName: facility.name };
}

function describe(input: StaffWrite): string {
  const parts = [STAFF_POSTS[input.post], `${input.employedFrom} 入职`];
  if (input.employedTo) parts.push(`${input.employedTo} 离职`);
  if (input.skillLevel) parts.push(`${SKILL_LEVELS[input.skillLevel]}（${input.certifiedOn} 发证）`);
  return parts.join('，');
}

export function createStaff(ctx: CoreContext, input: ParsedInput<'staff.create'>): Promise<StaffDetail> {
  return inTransaction(ctx, async (trx) => {
    const saved = await saveStaffIn(trx, ctx, input);
    await writeAudit(trx, ctx, {
      action: 'staff.create',
      entity: 'staff',
      entityId: saved.id,
      summary: `登记人员 ${input.name}（${maskIdNumber(saved.idNumber)}）：${saved.facilityName}，${describe(input)}`,
    });
    return staffDetail(trx, saved.id, todayIn(ctx.now()));
  });
}

export function updateStaff(ctx: CoreContext, input: ParsedInput<'staff.update'>): Promise<StaffDetail> {
  return inTransaction(ctx, async (trx) => {
    const before = await trx.selectFrom('staff').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!before) throw new AppError('STAFF_NOT_FOUND', undefined, { field: 'id' });
    const saved = await saveStaffIn(trx, ctx, input);
    const changes = changeList([
      ['姓名', before.name, input.name],
      ['身份证号', maskIdNumber(before.id_number), maskIdNumber(saved.idNumber)],
      ['岗位', STAFF_POSTS[before.post], STAFF_POSTS[input.post]],
      ['职业技能等级', before.skill_level ? SKILL_LEVELS[before.skill_level] : null, input.skillLevel ? SKILL_LEVELS[input.skillLevel] : null],
      ['证书编号', before.certificate_no, input.certificateNo],
      ['发证日期', before.certified_on, input.certifiedOn],
      ['入职日期', before.employed_from, input.employedFrom],
      ['离职日期', before.employed_to, input.employedTo],
    ]);
    await writeAudit(trx, ctx, {
      action: 'staff.update',
      entity: 'staff',
      entityId: input.id,
      summary: `修改人员 ${input.name}：${changes || '无变化'}`,
    });
    return staffDetail(trx, input.id, todayIn(ctx.now()));
  });
}

export function addTraining(ctx: CoreContext, input: ParsedInput<'staff.addTraining'>): Promise<StaffDetail> {
  return inTransaction(ctx, async (trx) => {
    const person = await trx.selectFrom('staff').select(['name', 'employed_from']).where('id', '=', input.staffId).executeTakeFirst();
    if (!person) throw new AppError('STAFF_NOT_FOUND', undefined, { field: 'staffId' });
    if (input.trainedOn > todayIn(ctx.now())) throw new AppError('DATE_IN_FUTURE', `培训日期 ${input.trainedOn} 晚于今天`, { field: 'trainedOn' });
    await trx
      .insertInto('staff_trainings')
      .values({ id: newId(), staff_id: input.staffId, topic: input.topic, trained_on: input.trainedOn, hours: input.hours, created_at: ctx.now().toISOString(), recorded_by: ctx.actor.id })
      .execute();
    await writeAudit(trx, ctx, {
      action: 'staff.addTraining',
      entity: 'staff',
      entityId: input.staffId,
      summary: `${person.name} 培训：${TRAINING_TOPICS[input.topic]}，${input.trainedOn}，${input.hours} 学时`,
    });
    return staffDetail(trx, input.staffId, todayIn(ctx.now()));
  });
}

/**
 * One person, with the full ID number only for an account that may edit the registry (the form needs it)
 * or the command line; every other reader gets it masked, as in the list.
 */
export async function getStaff(ctx: CoreContext, input: ParsedInput<'staff.get'>): Promise<StaffDetail> {
  const detail = await staffDetail(ctx.db, input.id, input.asOf ?? todayIn(ctx.now()));
  return (await holdsOver(ctx.db, ctx.access, 'staff.write', 'staff', input.id)) ? detail : { ...detail, idNumber: detail.idNumberMasked };
}

// ---------------------------------------------------------------------------------------------------------------
// Staffing rule and a facility's ratio

export async function loadStaffingRule(db: Db): Promise<StaffingRule> {
  const stored = await readSetting<unknown>(db, STAFFING_RULE_SETTING, null);
  if (stored === null) return DEFAULT_STAFFING_RULE;
  const parsed = staffingRuleSchema.safeParse(stored);
  if (!parsed.success) throw new AppError('VALIDATION', '保存的护理员配比无效，请在“设置 › 护理员配比”中重新保存', { field: 'rule' });
  return parsed.data;
}

export function saveStaffingRule(ctx: CoreContext, input: ParsedInput<'staff.rule.set'>): Promise<StaffingRule> {
  return inTransaction(ctx, async (trx) => {
    await writeSetting(trx, ctx, STAFFING_RULE_SETTING, input, { action: 'staff.rule.set', summary: `修改护理员配比（依据：${input.source}）` });
    return loadStaffingRule(trx);
  });
}

/** Residents of facilities on D by their latest assessment on or before D (null level: none yet). */
export async function residentsByLevel(db: Db, asOf: string, facilityIds?: readonly string[]): Promise<Map<string, Map<AbilityLevel | null, number>>> {
  if (facilityIds?.length === 0) return new Map();
  const only = facilityIds ? sql`AND s.facility_id IN (${sql.join([...facilityIds])})` : sql``;
  const { rows } = await sql<{ facility_id: string; level: AbilityLevel | null; n: number }>`
    SELECT facility_id, level, count(*) AS n FROM (
      SELECT s.facility_id,
        ${abilityLevelOn('s.elder_id', asOf)} AS level
      FROM stays s WHERE ${stayCoversOn('s', asOf)} ${only}
    ) GROUP BY facility_id, level`.execute(db);
  const out = new Map<string, Map<AbilityLevel | null, number>>();
  for (const r of rows) {
    let m = out.get(r.facility_id);
    if (!m) out.set(r.facility_id, (m = new Map()));
    m.set(r.level, Number(r.n));
  }
  return out;
}

/** Caregivers on duty and certified on D per facility. */
export async function caregiversByFacility(db: Db, asOf: string, facilityIds?: readonly string[]): Promise<Map<string, { caregivers: number; certified: number }>> {
  if (facilityIds?.length === 0) return new Map();
  const only = facilityIds ? sql`AND st.facility_id IN (${sql.join([...facilityIds])})` : sql``;
  const { rows } = await sql<{ facility_id: string; caregivers: number; certified: number }>`
    SELECT st.facility_id, count(*) AS caregivers,
      coalesce(sum(st.skill_level IS NOT NULL AND st.certified_on <= ${asOf}), 0) AS certified
    FROM staff st
    WHERE st.post = 'caregiver' AND st.employed_from <= ${asOf} AND (st.employed_to IS NULL OR st.employed_to > ${asOf}) ${only}
    GROUP BY st.facility_id`.execute(db);
  return new Map(rows.map((r) => [r.facility_id, { caregivers: Number(r.caregivers), certified: Number(r.certified) }]));
}

export function ratioOf(facilityId: string, asOf: string, levels: Map<AbilityLevel | null, number> | undefined, staff: { caregivers: number; certified: number } | undefined, rule: StaffingRule): StaffingRatio {
  const residentsByLevel = Object.fromEntries(ABILITY_LEVEL_KEYS.map((k) => [k, levels?.get(k) ?? 0])) as Record<AbilityLevel, number>;
  const unassessed = levels?.get(null) ?? 0;
  const residents = Object.values(residentsByLevel).reduce((a, b) => a + b, 0) + unassessed;
  const forRule = { ...residentsByLevel, [rule.unassessedAs]: residentsByLevel[rule.unassessedAs] + unassessed };
  const required = caregiversRequired(forRule, rule);
  const caregivers = staff?.caregivers ?? 0;
  return {
    facilityId,
    asOf,
    residentsByLevel,
    unassessed,
    residents,
    caregivers,
    certified: staff?.certified ?? 0,
    required,
    residentsPerCaregiver: caregivers > 0 ? Math.round((residents / caregivers) * 100) / 100 : null,
    belowRule: caregivers < required,
    rule,
  };
}

export async function staffingRatio(ctx: CoreContext, input: ParsedInput<'staff.ratio'>): Promise<StaffingRatio> {
  const asOf = input.asOf ?? todayIn(ctx.now());
  const facility = await ctx.db.selectFrom('facilities').select('id').where('id', '=', input.facilityId).executeTakeFirst();
  if (!facility) throw new AppError('FACILITY_NOT_FOUND', undefined, { field: 'facilityId' });
  const [levels, staff, rule] = await Promise.all([
    residentsByLevel(ctx.db, asOf, [input.facilityId]),
    caregiversByFacility(ctx.db, asOf, [input.facilityId]),
    loadStaffingRule(ctx.db),
  ]);
  return ratioOf(input.facilityId, asOf, levels.get(input.facilityId), staff.get(input.facilityId), rule);
}
