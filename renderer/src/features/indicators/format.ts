import type { IndicatorAreaRow, IndicatorReport, TargetAttainmentRow } from '../../../../shared/contract';
import type { IndicatorDefinition, IndicatorId, IndicatorValue } from '../../../../shared/domain/indicators';
import { CITY_AREA_CODE, NATIONAL_AREA_CODE, type AttainmentStatus } from '../../../../shared/domain/targets';

// One formatter per number of decimals: toLocaleString with options builds a formatter on every call, and a
// page of the table formats a few thousand numbers (values, numerators, denominators, targets).
const formatters = new Map<number, Intl.NumberFormat>();
function formatterOf(decimals: number): Intl.NumberFormat {
  let f = formatters.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, f);
  }
  return f;
}

/** A number with exactly the indicator's decimals (the core already rounded it); percentages get a % sign. */
export function formatNumber(value: number, decimals: number, unit?: string): string {
  const text = formatterOf(decimals).format(value);
  return unit === '%' ? `${text}%` : text;
}

const COUNT = new Intl.NumberFormat('zh-CN');
/** A count as the table's details give it (thousands grouped, as toLocaleString('zh-CN') does). */
export function formatCount(value: number): string {
  return COUNT.format(value);
}

export function formatValue(value: IndicatorValue | undefined, def: Pick<IndicatorDefinition, 'decimals' | 'unit'>): string | null {
  if (!value || value.value === null) return null;
  return formatNumber(value.value, def.decimals, def.unit);
}

export function valueOf(row: IndicatorAreaRow, id: IndicatorId): IndicatorValue | undefined {
  return row.values.find((v) => v.id === id);
}

/** Header text "名称（单位）", the way the exports name their columns. */
export function headerOf(def: Pick<IndicatorDefinition, 'name' | 'unit'>): string {
  return `${def.name}（${def.unit}）`;
}

export const ATTAINMENT_COLORS: Record<AttainmentStatus, string> = { met: 'green', not_met: 'red', no_data: 'gray' };

/**
 * The targets a cell of the table is judged against: the area's own targets for that metric, and benchmarks the
 * core judged for that area (e.g. the national 55 % nursing share shown against each district).
 */
export function targetsForCell(report: IndicatorReport, row: IndicatorAreaRow, id: IndicatorId): TargetAttainmentRow[] {
  return report.targets.filter((t) => t.target.metricId === id && targetAppliesTo(t, row));
}

/** Whether a target (own or an inherited benchmark) judges a row's figures, whatever the metric. */
export function targetAppliesTo(t: TargetAttainmentRow, row: IndicatorAreaRow): boolean {
  return t.inherited
    ? row.level === 'district' && t.areaName === row.areaName
    : t.target.areaCode === row.areaCode || (t.target.areaCode === NATIONAL_AREA_CODE && row.areaCode === CITY_AREA_CODE);
}

/** The attainment that colours a cell: the area's own target wins over an inherited benchmark; worst status first. */
export function cellAttainment(targets: TargetAttainmentRow[]): AttainmentStatus | null {
  if (targets.length === 0) return null;
  const own = targets.filter((t) => !t.inherited);
  const list = own.length > 0 ? own : targets;
  if (list.some((t) => t.attainment.status === 'not_met')) return 'not_met';
  if (list.some((t) => t.attainment.status === 'no_data')) return 'no_data';
  return 'met';
}

/** Chinese name of a target's area for codes that are not districts. */
export function areaLabel(code: string, names: Map<string, string>, t: (key: string) => string): string {
  if (code === NATIONAL_AREA_CODE) return t('indicators.targets.national');
  if (code === CITY_AREA_CODE) return names.get(code) ?? t('indicators.targets.city');
  return names.get(code) ?? code;
}

