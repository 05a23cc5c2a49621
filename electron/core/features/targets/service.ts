import { sql } from 'kysely';
import { AppError } from '../../../../shared/errors';
import type { ParsedInput, TargetAttainmentRow } from '../../../../shared/contract';
import { CITY_AREA_CODE, NATIONAL_AREA_CODE, isPlanMeasureId, metricInfo, type Target } from '../../../../shared/domain/targets';
import { isIndicatorId } from '../../../../shared/domain/indicators';
import type { CoreContext, Trx } from '../../app/context';
import type { TargetTable } from '../../db/schema';
import { inTransaction, writeAudit } from '../../app/audit';
import { newId } from '../../app/ids';

export type TargetOut = TargetAttainmentRow['target'];

export function toTarget(r: TargetTable): TargetOut {
  return {
    id: r.id,
    areaCode: r.area_code,
    metricId: r.metric_id as Target['metricId'],
    year: r.year,
    comparator: r.comparator,
    value: r.value,
    baseline: r.baseline_value === null || r.baseline_year === null ? null : { value: r.baseline_value, year: r.baseline_year },
    attribute: r.attribute,
    source: r.source,
    note: r.note,
    seeded: r.seeded === 1,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
  };
}

export async function listTargets(ctx: CoreContext, input: ParsedInput<'targets.list'>): Promise<TargetOut[]> {
  let q = ctx.db.selectFrom('targets').selectAll();
  if (input.areaCode) q = q.where('area_code', '=', input.areaCode);
  // A scoped account reads its districts' targets and the city's and national ones they are judged against.
  if (ctx.scope) {
    const districts = [...ctx.scope.districts];
    q = q.where((eb) => eb.or([eb('area_code', 'in', [CITY_AREA_CODE, NATIONAL_AREA_CODE]), ...(districts.length ? [eb(sql<string>`substr(area_code, 1, 6)`, 'in', districts)] : [])]));
  }
  const rows = await q.orderBy('area_code').orderBy('year').orderBy('metric_id').execute();
  return rows.map(toTarget);
}

async function checkTargetInput(trx: Trx, input: ParsedInput<'targets.create'>): Promise<void> {
  if (!isIndicatorId(input.metricId) && !isPlanMeasureId(input.metricId)) {
    throw new AppError('TARGET_INVALID', `未知的指标“${input.metricId}”`, { field: 'metricId' });
  }
  const wider = input.areaCode === CITY_AREA_CODE || input.areaCode === NATIONAL_AREA_CODE;
  if (!wider) {
    const area = await trx.selectFrom('areas').select('code').where('code', '=', input.areaCode).executeTakeFirst();
    if (!area) throw new AppError('AREA_NOT_FOUND', `区划代码 ${input.areaCode} 不存在`, { field: 'areaCode' });
  }
  if ((input.baselineValue === null) !== (input.baselineYear === null)) {
    throw new AppError('TARGET_INVALID', '基期值和基期年份须同时填写或同时留空', { field: 'baselineYear' });
  }
  const info = metricInfo(input.metricId as Target['metricId']);
  if (info.unit === '%' && (input.value < 0 || input.value > 100)) {
    throw new AppError('TARGET_INVALID', '百分比目标值应在 0 到 100 之间', { field: 'value' });
  }
  if (input.value < 0) throw new AppError('TARGET_INVALID', '目标值不能为负数', { field: 'value' });
}

function targetValues(input: ParsedInput<'targets.create'>) {
  return {
    area_code: input.areaCode,
    metric_id: input.metricId,
    year: input.year,
    comparator: input.comparator,
    value: input.value,
    baseline_value: input.baselineValue,
    baseline_year: input.baselineYear,
    attribute: input.attribute,
    source: input.source,
    note: input.note,
  };
}

export async function createTarget(ctx: CoreContext, input: ParsedInput<'targets.create'>): Promise<TargetOut> {
  return inTransaction(ctx, async (trx) => {
    await checkTargetInput(trx, input);
    const id = newId();
    const row: TargetTable = { id, ...targetValues(input), seeded: 0, created_by: ctx.actor.name, updated_at: ctx.now().toISOString() };
    await trx.insertInto('targets').values(row).execute();
    await writeAudit(trx, ctx, { action: 'targets.create', entity: 'target', entityId: id, summary: `新增规划目标：${metricInfo(row.metric_id as Target['metricId']).name}`, after: row });
    return toTarget(row);
  });
}

export async function updateTarget(ctx: CoreContext, input: ParsedInput<'targets.update'>): Promise<TargetOut> {
  return inTransaction(ctx, async (trx) => {
    const before = await trx.selectFrom('targets').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!before) throw new AppError('TARGET_NOT_FOUND');
    await checkTargetInput(trx, input);
    const after: TargetTable = { ...before, ...targetValues(input), updated_at: ctx.now().toISOString() };
    await trx.updateTable('targets').set(after).where('id', '=', input.id).execute();
    await writeAudit(trx, ctx, { action: 'targets.update', entity: 'target', entityId: input.id, summary: '修改规划目标', before, after });
    return toTarget(after);
  });
}

export async function deleteTarget(ctx: CoreContext, input: ParsedInput<'targets.delete'>): Promise<{ id: string }> {
  return inTransaction(ctx, async (trx) => {
    const before = await trx.selectFrom('targets').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!before) throw new AppError('TARGET_NOT_FOUND');
    await trx.deleteFrom('targets').where('id', '=', input.id).execute();
    await writeAudit(trx, ctx, {
      action: 'targets.delete',
      entity: 'target',
      entityId: input.id,
      summary: `删除规划目标${before.seeded ? '（规划原文目标）' : ''}：${input.reason}`,
      before,
    });
    return { id: input.id };
  });
}
