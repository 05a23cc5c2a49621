import { AppError } from '../../../../shared/errors';
import type { CapacityProjectRow, DistrictProjection, ParsedInput, PlanningReport, PopulationProjectionRow } from '../../../../shared/contract';
import { PLANNING_METRICS, PLANNING_RULES, PROJECT_KINDS, PROJECT_STATUSES, projectDistrict, trendValue, type PlanningMetric, type PlanningTarget, type ProjectedFigure } from '../../../../shared/domain/planning';
import { CITY_AREA_CODE, NATIONAL_AREA_CODE } from '../../../../shared/domain/targets';
import type { CoreContext, Trx } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import { todayIn } from '../../app/time';
import { newId } from '../../app/ids';
import { buildReport } from '../indicators/service';

// 规划测算: the capacity-project ledger, population projections, and the projection of each district's bed
// indicators to a target year (the arithmetic is shared/domain/planning.ts).

type ProjectionColumn = 'resident' | 'resident_60' | 'resident_65' | 'registered_60';

async function projectRow(db: CoreContext['db'] | Trx, id: string): Promise<CapacityProjectRow> {
  const r = await db
    .selectFrom('capacity_projects as p')
    .leftJoin('areas as a', 'a.code', 'p.district_code')
    .leftJoin('facilities as f', 'f.id', 'p.facility_id')
    .selectAll('p')
    .select(['a.name as district_name', 'f.name as facility_name'])
    .where('p.id', '=', id)
    .executeTakeFirstOrThrow();
  return toProject(r);
}

function toProject(r: { id: string; name: string; district_code: string; district_name: string | null; kind: CapacityProjectRow['kind']; facility_id: string | null; facility_name: string | null; planned_beds: number; nursing_beds: number; status: CapacityProjectRow['status']; planned_completion_on: string; actual_completion_on: string | null; source: string }): CapacityProjectRow {
  return {
    id: r.id,
    name: r.name,
    districtCode: r.district_code,
    districtName: r.district_name,
    kind: r.kind,
    facilityId: r.facility_id,
    facilityName: r.facility_name,
    plannedBeds: r.planned_beds,
    nursingBeds: r.nursing_beds,
    status: r.status,
    plannedCompletionOn: r.planned_completion_on,
    actualCompletionOn: r.actual_completion_on,
    source: r.source,
  };
}

export async function listProjects(ctx: CoreContext, input: ParsedInput<'planning.projects'>): Promise<CapacityProjectRow[]> {
  let q = ctx.db
    .selectFrom('capacity_projects as p')
    .leftJoin('areas as a', 'a.code', 'p.district_code')
    .leftJoin('facilities as f', 'f.id', 'p.facility_id')
    .selectAll('p')
    .select(['a.name as district_name', 'f.name as facility_name']);
  if (input.districtCode) q = q.where('p.district_code', '=', input.districtCode);
  return (await q.orderBy('p.district_code').orderBy('p.planned_completion_on').orderBy('p.name').execute()).map(toProject);
}

export function saveProject(ctx: CoreContext, input: ParsedInput<'planning.saveProject'>): Promise<CapacityProjectRow> {
  return inTransaction(ctx, async (trx) => {
    const district = await trx.selectFrom('areas').select('code').where('code', '=', input.districtCode).where('level', '=', 'district').executeTakeFirst();
    if (!district) throw new AppError('AREA_NOT_FOUND', `区划代码 ${input.districtCode} 不是已登记的区`, { field: 'districtCode' });
    if (input.facilityId) {
      const f = await trx.selectFrom('facilities').select('district_code').where('id', '=', input.facilityId).executeTakeFirst();
      if (!f) throw new AppError('FACILITY_NOT_FOUND', undefined, { field: 'facilityId' });
      if (f.district_code !== input.districtCode) throw new AppError('VALIDATION', '项目所在区与所选机构所在区不一致', { field: 'facilityId' });
    }
    if (input.actualCompletionOn && input.actualCompletionOn > todayIn(ctx.now())) {
      throw new AppError('DATE_IN_FUTURE', `实际竣工日期 ${input.actualCompletionOn} 晚于今天`, { field: 'actualCompletionOn' });
    }
    const now = ctx.now().toISOString();
    const values = {
      name: input.name,
      district_code: input.districtCode,
      kind: input.kind,
      facility_id: input.facilityId,
      planned_beds: input.plannedBeds,
      nursing_beds: input.nursingBeds,
      status: input.status,
      planned_completion_on: input.plannedCompletionOn,
      actual_completion_on: input.actualCompletionOn,
      source: input.source,
      updated_at: now,
    };
    let id = input.id;
    if (id) {
      const done = await trx.updateTable('capacity_projects').set(values).where('id', '=', id).executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw new AppError('NOT_FOUND', '项目不存在', { field: 'id' });
    } else {
      id = newId();
      await trx.insertInto('capacity_projects').values({ id, ...values, created_at: now, recorded_by: ctx.actor.id }).execute();
    }
    await writeAudit(trx, ctx, {
      action: input.id ? 'planning.updateProject' : 'planning.createProject',
      entity: 'capacity_project',
      entityId: id,
      summary: `${input.id ? '修改' : '登记'}规划项目 ${input.name}：${PROJECT_KINDS[input.kind]}，${input.plannedBeds} 张（护理型 ${input.nursingBeds} 张），${PROJECT_STATUSES[input.status]}，计划 ${input.plannedCompletionOn} 竣工`,
    });
    return projectRow(trx, id);
  });
}

function toPopulation(r: { area_code: string; year: number; resident: number | null; resident_60: number | null; resident_65: number | null; registered_60: number | null; source: string }): PopulationProjectionRow {
  return { areaCode: r.area_code, year: r.year, resident: r.resident, resident60: r.resident_60, resident65: r.resident_65, registered60: r.registered_60, source: r.source };
}

export async function listPopulations(ctx: CoreContext, input: ParsedInput<'planning.populations'>): Promise<PopulationProjectionRow[]> {
  let q = ctx.db.selectFrom('population_projections').selectAll();
  if (input.areaCode) q = q.where('area_code', '=', input.areaCode);
  return (await q.orderBy('area_code').orderBy('year').execute()).map(toPopulation);
}

export function savePopulation(ctx: CoreContext, input: ParsedInput<'planning.savePopulation'>): Promise<PopulationProjectionRow> {
  return inTransaction(ctx, async (trx) => {
    const area = await trx.selectFrom('areas').select('code').where('code', '=', input.areaCode).executeTakeFirst();
    if (!area) throw new AppError('AREA_NOT_FOUND', undefined, { field: 'areaCode' });
    const row = {
      area_code: input.areaCode,
      year: input.year,
      resident: input.resident,
      resident_60: input.resident60,
      resident_65: input.resident65,
      registered_60: input.registered60,
      source: input.source,
      updated_at: ctx.now().toISOString(),
    };
    await trx
      .insertInto('population_projections')
      .values(row)
      .onConflict((oc) => oc.columns(['area_code', 'year']).doUpdateSet({ resident: row.resident, resident_60: row.resident_60, resident_65: row.resident_65, registered_60: row.registered_60, source: row.source, updated_at: row.updated_at }))
      .execute();
    await writeAudit(trx, ctx, {
      action: 'planning.savePopulation',
      entity: 'area',
      entityId: input.areaCode,
      summary: `人口预测 ${input.areaCode} ${input.year} 年（依据：${input.source}）`,
    });
    return toPopulation(row);
  });
}

/** The figure for `year`: entered projection first, else the straight-line trend of the recorded years. */
function figureFor(
  entered: Map<string, Map<number, Record<ProjectionColumn, number | null>>>,
  recorded: Map<string, { year: number; values: Record<ProjectionColumn, number | null> }[]>,
  area: string,
  column: ProjectionColumn | null,
  year: number,
): ProjectedFigure | null {
  if (!column) return null;
  const own = entered.get(area)?.get(year)?.[column];
  if (own) return { value: own, method: 'entered', fromYears: [year] };
  const points = (recorded.get(area) ?? []).flatMap((r) => (r.values[column] ? [{ year: r.year, value: r.values[column] }] : []));
  return trendValue(points, year);
}

export async function planningProjection(ctx: CoreContext, input: ParsedInput<'planning.project'>): Promise<PlanningReport> {
  const asOf = todayIn(ctx.now());
  const report = await buildReport(ctx.counting, ctx.db, ctx.now(), { asOf, level: 'district' });
  const o = report.options;
  const elderlyColumn: ProjectionColumn | null =
    o.elderlyPopulationBasis === 'resident' ? (o.elderlyAgeThreshold === 60 ? 'resident_60' : 'resident_65') : o.elderlyAgeThreshold === 60 ? 'registered_60' : null;
  const elderlyFigure = `${o.elderlyAgeThreshold}岁及以上${o.elderlyPopulationBasis === 'resident' ? '常住' : '户籍'}人口`;
  const [projects, entered, recorded, targets] = await Promise.all([
    ctx.db.selectFrom('capacity_projects').selectAll().execute(),
    ctx.db.selectFrom('population_projections').selectAll().execute(),
    ctx.db.selectFrom('population').select(['area_code', 'year', 'resident', 'resident_60', 'resident_65', 'registered_60']).execute(),
    ctx.db.selectFrom('targets').selectAll().where('metric_id', 'in', [...PLANNING_METRICS]).execute(),
  ]);
  const enteredBy = new Map<string, Map<number, Record<ProjectionColumn, number | null>>>();
  for (const e of entered) {
    const m = enteredBy.get(e.area_code) ?? new Map();
    m.set(e.year, e);
    enteredBy.set(e.area_code, m);
  }
  const recordedBy = new Map<string, { year: number; values: Record<ProjectionColumn, number | null> }[]>();
  for (const r of recorded) {
    const list = recordedBy.get(r.area_code) ?? [];
    list.push({ year: r.year, values: r });
    recordedBy.set(r.area_code, list);
  }
  const rows: DistrictProjection[] = [];
  for (const row of report.rows) {
    if (row.level !== 'district' || (input.districtCode && row.areaCode !== input.districtCode)) continue;
    const v = (id: string) => row.values.find((x) => x.id === id);
    const base = {
      beds: v('eldercare_beds')?.value ?? 0,
      nursingBeds: v('nursing_beds')?.value ?? 0,
      nursingScopeBeds: v('nursing_bed_share')?.denominator ?? 0,
    };
    // Each metric's own district targets, else the city's, else the nation's.
    const districtTargets: PlanningTarget[] = [];
    for (const metric of PLANNING_METRICS) {
      for (const area of [row.areaCode, CITY_AREA_CODE, NATIONAL_AREA_CODE]) {
        const found = targets.filter((t) => t.area_code === area && t.metric_id === metric);
        if (!found.length) continue;
        districtTargets.push(...found.map((t) => ({ metricId: metric as PlanningMetric, comparator: t.comparator, value: t.value, year: t.year, source: t.source })));
        break;
      }
    }
    const own = projects.filter((p) => p.district_code === row.areaCode).map((p) => ({ kind: p.kind, status: p.status, plannedBeds: p.planned_beds, nursingBeds: p.nursing_beds, plannedCompletionOn: p.planned_completion_on }));
    rows.push({
      districtCode: row.areaCode,
      districtName: row.areaName,
      base,
      elderlyFigure,
      projections: input.years.map((year) =>
        projectDistrict({
          year,
          base,
          projects: own,
          residents: figureFor(enteredBy, recordedBy, row.areaCode, 'resident', year),
          elderly: figureFor(enteredBy, recordedBy, row.areaCode, elderlyColumn, year),
          targets: districtTargets,
        }),
      ),
    });
  }
  return { asOf, years: input.years, rules: PLANNING_RULES, rows };
}
