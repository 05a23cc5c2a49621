import { Badge, Group, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IndicatorAreaRow, IndicatorReport, TargetAttainmentRow } from '../../../../shared/contract';
import type { IndicatorDefinition } from '../../../../shared/domain/indicators';
import { ATTAINMENT_LABELS, NATIONAL_AREA_CODE, metricInfo } from '../../../../shared/domain/targets';
import { ATTAINMENT_COLORS, cellAttainment, formatNumber, formatValue, headerOf, targetsForCell, valueOf } from './format';

export interface DrillTarget {
  row: IndicatorAreaRow;
  def: IndicatorDefinition;
}

function targetLine(t: TargetAttainmentRow, tr: (key: string, o?: Record<string, unknown>) => string): string {
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
 * only signal.
 */
function ValueCell({ report, row, def, onDrill }: { report: IndicatorReport; row: IndicatorAreaRow; def: IndicatorDefinition; onDrill: (d: DrillTarget) => void }) {
  const { t } = useTranslation();
  const value = valueOf(row, def.id);
  const text = formatValue(value, def);
  const targets = targetsForCell(report, row, def.id);
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
    <Badge size="xs" variant="light" color={ATTAINMENT_COLORS[status]} data-testid={`${testId}-attainment`}>
      {t(`indicators.attainmentIcon.${status}`)} {t(`indicators.attainment.${status}`)}
    </Badge>
  );

  if (text === null) {
    const reason = value?.missingReason ?? t('indicators.table.noReason');
    return (
      <Table.Td style={{ background: bg, textAlign: 'right' }} data-testid={testId}>
        <Tooltip label={[reason, ...details].join('\n')} multiline maw={360} style={{ whiteSpace: 'pre-line' }} withArrow>
          <Text span c="dimmed" aria-label={t('indicators.table.missingLabel', { reason })} tabIndex={0} data-missing="true">
            {t('indicators.table.missing')}
          </Text>
        </Tooltip>
        {badge && <div>{badge}</div>}
      </Table.Td>
    );
  }
  return (
    <Table.Td style={{ background: bg, textAlign: 'right' }} data-testid={testId}>
      <Tooltip label={details.join('\n') || def.formula} multiline maw={360} style={{ whiteSpace: 'pre-line' }} withArrow openDelay={300}>
        <UnstyledButton
          onClick={() => onDrill({ row, def })}
          aria-label={t('indicators.table.drill', { area: row.areaName, indicator: def.name })}
          style={{ textDecoration: 'underline dotted', fontVariantNumeric: 'tabular-nums' }}
          data-testid={`${testId}-value`}
        >
          {text}
          {value?.note ? ' *' : ''}
        </UnstyledButton>
      </Tooltip>
      {badge && <div>{badge}</div>}
    </Table.Td>
  );
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
  return (
    <Table.ScrollContainer minWidth={Math.max(700, 130 + definitions.length * 120)}>
      <Table withTableBorder withColumnBorders striped stickyHeader data-testid="indicator-table">
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
        <Table.Tbody>
          {rows.map((row) => {
            const Name = row.level === 'street' ? Table.Td : Table.Th;
            return (
              <Table.Tr key={row.areaCode} data-testid={`ind-row-${row.areaCode}`}>
                <Name style={{ ...STICKY, paddingLeft: row.level === 'street' ? 28 : undefined, whiteSpace: 'nowrap' }}>
                  {row.areaName}
                  <Text size="xs" c="dimmed" fw={400} data-testid="area-code">{row.areaCode}</Text>
                  {row.bedSources.declaredFacilities > 0 && (
                    <Tooltip label={t('indicators.table.sourcesHint')} multiline maw={320} withArrow>
                      <Badge size="xs" variant="light" color="grape" data-testid="bed-sources">
                        {t('indicators.table.sources', row.bedSources)}
                      </Badge>
                    </Tooltip>
                  )}
                </Name>
                {definitions.map((d) => (
                  <ValueCell key={d.id} report={report} row={row} def={d} onDrill={onDrill} />
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
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
