// 规划测算: will a district meet its bed targets in a target year with the projects under way, and how many
// beds are still missing? Pure functions over figures the core gathers (today's beds per the indicator
// options, the capacity-project ledger, population records and projections, the targets), so the same
// arithmetic is tested on its own. Every assumption is stated in PLANNING_RULES for the page and the workbook.

import { roundHalfUp } from './starRating';

export const PROJECT_KINDS = { new: '新建机构', extension: '改扩建', retirement: '计划减少（腾退、改造）' } as const;
export type ProjectKind = keyof typeof PROJECT_KINDS;
export const PROJECT_KIND_KEYS = Object.keys(PROJECT_KINDS) as [ProjectKind, ...ProjectKind[]];

export const PROJECT_STATUSES = { planned: '规划', building: '在建', completed: '已竣工' } as const;
export type ProjectStatus = keyof typeof PROJECT_STATUSES;
export const PROJECT_STATUS_KEYS = Object.keys(PROJECT_STATUSES) as [ProjectStatus, ...ProjectStatus[]];

export const PLANNING_RULES: readonly string[] = [
  '测算床位 = 今天在册的养老床位（按当前指标口径）＋ 目标年末前计划竣工、尚未竣工的新建和改扩建项目床位 − 同期计划减少的床位。',
  '已竣工项目的床位视为已登记在床位中，不再另加；逾期未竣工的项目仍按“目标年前到期”计入。',
  '护理型床位同理；项目床位按养老机构床位计入护理型床位占比。',
  '目标年人口：优先用录入的人口预测；否则用已登记各年份的直线趋势（最小二乘）推算，并注明所用年份；只有一个年份时沿用该年数值。',
  '缺口：每千人指标为达到目标所需床位（目标 × 人口 ÷ 1000，向上取整）减测算床位；护理型床位占比为需新增的护理型床位 x，使（护理型 + x）÷（床位 + x）达到目标；数量指标为目标减测算值。',
  '目标年没有目标的指标，沿用该区最近一年的目标并注明。',
];

/** A population figure for the target year and how it was obtained. */
export interface ProjectedFigure {
  value: number;
  method: 'entered' | 'trend' | 'latest';
  /** The recorded years a trend or a carried-forward value rests on. */
  fromYears: number[];
}

/** Least-squares straight line through the recorded (year, value) points, read at `year`; null without points. */
export function trendValue(points: readonly { year: number; value: number }[], year: number): ProjectedFigure | null {
  if (points.length === 0) return null;
  const years = points.map((p) => p.year).sort((a, b) => a - b);
  if (points.length === 1) return { value: points[0]!.value, method: 'latest', fromYears: years };
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.year, 0) / n;
  const my = points.reduce((s, p) => s + p.value, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.year - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.year - mx) * (p.value - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { value: Math.max(0, Math.round(my + slope * (year - mx))), method: 'trend', fromYears: years };
}

export interface PlanningBase {
  beds: number;
  /** 护理型 beds and the beds of the nursing share's scope (options.nursingShareScope). */
  nursingBeds: number;
  nursingScopeBeds: number;
}

export interface ProjectLine {
  kind: ProjectKind;
  status: ProjectStatus;
  plannedBeds: number;
  nursingBeds: number;
  plannedCompletionOn: string;
}

export type PlanningMetric = 'eldercare_beds' | 'nursing_beds' | 'beds_per_thousand_residents' | 'beds_per_thousand_elderly' | 'nursing_bed_share';
export const PLANNING_METRICS: readonly PlanningMetric[] = ['eldercare_beds', 'nursing_beds', 'beds_per_thousand_residents', 'beds_per_thousand_elderly', 'nursing_bed_share'];

export interface PlanningTarget {
  metricId: PlanningMetric;
  comparator: '>=' | '<=' | '=';
  value: number;
  year: number;
  source: string;
}

export interface ProjectedValue {
  metricId: PlanningMetric;
  value: number | null;
  target: PlanningTarget | null;
  /** The target is another year's, carried to this one. */
  carried: boolean;
  met: boolean | null;
  /** Beds (护理型 beds for the nursing metrics) still missing to meet the target; 0 when met; null without data or target. */
  missing: number | null;
}

export interface Projection {
  year: number;
  beds: number;
  nursingBeds: number;
  nursingScopeBeds: number;
  addedBeds: number;
  addedNursingBeds: number;
  retiredBeds: number;
  residents: ProjectedFigure | null;
  elderly: ProjectedFigure | null;
  values: ProjectedValue[];
}

/** Projects due by the end of `year` and not yet completed, added (or, for retirements, taken away). */
export function projectBeds(base: PlanningBase, projects: readonly ProjectLine[], year: number) {
  const horizon = `${year}-12-31`;
  let added = 0;
  let addedNursing = 0;
  let retired = 0;
  let retiredNursing = 0;
  for (const p of projects) {
    if (p.status === 'completed' || p.plannedCompletionOn > horizon) continue;
    if (p.kind === 'retirement') {
      retired += p.plannedBeds;
      retiredNursing += p.nursingBeds;
    } else {
      added += p.plannedBeds;
      addedNursing += p.nursingBeds;
    }
  }
  return {
    beds: Math.max(0, base.beds + added - retired),
    nursingBeds: Math.max(0, base.nursingBeds + addedNursing - retiredNursing),
    nursingScopeBeds: Math.max(0, base.nursingScopeBeds + added - retired),
    addedBeds: added,
    addedNursingBeds: addedNursing,
    retiredBeds: retired,
  };
}

function judge(metricId: PlanningMetric, value: number | null, target: PlanningTarget | null, beds: { beds: number; nursing: number; scope: number }, population: number | null): { met: boolean | null; missing: number | null } {
  if (!target || value === null) return { met: null, missing: null };
  const met = target.comparator === '>=' ? value >= target.value : target.comparator === '<=' ? value <= target.value : value === target.value;
  if (target.comparator !== '>=') return { met, missing: null };
  let missing: number;
  switch (metricId) {
    case 'eldercare_beds':
      missing = Math.ceil(target.value) - beds.beds;
      break;
    case 'nursing_beds':
      missing = Math.ceil(target.value) - beds.nursing;
      break;
    case 'beds_per_thousand_residents':
    case 'beds_per_thousand_elderly':
      missing = Math.ceil((target.value * population!) / 1000 - 1e-9) - beds.beds;
      break;
    case 'nursing_bed_share': {
      const p = target.value / 100;
      missing = p >= 1 ? beds.scope - beds.nursing : Math.ceil((p * beds.scope - beds.nursing) / (1 - p) - 1e-9);
      break;
    }
  }
  return { met, missing: met ? 0 : Math.max(0, missing) };
}

/**
 * One district's projection for `year`: beds after the projects due, the population for the year, each bed
 * indicator against the target for that year (or the latest earlier one, carried), and what is missing.
 */
export function projectDistrict(input: {
  year: number;
  base: PlanningBase;
  projects: readonly ProjectLine[];
  residents: ProjectedFigure | null;
  elderly: ProjectedFigure | null;
  targets: readonly PlanningTarget[];
}): Projection {
  const b = projectBeds(input.base, input.projects, input.year);
  const per = (pop: ProjectedFigure | null) => (pop && pop.value > 0 ? roundHalfUp((b.beds / pop.value) * 1000, 2) : null);
  const values: Record<PlanningMetric, number | null> = {
    eldercare_beds: b.beds,
    nursing_beds: b.nursingBeds,
    beds_per_thousand_residents: per(input.residents),
    beds_per_thousand_elderly: per(input.elderly),
    nursing_bed_share: b.nursingScopeBeds > 0 ? roundHalfUp((b.nursingBeds / b.nursingScopeBeds) * 100, 1) : null,
  };
  const out: ProjectedValue[] = PLANNING_METRICS.map((metricId) => {
    const own = input.targets.filter((t) => t.metricId === metricId);
    const exact = own.find((t) => t.year === input.year) ?? null;
    const earlier = own.filter((t) => t.year < input.year).sort((a, c) => c.year - a.year)[0] ?? null;
    const target = exact ?? earlier;
    const population = metricId === 'beds_per_thousand_residents' ? (input.residents?.value ?? null) : metricId === 'beds_per_thousand_elderly' ? (input.elderly?.value ?? null) : null;
    const { met, missing } = judge(metricId, values[metricId], target, { beds: b.beds, nursing: b.nursingBeds, scope: b.nursingScopeBeds }, population);
    return { metricId, value: values[metricId], target, carried: !exact && !!target, met, missing };
  });
  return { year: input.year, ...b, residents: input.residents, elderly: input.elderly, values: out };
}
