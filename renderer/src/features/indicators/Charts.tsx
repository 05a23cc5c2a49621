import { useState } from 'react';
import { BarChart, LineChart } from '@mantine/charts';
import type { ChartReferenceLineProps } from '@mantine/charts';
import { Alert, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IndicatorReport } from '../../../../shared/contract';
import type { IndicatorDefinition, IndicatorId } from '../../../../shared/domain/indicators';
import { CITY_AREA_CODE, NATIONAL_AREA_CODE } from '../../../../shared/domain/targets';
import { useQuery } from '../../api/hooks';
import { formatNumber, valueOf } from './format';

/** Select data for the indicator chooser, grouped as the catalogue groups them. */
export function indicatorChoices(definitions: IndicatorDefinition[]) {
  return definitions.map((d) => ({ value: d.id, label: `${d.name}（${d.unit}）` }));
}

/** One reference line per distinct target value, labelled with the areas that set it. */
function targetLines(report: IndicatorReport, id: IndicatorId, t: (k: string, o?: Record<string, unknown>) => string): ChartReferenceLineProps[] {
  const byValue = new Map<number, Set<string>>();
  for (const row of report.targets) {
    if (row.target.metricId !== id) continue;
    const code = row.target.areaCode;
    const area =
      code === NATIONAL_AREA_CODE
        ? t('indicators.targets.national')
        : code === CITY_AREA_CODE
          ? t('indicators.targets.city')
          : row.inherited
            ? null
            : row.areaName;
    if (!area) continue;
    const names = byValue.get(row.target.value) ?? new Set<string>();
    names.add(`${area} ${row.target.year}`);
    byValue.set(row.target.value, names);
  }
  return [...byValue.entries()].map(([value, names]) => ({
    y: value,
    color: 'red.6',
    strokeDasharray: '6 4',
    ifOverflow: 'extendDomain',
    label: t('indicators.chart.target', { value, areas: [...names].join('、') }),
    labelPosition: 'insideTopRight',
  }));
}

/** Bars drawn at most: a national report's thousands of districts would be an unreadable chart, and slow. */
const MAX_BARS = 30;
/** Areas without a value named under the chart at most; the rest are counted. */
const MAX_MISSING_NAMED = 20;

/**
 * The chosen indicator for every district as bars (the MAX_BARS largest, with a note, when there are more), with the plan targets as reference lines. Districts whose
 * value cannot be computed are listed under the chart with the reason rather than drawn as 0.
 */
export function DistrictBarChart({
  report,
  indicatorId,
  height = 300,
  animate = true,
}: {
  report: IndicatorReport;
  indicatorId: IndicatorId;
  height?: number;
  animate?: boolean;
}) {
  const { t } = useTranslation();
  const def = report.definitions.find((d) => d.id === indicatorId);
  if (!def) return null;
  const districts = report.rows.filter((r) => r.level === 'district');
  const all: { area: string; value: number }[] = [];
  const missing: string[] = [];
  for (const row of districts) {
    const v = valueOf(row, indicatorId);
    if (v && v.value !== null) all.push({ area: row.areaName, value: v.value });
    else missing.push(`${row.areaName}（${v?.missingReason ?? t('indicators.table.noReason')}）`);
  }
  // Up to MAX_BARS the districts keep the table's order; beyond, the largest values in descending order.
  const data = all.length > MAX_BARS ? [...all].sort((a, b) => b.value - a.value).slice(0, MAX_BARS) : all;
  const missingText =
    missing.length > MAX_MISSING_NAMED
      ? t('indicators.chart.missingMore', { list: missing.slice(0, MAX_MISSING_NAMED).join('；'), count: missing.length })
      : missing.join('；');
  return (
    <Stack gap="xs" data-testid="district-chart">
      {data.length === 0 ? (
        <Text c="dimmed">{t('indicators.chart.none')}</Text>
      ) : (
        <div role="img" aria-label={t('indicators.chart.aria', { indicator: def.name })}>
          <BarChart
            h={height}
            data={data}
            dataKey="area"
            series={[{ name: 'value', label: `${t('indicators.chart.actual')}（${def.unit}）`, color: 'teal.6' }]}
            referenceLines={targetLines(report, indicatorId, t)}
            valueFormatter={(v) => formatNumber(v, def.decimals, def.unit)}
            barProps={{ isAnimationActive: animate }}
            xAxisProps={{ interval: 0, angle: -30, textAnchor: 'end', height: 60 }}
            withBarValueLabel={data.length <= 20}
            valueLabelProps={{ fontSize: 10 }}
          />
        </div>
      )}
      {all.length > data.length && (
        <Text size="xs" c="dimmed" data-testid="chart-largest">
          {t('indicators.chart.largest', { total: all.length, shown: data.length })}
        </Text>
      )}
      {missing.length > 0 && (
        <Text size="xs" c="dimmed" data-testid="chart-missing">
          {t('indicators.chart.missing', { list: missingText })}
        </Text>
      )}
    </Stack>
  );
}

/** One area's indicator year by year (31 Dec each year, the current year as of the report date). */
export function TrendChart({ report, indicatorId }: { report: IndicatorReport; indicatorId: IndicatorId }) {
  const { t } = useTranslation();
  const year = Number(report.asOf.slice(0, 4));
  const areas = report.rows.filter((r) => r.level !== 'street').map((r) => ({ value: r.areaCode, label: r.areaName }));
  const [areaCode, setAreaCode] = useState<string>(areas[0]?.value ?? CITY_AREA_CODE);
  const [fromYear, setFromYear] = useState<number>(year - 5);
  const def = report.definitions.find((d) => d.id === indicatorId);
  // A later change of the report date may leave the chosen start year after the report's year.
  const from = Math.min(fromYear, year);
  const trend = useQuery('indicators.trend', { asOf: report.asOf, areaCode, indicatorId, fromYear: from }, from >= 2000);
  const points = trend.data ?? [];
  const data = points.map((p) => ({ year: String(p.year), value: p.value }));
  const missing = points.filter((p) => p.value === null);
  const areaName = areas.find((a) => a.value === areaCode)?.label ?? areaCode;
  return (
    <Stack gap="xs" data-testid="trend-chart">
      <Group align="flex-end">
        <Select label={t('indicators.trend.area')} data={areas} value={areaCode} onChange={(v) => v && setAreaCode(v)} allowDeselect={false} searchable />
        <NumberInput label={t('indicators.trend.fromYear')} value={from} min={2000} max={year} onChange={(v) => typeof v === 'number' && setFromYear(v)} w={120} />
      </Group>
      <Text size="xs" c="dimmed">{t('indicators.trend.note')}</Text>
      {trend.error && <Alert color="red">{trend.error.message}</Alert>}
      {def && data.some((d) => d.value !== null) ? (
        <div role="img" aria-label={t('indicators.trend.aria', { area: areaName, indicator: def.name })}>
          <LineChart
            h={240}
            data={data}
            dataKey="year"
            series={[{ name: 'value', label: `${def.name}（${def.unit}）`, color: 'indigo.6' }]}
            connectNulls={false}
            valueFormatter={(v) => formatNumber(v, def.decimals, def.unit)}
            referenceLines={targetLines(
              { ...report, targets: report.targets.filter((r) => r.target.areaCode === areaCode || (r.inherited && r.areaName === areaName)) },
              indicatorId,
              t,
            )}
          />
        </div>
      ) : (
        trend.data && <Text c="dimmed">{t('indicators.trend.none')}</Text>
      )}
      {missing.length > 0 && (
        <Text size="xs" c="dimmed">
          {missing.map((p) => t('indicators.trend.missing', { year: p.year, reason: p.missingReason ?? t('indicators.table.noReason') })).join('；')}
        </Text>
      )}
    </Stack>
  );
}
