import { memo, useMemo, useState } from 'react';
import { Badge, Group, Pagination, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IndicatorAreaRow, IndicatorReport, TargetAttainmentRow } from '../../../../shared/contract';
import type { IndicatorDefinition } from '../../../../shared/domain/indicators';
import { ATTAINMENT_LABELS, NATIONAL_AREA_CODE, metricInfo } from '../../../../shared/domain/targets';
import { ATTAINMENT_COLORS, cellAttainment, formatCount, formatNumber, formatValue, headerOf, targetAppliesTo, valueOf } from './format';
import './indicatorTable.css';

export interface DrillTarget {
  row: IndicatorAreaRow;
  def: IndicatorDefinition;
}

type Translate = (key: string, o?: Record<string, unknown>) => string;

/**
 * The table's words, each looked up once per table and its {{name}} slots filled per cell: i18next looking
 * up and interpolating several messages for each of a page's cells was a visible share of its render.
 */
function tableTranslate(t: Translate): Translate {
  const plain = new Map<string, string>();
  const templates = new Map<string, string[]>();
  return (key, o) => {
    if (!o) {
      let text = plain.get(key);
      if (text === undefined) {
        text = t(key);
        plain.set(key, text);
      }
      return text;
    }
    let parts = templates.get(key);
    if (!parts) {
      parts = t(key, { skipInterpolation: true }).split(/\{\{(\w+)\}\}/);
      templates.set(key, parts);
    }
    return parts.map((part, i) => (i % 2 === 1 ? String(o[part] ?? '') : part)).join('');
  };
}

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
  if (value && value.numerator !== null) details.push(t('indicators.table.numerator', { value: formatCount(value.numerator) }));
  if (value && value.denominator !== null) details.push(t('indicators.table.denominator', { value: formatCount(value.denominator) }));
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
  t,
}: {
  row: IndicatorAreaRow;
  definitions: IndicatorDefinition[];
  targets: TargetAttainmentRow[];
  onDrill: (d: DrillTarget) => void;
  t: Translate;
}) {
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

/**
 * Rows drawn at a time. A national report has thousands of areas, and drawing them all took seconds of the
 * page; a district's streets, or Beijing's districts, fit on one page and show no paging.
 */
const TABLE_PAGE_SIZE = 100;

/** The rows whose name or code contains the query (case-insensitive), all rows for an empty query. */
function matching(rows: IndicatorAreaRow[], query: string): IndicatorAreaRow[] {
  const q = query.trim().toLowerCase();
  if (!q) return rows;
  return rows.filter((r) => r.areaName.toLowerCase().includes(q) || r.areaCode.includes(q));
}

/**
 * Areas as rows (city first, streets indented under their district), indicators as columns with their units.
 * More rows than a page: a search box reaching every row (by name or code) and pages of TABLE_PAGE_SIZE.
 */
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
  const tr = useMemo(() => tableTranslate(t), [t]);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const paged = rows.length > TABLE_PAGE_SIZE;
  const found = useMemo(() => (paged ? matching(rows, query) : rows), [rows, query, paged]);
  const pages = Math.max(1, Math.ceil(found.length / TABLE_PAGE_SIZE));
  // Another date keeps the page in view; fewer rows (a district picked) bring it back within range.
  const current = Math.min(page, pages);
  const shown = useMemo(
    () => (paged ? found.slice((current - 1) * TABLE_PAGE_SIZE, current * TABLE_PAGE_SIZE) : found),
    [found, current, paged],
  );
  const targets = useMemo(() => targetsByRow(report, shown), [report, shown]);
  const from = found.length ? (current - 1) * TABLE_PAGE_SIZE + 1 : 0;
  const to = Math.min(current * TABLE_PAGE_SIZE, found.length);
  return (
    <>
      {paged && (
        <Group justify="space-between" align="flex-end" my={4}>
          <TextInput
            label={t('indicators.table.search')}
            placeholder={t('indicators.table.searchPlaceholder')}
            value={query}
            onChange={(e) => {
              setQuery(e.currentTarget.value);
              setPage(1);
            }}
            size="xs"
            w={220}
            data-testid="indicator-search"
          />
          <Text size="xs" c="dimmed" data-testid="indicator-page-info">
            {query.trim()
              ? t('indicators.table.pageInfoFiltered', { from, to, total: found.length, all: rows.length })
              : t('indicators.table.pageInfo', { from, to, total: found.length })}
          </Text>
        </Group>
      )}
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
            {shown.map((row) => (
              <IndicatorRow key={row.areaCode} row={row} definitions={definitions} targets={targets.get(row.areaCode)!} onDrill={onDrill} t={tr} />
            ))}
          </tbody>
        </Table>
      </Table.ScrollContainer>
      {paged && found.length === 0 && (
        <Text size="sm" c="dimmed" my={4} data-testid="indicator-no-match">{t('indicators.table.noMatch', { query: query.trim() })}</Text>
      )}
      {paged && pages > 1 && (
        <Group justify="center" mt="xs">
          <Pagination
            size="sm"
            total={pages}
            value={current}
            onChange={setPage}
            aria-label={t('indicators.table.pages')}
            getControlProps={(control) => ({ 'aria-label': t(`indicators.table.pageControls.${control}`) })}
            data-testid="indicator-pages"
          />
        </Group>
      )}
    </>
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
