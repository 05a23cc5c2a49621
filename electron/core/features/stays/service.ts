import { sql } from 'kysely';
import { AppError } from '../../../../shared/errors';
import {
  DISCHARGE_REASONS,
  FEE_CLASSES,
  type AdmissionSummary,
  type AdmitInput,
  type BedHistoryRow,
  type CorrectionInput,
  type DischargeInput,
  type DischargeReason,
  type FreeBed,
  type Occupancy,
  type OccupancyInput,
  type ResidentRow,
  type ResidentsInput,
  type TransferInput,
} from '../../../../shared/contract';
import type { Page } from '../../../../shared/schemas/common';
import { maskIdNumber } from '../../../../shared/domain/idNumber';
import { bedLabel, type BedCategory, type BedZone } from '../../../../shared/domain/beds';
import type { CoreContext, Trx } from '../../app/context';
import { perImport } from '../../import/framework';
import { inTransaction, writeAudit } from '../../app/audit';
import { newId } from '../../app/ids';
import { todayIn } from '../../app/time';
import type { AdmissionTable, Db, ElderTable, StayTable } from '../../db/schema';
import { latestAttributeOn, stayCoversOn } from '../../db/asOf';
import { countBedsAsOf, type BedScope } from '../beds/counts';
import { deathOf, elderLabel, elderOrThrow, notBeforeBirth, notInFuture } from '../elders/service';
import { markApplicationAdmitted, openApplicationAt, restoreWithdrawnOnDeath, returnToQueue, withdrawOnDeath } from '../waiting/service';
import { countFamilyCareBedsAsOf } from '../familyBeds/service';
import { FACILITY_STATUSES, type FacilityStatus } from '../../../../shared/domain/facility';
import { escapeLike } from '../../db/lists';

// Admissions, transfers, leaves and discharges. Every period is half-open [start, end): the
// admission day is the first night in the bed, the transfer/discharge/return day the first day out
// of it. That one convention is what makes "occupied on D" exact for any D, in SQL (see
// beds/occupancy.ts, which reads these tables).

const FOREVER = '9999-12-31';

// ---------- import bookkeeping ----------

// Rows written earlier in the same import are visible to later rows (one transaction), so an
// intra-file double booking is caught by the ordinary overlap checks. To name the earlier row in the
// message, imports note which row wrote which admission, keyed by the import's transaction.
const importRows = perImport(() => new Map<string, number>());

export function noteImportRow(trx: Trx, admissionId: string, row: number): void {
  importRows(trx).set(admissionId, row);
}

function fromRow(trx: Db, admissionId: string): string {
  const row = importRows(trx as Trx).get(admissionId);
  return row === undefined ? '' : `（本文件第 ${row} 行）`;
}

// ---------- lookups ----------

interface BedPlace {
  id: string;
  facility_id: string;
  number: string;
  opened_on: string;
  retired_on: string | null;
  room_number: string;
  sex_restriction: 'M' | 'F' | null;
  building_name: string;
  facility_name: string;
  label: string;
}

export async function bedPlace(db: Db, bedId: string, field = 'bedId'): Promise<BedPlace> {
  const row = await db
    .selectFrom('beds as b')
    .innerJoin('rooms as r', 'r.id', 'b.room_id')
    .innerJoin('buildings as g', 'g.id', 'r.building_id')
    .innerJoin('facilities as f', 'f.id', 'b.facility_id')
    .select(['b.id', 'b.facility_id', 'b.number', 'b.opened_on', 'b.retired_on', 'r.number as room_number', 'r.sex_restriction', 'g.name as building_name', 'f.name as facility_name'])
    .where('b.id', '=', bedId)
    .executeTakeFirst();
  if (!row) throw new AppError('BED_NOT_FOUND', '床位不存在或已被删除', { field });
  return { ...row, label: `${row.facility_name} ${row.building_name} ${bedLabel(row.room_number, row.number)}` };
}

async function admissionOrThrow(db: Db, id: string): Promise<AdmissionTable> {
  const a = await db.selectFrom('admissions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw new AppError('STAY_NOT_FOUND', '入住记录不存在', { field: 'admissionId' });
  return a;
}

function openAdmission(a: AdmissionTable): void {
  if (a.end_on) throw new AppError('STAY_CONFLICT', `该入住已于 ${a.end_on} 退住，不能再办理调床、请假或退住`, { field: 'admissionId' });
}

async function openSegment(db: Db, admissionId: string): Promise<StayTable> {
  const s = await db.selectFrom('stays').selectAll().where('admission_id', '=', admissionId).where('end_on', 'is', null).executeTakeFirst();
  if (!s) throw new AppError('STAY_NOT_FOUND', '该入住没有在住床位记录', { field: 'admissionId' });
  return s;
}

function period(from: string, until: string | null): string {
  return until ? `${from} 至 ${until}` : `${from} 起`;
}

// ---------- the checks every admission, transfer and imported stay goes through ----------

/**
 * The bed can hold this elder on every day of [from, until): it is open and not retired, not out of
 * service, the room admits the elder's sex, and no other stay overlaps (SQL interval predicate).
 */
async function checkBedFor(trx: Trx, place: BedPlace, elder: ElderTable, from: string, until: string | null, field: string): Promise<void> {
  if (from < place.opened_on) {
    throw new AppError('BED_UNAVAILABLE', `床位 ${place.label} 于 ${place.opened_on} 启用，${from} 尚不能入住`, { field });
  }
  if (place.retired_on && (until === null || until > place.retired_on)) {
    throw new AppError('BED_RETIRED', `床位 ${place.label} 已于 ${place.retired_on} 停用，${period(from, until)}不能使用`, { field });
  }
  const outage = await trx
    .selectFrom('bed_outages')
    .select(['start_on', 'end_on', 'reason'])
    .where('bed_id', '=', place.id)
    .where('start_on', '<', until ?? FOREVER)
    .where(sql<boolean>`coalesce(end_on, ${FOREVER}) > ${from}`)
    .executeTakeFirst();
  if (outage) {
    throw new AppError('BED_UNAVAILABLE', `床位 ${place.label} 在 ${period(outage.start_on, outage.end_on)}停用维修（${outage.reason}），与 ${period(from, until)}重叠`, { field });
  }
  if (place.sex_restriction && place.sex_restriction !== elder.sex) {
    throw new AppError('ROOM_SEX_MISMATCH', `房间 ${place.room_number} 仅限${place.sex_restriction === 'M' ? '男性' : '女性'}入住，${elder.name}不符`, { field });
  }
  const clash = await trx
    .selectFrom('stays as s')
    .innerJoin('elders as e', 'e.id', 's.elder_id')
    .select(['s.admission_id', 's.start_on', 's.end_on', 'e.name', 'e.id_number'])
    .where('s.bed_id', '=', place.id)
    .where('s.start_on', '<', until ?? FOREVER)
    .where(sql<boolean>`coalesce(s.end_on, ${FOREVER}) > ${from}`)
    .executeTakeFirst();
  if (clash) {
    throw new AppError(
      'BED_OCCUPIED',
      `床位 ${place.label} 在 ${period(clash.start_on, clash.end_on)}由${clash.name}（${maskIdNumber(clash.id_number)}）入住${fromRow(trx, clash.admission_id)}，与 ${period(from, until)}重叠`,
      { field },
    );
  }
}

/**
 * The facility takes residents for [from, until): it is operating on the day the stay starts (not being
 * set up, suspended or closed; a day before its first recorded status is not judged), and is not closed
 * before the stay ends. Indicators leave closed facilities out, so a resident recorded there would vanish
 * from every figure.
 */
async function checkFacilityOpen(trx: Db, place: Pick<BedPlace, 'facility_id' | 'facility_name'>, from: string, until: string | null, field: string): Promise<void> {
  // One statement for both (every admission pays for it): the status on the first day, and a closure
  // before the stay ends.
  const { rows } = await sql<{ status: FacilityStatus | null; closed_on: string | null }>`
    SELECT (SELECT status FROM facility_status_history WHERE facility_id = ${place.facility_id} AND effective_on <= ${from}
              ORDER BY effective_on DESC LIMIT 1) AS status,
           (SELECT min(effective_on) FROM facility_status_history WHERE facility_id = ${place.facility_id} AND status = 'closed'
              AND effective_on > ${from} AND effective_on < ${until ?? FOREVER}) AS closed_on`.execute(trx);
  const { status, closed_on } = rows[0]!;
  if (status && status !== 'operating') {
    throw new AppError('FACILITY_NOT_OPERATING', `${place.facility_name}在 ${from} 为“${FACILITY_STATUSES[status]}”状态，不能办理入住`, { field });
  }
  if (closed_on) {
    throw new AppError('FACILITY_NOT_OPERATING', `${place.facility_name}已于 ${closed_on} 注销，${period(from, until)}的入住须在注销前结束`, { field });
  }
}

/** The elder can be in an institution on every day of [from, until), admission `except` aside (one reopened). */
async function checkElderFree(trx: Trx, ctx: CoreContext, elder: ElderTable, from: string, until: string | null, except?: string): Promise<void> {
  notInFuture(ctx, from, 'admittedOn', '入住日期');
  notBeforeBirth(elder, from, 'admittedOn', '入住日期');
  if (until !== null) {
    notInFuture(ctx, until, 'dischargedOn', '退住日期');
    if (until <= from) throw new AppError('STAY_DATE_INVALID', `退住日期 ${until} 须晚于入住日期 ${from}`, { field: 'dischargedOn' });
  }
  const died = await deathOf(trx, elder.id, except);
  if (died !== null && died <= (until ?? FOREVER)) {
    throw new AppError('STAY_CONFLICT', `${elder.name}已登记于 ${died} 死亡退住，不能再登记此后的入住`, { field: 'admittedOn' });
  }
  let clashes = trx
    .selectFrom('admissions as a')
    .innerJoin('facilities as f', 'f.id', 'a.facility_id')
    .select(['a.id', 'a.start_on', 'a.end_on', 'f.name'])
    .where('a.elder_id', '=', elder.id);
  if (except) clashes = clashes.where('a.id', '<>', except);
  const clash = await clashes
    .where('a.start_on', '<', until ?? FOREVER)
    .where(sql<boolean>`coalesce(a.end_on, ${FOREVER}) > ${from}`)
    .executeTakeFirst();
  if (clash) {
    throw new AppError('STAY_CONFLICT', `${elder.name}在 ${period(clash.start_on, clash.end_on)}已入住${clash.name}${fromRow(trx, clash.id)}，与 ${period(from, until)}重叠`, { field: 'admittedOn' });
  }
  const home = await trx
    .selectFrom('family_care_beds')
    .select(['opened_on', 'closed_on'])
    .where('elder_id', '=', elder.id)
    .where('opened_on', '<', until ?? FOREVER)
    .where(sql<boolean>`coalesce(closed_on, ${FOREVER}) > ${from}`)
    .executeTakeFirst();
  if (home) {
    throw new AppError('STAY_CONFLICT', `${elder.name}在 ${period(home.opened_on, home.closed_on)}有家庭照护床位，入住机构前请先撤床`, { field: 'admittedOn' });
  }
}

/** Turns a constraint or trigger failure of the stays tables into the refusal it stands for. */
function stayConstraint(err: unknown, place: BedPlace): never {
  const message = (err as Error)?.message ?? '';
  const code = (err as { code?: string })?.code ?? '';
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    if (message.includes('BED_OCCUPIED') || message.includes('stays.bed_id')) {
      throw new AppError('BED_OCCUPIED', `床位 ${place.label} 已被占用`, { field: 'bedId' });
    }
    if (message.includes('STAY_CONFLICT') || message.includes('elder_id')) {
      throw new AppError('STAY_CONFLICT', '该老人在此期间已有入住记录', { field: 'admittedOn' });
    }
  }
  throw err;
}

// ---------- admission ----------

export interface AdmitWrite extends AdmitInput {
  dischargedOn?: string | null;
  dischargeReason?: DischargeReason | null;
  dischargeNote?: string | null;
}

/** Checks and writes one admission with its first stay segment (no audit; the caller writes it). */
export async function admitIn(trx: Trx, ctx: CoreContext, input: AdmitWrite): Promise<{ admissionId: string; elder: ElderTable; place: BedPlace }> {
  const elder = await elderOrThrow(trx, input.elderId);
  const place = await bedPlace(trx, input.bedId);
  const until = input.dischargedOn ?? null;
  if ((until === null) !== (input.dischargeReason == null)) {
    throw new AppError('VALIDATION', until ? '已填写退住日期，请同时填写退住原因' : '填写了退住原因，但没有退住日期', { field: until ? 'dischargeReason' : 'dischargedOn' });
  }
  await checkElderFree(trx, ctx, elder, input.admittedOn, until);
  await checkFacilityOpen(trx, place, input.admittedOn, until, 'bedId');
  await checkBedFor(trx, place, elder, input.admittedOn, until, 'bedId');
  // Admitted without naming the application (from the elder's page, or a file): the elder's open
  // application to this facility is the one admitted, so it leaves the waiting list.
  const applicationId = input.applicationId ?? (await openApplicationAt(trx, elder.id, place.facility_id, input.admittedOn));
  if (applicationId) await markApplicationAdmitted(trx, applicationId, elder.id, place.facility_id, input.admittedOn);
  const now = ctx.now().toISOString();
  const admissionId = newId();
  try {
    await trx
      .insertInto('admissions')
      .values({
        id: admissionId,
        elder_id: elder.id,
        facility_id: place.facility_id,
        start_on: input.admittedOn,
        end_on: until,
        discharge_reason: input.dischargeReason ?? null,
        discharge_note: input.dischargeNote ?? null,
        fee_class: input.feeClass,
        application_id: applicationId,
        created_at: now,
        recorded_by: ctx.actor.id,
      })
      .execute();
    await trx
      .insertInto('stays')
      .values({
        id: newId(),
        admission_id: admissionId,
        elder_id: elder.id,
        facility_id: place.facility_id,
        bed_id: place.id,
        start_on: input.admittedOn,
        end_on: until,
        end_reason: until ? 'discharge' : null,
        transfer_reason: null,
        created_at: now,
        recorded_by: ctx.actor.id,
      })
      .execute();
  } catch (err) {
    stayConstraint(err, place);
  }
  return { admissionId, elder, place };
}

export function admit(ctx: CoreContext, input: AdmitInput): Promise<AdmissionSummary> {
  return inTransaction(ctx, async (trx) => {
    const { admissionId, elder, place } = await admitIn(trx, ctx, input);
    await writeAudit(trx, ctx, {
      action: 'stay.admit',
      entity: 'elder',
      entityId: elder.id,
      summary: `${elderLabel(elder)} ${input.admittedOn} 入住 ${place.label}（${FEE_CLASSES[input.feeClass]}${input.applicationId ? '，来自轮候' : ''}）`,
      after: { admissionId, ...input },
    });
    return admissionSummary(trx, admissionId);
  });
}

// ---------- transfer, leave, discharge ----------

export function transfer(ctx: CoreContext, input: TransferInput): Promise<AdmissionSummary> {
  return inTransaction(ctx, async (trx) => {
    const admission = await admissionOrThrow(trx, input.admissionId);
    openAdmission(admission);
    const current = await openSegment(trx, admission.id);
    const elder = await elderOrThrow(trx, admission.elder_id);
    const from = await bedPlace(trx, current.bed_id);
    const to = await bedPlace(trx, input.toBedId, 'toBedId');
    if (to.id === from.id) throw new AppError('VALIDATION', `${elder.name}已在床位 ${to.label}`, { field: 'toBedId' });
    if (to.facility_id !== admission.facility_id) {
      throw new AppError('STAY_CONFLICT', `调床只能在${from.facility_name}内进行；转往其他机构请先办理退住（转院）再入住`, { field: 'toBedId' });
    }
    notInFuture(ctx, input.on, 'on', '调床日期');
    if (input.on < current.start_on) throw new AppError('STAY_DATE_INVALID', `调床日期不能早于入住当前床位的日期 ${current.start_on}`, { field: 'on' });
    // Moved again on the day the elder came to this bed (admitted to the wrong bed, or a room swapped that
    // morning): days are the unit, so the elder is counted in the new bed from that day, and the bed held
    // for a few hours drops out instead of a stay of no days.
    const sameDay = input.on === current.start_on;
    const leave = await trx
      .selectFrom('stay_leaves')
      .select(['start_on', 'end_on'])
      .where('admission_id', '=', admission.id)
      .where('start_on', '<=', input.on)
      .where(sql<boolean>`coalesce(end_on, ${FOREVER}) > ${input.on}`)
      .executeTakeFirst();
    if (leave) throw new AppError('STAY_CONFLICT', `${elder.name}在 ${period(leave.start_on, leave.end_on)}请假，请假期间不能调床`, { field: 'on' });
    await checkBedFor(trx, to, elder, input.on, null, 'toBedId');
    const now = ctx.now().toISOString();
    try {
      let resumed = false;
      if (sameDay) {
        await trx.deleteFrom('stays').where('id', '=', current.id).execute();
        // Back the same day to the bed the elder left that day: that stay simply goes on.
        const { numUpdatedRows } = await trx
          .updateTable('stays')
          .set({ end_on: null, end_reason: null })
          .where('admission_id', '=', admission.id)
          .where('bed_id', '=', to.id)
          .where('end_on', '=', input.on)
          .where('end_reason', '=', 'transfer')
          .executeTakeFirst();
        resumed = numUpdatedRows > 0n;
      } else {
        await trx.updateTable('stays').set({ end_on: input.on, end_reason: 'transfer' }).where('id', '=', current.id).execute();
      }
      if (!resumed) {
        await trx
          .insertInto('stays')
          .values({
            id: newId(),
            admission_id: admission.id,
            elder_id: elder.id,
            facility_id: admission.facility_id,
            bed_id: to.id,
            start_on: input.on,
            end_on: null,
            end_reason: null,
            // Replacing a stay of no days, the new one came about as that one did.
            transfer_reason: sameDay ? current.transfer_reason : input.reason,
            created_at: now,
            recorded_by: ctx.actor.id,
          })
          .execute();
      }
    } catch (err) {
      stayConstraint(err, to);
    }
    await writeAudit(trx, ctx, {
      action: 'stay.transfer',
      entity: 'elder',
      entityId: elder.id,
      summary: `${elderLabel(elder)} ${input.on} 由 ${from.label} 调至 ${to.label}${sameDay ? '（当日调床，不再计入原床位）' : ''}${input.reason ? `（${input.reason}）` : ''}`,
      before: { bedId: from.id },
      after: { bedId: to.id, on: input.on, reason: input.reason },
    });
    return admissionSummary(trx, admission.id);
  });
}

export function startLeave(ctx: CoreContext, input: { admissionId: string; startOn: string; reason: string }): Promise<AdmissionSummary> {
  return inTransaction(ctx, async (trx) => {
    const admission = await admissionOrThrow(trx, input.admissionId);
    openAdmission(admission);
    const current = await openSegment(trx, admission.id);
    const elder = await elderOrThrow(trx, admission.elder_id);
    notInFuture(ctx, input.startOn, 'startOn', '请假开始日期');
    if (input.startOn <= admission.start_on) throw new AppError('STAY_DATE_INVALID', `请假开始日期须晚于入住日期 ${admission.start_on}`, { field: 'startOn' });
    // A leave never spans a transfer: the bed it keeps is the current one.
    if (input.startOn < current.start_on) throw new AppError('STAY_DATE_INVALID', `请假开始日期不能早于调入当前床位的日期 ${current.start_on}`, { field: 'startOn' });
    const clash = await trx
      .selectFrom('stay_leaves')
      .select(['start_on', 'end_on'])
      .where('admission_id', '=', admission.id)
      .where(sql<boolean>`coalesce(end_on, ${FOREVER}) > ${input.startOn}`)
      .executeTakeFirst();
    if (clash) {
      throw new AppError('STAY_CONFLICT', clash.end_on ? `与已有请假（${clash.start_on} 至 ${clash.end_on}）重叠` : `${elder.name}自 ${clash.start_on} 起请假尚未返回`, { field: 'startOn' });
    }
    const id = newId();
    await trx.insertInto('stay_leaves').values({ id, admission_id: admission.id, start_on: input.startOn, end_on: null, reason: input.reason, created_at: ctx.now().toISOString(), recorded_by: ctx.actor.id }).execute();
    const place = await bedPlace(trx, current.bed_id);
    await writeAudit(trx, ctx, {
      action: 'stay.leave.start',
      entity: 'elder',
      entityId: elder.id,
      summary: `${elderLabel(elder)} 自 ${input.startOn} 起请假（${input.reason}），保留床位 ${place.label}`,
      after: { leaveId: id, ...input },
    });
    return admissionSummary(trx, admission.id);
  });
}

export function endLeave(ctx: CoreContext, input: { leaveId: string; returnedOn: string }): Promise<AdmissionSummary> {
  return inTransaction(ctx, async (trx) => {
    const leave = await trx.selectFrom('stay_leaves').selectAll().where('id', '=', input.leaveId).executeTakeFirst();
    if (!leave) throw new AppError('LEAVE_NOT_FOUND', '请假记录不存在', { field: 'leaveId' });
    if (leave.end_on) throw new AppError('STAY_CONFLICT', `该请假已于 ${leave.end_on} 销假`, { field: 'returnedOn' });
    const admission = await admissionOrThrow(trx, leave.admission_id);
    openAdmission(admission);
    notInFuture(ctx, input.returnedOn, 'returnedOn', '返回日期');
    if (input.returnedOn < leave.start_on) throw new AppError('STAY_DATE_INVALID', `返回日期不能早于请假开始日期 ${leave.start_on}`, { field: 'returnedOn' });
    const elder = await elderOrThrow(trx, admission.elder_id);
    // Back the day the leave began: no night was spent away, so the leave is withdrawn rather than
    // ended (a leave of no days would break end_on > start_on and count nothing anyway).
    if (input.returnedOn === leave.start_on) {
      await trx.deleteFrom('stay_leaves').where('id', '=', leave.id).execute();
      await writeAudit(trx, ctx, {
        action: 'stay.leave.end',
        entity: 'elder',
        entityId: elder.id,
        summary: `${elderLabel(elder)} ${input.returnedOn} 当日返回，请假撤销`,
        before: { leaveId: leave.id, startOn: leave.start_on, reason: leave.reason },
        after: { leaveId: leave.id, returnedOn: input.returnedOn, withdrawn: true },
      });
      return admissionSummary(trx, admission.id);
    }
    await trx.updateTable('stay_leaves').set({ end_on: input.returnedOn }).where('id', '=', leave.id).execute();
    await writeAudit(trx, ctx, {
      action: 'stay.leave.end',
      entity: 'elder',
      entityId: elder.id,
      summary: `${elderLabel(elder)} ${input.returnedOn} 销假返回`,
      before: { endOn: null },
      after: { leaveId: leave.id, returnedOn: input.returnedOn },
    });
    return admissionSummary(trx, admission.id);
  });
}

export function discharge(ctx: CoreContext, input: DischargeInput): Promise<AdmissionSummary> {
  return inTransaction(ctx, async (trx) => {
    const admission = await admissionOrThrow(trx, input.admissionId);
    openAdmission(admission);
    const current = await openSegment(trx, admission.id);
    const elder = await elderOrThrow(trx, admission.elder_id);
    notInFuture(ctx, input.on, 'on', '退住日期');
    if (input.on <= current.start_on) {
      const sameDay = input.on === admission.start_on ? '；入住登记有误的，请用“撤销入住登记”' : '';
      throw new AppError('STAY_DATE_INVALID', `退住日期须晚于${current.start_on === admission.start_on ? '入住' : '调入当前床位的'}日期 ${current.start_on}${sameDay}`, { field: 'on' });
    }
    const later = await trx.selectFrom('stay_leaves').select(['start_on', 'end_on']).where('admission_id', '=', admission.id).where(sql<boolean>`coalesce(end_on, '') > ${input.on}`).executeTakeFirst();
    if (later) throw new AppError('STAY_DATE_INVALID', `已有请假记录（${later.start_on} 至 ${later.end_on}）晚于退住日期`, { field: 'on' });
    const open = await trx.selectFrom('stay_leaves').selectAll().where('admission_id', '=', admission.id).where('end_on', 'is', null).executeTakeFirst();
    if (open) {
      if (input.on <= open.start_on) throw new AppError('STAY_DATE_INVALID', `退住日期须晚于请假开始日期 ${open.start_on}`, { field: 'on' });
      // Discharged while away (e.g. died in hospital): the leave ends with the stay, the bed is released.
      await trx.updateTable('stay_leaves').set({ end_on: input.on }).where('id', '=', open.id).execute();
    }
    await trx.updateTable('stays').set({ end_on: input.on, end_reason: 'discharge' }).where('id', '=', current.id).execute();
    await trx.updateTable('admissions').set({ end_on: input.on, discharge_reason: input.reason, discharge_note: input.note }).where('id', '=', admission.id).execute();
    // A death ends the elder's waiting: open applications (to other facilities) are withdrawn that day.
    const withdrawn = input.reason === 'death' ? await withdrawOnDeath(trx, elder, input.on) : 0;
    const place = await bedPlace(trx, current.bed_id);
    await writeAudit(trx, ctx, {
      action: 'stay.discharge',
      entity: 'elder',
      entityId: elder.id,
      summary: `${elderLabel(elder)} ${input.on} 退住（${DISCHARGE_REASONS[input.reason]}${input.note ? `：${input.note}` : ''}），释放床位 ${place.label}${withdrawn ? `，撤回轮候申请 ${withdrawn} 项` : ''}`,
      before: { endOn: null, bedId: place.id },
      after: { endOn: input.on, reason: input.reason, note: input.note },
    });
    return admissionSummary(trx, admission.id);
  });
}

// ---------- corrections ----------

/**
 * Undoes the discharge of the elder's latest admission: the admission and its last stay are open again
 * from the same bed, as if never discharged, when nothing since stands in the way (another admission or a
 * family bed of the elder, another resident in the bed, the bed retired or out of service, the facility
 * closed). A death recorded by mistake is undone with it, and the applications it withdrew are back in
 * the queue. The reason is kept in the audit log with the discharge undone.
 */
export function reopenAdmission(ctx: CoreContext, input: CorrectionInput): Promise<AdmissionSummary> {
  return inTransaction(ctx, async (trx) => {
    const admission = await admissionOrThrow(trx, input.admissionId);
    const elder = await elderOrThrow(trx, admission.elder_id);
    const on = admission.end_on;
    if (on === null) throw new AppError('STAY_CONFLICT', `${elder.name}的这次入住尚未退住，无需撤销`, { field: 'admissionId' });
    const last = await trx.selectFrom('stays').selectAll().where('admission_id', '=', admission.id).orderBy('start_on', 'desc').limit(1).executeTakeFirstOrThrow();
    const place = await bedPlace(trx, last.bed_id);
    // The bed must be free for the elder from the discharge day on (this stay itself still ends that day).
    await checkBedFor(trx, place, elder, on, null, 'admissionId');
    await checkFacilityOpen(trx, place, admission.start_on, null, 'admissionId');
    // The elder must be free from that day on as for an admission (no later admission elsewhere, no family
    // care bed since), this admission and its discharge, a death recorded by mistake included, aside.
    await checkElderFree(trx, ctx, elder, on, null, admission.id);
    await trx.updateTable('admissions').set({ end_on: null, discharge_reason: null, discharge_note: null }).where('id', '=', admission.id).execute();
    await trx.updateTable('stays').set({ end_on: null, end_reason: null }).where('id', '=', last.id).execute();
    const restored = admission.discharge_reason === 'death' ? await restoreWithdrawnOnDeath(trx, elder.id, on) : 0;
    await writeAudit(trx, ctx, {
      action: 'stay.reopen',
      entity: 'elder',
      entityId: elder.id,
      summary: `${elderLabel(elder)} 撤销 ${on} 的退住（${DISCHARGE_REASONS[admission.discharge_reason!]}），重新在住于 ${place.label}（更正原因：${input.reason}）${restored ? `，恢复轮候申请 ${restored} 项` : ''}`,
      before: { endOn: on, reason: admission.discharge_reason, note: admission.discharge_note },
      after: { endOn: null, correction: input.reason },
    });
    return admissionSummary(trx, admission.id);
  });
}

/**
 * Removes an admission recorded by mistake, with its stays and leaves; the application it served, if any,
 * is back in the queue, and so are those its death (if it ended in one) withdrew. The whole admission goes into the audit log with the reason, so nothing is lost.
 */
export function cancelAdmission(ctx: CoreContext, input: CorrectionInput): Promise<{ admissionId: string }> {
  return inTransaction(ctx, async (trx) => {
    const admission = await admissionOrThrow(trx, input.admissionId);
    const elder = await elderOrThrow(trx, admission.elder_id);
    const stays = await trx.selectFrom('stays').selectAll().where('admission_id', '=', admission.id).orderBy('start_on').execute();
    const leaves = await trx.selectFrom('stay_leaves').selectAll().where('admission_id', '=', admission.id).execute();
    const facility = await trx.selectFrom('facilities').select('name').where('id', '=', admission.facility_id).executeTakeFirstOrThrow();
    await trx.deleteFrom('stay_leaves').where('admission_id', '=', admission.id).execute();
    await trx.deleteFrom('stays').where('admission_id', '=', admission.id).execute();
    await trx.deleteFrom('admissions').where('id', '=', admission.id).execute();
    const application = admission.application_id ? await returnToQueue(trx, admission.application_id) : null;
    // An admission ended by a death recorded by mistake: the applications that death withdrew are back too.
    if (admission.discharge_reason === 'death') await restoreWithdrawnOnDeath(trx, elder.id, admission.end_on!);
    await writeAudit(trx, ctx, {
      action: 'stay.cancel',
      entity: 'elder',
      entityId: elder.id,
      summary: `${elderLabel(elder)} 撤销入住登记：${facility.name} ${period(admission.start_on, admission.end_on)}（更正原因：${input.reason}）${application === 'waiting' ? '，轮候申请恢复轮候' : application === 'withdrawn' ? '，原轮候申请因已有新申请而撤回' : ''}`,
      before: { admission, stays, leaves },
      after: { correction: input.reason },
    });
    return { admissionId: admission.id };
  });
}

// ---------- reading ----------

async function summaries(db: Db, admissions: (AdmissionTable & { facility_name: string })[], today: string): Promise<AdmissionSummary[]> {
  if (admissions.length === 0) return [];
  const ids = admissions.map((a) => a.id);
  const segments = await db
    .selectFrom('stays as s')
    .innerJoin('beds as b', 'b.id', 's.bed_id')
    .innerJoin('rooms as r', 'r.id', 'b.room_id')
    .innerJoin('buildings as g', 'g.id', 'r.building_id')
    .select(['s.id', 's.admission_id', 's.bed_id', 's.start_on', 's.end_on', 's.end_reason', 's.transfer_reason', 'r.number as room_number', 'b.number as bed_number', 'g.name as building_name'])
    .where('s.admission_id', 'in', ids)
    .orderBy('s.start_on')
    .execute();
  const leaves = await db.selectFrom('stay_leaves').selectAll().where('admission_id', 'in', ids).orderBy('start_on').execute();
  return admissions.map((a) => {
    const segs = segments.filter((s) => s.admission_id === a.id);
    const lv = leaves.filter((l) => l.admission_id === a.id);
    const open = segs.find((s) => s.end_on === null);
    return {
      id: a.id,
      elderId: a.elder_id,
      facilityId: a.facility_id,
      facilityName: a.facility_name,
      admittedOn: a.start_on,
      dischargedOn: a.end_on,
      dischargeReason: a.discharge_reason,
      dischargeNote: a.discharge_note,
      feeClass: a.fee_class,
      applicationId: a.application_id,
      segments: segs.map((s) => ({
        id: s.id,
        bedId: s.bed_id,
        bedLabel: bedLabel(s.room_number, s.bed_number),
        buildingName: s.building_name,
        startOn: s.start_on,
        endOn: s.end_on,
        endReason: s.end_reason,
        transferReason: s.transfer_reason,
      })),
      leaves: lv.map((l) => ({ id: l.id, startOn: l.start_on, endOn: l.end_on, reason: l.reason })),
      currentBedId: open?.bed_id ?? null,
      onLeave: lv.some((l) => l.start_on <= today && (l.end_on === null || l.end_on > today)),
    };
  });
}

function admissionsQuery(db: Db) {
  return db.selectFrom('admissions as a').innerJoin('facilities as f', 'f.id', 'a.facility_id').selectAll('a').select('f.name as facility_name');
}

export async function admissionSummary(db: Db, id: string, today = '9999-12-30'): Promise<AdmissionSummary> {
  const rows = await admissionsQuery(db).where('a.id', '=', id).execute();
  if (rows.length === 0) throw new AppError('STAY_NOT_FOUND', '入住记录不存在', { field: 'admissionId' });
  // Without a date, "on leave" means an open leave: right for the answer to an action just taken.
  const [s] = await summaries(db, rows, today);
  return s!;
}

export async function admissionsOfElder(db: Db, elderId: string, today: string): Promise<AdmissionSummary[]> {
  const rows = await admissionsQuery(db).where('a.elder_id', '=', elderId).orderBy('a.start_on', 'desc').execute();
  return summaries(db, rows, today);
}

/**
 * Beds of a facility that can take an open-ended admission from `on`: nothing on them from then on.
 * For an admission (`admitting`) a facility not open to one on that day is refused with the reason the
 * admission itself would get, so the dialog says why instead of offering beds it cannot save.
 */
export async function freeBeds(ctx: CoreContext, input: { facilityId: string; on: string; sex?: 'M' | 'F'; admitting?: boolean }): Promise<FreeBed[]> {
  const d = input.on;
  if (input.admitting) {
    const facility = await ctx.db.selectFrom('facilities').select(['id as facility_id', 'name as facility_name']).where('id', '=', input.facilityId).executeTakeFirst();
    if (facility) await checkFacilityOpen(ctx.db, facility, d, null, 'admittedOn');
  }
  const { rows } = await sql<{ id: string; number: string; room_number: string; floor: number; sex_restriction: 'M' | 'F' | null; building_name: string; category: BedCategory; nursing: number; zone: BedZone; reserve: number }>`
    SELECT b.id, b.number, r.number AS room_number, r.floor, r.sex_restriction, g.name AS building_name,
      a.category, a.nursing, a.zone, a.reserve
    FROM beds b
    JOIN rooms r ON r.id = b.room_id
    JOIN buildings g ON g.id = r.building_id
    JOIN bed_attributes a ON a.bed_id = b.id AND ${latestAttributeOn('b', d)}
    WHERE b.facility_id = ${input.facilityId} AND b.opened_on <= ${d} AND b.retired_on IS NULL
      AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND coalesce(s.end_on, ${FOREVER}) > ${d})
      AND NOT EXISTS (SELECT 1 FROM bed_outages o WHERE o.bed_id = b.id AND coalesce(o.end_on, ${FOREVER}) > ${d})
      ${input.sex ? sql`AND (r.sex_restriction IS NULL OR r.sex_restriction = ${input.sex})` : sql``}
    ORDER BY g.name, r.floor, CAST(r.number AS INTEGER), r.number, CAST(b.number AS INTEGER), b.number`.execute(ctx.db);
  return rows.map((r) => ({
    id: r.id,
    label: bedLabel(r.room_number, r.number),
    buildingName: r.building_name,
    floor: r.floor,
    category: r.category,
    nursing: r.nursing === 1,
    zone: r.zone,
    reserve: r.reserve === 1,
    sexRestriction: r.sex_restriction,
  }));
}

export async function residents(ctx: CoreContext, input: ResidentsInput): Promise<Page<ResidentRow>> {
  const d = input.asOf ?? todayIn(ctx.now());
  const search = input.search ? sql`AND e.name LIKE ${'%' + escapeLike(input.search) + '%'} ESCAPE '\\'` : sql``;
  type Row = { admission_id: string; elder_id: string; name: string; id_number: string; sex: 'M' | 'F'; start_on: string; end_on: string | null; discharge_reason: DischargeReason | null; fee_class: AdmissionTable['fee_class']; bed_id: string | null; room_number: string | null; bed_number: string | null; on_leave: number };
  let from;
  let order;
  if (input.which === 'current') {
    // In the home on D: the segment covering D (one per elder), and whether a leave covers D.
    from = sql`
      FROM stays s
      JOIN admissions a ON a.id = s.admission_id
      JOIN elders e ON e.id = s.elder_id
      JOIN beds b ON b.id = s.bed_id
      JOIN rooms r ON r.id = b.room_id
      WHERE s.facility_id = ${input.facilityId} AND ${stayCoversOn('s', d)} ${search}`;
    order = sql`ORDER BY CAST(r.number AS INTEGER), r.number, b.number`;
  } else {
    // Left by D: the admission ended on or before D; the bed shown is the last one.
    from = sql`
      FROM admissions a
      JOIN stays s ON s.admission_id = a.id AND s.end_on = a.end_on
      JOIN elders e ON e.id = a.elder_id
      JOIN beds b ON b.id = s.bed_id
      JOIN rooms r ON r.id = b.room_id
      WHERE a.facility_id = ${input.facilityId} AND a.end_on IS NOT NULL AND a.end_on <= ${d} ${search}`;
    order = sql`ORDER BY a.end_on DESC, e.name`;
  }
  const { rows: countRows } = await sql<{ n: number }>`SELECT count(*) AS n ${from}`.execute(ctx.db);
  const { rows } = await sql<Row>`
    SELECT a.id AS admission_id, e.id AS elder_id, e.name, e.id_number, e.sex, a.start_on, a.end_on, a.discharge_reason, a.fee_class,
      s.bed_id, r.number AS room_number, b.number AS bed_number,
      EXISTS (SELECT 1 FROM stay_leaves l WHERE l.admission_id = a.id AND ${stayCoversOn('l', d)}) AS on_leave
    ${from} ${order} LIMIT ${input.limit} OFFSET ${input.offset}`.execute(ctx.db);
  return {
    rows: rows.map((r) => ({
      admissionId: r.admission_id,
      elderId: r.elder_id,
      elderName: r.name,
      idNumberMasked: maskIdNumber(r.id_number),
      sex: r.sex,
      admittedOn: r.start_on,
      dischargedOn: r.end_on,
      dischargeReason: r.discharge_reason,
      feeClass: r.fee_class,
      bedId: r.bed_id,
      bedLabel: r.room_number && r.bed_number ? bedLabel(r.room_number, r.bed_number) : null,
      onLeave: r.on_leave === 1,
    })),
    total: Number(countRows[0]?.n ?? 0),
    offset: input.offset,
    limit: input.limit,
  };
}

/**
 * The census on a date. Residents are counted from the stays themselves and bed states from the beds'
 * as-of query; both read the same rows, so residents = occupied + on leave, always.
 */
export async function occupancy(ctx: CoreContext, input: OccupancyInput): Promise<Occupancy> {
  const d = input.asOf ?? todayIn(ctx.now());
  const scope: BedScope = input.facilityId ? { facilityId: input.facilityId } : input.areaCode ? { areaCode: input.areaCode } : { all: true };
  const where = input.facilityId
    ? sql`s.facility_id = ${input.facilityId}`
    : input.areaCode
      ? sql`s.facility_id IN (SELECT f.id FROM facilities f WHERE ${input.areaCode.length === 6 ? sql.ref('f.district_code') : sql.ref('f.area_code')} = ${input.areaCode})`
      : sql`1 = 1`;
  const { rows } = await sql<{ residents: number; on_leave: number }>`
    SELECT count(*) AS residents,
      coalesce(sum(EXISTS (SELECT 1 FROM stay_leaves l WHERE l.admission_id = s.admission_id AND ${stayCoversOn('l', d)})), 0) AS on_leave
    FROM stays s WHERE ${where} AND ${stayCoversOn('s', d)}`.execute(ctx.db);
  const beds = await countBedsAsOf(ctx.db, scope, d);
  const total = Number(rows[0]?.residents ?? 0);
  const away = Number(rows[0]?.on_leave ?? 0);
  const familyCareBeds = await countFamilyCareBedsAsOf(ctx.db, input.facilityId ? { providerFacilityId: input.facilityId } : { areaCode: input.areaCode }, d);
  return { asOf: d, beds, residents: total, inBed: total - away, onLeave: away, familyCareBeds };
}

export async function bedHistory(ctx: CoreContext, input: { bedId: string; offset: number; limit: number }): Promise<Page<BedHistoryRow>> {
  await bedPlace(ctx.db, input.bedId);
  const { total } = await ctx.db.selectFrom('stays').select((eb) => eb.fn.countAll<number>().as('total')).where('bed_id', '=', input.bedId).executeTakeFirstOrThrow();
  const rows = await ctx.db
    .selectFrom('stays as s')
    .innerJoin('elders as e', 'e.id', 's.elder_id')
    .select(['s.id', 's.admission_id', 's.elder_id', 'e.name', 'e.id_number', 's.start_on', 's.end_on', 's.end_reason'])
    .where('s.bed_id', '=', input.bedId)
    .orderBy('s.start_on', 'desc')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  return {
    rows: rows.map((r) => ({ stayId: r.id, admissionId: r.admission_id, elderId: r.elder_id, elderName: r.name, idNumberMasked: maskIdNumber(r.id_number), startOn: r.start_on, endOn: r.end_on, endReason: r.end_reason })),
    total,
    offset: input.offset,
    limit: input.limit,
  };
}
