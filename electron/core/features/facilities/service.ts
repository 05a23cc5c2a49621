import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../../../../shared/errors';
import type {
  FacilityCreateInput,
  FacilityDetail,
  FacilityListInput,
  FacilityRow,
  FacilityUpdateInput,
} from '../../../../shared/contract';
import type { Page } from '../../../../shared/schemas/common';
import { FACILITY_KINDS, FACILITY_STATUSES, INSTITUTION_SUBTYPES, MEDICAL_SERVICES, OWNERSHIPS, type FacilityStatus } from '../../../../shared/domain/facility';
import { validateCreditCode } from '../../../../shared/domain/creditCode';
import type { CoreContext, Trx } from '../../app/context';
import { changeList, inTransaction, writeAudit } from '../../app/audit';
import { todayIn } from '../../app/time';
import { UNKNOWN_DAY } from '../../../../shared/domain/calendar';
import { findArea } from '../areas/service';
import type { Db, FacilityTable } from '../../db/schema';
import { statusOn as statusOnExpr } from '../../db/asOf';
import { newId } from '../../app/ids';
import { facilityScopeSql } from '../../app/access';
import { escapeLike } from '../../db/lists';

function baseQuery(db: Db) {
  // CROSS JOIN (an inner join whose table order SQLite keeps) makes facilities the outer loop, found by
  // id (the list's chosen page, one facility); with a plain JOIN the planner may loop over the areas
  // and look at every facility (1.2 s nationally when the list still walked this query).
  return db
    .selectFrom('facilities as f')
    .crossJoin('areas as a')
    .crossJoin('areas as d')
    .whereRef('a.code', '=', 'f.area_code')
    .whereRef('d.code', '=', 'f.district_code')
    .select([
      'f.id',
      'f.name',
      'f.kind',
      'f.subtype',
      'f.ownership',
      'f.status',
      'f.area_code',
      'a.name as area_name',
      'f.district_code',
      'd.name as district_name',
      'f.approved_beds',
      'f.opened_on',
      'f.updated_at',
    ]);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toRow(r: BaseRow): FacilityRow {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    subtype: r.subtype,
    ownership: r.ownership,
    status: r.status,
    areaCode: r.area_code,
    areaName: r.area_name,
    districtCode: r.district_code,
    districtName: r.district_name,
    approvedBeds: r.approved_beds,
    openedOn: r.opened_on,
    updatedAt: r.updated_at,
  };
}

async function countFromCounters(db: Db, input: FacilityListInput): Promise<number> {
  let q = db.selectFrom('district_facility_counters').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('facilities'), eb.lit(0)).as('n'));
  if (input.districtCode) q = q.where('district_code', '=', input.districtCode);
  if (input.kind) q = q.where('kind', '=', input.kind);
  if (input.status) q = q.where('status', '=', input.status);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * The page is chosen on facilities alone, walking facilities_district_name in display order, and only its
 * rows are joined to their area and district: joined while walking, every facility an OFFSET skipped was
 * looked up in areas twice (page 4,000 nationally: 443 ms). A facility's area exists (foreign key) and is
 * a district or one of its streets, so its district does too: choosing before joining drops nothing.
 */
export async function listFacilities(ctx: CoreContext, input: FacilityListInput): Promise<Page<FacilityRow>> {
  let q = ctx.db.selectFrom('facilities as f');
  if (input.districtCode) q = q.where('f.district_code', '=', input.districtCode);
  if (input.kind) q = q.where('f.kind', '=', input.kind);
  if (input.status) q = q.where('f.status', '=', input.status);
  // A scoped account sees its facilities only; the counters hold every facility, so its total is counted.
  if (ctx.scope) q = q.where(facilityScopeSql(ctx.scope, 'f.id'));
  if (input.search) {
    const like = `%${escapeLike(input.search)}%`;
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`f.name LIKE ${like} ESCAPE '\\'`,
        sql<boolean>`f.address LIKE ${like} ESCAPE '\\'`,
        eb('f.credit_code', '=', input.search!.toUpperCase()),
      ]),
    );
  }
  // Without a text search the total is read from the maintained per-district counters (migration 0007),
  // which hold every facility by district, kind and current status: counting 406,000 rows on the opening
  // screen would cost far more than the page itself.
  const total = input.search || ctx.scope ? (await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()).total : await countFromCounters(ctx.db, input);
  const chosen = q.select('f.id').orderBy('f.district_code').orderBy('f.name').limit(input.limit).offset(input.offset);
  const rows = await baseQuery(ctx.db).where('f.id', 'in', chosen).orderBy('f.district_code').orderBy('f.name').execute();
  return { rows: rows.map(toRow), total, offset: input.offset, limit: input.limit };
}

export async function getFacilityIn(db: Db, id: string): Promise<FacilityDetail> {
  const row = await baseQuery(db)
    .leftJoin('facilities as p', 'p.id', 'f.parent_id')
    .select(['f.credit_code', 'f.filing_no', 'f.medical_service', 'f.address', 'f.parent_id', 'p.name as parent_name', 'f.created_at'])
    .where('f.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('FACILITY_NOT_FOUND', '机构不存在或已被删除', { id });
  const children = await db.selectFrom('facilities').select(['id', 'name', 'kind']).where('parent_id', '=', id).orderBy('name').execute();
  const history = await db
    .selectFrom('facility_status_history')
    .selectAll()
    .where('facility_id', '=', id)
    .orderBy('effective_on', 'desc')
    .execute();
  return {
    ...toRow(row),
    creditCode: row.credit_code,
    filingNo: row.filing_no,
    medicalService: row.medical_service,
    address: row.address,
    parentId: row.parent_id,
    parentName: row.parent_name,
    children,
    statusHistory: history.map((h) => ({
      id: h.id,
      status: h.status,
      effectiveOn: h.effective_on,
      reason: h.reason,
      recordedAt: h.recorded_at,
    })),
    createdAt: row.created_at,
  };
}

export function getFacility(ctx: CoreContext, input: { id: string }): Promise<FacilityDetail> {
  return getFacilityIn(ctx.db, input.id);
}

type FacilityFields = Omit<FacilityUpdateInput, 'id'>;

/**
 * Every problem of a facility's fields, in the form's order; a field not given (an import row whose cell
 * was already refused) is not checked. The form stops at the first, the import lists them all at once.
 */
export async function facilityFieldProblems(trx: Trx, ctx: CoreContext, input: Partial<FacilityFields>, selfId: string | null): Promise<AppError[]> {
  const problems: AppError[] = [];
  const today = todayIn(ctx.now());
  if (input.areaCode) {
    const area = await findArea(trx, input.areaCode);
    if (!area) problems.push(new AppError('AREA_NOT_FOUND', `区划代码 ${input.areaCode} 不存在`, { field: 'areaCode' }));
    else if (area.level !== 'district' && area.level !== 'street') {
      problems.push(new AppError('AREA_CODE_FORMAT', '机构所在区划应为区（6 位）或街道/乡镇（9 位）', { field: 'areaCode' }));
    }
  }
  if (input.subtype && input.kind && input.kind !== 'institution') {
    problems.push(new AppError('VALIDATION', '敬老院、社会福利中心只能属于养老机构', { field: 'subtype' }));
  }
  if (input.creditCode) {
    const checked = validateCreditCode(input.creditCode);
    if (!checked.ok) problems.push(new AppError('CREDIT_CODE_INVALID', checked.message, { field: 'creditCode' }));
    else {
      const other = await trx.selectFrom('facilities').select(['id', 'name']).where('credit_code', '=', checked.code).executeTakeFirst();
      if (other && other.id !== selfId) {
        problems.push(new AppError('CREDIT_CODE_TAKEN', `统一社会信用代码 ${checked.code} 已被“${other.name}”使用`, { field: 'creditCode' }));
      }
    }
  }
  if (input.name) {
    const sameName = await trx.selectFrom('facilities').select('id').where('name', '=', input.name).executeTakeFirst();
    if (sameName && sameName.id !== selfId) {
      problems.push(new AppError('FACILITY_NAME_TAKEN', `机构名称“${input.name}”已存在，机构名称须唯一`, { field: 'name' }));
    }
  }
  if (input.openedOn && input.openedOn > today) {
    problems.push(new AppError('DATE_IN_FUTURE', `开业日期 ${input.openedOn} 晚于今天`, { field: 'openedOn' }));
  }
  if (input.parentId) {
    const wrong = await parentProblem(trx, input.parentId, selfId);
    if (wrong) problems.push(wrong);
  }
  return problems;
}

async function parentProblem(trx: Trx, parentId: string, selfId: string | null): Promise<AppError | null> {
  if (parentId === selfId) return new AppError('FACILITY_PARENT_INVALID', '上级机构不能是本机构', { field: 'parentId' });
  // Walk up the chain: a station may hang under an institution, but never under its own descendant.
  let cursor: string | null = parentId;
  for (let depth = 0; cursor; depth++) {
    const parent: { id: string; parent_id: string | null } | undefined = await trx
      .selectFrom('facilities')
      .select(['id', 'parent_id'])
      .where('id', '=', cursor)
      .executeTakeFirst();
    if (!parent) return new AppError('FACILITY_PARENT_INVALID', '上级机构不存在', { field: 'parentId' });
    if (parent.parent_id === selfId && selfId) return new AppError('FACILITY_PARENT_INVALID', '上级机构不能是本机构的下级机构', { field: 'parentId' });
    if (depth > 20) return new AppError('FACILITY_PARENT_INVALID', '上级机构层级过深', { field: 'parentId' });
    cursor = parent.parent_id;
  }
  return null;
}

/**
 * The checks that a form save and an import row share. Throws the first problem as an AppError
 * whose message names the field, and returns the values as they will be stored.
 */
export async function checkFacilityFields(trx: Trx, ctx: CoreContext, input: FacilityFields, selfId: string | null) {
  const [first] = await facilityFieldProblems(trx, ctx, input, selfId);
  if (first) throw first;
  return facilityRecord(input);
}

/** The columns stored for fields already checked (facilityFieldProblems found nothing). */
function facilityRecord(input: FacilityFields) {
  const checked = input.creditCode ? validateCreditCode(input.creditCode) : null;
  return {
    name: input.name,
    kind: input.kind,
    subtype: input.kind === 'institution' ? input.subtype : null,
    ownership: input.ownership,
    area_code: input.areaCode,
    credit_code: checked?.ok ? checked.code : null,
    filing_no: input.filingNo,
    approved_beds: input.approvedBeds,
    medical_service: input.medicalService,
    opened_on: input.openedOn,
    address: input.address,
    parent_id: input.parentId,
  } satisfies Partial<FacilityTable>;
}

/**
 * Writes a new facility with its first status entry and audit entry. `checked`: the caller has already
 * run facilityFieldProblems on these fields and found nothing (the import lists every problem of a row
 * first), so the register is not asked the same questions twice.
 */
export async function createFacilityIn(trx: Trx, ctx: CoreContext, input: FacilityCreateInput, opts: { checked?: boolean } = {}): Promise<string> {
  const values = opts.checked ? facilityRecord(input) : await checkFacilityFields(trx, ctx, input, null);
  const today = todayIn(ctx.now());
  // No date given: the status holds since an unknown date (counted on every past date, and the
  // data-quality audit asks for it), never since the day it was typed in.
  const statusSince = input.statusSince ?? input.openedOn ?? UNKNOWN_DAY;
  if (statusSince > today) throw new AppError('DATE_IN_FUTURE', `状态生效日期 ${statusSince} 晚于今天`, { field: 'statusSince' });
  const now = ctx.now().toISOString();
  const id = newId();
  const row = { id, ...values, status: input.status, created_at: now, updated_at: now };
  await trx.insertInto('facilities').values(row).execute();
  await trx
    .insertInto('facility_status_history')
    .values({ id: newId(), facility_id: id, status: input.status, effective_on: statusSince, reason: '新建', recorded_at: now, recorded_by: ctx.actor.id })
    .execute();
  await writeAudit(trx, ctx, { action: 'facility.create', entity: 'facility', entityId: id, summary: `新增机构 ${input.name}`, after: row });
  return id;
}

export function createFacility(ctx: CoreContext, input: FacilityCreateInput): Promise<FacilityDetail> {
  return inTransaction(ctx, async (trx) => getFacilityIn(trx, await createFacilityIn(trx, ctx, input)));
}

const FIELD_LABELS: Record<string, string> = {
  name: '机构名称',
  kind: '机构类型',
  subtype: '机构子类',
  ownership: '举办性质',
  area_code: '所在区划',
  credit_code: '统一社会信用代码',
  filing_no: '备案号',
  approved_beds: '核定床位数',
  medical_service: '医疗服务',
  opened_on: '开业日期',
  address: '地址',
  parent_id: '上级机构',
};

/** The changed fields in words (所在区划 密云区 → 怀柔区), vocabularies by label, areas and parents by name. */
async function describeFacilityChanges(trx: Trx, was: Record<string, unknown>, now: Record<string, unknown>): Promise<string> {
  const given = (...vs: unknown[]) => vs.filter((v): v is string => typeof v === 'string');
  const areaCodes = given(was.area_code, now.area_code);
  const parentIds = given(was.parent_id, now.parent_id);
  const areas = new Map(areaCodes.length ? (await trx.selectFrom('areas').select(['code', 'name']).where('code', 'in', areaCodes).execute()).map((r) => [r.code, r.name]) : []);
  const parents = new Map(parentIds.length ? (await trx.selectFrom('facilities').select(['id', 'name']).where('id', 'in', parentIds).execute()).map((r) => [r.id, r.name]) : []);
  const shown = (field: string, v: unknown): string | number | null => {
    if (v === null || v === undefined) return null;
    const text = String(v);
    if (field === 'kind') return FACILITY_KINDS[text as keyof typeof FACILITY_KINDS] ?? text;
    if (field === 'subtype') return INSTITUTION_SUBTYPES[text as keyof typeof INSTITUTION_SUBTYPES] ?? text;
    if (field === 'ownership') return OWNERSHIPS[text as keyof typeof OWNERSHIPS] ?? text;
    if (field === 'medical_service') return MEDICAL_SERVICES[text as keyof typeof MEDICAL_SERVICES] ?? text;
    if (field === 'area_code') return areas.has(text) ? `${areas.get(text)}（${text}）` : text;
    if (field === 'parent_id') return parents.get(text) ?? text;
    return typeof v === 'number' ? v : text;
  };
  return changeList(Object.keys(now).map((field) => [FIELD_LABELS[field] ?? field, shown(field, was[field]), shown(field, now[field])]));
}

export function updateFacility(ctx: CoreContext, input: FacilityUpdateInput): Promise<FacilityDetail> {
  return inTransaction(ctx, async (trx) => {
    await updateFacilityIn(trx, ctx, input);
    return getFacilityIn(trx, input.id);
  });
}

/** A facility's fields written in the caller's transaction, checked as the form checks them, with the audit entry. */
export async function updateFacilityIn(trx: Trx, ctx: CoreContext, input: FacilityUpdateInput): Promise<void> {
  const before = await trx.selectFrom('facilities').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!before) throw new AppError('FACILITY_NOT_FOUND', '机构不存在或已被删除', { id: input.id });
  const values = await checkFacilityFields(trx, ctx, input, input.id);
  // A later opening date may not leave beds or admissions before it (a new bed is refused the same way).
  if (values.opened_on && values.opened_on !== before.opened_on) {
    const bed = await trx.selectFrom('beds').select((eb) => eb.fn.min<string>('opened_on').as('first')).where('facility_id', '=', input.id).executeTakeFirst();
    if (bed?.first && bed.first < values.opened_on) {
      throw new AppError('BED_BEFORE_FACILITY', `已有床位于 ${bed.first} 启用，开业日期不能晚于该日`, { field: 'openedOn' });
    }
    const stay = await trx.selectFrom('admissions').select((eb) => eb.fn.min<string>('start_on').as('first')).where('facility_id', '=', input.id).executeTakeFirst();
    if (stay?.first && stay.first < values.opened_on) {
      throw new AppError('STAY_DATE_INVALID', `已有老人于 ${stay.first} 入住，开业日期不能晚于该日`, { field: 'openedOn' });
    }
  }
  const updatedAt = ctx.now().toISOString();
  await trx.updateTable('facilities').set({ ...values, updated_at: updatedAt }).where('id', '=', input.id).execute();
  const changed = Object.fromEntries(
    Object.entries(values).filter(([k, v]) => (before as Record<string, unknown>)[k] !== v),
  );
  const was = Object.fromEntries(Object.keys(changed).map((k) => [k, (before as Record<string, unknown>)[k]]));
  const summary = `修改机构 ${before.name}：${(await describeFacilityChanges(trx, was, changed)) || '无变化'}`;
  await writeAudit(trx, ctx, { action: 'facility.update', entity: 'facility', entityId: input.id, summary, before: was, after: changed });
}

/** The status in force on a date, by the one definition every count uses (db/asOf.ts). */
export async function statusOn(db: Db, facilityId: string, date: string): Promise<FacilityStatus | null> {
  const { rows } = await sql<{ status: FacilityStatus | null }>`SELECT ${statusOnExpr(sql.val(facilityId), date)} AS status`.execute(db);
  return rows[0]?.status ?? null;
}

/**
 * A status other than operating, in force from `effectiveOn` until the facility's next recorded status,
 * may not cover an admission made in that time; a closure may not cover any day of a stay (admissions
 * check the same from their side, stays/service.ts). Otherwise residents recorded there would drop out
 * of every indicator, which leave such facilities out.
 */
async function checkResidentsAllow(trx: Trx, name: string, input: { id: string; status: FacilityStatus; effectiveOn: string }): Promise<void> {
  if (input.status === 'operating') return;
  const next = await trx
    .selectFrom('facility_status_history')
    .select('effective_on')
    .where('facility_id', '=', input.id)
    .where('effective_on', '>', input.effectiveOn)
    .orderBy('effective_on')
    .limit(1)
    .executeTakeFirst();
  const until = next?.effective_on ?? '9999-12-31';
  const span = next ? `${input.effectiveOn} 至 ${until}` : `${input.effectiveOn} 起`;
  const label = FACILITY_STATUSES[input.status];
  // The earliest of the facility's admissions meeting `cond`, with how many meet it.
  const earliest = (cond: RawBuilder<boolean>) =>
    trx
      .selectFrom('admissions as a')
      .innerJoin('elders as e', 'e.id', 'a.elder_id')
      .select(['e.name', 'a.start_on', 'a.end_on'])
      .select((eb) => eb.fn.countAll<number>().over().as('n'))
      .where('a.facility_id', '=', input.id)
      .where(cond)
      .orderBy('a.start_on')
      .limit(1)
      .executeTakeFirst();
  const admitted = await earliest(sql`a.start_on >= ${input.effectiveOn} AND a.start_on < ${until}`);
  if (admitted) {
    throw new AppError(
      'FACILITY_HAS_RESIDENTS',
      `${name}在 ${span}有 ${admitted.n} 次入住办理（最早：${admitted.name}，${admitted.start_on}），不能登记为“${label}”；请核对生效日期`,
      { field: 'effectiveOn' },
    );
  }
  if (input.status !== 'closed') return;
  const staying = await earliest(sql`a.start_on < ${until} AND coalesce(a.end_on, '9999-12-31') > ${input.effectiveOn}`);
  if (staying) {
    throw new AppError(
      'FACILITY_HAS_RESIDENTS',
      `${name}在 ${span}仍有 ${staying.n} 位老人在住（如${staying.name}，${staying.start_on} 入住${staying.end_on ? `、${staying.end_on} 退住` : '至今'}），请先为在住老人办理退住，再登记注销`,
      { field: 'effectiveOn' },
    );
  }
}

export function setFacilityStatus(
  ctx: CoreContext,
  input: { id: string; status: FacilityStatus; effectiveOn: string; reason: string | null },
): Promise<FacilityDetail> {
  return inTransaction(ctx, async (trx) => {
    await setFacilityStatusIn(trx, ctx, input);
    return getFacilityIn(trx, input.id);
  });
}

/** A dated status entry written in the caller's transaction, with the checks and the audit entry of setFacilityStatus. */
export async function setFacilityStatusIn(trx: Trx, ctx: CoreContext, input: { id: string; status: FacilityStatus; effectiveOn: string; reason: string | null }): Promise<void> {
  const facility = await trx.selectFrom('facilities').select(['id', 'name', 'status', 'opened_on']).where('id', '=', input.id).executeTakeFirst();
  if (!facility) throw new AppError('FACILITY_NOT_FOUND', '机构不存在或已被删除', { id: input.id });
  if (input.effectiveOn > todayIn(ctx.now())) throw new AppError('DATE_IN_FUTURE', `生效日期 ${input.effectiveOn} 晚于今天`);
  const clash = await trx
    .selectFrom('facility_status_history')
    .select('status')
    .where('facility_id', '=', input.id)
    .where('effective_on', '=', input.effectiveOn)
    .executeTakeFirst();
  if (clash) {
    throw new AppError('STATUS_DATE_INVALID', `${input.effectiveOn} 已有一条状态记录（${FACILITY_STATUSES[clash.status]}），同一天只能记录一次状态变更`);
  }
  await checkResidentsAllow(trx, facility.name, input);
  const now = ctx.now().toISOString();
  await trx
    .insertInto('facility_status_history')
    .values({ id: newId(), facility_id: input.id, status: input.status, effective_on: input.effectiveOn, reason: input.reason, recorded_at: now, recorded_by: ctx.actor.id })
    .execute();
  // A back-dated entry may not be the latest one, so the current status is recomputed, not assigned.
  const current = (await statusOn(trx, input.id, '9999-12-31'))!;
  await trx.updateTable('facilities').set({ status: current, updated_at: now }).where('id', '=', input.id).execute();
  await writeAudit(trx, ctx, {
    action: 'facility.status',
    entity: 'facility',
    entityId: input.id,
    summary: `${facility.name} 自 ${input.effectiveOn} 起${FACILITY_STATUSES[input.status]}${input.reason ? `（${input.reason}）` : ''}`,
    before: { status: facility.status },
    after: { status: current, entry: { status: input.status, effectiveOn: input.effectiveOn, reason: input.reason } },
  });
}
