import { BEIJING_STREETS } from '../../db/seed/beijingStreets';
import { sql } from 'kysely';
import { AppError } from '../../../../shared/errors';
import type { AreaRow, PopulationPageInput, PopulationRow, PopulationUpsertInput } from '../../../../shared/contract';
import type { Page } from '../../../../shared/schemas/common';
import { areaLevelOfCode, parentCodeOf } from '../../../../shared/domain/facility';
import type { CoreContext, Trx } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import type { AreaTable, Db, PopulationTable } from '../../db/schema';
import { newId } from '../../app/ids';
import { escapeLike } from '../../db/lists';

function toAreaRow(r: Pick<AreaTable, 'code' | 'name' | 'level' | 'parent_code'>): AreaRow {
  return { code: r.code, name: r.name, level: r.level, parentCode: r.parent_code };
}

export async function listAreas(ctx: CoreContext, input: { parentCode?: string; level?: AreaRow['level'] }): Promise<AreaRow[]> {
  let q = ctx.db.selectFrom('areas').select(['code', 'name', 'level', 'parent_code']).orderBy('code');
  if (input.parentCode) q = q.where('parent_code', '=', input.parentCode);
  if (input.level) q = q.where('level', '=', input.level);
  return (await q.execute()).map(toAreaRow);
}

export async function findArea(db: Db, code: string): Promise<AreaRow | null> {
  const row = await db.selectFrom('areas').select(['code', 'name', 'level', 'parent_code']).where('code', '=', code).executeTakeFirst();
  return row ? toAreaRow(row) : null;
}

/** Streets/towns hang under an existing district, communities/villages under an existing street. */
export async function createArea(ctx: CoreContext, input: { code: string; name: string }): Promise<AreaRow> {
  const level = areaLevelOfCode(input.code);
  if (level !== 'street' && level !== 'community') {
    throw new AppError('AREA_CODE_FORMAT', '只能新增街道/乡镇（9 位）或社区/村（12 位）区划；区级区划已预置');
  }
  const parentCode = parentCodeOf(input.code)!;
  return inTransaction(ctx, async (trx) => {
    const parent = await findArea(trx, parentCode);
    if (!parent) throw new AppError('AREA_PARENT_MISMATCH', `上级区划 ${parentCode} 不存在，请先添加上级区划`);
    if (await findArea(trx, input.code)) throw new AppError('AREA_EXISTS', `区划代码 ${input.code} 已存在`);
    const now = ctx.now().toISOString();
    const row = { code: input.code, name: input.name, level, parent_code: parentCode, created_at: now, updated_at: now };
    await trx.insertInto('areas').values(row).execute();
    await writeAudit(trx, ctx, { action: 'area.create', entity: 'area', entityId: input.code, summary: `新增区划 ${input.name}`, after: row });
    return toAreaRow(row);
  });
}

export async function renameArea(ctx: CoreContext, input: { code: string; name: string }): Promise<AreaRow> {
  return inTransaction(ctx, async (trx) => {
    const before = await findArea(trx, input.code);
    if (!before) throw new AppError('AREA_NOT_FOUND', `区划代码 ${input.code} 不存在`);
    await trx.updateTable('areas').set({ name: input.name, updated_at: ctx.now().toISOString() }).where('code', '=', input.code).execute();
    const after = { ...before, name: input.name };
    await writeAudit(trx, ctx, { action: 'area.rename', entity: 'area', entityId: input.code, summary: `区划改名 ${before.name} → ${input.name}`, before, after });
    return after;
  });
}

function toPopulationRow(r: PopulationTable & { area_name: string }): PopulationRow {
  return {
    id: r.id,
    areaCode: r.area_code,
    areaName: r.area_name,
    year: r.year,
    resident: r.resident,
    registered: r.registered,
    resident60: r.resident_60,
    registered60: r.registered_60,
    resident65: r.resident_65,
    resident80: r.resident_80,
    source: r.source,
  };
}

function populationQuery(ctx: CoreContext, input: { areaCode?: string; year?: number; search?: string }) {
  let q = ctx.db.selectFrom('population').innerJoin('areas', 'areas.code', 'population.area_code');
  if (input.areaCode) q = q.where('population.area_code', '=', input.areaCode);
  if (input.year) q = q.where('population.year', '=', input.year);
  if (input.search) {
    const text = escapeLike(input.search);
    q = q.where((eb) =>
      eb.or([sql<boolean>`areas.name LIKE ${`%${text}%`} ESCAPE '\\'`, sql<boolean>`population.area_code LIKE ${`${text}%`} ESCAPE '\\'`]),
    );
  }
  // A scoped account reads its districts' figures (and their streets'); a facility grant reaches none.
  const districts = ctx.scope ? [...ctx.scope.districts] : null;
  if (districts) q = districts.length ? q.where(sql<string>`substr(population.area_code, 1, 6)`, 'in', districts) : q.where(sql<boolean>`0`);
  return q;
}

export async function listPopulation(ctx: CoreContext, input: { areaCode?: string; year?: number }): Promise<PopulationRow[]> {
  const rows = await populationQuery(ctx, input)
    .selectAll('population')
    .select('areas.name as area_name')
    .orderBy('population.area_code')
    .orderBy('population.year')
    .execute();
  return rows.map(toPopulationRow);
}

/** One page of the figures in list order; at national scale (thousands of area-years) the page is what the screen draws. */
export async function pagePopulation(ctx: CoreContext, input: PopulationPageInput): Promise<Page<PopulationRow>> {
  const q = populationQuery(ctx, input);
  const count = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
  const rows = await q
    .selectAll('population')
    .select('areas.name as area_name')
    .orderBy('population.area_code')
    .orderBy('population.year')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  return { rows: rows.map(toPopulationRow), total: Number(count?.total ?? 0), offset: input.offset, limit: input.limit };
}

/** Returns the Chinese reasons why a set of figures cannot all be true at once (older ⊂ younger). */
export function populationInconsistencies(p: PopulationUpsertInput): string[] {
  const problems: string[] = [];
  const lte = (a: number | null, b: number | null, aLabel: string, bLabel: string) => {
    if (a !== null && b !== null && a > b) problems.push(`${aLabel}（${a}）不能大于${bLabel}（${b}）`);
  };
  lte(p.resident60, p.resident, '60岁及以上常住人口', '常住人口');
  lte(p.resident65, p.resident60, '65岁及以上常住人口', '60岁及以上常住人口');
  lte(p.resident80, p.resident65 ?? p.resident60, '80岁及以上常住人口', p.resident65 !== null ? '65岁及以上常住人口' : '60岁及以上常住人口');
  lte(p.registered60, p.registered, '60岁及以上户籍人口', '户籍人口');
  return problems;
}

/** Writes one area-year of population figures; an empty figure stays unknown (NULL), never 0. */
export async function upsertPopulationIn(trx: Trx, ctx: CoreContext, input: PopulationUpsertInput): Promise<PopulationRow> {
  const area = await findArea(trx, input.areaCode);
  if (!area) throw new AppError('AREA_NOT_FOUND', `区划代码 ${input.areaCode} 不存在`);
  const problems = populationInconsistencies(input);
  if (problems.length) throw new AppError('POPULATION_INVALID', problems.join('；'), { problems });
  const now = ctx.now().toISOString();
  const values = {
    resident: input.resident,
    registered: input.registered,
    resident_60: input.resident60,
    registered_60: input.registered60,
    resident_65: input.resident65,
    resident_80: input.resident80,
    source: input.source,
    updated_at: now,
  };
  const before = await trx.selectFrom('population').selectAll().where('area_code', '=', input.areaCode).where('year', '=', input.year).executeTakeFirst();
  let row: PopulationTable;
  if (before) {
    await trx.updateTable('population').set(values).where('id', '=', before.id).execute();
    row = { ...before, ...values };
  } else {
    row = { id: newId(), area_code: input.areaCode, year: input.year, created_at: now, ...values };
    await trx.insertInto('population').values(row).execute();
  }
  await writeAudit(trx, ctx, {
    action: before ? 'population.update' : 'population.create',
    entity: 'population',
    entityId: row.id,
    summary: `${area.name} ${input.year} 年人口数据`,
    before: before ?? undefined,
    after: row,
  });
  return toPopulationRow({ ...row, area_name: area.name });
}

export function upsertPopulation(ctx: CoreContext, input: PopulationUpsertInput): Promise<PopulationRow> {
  return inTransaction(ctx, (trx) => upsertPopulationIn(trx, ctx, input));
}

/**
 * Registers Beijing's streets and towns (街道、地区、镇、乡) from the list shipped with the app
 * (db/seed/beijingStreets.ts, with its source), all of them or one district's. An area already registered
 * is kept as it is, so a district's own additions and renamings stay.
 */
export async function seedStreets(ctx: CoreContext, input: { districtCode?: string }): Promise<{ added: number; kept: number }> {
  const wanted = BEIJING_STREETS.filter(([code]) => !input.districtCode || code.startsWith(input.districtCode));
  if (wanted.length === 0) throw new AppError('AREA_NOT_FOUND', `没有区划代码 ${input.districtCode ?? ''} 下的街道、乡镇`);
  return inTransaction(ctx, async (trx) => {
    const existing = new Set((await trx.selectFrom('areas').select('code').where('level', '=', 'street').execute()).map((r) => r.code));
    const districts = new Set((await trx.selectFrom('areas').select('code').where('level', '=', 'district').execute()).map((r) => r.code));
    const now = ctx.now().toISOString();
    const rows = wanted
      .filter(([code]) => !existing.has(code) && districts.has(code.slice(0, 6)))
      .map(([code, name]) => ({ code, name, level: 'street' as const, parent_code: code.slice(0, 6), created_at: now, updated_at: now }));
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('areas').values(rows.slice(i, i + 200)).execute();
    await writeAudit(trx, ctx, {
      action: 'area.seedStreets',
      entity: 'area',
      entityId: input.districtCode ?? '110000',
      summary: `导入预置街道乡镇 ${rows.length} 个（已有 ${wanted.length - rows.length} 个保持不变）`,
      after: { added: rows.map((r) => r.code) },
    });
    return { added: rows.length, kept: wanted.length - rows.length };
  });
}

