import { sql } from 'kysely';
import { AppError } from '../../../../shared/errors';
import type { WaitingApplicationRow, WaitingApplyInput, WaitingList, WaitingListInput, WaitingWithdrawInput } from '../../../../shared/contract';
import { maskIdNumber } from '../../../../shared/domain/idNumber';
import { sortWaitingList, type WaitingApplicant } from '../../../../shared/domain/waitingPriority';
import { BED_CATEGORIES } from '../../../../shared/domain/beds';
import type { CoreContext, Trx } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import { todayIn } from '../../app/time';
import { categoriesOf, elderLabel, elderOrThrow, latestAssessments, notAfterDeath, notBeforeBirth, notInFuture } from '../elders/service';
import { loadWaitingRules } from './rules';
import { newId } from '../../app/ids';
import type { Db } from '../../db/schema';

// The waiting list (轮候) of one facility. Positions are computed every time from the rules in
// settings, the elders' categories and their latest assessments; nothing about order is stored.

function baseQuery(db: Db) {
  return db
    .selectFrom('waiting_applications as w')
    .innerJoin('elders as e', 'e.id', 'w.elder_id')
    .innerJoin('facilities as f', 'f.id', 'w.facility_id')
    .selectAll('w')
    .select(['e.name as elder_name', 'e.id_number', 'e.birth_date', 'f.name as facility_name']);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toRow(r: BaseRow, place: { position: number; group: number; groupLabel: string; reason: string } | null = null): WaitingApplicationRow {
  return {
    id: r.id,
    facilityId: r.facility_id,
    facilityName: r.facility_name,
    elderId: r.elder_id,
    elderName: r.elder_name,
    idNumberMasked: maskIdNumber(r.id_number),
    appliedOn: r.applied_on,
    requestedCategory: r.requested_category,
    requestedNursing: r.requested_nursing === null ? null : r.requested_nursing === 1,
    notes: r.notes,
    status: r.status,
    admittedOn: r.admitted_on,
    withdrawnOn: r.withdrawn_on,
    withdrawReason: r.withdraw_reason,
    position: place?.position ?? null,
    group: place?.group ?? null,
    groupLabel: place?.groupLabel ?? null,
    priorityReason: place?.reason ?? null,
  };
}

/** Applications waiting on `date` (applied by then and neither admitted nor withdrawn by then). */
function waitingOn(db: Db, facilityId: string, date: string) {
  return baseQuery(db)
    .where('w.facility_id', '=', facilityId)
    .where('w.applied_on', '<=', date)
    .where((eb) => eb.or([eb('w.admitted_on', 'is', null), eb('w.admitted_on', '>', date)]))
    .where((eb) => eb.or([eb('w.withdrawn_on', 'is', null), eb('w.withdrawn_on', '>', date)]));
}

/** The whole queue of a facility on a date, in priority order with positions. */
async function queueOn(db: Db, facilityId: string, date: string) {
  const rows = await waitingOn(db, facilityId, date).execute();
  const ids = [...new Set(rows.map((r) => r.elder_id))];
  const [{ rules, isDefault }, cats, levels] = await Promise.all([loadWaitingRules(db), categoriesOf(db, ids), latestAssessments(db, ids, date)]);
  const applicants: WaitingApplicant[] = rows.map((r) => ({
    id: r.id,
    birthDate: r.birth_date,
    categories: cats.get(r.elder_id) ?? [],
    abilityLevel: levels.get(r.elder_id)?.level ?? null,
    dementia: levels.get(r.elder_id)?.dementia ?? false,
    applicationDate: r.applied_on,
    createdAt: r.created_at,
  }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const sorted = sortWaitingList(applicants, rules, date).map((e) =>
    toRow(byId.get(e.applicant.id)!, { position: e.position, group: e.group, groupLabel: e.groupLabel, reason: e.reason }),
  );
  return { sorted, rules, isDefault };
}

export async function listWaiting(ctx: CoreContext, input: WaitingListInput): Promise<WaitingList> {
  const date = input.asOf ?? todayIn(ctx.now());
  const facility = await ctx.db.selectFrom('facilities').select('id').where('id', '=', input.facilityId).executeTakeFirst();
  if (!facility) throw new AppError('FACILITY_NOT_FOUND', '机构不存在或已被删除', { field: 'facilityId' });
  const { rules, isDefault } = await loadWaitingRules(ctx.db);
  const groups = [...rules.groups.map((g) => ({ group: g.group, label: g.label })), { group: rules.fallback.group, label: rules.fallback.label }].sort((a, b) => a.group - b.group);
  if (input.status === 'waiting') {
    // The order depends on rules evaluated per applicant, so the queue is ordered in full and then paged;
    // one facility's queue is at most a few thousand rows.
    const { sorted } = await queueOn(ctx.db, input.facilityId, date);
    return {
      facilityId: input.facilityId,
      asOf: date,
      groups,
      rulesAreDefault: isDefault,
      page: { rows: sorted.slice(input.offset, input.offset + input.limit), total: sorted.length, offset: input.offset, limit: input.limit },
    };
  }
  const q = baseQuery(ctx.db).where('w.facility_id', '=', input.facilityId).where('w.status', '=', input.status);
  const { total } = await ctx.db
    .selectFrom('waiting_applications')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('facility_id', '=', input.facilityId)
    .where('status', '=', input.status)
    .executeTakeFirstOrThrow();
  const rows = await q
    .orderBy(sql`coalesce(w.admitted_on, w.withdrawn_on)`, 'desc')
    .orderBy('w.created_at', 'desc')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  return { facilityId: input.facilityId, asOf: date, groups, rulesAreDefault: isDefault, page: { rows: rows.map((r) => toRow(r)), total, offset: input.offset, limit: input.limit } };
}

/** An application with its current place in the queue when it is still waiting. */
export async function applicationRow(db: Db, ctx: CoreContext, id: string): Promise<WaitingApplicationRow> {
  const row = await baseQuery(db).where('w.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('APPLICATION_NOT_FOUND', '轮候申请不存在', { field: 'id' });
  if (row.status !== 'waiting') return toRow(row);
  const { sorted } = await queueOn(db, row.facility_id, todayIn(ctx.now()));
  return sorted.find((r) => r.id === id) ?? toRow(row);
}

/** An elder's applications, newest first; those still waiting carry their place in today's queue. */
export async function applicationsOfElder(db: Db, elderId: string, today: string): Promise<WaitingApplicationRow[]> {
  const rows = await baseQuery(db).where('w.elder_id', '=', elderId).orderBy('w.applied_on', 'desc').orderBy('w.created_at', 'desc').execute();
  const out: WaitingApplicationRow[] = [];
  for (const r of rows) {
    if (r.status !== 'waiting') {
      out.push(toRow(r));
      continue;
    }
    const { sorted } = await queueOn(db, r.facility_id, today);
    out.push(sorted.find((x) => x.id === r.id) ?? toRow(r));
  }
  return out;
}

export function applyForWaitingList(ctx: CoreContext, input: WaitingApplyInput): Promise<WaitingApplicationRow> {
  return inTransaction(ctx, async (trx) => {
    const elder = await elderOrThrow(trx, input.elderId);
    const facility = await trx.selectFrom('facilities').select(['id', 'name']).where('id', '=', input.facilityId).executeTakeFirst();
    if (!facility) throw new AppError('FACILITY_NOT_FOUND', '机构不存在或已被删除', { field: 'facilityId' });
    notInFuture(ctx, input.appliedOn, 'appliedOn', '申请日期');
    notBeforeBirth(elder, input.appliedOn, 'appliedOn', '申请日期');
    await notAfterDeath(trx, elder, input.appliedOn, 'appliedOn', '轮候申请');
    const open = await trx.selectFrom('waiting_applications').select('applied_on').where('facility_id', '=', facility.id).where('elder_id', '=', elder.id).where('status', '=', 'waiting').executeTakeFirst();
    if (open) throw new AppError('APPLICATION_DUPLICATE', `${elder.name}已于 ${open.applied_on} 申请${facility.name}，正在轮候中`, { field: 'elderId' });
    const resident = await trx.selectFrom('admissions').select('start_on').where('elder_id', '=', elder.id).where('facility_id', '=', facility.id).where('end_on', 'is', null).executeTakeFirst();
    if (resident) throw new AppError('STAY_CONFLICT', `${elder.name}已于 ${resident.start_on} 入住${facility.name}，无需轮候`, { field: 'elderId' });
    const id = newId();
    await trx
      .insertInto('waiting_applications')
      .values({
        id,
        facility_id: facility.id,
        elder_id: elder.id,
        applied_on: input.appliedOn,
        requested_category: input.requestedCategory,
        requested_nursing: input.requestedNursing === null ? null : input.requestedNursing ? 1 : 0,
        notes: input.notes,
        status: 'waiting',
        admitted_on: null,
        withdrawn_on: null,
        withdraw_reason: null,
        created_at: ctx.now().toISOString(),
        recorded_by: ctx.actor.id,
      })
      .execute();
    await writeAudit(trx, ctx, {
      action: 'waiting.apply',
      entity: 'elder',
      entityId: elder.id,
      summary: `${elderLabel(elder)} ${input.appliedOn} 申请入住${facility.name}（${BED_CATEGORIES[input.requestedCategory]}），进入轮候`,
      after: { applicationId: id, ...input },
    });
    return applicationRow(trx, ctx, id);
  });
}

export function withdrawApplication(ctx: CoreContext, input: WaitingWithdrawInput): Promise<WaitingApplicationRow> {
  return inTransaction(ctx, async (trx) => {
    const app = await trx.selectFrom('waiting_applications').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!app) throw new AppError('APPLICATION_NOT_FOUND', '轮候申请不存在', { field: 'id' });
    if (app.status !== 'waiting') throw new AppError('APPLICATION_CLOSED', `该申请${app.status === 'admitted' ? `已于 ${app.admitted_on} 入住` : `已于 ${app.withdrawn_on} 撤回`}，不能撤回`, { field: 'id' });
    notInFuture(ctx, input.withdrawnOn, 'withdrawnOn', '撤回日期');
    if (input.withdrawnOn < app.applied_on) throw new AppError('STAY_DATE_INVALID', `撤回日期不能早于申请日期 ${app.applied_on}`, { field: 'withdrawnOn' });
    const elder = await elderOrThrow(trx, app.elder_id);
    await trx.updateTable('waiting_applications').set({ status: 'withdrawn', withdrawn_on: input.withdrawnOn, withdraw_reason: input.reason }).where('id', '=', app.id).execute();
    await writeAudit(trx, ctx, {
      action: 'waiting.withdraw',
      entity: 'elder',
      entityId: elder.id,
      summary: `${elderLabel(elder)} 的轮候申请于 ${input.withdrawnOn} 撤回（${input.reason}）`,
      before: { status: 'waiting' },
      after: { status: 'withdrawn', withdrawnOn: input.withdrawnOn, reason: input.reason },
    });
    return applicationRow(trx, ctx, app.id);
  });
}

/** The elder's application waiting at the facility since `on` or before, if any (an admission serves it). */
export async function openApplicationAt(db: Db, elderId: string, facilityId: string, on: string): Promise<string | null> {
  const row = await db
    .selectFrom('waiting_applications')
    .select('id')
    .where('elder_id', '=', elderId)
    .where('facility_id', '=', facilityId)
    .where('status', '=', 'waiting')
    .where('applied_on', '<=', on)
    .executeTakeFirst();
  return row?.id ?? null;
}

const WITHDRAWN_ON_DEATH = '死亡';

/**
 * Withdraws the elder's open applications on the day of death and returns how many; an application or an
 * assessment dated after that day would contradict it, and is refused instead (naming it).
 */
export async function withdrawOnDeath(trx: Trx, elder: { id: string; name: string }, on: string): Promise<number> {
  const after = await trx.selectFrom('waiting_applications').select('applied_on').where('elder_id', '=', elder.id).where('applied_on', '>', on).executeTakeFirst();
  if (after) throw new AppError('ELDER_DECEASED', `${elder.name}有 ${after.applied_on} 的轮候申请，不能在此之前登记死亡；请核对退住日期`, { field: 'on' });
  const assessed = await trx.selectFrom('assessments').select('assessed_on').where('elder_id', '=', elder.id).where('assessed_on', '>', on).executeTakeFirst();
  if (assessed) throw new AppError('ELDER_DECEASED', `${elder.name}有 ${assessed.assessed_on} 的能力评估，不能在此之前登记死亡；请核对退住日期`, { field: 'on' });
  const { numUpdatedRows } = await trx
    .updateTable('waiting_applications')
    .set({ status: 'withdrawn', withdrawn_on: on, withdraw_reason: WITHDRAWN_ON_DEATH })
    .where('elder_id', '=', elder.id)
    .where('status', '=', 'waiting')
    .executeTakeFirst();
  return Number(numUpdatedRows);
}

/** Puts back in the queue the applications a death on `on` withdrew (the death was recorded by mistake); returns how many. */
export async function restoreWithdrawnOnDeath(trx: Trx, elderId: string, on: string): Promise<number> {
  const { numUpdatedRows } = await trx
    .updateTable('waiting_applications')
    .set({ status: 'waiting', withdrawn_on: null, withdraw_reason: null })
    .where('elder_id', '=', elderId)
    .where('status', '=', 'withdrawn')
    .where('withdrawn_on', '=', on)
    .where('withdraw_reason', '=', WITHDRAWN_ON_DEATH)
    .executeTakeFirst();
  return Number(numUpdatedRows);
}

/**
 * An application whose admission was withdrawn as recorded by mistake goes back into the queue, where it
 * stood. If the elder has applied to the facility again since, that newer application is the open one (a
 * facility has one per elder) and this one is withdrawn, saying why. Returns what became of it.
 */
export async function returnToQueue(trx: Trx, applicationId: string): Promise<'waiting' | 'withdrawn'> {
  const app = await trx.selectFrom('waiting_applications').select(['elder_id', 'facility_id']).where('id', '=', applicationId).executeTakeFirstOrThrow();
  const newer = await trx.selectFrom('waiting_applications').select('applied_on').where('elder_id', '=', app.elder_id).where('facility_id', '=', app.facility_id).where('status', '=', 'waiting').executeTakeFirst();
  if (newer) {
    await trx
      .updateTable('waiting_applications')
      .set({ status: 'withdrawn', admitted_on: null, withdrawn_on: newer.applied_on, withdraw_reason: `入住登记已撤销；已有 ${newer.applied_on} 的新申请在轮候` })
      .where('id', '=', applicationId)
      .execute();
    return 'withdrawn';
  }
  await trx.updateTable('waiting_applications').set({ status: 'waiting', admitted_on: null }).where('id', '=', applicationId).execute();
  return 'waiting';
}

/** Marks an application admitted inside the admission's transaction. */
export async function markApplicationAdmitted(trx: Trx, applicationId: string, elderId: string, facilityId: string, admittedOn: string): Promise<void> {
  const app = await trx.selectFrom('waiting_applications').selectAll().where('id', '=', applicationId).executeTakeFirst();
  if (!app) throw new AppError('APPLICATION_NOT_FOUND', '轮候申请不存在', { field: 'applicationId' });
  if (app.status !== 'waiting') throw new AppError('APPLICATION_CLOSED', '该轮候申请已入住或已撤回，不能再用于入住', { field: 'applicationId' });
  if (app.elder_id !== elderId) throw new AppError('VALIDATION', '轮候申请与入住老人不一致', { field: 'applicationId' });
  if (app.facility_id !== facilityId) throw new AppError('VALIDATION', '所选床位不属于该轮候申请的机构', { field: 'bedId' });
  if (admittedOn < app.applied_on) throw new AppError('STAY_DATE_INVALID', `入住日期不能早于轮候申请日期 ${app.applied_on}`, { field: 'admittedOn' });
  await trx.updateTable('waiting_applications').set({ status: 'admitted', admitted_on: admittedOn }).where('id', '=', applicationId).execute();
}
