import { sql, type SelectQueryBuilder } from 'kysely';
import { AppError } from '../../../../shared/errors';
import type {
  AssessmentRow,
  ElderContact,
  ElderCreateInput,
  ElderFilter,
  ElderListInput,
  ElderRow,
  ElderUpdateInput,
} from '../../../../shared/contract';
import type { Page } from '../../../../shared/schemas/common';
import { ageOn, maskIdNumber, validateIdNumber } from '../../../../shared/domain/idNumber';
import { maskPhone } from '../../../../shared/domain/phone';
import type { AbilityLevel } from '../../../../shared/domain/assessment';
import {
  ELDER_CATEGORIES,
  ELDER_CATEGORY_KEYS,
  type ElderCategory,
  type WaitingPriorityRules,
} from '../../../../shared/domain/waitingPriority';
import { bedLabel } from '../../../../shared/domain/beds';
import type { CoreContext, Trx } from '../../app/context';
import { writeAudit } from '../../app/audit';
import { todayIn } from '../../app/time';
import type { AssessmentTable, Database, Db, ElderTable } from '../../db/schema';
import { anyOf, escapeLike } from '../../db/lists';
import { stayCoversOn } from '../../db/asOf';
import { loadWaitingRules } from '../waiting/rules';
import { newId } from '../../app/ids';
import { elderScopeSql } from '../../app/access';

// ---------- shared lookups (used by waiting list, family beds and stays) ----------

export function notInFuture(ctx: CoreContext, date: string, field: string, label: string): void {
  if (date > todayIn(ctx.now())) throw new AppError('DATE_IN_FUTURE', `${label} ${date} 晚于今天（${todayIn(ctx.now())}）`, { field });
}

export async function elderOrThrow(db: Db, id: string, field = 'elderId'): Promise<ElderTable> {
  const elder = await db.selectFrom('elders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!elder) throw new AppError('ELDER_NOT_FOUND', '老人不存在或已被删除', { field, id });
  return elder;
}

/** A date about the elder's life cannot precede their birth (back-dated entries are checked too). */
export function notBeforeBirth(elder: ElderTable, date: string, field: string, label: string): void {
  if (date < elder.birth_date) {
    throw new AppError('STAY_DATE_INVALID', `${label} ${date} 早于${elder.name}的出生日期 ${elder.birth_date}`, { field });
  }
}

/** The day the elder's death was recorded (a discharge for death), if it was; admission `except` aside. */
export async function deathOf(db: Db, elderId: string, except?: string): Promise<string | null> {
  let q = db.selectFrom('admissions').select('end_on').where('elder_id', '=', elderId).where('discharge_reason', '=', 'death');
  if (except) q = q.where('id', '<>', except);
  return (await q.executeTakeFirst())?.end_on ?? null;
}

/**
 * Nothing about the elder may be dated after a recorded death (an application, an assessment, a family
 * bed). Returns the day of death, if any, for checks of their own (a family bed must end by it).
 */
export async function notAfterDeath(db: Db, elder: ElderTable, date: string, field: string, label: string): Promise<string | null> {
  const died = await deathOf(db, elder.id);
  if (died !== null && date > died) throw new AppError('ELDER_DECEASED', `${elder.name}已于 ${died} 死亡退住，不能登记 ${date} 的${label}`, { field });
  return died;
}

/** Who the elder is in messages and audit entries: name and masked ID, never the full number. */
export function elderLabel(elder: Pick<ElderTable, 'name' | 'id_number'>): string {
  return `${elder.name}（${maskIdNumber(elder.id_number)}）`;
}

/**
 * Which assessment of an elder is the latest: by date, then by when it was recorded. Unqualified, for any
 * query over assessments alone (the list row, the waiting list, the elder page, a family bed's basis).
 */
export const LATEST_ASSESSMENT_FIRST = sql`assessed_on DESC, created_at DESC`;

/** Categories in the vocabulary's order, whatever order they were stored in. */
function inVocabularyOrder(stored: readonly string[]): ElderCategory[] {
  return ELDER_CATEGORY_KEYS.filter((k) => stored.includes(k));
}

/** Latest assessment on or before `date` per elder (final level and the dementia flag), in one query. */
export async function latestAssessments(db: Db, elderIds: string[], date: string | null): Promise<Map<string, { level: AbilityLevel; dementia: boolean; id: string }>> {
  const out = new Map<string, { level: AbilityLevel; dementia: boolean; id: string }>();
  if (elderIds.length === 0) return out;
  const { rows } = await sql<{ elder_id: string; id: string; final_level: AbilityLevel; dementia: number }>`
    SELECT elder_id, id, final_level, dementia FROM (
      SELECT a.elder_id, a.id, a.final_level, a.dementia,
        row_number() OVER (PARTITION BY a.elder_id ORDER BY ${LATEST_ASSESSMENT_FIRST}) AS rn
      FROM assessments a
      WHERE a.elder_id IN ${anyOf(elderIds)} ${date ? sql`AND a.assessed_on <= ${date}` : sql``}
    ) WHERE rn = 1`.execute(db);
  for (const r of rows) out.set(r.elder_id, { level: r.final_level, dementia: r.dementia === 1, id: r.id });
  return out;
}

export async function categoriesOf(db: Db, elderIds: string[]): Promise<Map<string, ElderCategory[]>> {
  const out = new Map<string, ElderCategory[]>();
  if (elderIds.length === 0) return out;
  const rows = await db.selectFrom('elder_categories').select(['elder_id', 'category']).where('elder_id', 'in', anyOf(elderIds)).execute();
  for (const r of rows) out.set(r.elder_id, [...(out.get(r.elder_id) ?? []), r.category]);
  for (const [id, list] of out) out.set(id, inVocabularyOrder(list));
  return out;
}

/** What a list row shows of the elder; named, not e.*: a star would also compute the generated ID-check column. */
const ROW_COLUMNS = ['e.id', 'e.name', 'e.id_number', 'e.birth_date', 'e.sex'] as const;

/** The elders of one page (or one elder), their row's own columns selected, before the look-ups. */
type EldersPage = SelectQueryBuilder<Database & { e: ElderTable }, 'e', Pick<ElderTable, 'id' | 'name' | 'id_number' | 'birth_date' | 'sex'>>;

/**
 * The list rows of `page`'s elders, as they are on `date`, in one statement: where each elder is (the stay
 * covering the date, its facility, the bed's label from stay_labels of migration 0016, whether on leave),
 * the categories, the latest ability level and an open family care bed. One statement instead of the page
 * query and four look-ups by a 100-element IN list: on a national file a page of placed elders took about
 * 2.3 against 2.9 ms in SQLite alone; through the dispatcher the gain (about a tenth) is within this
 * machine's noise. The page is chosen first, in a subquery, so an OFFSET skips bare index entries: joined
 * and looked up in the same query, every skipped row was too (30 s at an offset of 3.3 million instead of
 * 0.3–0.4 s). At most one stay covers a date for an elder (the stays_no_overlap triggers), so the join
 * keeps one row per elder.
 */
function rowsOf(db: Db, page: EldersPage, date: string) {
  return db
    .selectFrom(page.as('e'))
    .leftJoin('stays as s', (join) =>
      join
        .onRef('s.elder_id', '=', 'e.id')
        .on('s.start_on', '<=', date)
        .on((eb) => eb.or([eb('s.end_on', 'is', null), eb('s.end_on', '>', date)])),
    )
    .leftJoin('stay_labels as l', 'l.stay_id', 's.id')
    .leftJoin('facilities as f', 'f.id', 's.facility_id')
    .select(ROW_COLUMNS)
    .select(['s.admission_id', 's.facility_id', 'f.name as facility_name', 's.bed_id', 'l.room_number', 'l.bed_number'])
    .select([
      sql<number | null>`CASE WHEN s.id IS NULL THEN NULL ELSE EXISTS (SELECT 1 FROM stay_leaves v WHERE v.admission_id = s.admission_id
        AND ${stayCoversOn('v', date)}) END`.as('on_leave'),
      sql<string | null>`(SELECT group_concat(c.category) FROM elder_categories c WHERE c.elder_id = e.id)`.as('categories'),
      sql<AbilityLevel | null>`(SELECT a.final_level FROM assessments a WHERE a.elder_id = e.id
        ORDER BY ${LATEST_ASSESSMENT_FIRST} LIMIT 1)`.as('latest_level'),
      sql<number>`EXISTS (SELECT 1 FROM family_care_beds fb WHERE fb.elder_id = e.id
        AND fb.opened_on <= ${date} AND (fb.closed_on IS NULL OR fb.closed_on > ${date}))`.as('family_bed'),
      sql<string | null>`(SELECT d.end_on FROM admissions d WHERE d.elder_id = e.id AND d.discharge_reason = 'death'
        AND d.end_on <= ${date})`.as('died_on'),
    ])
    .orderBy('e.name')
    .orderBy('e.id');
}

type RowColumns = Awaited<ReturnType<ReturnType<typeof rowsOf>['execute']>>[number];

function toRow(r: RowColumns, today: string, rules: WaitingPriorityRules): ElderRow {
  // A death stops the age: staff reading a list must not take someone who died at 85 for a living 87-year-old.
  const age = ageOn(r.birth_date, r.died_on ?? today);
  return {
    id: r.id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    sex: r.sex,
    birthDate: r.birth_date,
    diedOn: r.died_on,
    age,
    advancedAge: age >= rules.advancedAge,
    categories: inVocabularyOrder(r.categories?.split(',') ?? []),
    latestLevel: r.latest_level,
    placement:
      r.admission_id === null
        ? null
        : {
            admissionId: r.admission_id,
            facilityId: r.facility_id!,
            facilityName: r.facility_name!,
            bedId: r.bed_id!,
            bedLabel: bedLabel(r.room_number!, r.bed_number!),
            onLeave: r.on_leave === 1,
          },
    hasFamilyBed: r.family_bed === 1,
  };
}

// ---------- elders ----------

/** The elders matching the list's filters (name or ID-number tail, category), before paging. */
function matching(ctx: CoreContext, input: ElderFilter) {
  let q = ctx.db.selectFrom('elders as e');
  const search = input.search?.trim();
  if (search) {
    const tail = search.toUpperCase();
    if (/^[0-9X]{4}$/.test(tail)) {
      // Exactly the last four: served by the elders_id_tail expression index.
      q = q.where(sql<boolean>`substr(e.id_number, 15, 4) = ${tail}`);
    } else if (/^[0-9X]{4,18}$/.test(tail)) {
      q = q.where(sql<boolean>`e.id_number LIKE ${'%' + tail}`);
    } else {
      q = q.where(sql<boolean>`e.name LIKE ${'%' + escapeLike(search) + '%'} ESCAPE '\\'`);
    }
  }
  if (input.category) {
    const category = input.category;
    q = q.where((eb) => eb.exists(eb.selectFrom('elder_categories as c').select('c.elder_id').whereRef('c.elder_id', '=', 'e.id').where('c.category', '=', category)));
  }
  // A scoped account sees the elders of its facilities (and, for a district, of its household register).
  if (ctx.scope) q = q.where(elderScopeSql(ctx.scope, 'e.id'));
  return q;
}

/**
 * How many elders match the filters. A channel of its own so that a screen paging by keyset counts once
 * per filter, not once per page: nationally the count reads every one of millions of index entries.
 */
export async function countElders(ctx: CoreContext, input: ElderFilter): Promise<{ total: number }> {
  if (input.category && !input.search?.trim() && !ctx.scope) {
    // One row per elder and category (primary key), each naming an elder (foreign key): counted from the
    // category's index. Nationally 430,000 of 6.9 million elders: 0.05 s (0.8 s with nothing cached)
    // instead of 17 s probing every elder.
    const { total } = await ctx.db
      .selectFrom('elder_categories')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('category', '=', input.category)
      .executeTakeFirstOrThrow();
    return { total: Number(total) };
  }
  return { total: Number((await matching(ctx, input).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()).total) };
}

export async function listElders(ctx: CoreContext, input: ElderListInput): Promise<Page<ElderRow>> {
  const q = matching(ctx, input);
  const total = input.withTotal ? (await countElders(ctx, input)).total : -1;
  const after = input.after;
  const paged = after
    ? q.where(sql<boolean>`(e.name, e.id) > (${after.name}, ${after.id})`)
    : q.offset(input.offset);
  const today = todayIn(ctx.now());
  const { rules } = await loadWaitingRules(ctx.db);
  const page = await rowsOf(ctx.db, paged.select(ROW_COLUMNS).orderBy('e.name').orderBy('e.id').limit(input.limit), today).execute();
  return { rows: page.map((r) => toRow(r, today, rules)), total, offset: input.offset, limit: input.limit };
}

export function toAssessmentRow(a: AssessmentTable): AssessmentRow {
  return {
    id: a.id,
    elderId: a.elder_id,
    assessedOn: a.assessed_on,
    reason: a.reason,
    assessor: a.assessor,
    scores: JSON.parse(a.scores_json),
    coma: a.coma === 1,
    dementia: a.dementia === 1,
    mentalDisorder: a.mental_disorder === 1,
    riskEvents30d: JSON.parse(a.risk_events_json),
    domainScores: { selfCare: a.self_care, mobility: a.mobility, mental: a.mental, perception: a.perception },
    total: a.total,
    preliminaryLevel: a.preliminary_level,
    finalLevel: a.final_level,
    adjustments: JSON.parse(a.adjustments_json),
    notes: a.notes,
    createdAt: a.created_at,
  };
}

/** One elder's list row, which the elder page starts from. */
export async function elderRow(db: Db, id: string, today: string): Promise<ElderRow> {
  const { rules } = await loadWaitingRules(db);
  return toRow(await rowsOf(db, db.selectFrom('elders as e').where('e.id', '=', id).select(ROW_COLUMNS), today).executeTakeFirstOrThrow(), today, rules);
}

async function writeCategoriesAndContacts(trx: Trx, elderId: string, categories: ElderCategory[], contacts: ElderContact[]) {
  await trx.deleteFrom('elder_categories').where('elder_id', '=', elderId).execute();
  const unique = [...new Set(categories)];
  if (unique.length) await trx.insertInto('elder_categories').values(unique.map((category) => ({ elder_id: elderId, category }))).execute();
  await trx.deleteFrom('elder_contacts').where('elder_id', '=', elderId).execute();
  if (contacts.length) {
    await trx
      .insertInto('elder_contacts')
      .values(contacts.map((c, position) => ({ id: newId(), elder_id: elderId, position, name: c.name, relation: c.relation, phone: c.phone })))
      .execute();
  }
}

/** Validates the ID number (GB 11643 check digit, real birth date) and returns its canonical form. */
/** `today` may be passed in by callers checking many numbers (bulk import): computing it costs more than the check. */
export function checkIdNumber(ctx: CoreContext, raw: string, today = todayIn(ctx.now())) {
  const result = validateIdNumber(raw, today);
  if (!result.ok) throw new AppError('ID_NUMBER_INVALID', result.message, { field: 'idNumber', reason: result.code });
  return result;
}

/** The refusal of a second registration of one ID number (the form, and both import paths). */
export function alreadyRegistered(idNumber: string, registeredName: string): string {
  return `身份证号 ${maskIdNumber(idNumber)} 已登记（${registeredName}），同一人不能重复登记`;
}

/** The refusal of an ID number given twice in one import file, naming the row that gave it first. */
export function givenTwice(idNumber: string, first: { row: number; name: string }): string {
  return `身份证号 ${maskIdNumber(idNumber)} 与本文件第 ${first.row} 行（${first.name}）重复，同一人不能重复登记`;
}

/** Writes a new elder (no audit: the caller writes one entry for the action or the import). */
export async function createElderIn(trx: Trx, ctx: CoreContext, input: ElderCreateInput): Promise<ElderTable> {
  const id = checkIdNumber(ctx, input.idNumber);
  const existing = await trx.selectFrom('elders').select(['id', 'name']).where('id_number', '=', id.idNumber).executeTakeFirst();
  if (existing) {
    throw new AppError('DUPLICATE_ID_NUMBER', alreadyRegistered(id.idNumber, existing.name), { field: 'idNumber', elderId: existing.id });
  }
  const now = ctx.now().toISOString();
  const elder: ElderTable = {
    id: newId(),
    name: input.name,
    id_number: id.idNumber,
    birth_date: id.birthDate,
    sex: id.sex,
    hukou_area_code: input.hukouAreaCode,
    phone: input.phone,
    address: input.address,
    notes: input.notes,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('elders').values(elder).execute();
  await writeCategoriesAndContacts(trx, elder.id, input.categories, input.contacts);
  return elder;
}

function describeCategories(categories: ElderCategory[]): string {
  return categories.length ? categories.map((c) => ELDER_CATEGORIES[c]).join('、') : '无';
}

/**
 * Phones as an audit entry carries them: masked, like the ID number. The security auditor reads the log
 * and holds no right to elders' records.
 */
const auditPhone = (phone: string | null | undefined) => (phone ? maskPhone(phone) : null);
const auditContacts = (contacts: { phone: string }[] | undefined) => contacts?.map((c) => ({ ...c, phone: maskPhone(c.phone) }));
const auditedField = (column: string, value: string) => (column === '联系电话' && value ? maskPhone(value) : value);

/** Registers an elder with its audit entry (the form's path; an import writes one entry for the file). */
export async function registerElder(trx: Trx, ctx: CoreContext, input: ElderCreateInput): Promise<string> {
  const elder = await createElderIn(trx, ctx, input);
  await writeAudit(trx, ctx, {
    action: 'elder.create',
    entity: 'elder',
    entityId: elder.id,
    summary: `登记老人 ${elderLabel(elder)}，人员类别：${describeCategories(input.categories)}`,
    after: { ...input, idNumber: maskIdNumber(elder.id_number), phone: auditPhone(input.phone), contacts: auditContacts(input.contacts) },
  });
  return elder.id;
}

/**
 * What a file row gives of a registered elder, written in the caller's transaction: the fields the row
 * fills (an empty cell keeps the record), categories replaced when the row lists any; contacts, address
 * and notes are not in the file and stay. Returns each changed field, before → after, in words.
 */
export async function updateElderFromFile(
  trx: Trx,
  ctx: CoreContext,
  elder: ElderTable,
  given: { name: string; hukouAreaCode: string | null; phone: string | null; categories: ElderCategory[] },
): Promise<{ column: string; before: string; after: string }[]> {
  const beforeCats = (await categoriesOf(trx, [elder.id])).get(elder.id) ?? [];
  const next = { name: given.name, hukou_area_code: given.hukouAreaCode ?? elder.hukou_area_code, phone: given.phone ?? elder.phone };
  const cats = given.categories.length ? [...new Set(given.categories)] : beforeCats;
  const shownCats = (c: ElderCategory[]) => [...c].sort().map((x) => ELDER_CATEGORIES[x]).join('、');
  const fields = [
    ['姓名', elder.name, next.name],
    ['户籍区划代码', elder.hukou_area_code ?? '', next.hukou_area_code ?? ''],
    ['联系电话', elder.phone ?? '', next.phone ?? ''],
    ['人员类别', shownCats(beforeCats), shownCats(cats)],
  ]
    .filter(([, b, a]) => b !== a)
    .map(([column, before, after]) => ({ column: column!, before: before!, after: after! }));
  if (fields.length === 0) return fields;
  await trx.updateTable('elders').set({ ...next, updated_at: ctx.now().toISOString() }).where('id', '=', elder.id).execute();
  if (given.categories.length) {
    await trx.deleteFrom('elder_categories').where('elder_id', '=', elder.id).execute();
    await trx.insertInto('elder_categories').values(cats.map((category) => ({ elder_id: elder.id, category }))).execute();
  }
  await writeAudit(trx, ctx, {
    action: 'elder.update',
    entity: 'elder',
    entityId: elder.id,
    summary: `导入更新老人信息 ${elderLabel({ ...elder, name: next.name })}：${fields.map((f) => `${f.column} ${auditedField(f.column, f.before) || '空'} → ${auditedField(f.column, f.after) || '空'}`).join('；')}`,
    before: { name: elder.name, hukouAreaCode: elder.hukou_area_code, phone: auditPhone(elder.phone), categories: beforeCats },
    after: { name: next.name, hukouAreaCode: next.hukou_area_code, phone: auditPhone(next.phone), categories: cats },
  });
  return fields;
}

export async function updateElderIn(trx: Trx, ctx: CoreContext, input: ElderUpdateInput): Promise<void> {
  const before = await elderOrThrow(trx, input.id, 'id');
  const beforeCats = (await categoriesOf(trx, [input.id])).get(input.id) ?? [];
  const values = { name: input.name, hukou_area_code: input.hukouAreaCode, phone: input.phone, address: input.address, notes: input.notes, updated_at: ctx.now().toISOString() };
  await trx.updateTable('elders').set(values).where('id', '=', input.id).execute();
  await writeCategoriesAndContacts(trx, input.id, input.categories, input.contacts);
  await writeAudit(trx, ctx, {
    action: 'elder.update',
    entity: 'elder',
    entityId: input.id,
    summary: `修改老人信息 ${elderLabel({ ...before, name: input.name })}，人员类别：${describeCategories(input.categories)}`,
    before: { name: before.name, hukouAreaCode: before.hukou_area_code, phone: auditPhone(before.phone), address: before.address, categories: beforeCats },
    after: { name: input.name, hukouAreaCode: input.hukouAreaCode, phone: auditPhone(input.phone), address: input.address, categories: input.categories, contacts: auditContacts(input.contacts) },
  });
}
