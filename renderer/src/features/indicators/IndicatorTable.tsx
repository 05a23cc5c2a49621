import { memo, useMemo } from 'react';
import { Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IndicatorAreaRow, IndicatorReport, TargetAttainmentRow } from '../../../../shared/contract';
import type { IndicatorDefinition } from '../../../../shared/domain/indicators';
import { ATTAINMENT_LABELS, NATIONAL_AREA_CODE, metricInfo } from '../../../../shared/domain/targets';
import { ATTAINMENT_COLORS, cellAttainment, formatNumber, formatValue, headerOf, targetAppliesTo, valueOf } from './format';
import './indicatorTable.css';

export interface DrillTarget {
  row: IndicatorAreaRow;
  def: IndicatorDefinition;
}

type Translate = (key: string, o?: Record<string, unknown>) => string;

function targetLine(t: TargetAttainmentRow, tr: Translate): string {
  const info = metricInfo(t.target.metricId);
  const line = tr('indicators.table.targetTip', {
    year: t.target.year,
    comparator: tr(`indicators.targets.comparators.${t.target.comparator}`),
    value: formatNumber(t.target.value, info.decimals, info.unit),
    attainment: ATTAINMENT_LABELS[t.attainment.status],
  });
  const gap = t.attainment.gap === null ? '' : `，${tr('indicators.gap', { gap: formatNumber(t.attainment.gap, info.decimals) })}`;
  const wider = t.target.areaCode === NATIONAL_AREA_CODE ? tr('indicators.targets.national') : tr('indicators.targets.city');
  return `${line}${gap}${t.inherited ? tr('indicators.table.benchmark', { area: wider }) : ''}`;
}

/**
 * One cell: the value (a button opening the drill-down), or "—" with the reason — a missing number is never
 * shown as 0. A cell with a target is tinted by attainment and also says it in words, so colour is never the
 * only signal. Plain elements styled by indicatorTable.css: a district report has a few hundred cells, and a
 * Mantine Td, Tooltip, button and Badge per cell were most of the page's render.
 */
function valueCell(row: IndicatorAreaRow, def: IndicatorDefinition, targets: TargetAttainmentRow[], onDrill: (d: DrillTarget) => void, t: Translate) {
  const value = valueOf(row, def.id);
  const text = formatValue(value, def);
  const status = cellAttainment(targets);
  const testId = `ind-${row.areaCode}-${def.id}`;
  const bg = status ? `var(--mantine-color-${ATTAINMENT_COLORS[status]}-light)` : undefined;

  const details: string[] = [];
  if (value && value.numerator !== null) details.push(t('indicators.table.numerator', { value: value.numerator.toLocaleString('zh-CN') }));
  if (value && value.denominator !== null) details.push(t('indicators.table.denominator', { value: value.denominator.toLocaleString('zh-CN') }));
  if (value?.populationYear) details.push(t('indicators.table.populationYear', { year: value.populationYear }));
  if (value?.note) details.push(t('indicators.table.note', { note: value.note }));
  for (const target of targets) details.push(targetLine(target, t));

  const badge = status && (
    <div>
      <span className={`ind-badge ind-badge-${ATTAINMENT_COLORS[status]}`} data-testid={`${testId}-attainment`}>
        {t(`indicators.attainmentIcon.${status}`)} {t(`indicators.attainment.${status}`)}
      </span>
    </div>
  );

  if (text === null) {
    const reason = value?.missingReason ?? t('indicators.table.noReason');
    return (
      <td key={def.id} className="ind-cell" style={{ background: bg }} data-testid={testId}>
        <span className="ind-missing" title={[reason, ...details].join('\n')} aria-label={t('indicators.table.missingLabel', { reason })} tabIndex={0} data-missing="true">
          {t('indicators.table.missing')}
        </span>
        {badge}
      </td>
    );
  }
  return (
    <td key={def.id} className="ind-cell" style={{ background: bg }} data-testid={testId}>
      <button
        type="button"
        className="ind-value"
        onClick={() => onDrill({ row, def })}
        title={details.join('\n') || def.formula}
        aria-label={t('indicators.table.drill', { area: row.areaName, indicator: def.name })}
        data-testid={`${testId}-value`}
      >
        {text}
        {value?.note ? ' *' : ''}
      </button>
      {badge}
    </td>
  );
}

/**
 * One area's row. Memoised: a new report with this row unchanged (the request cache keeps unchanged rows as
 * the same objects), another district picked, or the drill-down opening renders no row again.
 */
const IndicatorRow = memo(function IndicatorRow({
  row,
  definitions,
  targets,
  onDrill,
}: {
  row: IndicatorAreaRow;
  definitions: IndicatorDefinition[];
  targets: TargetAttainmentRow[];
  onDrill: (d: DrillTarget) => void;
}) {
  const { t } = useTranslation();
  const street = row.level === 'street';
  const name = (
    <>
      {row.areaName}
      <div className="ind-code" data-testid="area-code">{row.areaCode}</div>
      {row.bedSources.declaredFacilities > 0 && (
        <span className="ind-badge ind-badge-grape" title={t('indicators.table.sourcesHint')} data-testid="bed-sources">
          {t('indicators.table.sources', row.bedSources)}
        </span>
      )}
    </>
  );
  return (
    <tr data-testid={`ind-row-${row.areaCode}`}>
      {street ? <td className="ind-area ind-street">{name}</td> : <th className="ind-area">{name}</th>}
      {definitions.map((d) => valueCell(row, d, targets.filter((x) => x.target.metricId === d.id), onDrill, t))}
    </tr>
  );
});

/** The targets that can colour a row's cells, found once per report rather than once per cell. */
function targetsByRow(report: IndicatorReport, rows: IndicatorAreaRow[]): Map<string, TargetAttainmentRow[]> {
  const out = new Map<string, TargetAttainmentRow[]>();
  const none: TargetAttainmentRow[] = [];
  for (const row of rows) {
    const list = report.targets.filter((t) => targetAppliesTo(t, row));
    out.set(row.areaCode, list.length ? list : none);
  }
  return out;
}

// The area column stays in view while the indicators scroll sideways: on a 1366-pixel screen the table is
// wider than the page, and a row of figures without its district is unreadable. Its code sits under the
// name instead of in a column of its own.
const STICKY = { position: 'sticky', left: 0, zIndex: 1, background: 'var(--mantine-color-body)', boxShadow: 'inset -1px 0 0 var(--table-border-color)' } as const;

/** Areas as rows (city first, streets indented under their district), indicators as columns with their units. */
export function IndicatorTable({
  report,
  rows,
  definitions,
  onDrill,
}: {
  report: IndicatorReport;
  rows: IndicatorAreaRow[];
  definitions: IndicatorDefinition[];
  onDrill: (d: DrillTarget) => void;
}) {
  const { t } = useTranslation();
  const targets = useMemo(() => targetsByRow(report, rows), [report, rows]);
  return (
    <Table.ScrollContainer minWidth={Math.max(700, 130 + definitions.length * 120)}>
      <Table withTableBorder withColumnBorders stickyHeader className="ind-table" data-testid="indicator-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={{ ...STICKY, zIndex: 3 }}>{t('indicators.table.area')}</Table.Th>
            {definitions.map((d) => (
              <Table.Th key={d.id} style={{ textAlign: 'right', minWidth: 110 }}>
                <Tooltip label={d.formula} multiline maw={360} withArrow>
                  <span>{headerOf(d)}</span>
                </Tooltip>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <tbody>
          {rows.map((row) => (
            <IndicatorRow key={row.areaCode} row={row} definitions={definitions} targets={targets.get(row.areaCode)!} onDrill={onDrill} />
          ))}
        </tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The colour key, in words as well as colour. */
export function AttainmentLegend() {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      <Text size="xs" c="dimmed">{t('indicators.table.legend')}</Text>
      {(['met', 'not_met', 'no_data'] as const).map((s) => (
        <Badge key={s} size="xs" variant="light" color={ATTAINMENT_COLORS[s]}>
          {t(`indicators.attainmentIcon.${s}`)} {t(`indicators.attainment.${s}`)}
        </Badge>
      ))}
      <Text size="xs" c="dimmed">{t('indicators.table.legendNone')}</Text>
    </Group>
  );
}
