import { sql } from 'kysely';
import { AppError } from '../../../../shared/errors';
import type { ParsedInput, TekunNeedRow, TekunPersonRow } from '../../../../shared/contract';
import { maskIdNumber } from '../../../../shared/domain/idNumber';
import type { CoreContext, Trx } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import { todayIn } from '../../app/time';
import { newId } from '../../app/ids';
import type { Db } from '../../db/schema';
import { stayCoversOn } from '../../db/asOf';
import { elderOrThrow, notAfterDeath, notBeforeBirth, notInFuture } from '../elders/service';

// 特困 centralised support: who needs it (a dated decision per elder) and where they are placed.

async function needRows(db: Db, elderId: string): Promise<TekunNeedRow[]> {
  const rows = await db.selectFrom('tekun_support_needs').selectAll().where('elder_id', '=', elderId).orderBy('effective_on', 'desc').execute();
  return rows.map((r) => ({ id: r.id, effectiveOn: r.effective_on, needs: r.needs === 1, source: r.source, recordedAt: r.recorded_at, recordedBy: r.recorded_by }));
}

export function tekunNeeds(ctx: CoreContext, input: ParsedInput<'tekun.needs'>): Promise<TekunNeedRow[]> {
  return needRows(ctx.db, input.elderId);
}

/** Records a dated decision on whether a 特困 elder needs centralised support (集中供养需求). */
export async function setTekunNeedIn(trx: Trx, ctx: CoreContext, input: ParsedInput<'tekun.setNeed'>): Promise<void> {
  const elder = await elderOrThrow(trx, input.elderId);
  const tekun = await trx.selectFrom('elder_categories').select('category').where('elder_id', '=', input.elderId).where('category', '=', 'extreme_hardship').executeTakeFirst();
  if (!tekun) throw new AppError('TEKUN_NOT_ELIGIBLE', `${elder.name}的人员类别不是特困，请先在老人资料中登记人员类别`, { field: 'elderId' });
  notInFuture(ctx, input.effectiveOn, 'effectiveOn', '认定日期');
  notBeforeBirth(elder, input.effectiveOn, 'effectiveOn', '认定日期');
  await notAfterDeath(trx, elder, input.effectiveOn, 'effectiveOn', '集中供养需求认定');
  const taken = await trx.selectFrom('tekun_support_needs').select('id').where('elder_id', '=', input.elderId).where('effective_on', '=', input.effectiveOn).executeTakeFirst();
  if (taken) throw new AppError('TEKUN_DECISION_TAKEN', `${elder.name}在 ${input.effectiveOn} 已有一条集中供养需求认定`, { field: 'effectiveOn' });
  await trx
    .insertInto('tekun_support_needs')
    .values({ id: newId(), elder_id: input.elderId, effective_on: input.effectiveOn, needs: input.needs ? 1 : 0, source: input.source, recorded_at: ctx.now().toISOString(), recorded_by: ctx.actor.id })
    .execute();
  await writeAudit(trx, ctx, {
    action: 'tekun.setNeed',
    entity: 'elder',
    entityId: input.elderId,
    summary: `${elder.name} 自 ${input.effectiveOn} 起${input.needs ? '有' : '无'}集中供养需求（依据：${input.source}）`,
  });
}

export function setTekunNeed(ctx: CoreContext, input: ParsedInput<'tekun.setNeed'>): Promise<TekunNeedRow[]> {
  return inTransaction(ctx, async (trx) => {
    await setTekunNeedIn(trx, ctx, input);
    return needRows(trx, input.elderId);
  });
}

/**
 * 特困 elders whose latest decision on D says they need centralised support, with the facility of the
 * stay covering D: the same definition as the indicator (counting/tallies.ts tekunTallies).
 */
export async function tekunPeople(db: Db, asOf: string, areaCode?: string): Promise<TekunPersonRow[]> {
  const area = areaCode ? sql`AND substr(e.hukou_area_code, 1, ${areaCode.length}) = ${areaCode}` : sql``;
  const { rows } = await sql<{ elder_id: string; name: string; id_number: string; hukou_area_code: string | null; area_name: string | null; effective_on: string; source: string; facility_name: string | null }>`
    SELECT e.id AS elder_id, e.name, e.id_number, e.hukou_area_code, ar.name AS area_name, n.effective_on, n.source,
      (SELECT f.name FROM stays s JOIN facilities f ON f.id = s.facility_id WHERE s.elder_id = e.id AND ${stayCoversOn('s', asOf)} LIMIT 1) AS facility_name
    FROM tekun_support_needs n
    JOIN elders e ON e.id = n.elder_id
    LEFT JOIN areas ar ON ar.code = e.hukou_area_code
    WHERE n.effective_on = (SELECT max(n2.effective_on) FROM tekun_support_needs n2 WHERE n2.elder_id = n.elder_id AND n2.effective_on <= ${asOf})
      AND n.needs = 1
      AND EXISTS (SELECT 1 FROM elder_categories c WHERE c.elder_id = e.id AND c.category = 'extreme_hardship')
      ${area}
    ORDER BY facility_name IS NOT NULL, e.hukou_area_code, e.name`.execute(db);
  return rows.map((r) => ({
    elderId: r.elder_id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    hukouAreaCode: r.hukou_area_code,
    hukouAreaName: r.area_name,
    needSince: r.effective_on,
    source: r.source,
    placedFacilityName: r.facility_name,
  }));
}

export async function tekunList(ctx: CoreContext, input: ParsedInput<'tekun.list'>) {
  const asOf = input.asOf ?? todayIn(ctx.now());
  const all = await tekunPeople(ctx.db, asOf, input.areaCode);
  const placed = all.filter((r) => r.placedFacilityName !== null).length;
  return { asOf, rows: input.unplacedOnly ? all.filter((r) => r.placedFacilityName === null) : all, needing: all.length, placed };
}
