import { sql } from 'kysely';
import { addDays, addMonths, format, parseISO } from 'date-fns';
import { AppError } from '../../../../shared/errors';
import type { ParsedInput, SubsidyRow, SubsidySheet } from '../../../../shared/contract';
import { SUBSIDY_SETTING } from '../../../../shared/contract/settingKeys';
import type { FilePayload } from '../../../../shared/schemas/common';
import { maskIdNumber } from '../../../../shared/domain/idNumber';
import { ABILITY_LEVELS } from '../../../../shared/domain/assessment';
import { ELDER_CATEGORIES } from '../../../../shared/domain/waitingPriority';
import { DEFAULT_SUBSIDY_SETTINGS, SUBSIDY_BASES, rateFor, subsidyAmount, subsidySettingsSchema, type SubsidySettings } from '../../../../shared/domain/subsidy';
import { starLabel } from '../../../../shared/domain/starRating';
import type { CoreContext, Trx } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import { readSetting, writeSetting } from '../../app/settings';
import { todayIn } from '../../app/time';
import { starInForceOn } from '../../db/asOf';
import { categoriesOf, latestAssessments } from '../elders/service';
import { XlsxWriter } from '../../files/xlsx';

// 运营补贴测算表: each resident's bed-days in a month from the stays (leave days counted or not, by the
// setting), ability level and categories, the facility's star, and the amount from the bureau's rates.

export async function loadSubsidySettings(db: CoreContext['db'] | Trx): Promise<SubsidySettings> {
  const stored = await readSetting<unknown>(db, SUBSIDY_SETTING, null);
  if (stored === null) return DEFAULT_SUBSIDY_SETTINGS;
  const parsed = subsidySettingsSchema.safeParse(stored);
  if (!parsed.success) throw new AppError('VALIDATION', '保存的运营补贴标准无效，请在“设置 › 运营补贴标准”中重新保存', { field: 'settings' });
  return parsed.data;
}

export function saveSubsidySettings(ctx: CoreContext, input: ParsedInput<'subsidy.settings.set'>): Promise<SubsidySettings> {
  return inTransaction(ctx, async (trx) => {
    await writeSetting(trx, ctx, SUBSIDY_SETTING, input, {
      action: 'subsidy.settings.set',
      summary: `修改运营补贴标准：${SUBSIDY_BASES[input.basis]}，${input.countLeaveDays ? '请假天数计入' : '请假天数不计入'}，${input.rates.length} 档（依据：${input.source || '未填'}）`,
    });
    return loadSubsidySettings(trx);
  });
}

/** The month's window [first, end) for bed-days: a month not over yet ends after today. */
function window(month: string, today: string): { first: string; end: string; days: number } {
  const first = `${month}-01`;
  const next = format(addMonths(parseISO(first), 1), 'yyyy-MM-dd');
  const tomorrow = format(addDays(parseISO(today), 1), 'yyyy-MM-dd');
  const days = Math.round((parseISO(next).getTime() - parseISO(first).getTime()) / 86_400_000);
  return { first, end: next < tomorrow ? next : tomorrow, days };
}

export async function subsidySheet(ctx: CoreContext, input: ParsedInput<'subsidy.sheet'>): Promise<SubsidySheet> {
  const facility = await ctx.db.selectFrom('facilities').select(['id', 'name']).where('id', '=', input.facilityId).executeTakeFirst();
  if (!facility) throw new AppError('FACILITY_NOT_FOUND', undefined, { field: 'facilityId' });
  const today = todayIn(ctx.now());
  if (`${input.month}-01` > today) throw new AppError('DATE_IN_FUTURE', `${input.month} 尚未开始`, { field: 'month' });
  const { first, end, days } = window(input.month, today);
  const settings = await loadSubsidySettings(ctx.db);
  const lastDay = format(addDays(parseISO(end), -1), 'yyyy-MM-dd');
  const overlap = (s: string, e: string) =>
    sql<number>`max(0, julianday(min(coalesce(${sql.ref(e)}, '9999-12-31'), ${end})) - julianday(max(${sql.ref(s)}, ${first})))`;
  const { rows } = await sql<{ elder_id: string; name: string; id_number: string; stay_days: number; leave_days: number }>`
    SELECT e.id AS elder_id, e.name, e.id_number, st.stay_days,
      coalesce((SELECT sum(${overlap('l.start_on', 'l.end_on')}) FROM stay_leaves l JOIN admissions a ON a.id = l.admission_id
        WHERE a.elder_id = e.id AND a.facility_id = ${facility.id} AND l.start_on < ${end} AND coalesce(l.end_on, '9999-12-31') > ${first}), 0) AS leave_days
    FROM (SELECT s.elder_id, sum(${overlap('s.start_on', 's.end_on')}) AS stay_days
          FROM stays s WHERE s.facility_id = ${facility.id} AND s.start_on < ${end} AND coalesce(s.end_on, '9999-12-31') > ${first}
          GROUP BY s.elder_id) st
    JOIN elders e ON e.id = st.elder_id
    ORDER BY e.name, e.id`.execute(ctx.db);
  const ids = rows.map((r) => r.elder_id);
  const [levels, categories, starRow] = await Promise.all([
    latestAssessments(ctx.db, ids, lastDay),
    categoriesOf(ctx.db, ids),
    sql<{ stars: number | null }>`SELECT ${starInForceOn(sql.lit(facility.id), lastDay)} AS stars`.execute(ctx.db),
  ]);
  const stars = Number(starRow.rows[0]?.stars ?? 0);
  const out: SubsidyRow[] = rows.map((r) => {
    const stayDays = Math.round(Number(r.stay_days));
    const leaveDays = Math.min(stayDays, Math.round(Number(r.leave_days)));
    const bedDays = settings.countLeaveDays ? stayDays : stayDays - leaveDays;
    const level = levels.get(r.elder_id)?.level ?? null;
    const rate = rateFor(settings.rates, level, stars);
    return {
      elderId: r.elder_id,
      name: r.name,
      idNumberMasked: maskIdNumber(r.id_number),
      categories: (categories.get(r.elder_id) ?? []).map((c) => ELDER_CATEGORIES[c]),
      abilityLevel: level,
      stayDays,
      leaveDays,
      bedDays,
      rate: rate?.amount ?? null,
      amount: subsidyAmount(settings.basis, rate, bedDays, days),
    };
  });
  const amounts = out.map((r) => r.amount);
  return {
    facilityId: facility.id,
    facilityName: facility.name,
    month: input.month,
    daysInMonth: days,
    stars,
    settings,
    rows: out,
    totalBedDays: out.reduce((s, r) => s + r.bedDays, 0),
    totalAmount: settings.rates.length && amounts.some((a) => a !== null) ? Math.round(amounts.reduce<number>((s, a) => s + (a ?? 0), 0) * 100) / 100 : null,
  };
}

/** The sheet as a Chinese workbook: the table, then how it was counted. ID numbers are masked. */
export async function subsidyExport(ctx: CoreContext, input: ParsedInput<'subsidy.export'>): Promise<FilePayload> {
  const s = await subsidySheet(ctx, input);
  // Residents' names, categories and ability levels (health data) leave the app: on record with who took them.
  if (!ctx.readOnly) {
    await inTransaction(ctx, (trx) =>
      writeAudit(trx, ctx, {
        action: 'personalData.export',
        entity: 'facility',
        entityId: input.facilityId,
        summary: `导出运营补贴测算表（含 ${s.rows.length} 名在住老人的姓名、人员类别和能力等级）：${s.facilityName} ${s.month}`,
      }),
    );
  }
  const wb = new XlsxWriter({ creator: 'CareBeds', created: ctx.now() });
  const bold = wb.style({ bold: true });
  wb.addSheet({
    name: '运营补贴测算表',
    widths: [12, 22, 18, 12, 10, 10, 10, 14, 14],
    frozen: { rows: 3 },
    rowStyles: [undefined, undefined, bold],
    rows: [
      [`${s.facilityName} ${s.month} 运营补贴测算表`],
      [`星级：${s.stars ? `${starLabel(s.stars)}级` : '无有效星级'}；计算方式：${SUBSIDY_BASES[s.settings.basis]}；请假天数${s.settings.countLeaveDays ? '计入' : '不计入'}床日`],
      ['姓名', '身份证号', '人员类别', '能力等级', '在住天数', '请假天数', '床日数', '补贴标准（元）', '补贴金额（元）'],
      ...s.rows.map((r) => [r.name, r.idNumberMasked, r.categories.join('、'), r.abilityLevel ? ABILITY_LEVELS[r.abilityLevel] : '未评估', r.stayDays, r.leaveDays, r.bedDays, r.rate ?? '未设标准', r.amount]),
      ['合计', '', '', '', s.rows.reduce((a, r) => a + r.stayDays, 0), s.rows.reduce((a, r) => a + r.leaveDays, 0), s.totalBedDays, '', s.totalAmount],
    ],
  });
  wb.addSheet({
    name: '说明',
    widths: [12, 90],
    rows: [
      ['床日', '入住当天计为床日，退住（或调出）当天不计；统计到本月最后一天或今天（本月未结束时）。'],
      ['请假', `请假期间床位保留；按设置${s.settings.countLeaveDays ? '计入' : '不计入'}床日。`],
      ['能力等级', '本月最后一个床日及以前最近一次能力评估的结论；未评估者按无等级匹配补贴标准。'],
      ['人员类别', '按老人资料中现登记的类别（类别不记录日期）。'],
      ['星级', '本月最后一天有效的星级评定。'],
      ['补贴标准', s.settings.rates.length ? `依据：${s.settings.source}；按能力等级和星级取最具体的一档。按月标准按本月在住床日折算。` : '尚未设置补贴标准（设置 › 运营补贴标准），只列床日。'],
      ['个人信息', '身份证号已脱敏。'],
    ],
  });
  const buffer = await wb.toBuffer();
  return {
    fileName: `${s.facilityName}-${s.month}-运营补贴测算表.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    dataBase64: buffer.toString('base64'),
  };
}
