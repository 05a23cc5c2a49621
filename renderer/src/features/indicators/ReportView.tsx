import { useState } from 'react';
import { Alert, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { IndicatorReport, ReportLevel } from '../../../../shared/contract';
import type { IndicatorDefinition } from '../../../../shared/domain/indicators';
import { ATTAINMENT_LABELS, metricInfo } from '../../../../shared/domain/targets';
import { printPageToPdf } from '../../api/files';
import { useQuery } from '../../api/hooks';
import { notifyError, notifyOk } from '../../components/notify';
import { DistrictBarChart } from './Charts';
import { populationYearsText } from './IndicatorsPage';
import { QualityCounts, QUALITY_KINDS } from './QualityTab';
import { ATTAINMENT_COLORS, cellAttainment, formatNumber, formatValue, headerOf, targetsForCell, valueOf } from './format';
import './report.css';
import { isIsoDay } from '../../../../shared/domain/calendar';

/** Indicators per printed table: an A4 page holds the area column and about six numbers. */
const COLUMNS_PER_TABLE = 6;

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function PrintTable({ report, definitions }: { report: IndicatorReport; definitions: IndicatorDefinition[] }) {
  const { t } = useTranslation();
  return (
    <Table withTableBorder withColumnBorders className="report-keep" verticalSpacing={2} horizontalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('indicators.table.area')}</Table.Th>
          {definitions.map((d) => (
            <Table.Th key={d.id} style={{ textAlign: 'right' }}>{headerOf(d)}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {report.rows.map((row) => (
          <Table.Tr key={row.areaCode}>
            <Table.Td style={{ paddingLeft: row.level === 'street' ? 16 : undefined, fontWeight: row.level === 'street' ? undefined : 600, whiteSpace: 'nowrap' }}>
              {row.areaName}
            </Table.Td>
            {definitions.map((d) => {
              const text = formatValue(valueOf(row, d.id), d);
              const status = cellAttainment(targetsForCell(report, row, d.id));
              return (
                <Table.Td
                  key={d.id}
                  style={{ textAlign: 'right', background: status ? `var(--mantine-color-${ATTAINMENT_COLORS[status]}-light)` : undefined }}
                  data-testid={`report-${row.areaCode}-${d.id}`}
                >
                  {text ?? t('indicators.table.missing')}
                  {status && ` ${t(`indicators.attainmentIcon.${status}`)}`}
                </Table.Td>
              );
            })}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Why numbers are missing, once per indicator and reason, since paper has no tooltips. */
function MissingReasons({ report }: { report: IndicatorReport }) {
  const { t } = useTranslation();
  const groups = new Map<string, { name: string; reason: string; areas: string[] }>();
  for (const row of report.rows) {
    for (const v of row.values) {
      if (v.value !== null) continue;
      const def = report.definitions.find((d) => d.id === v.id);
      const reason = v.missingReason ?? t('indicators.table.noReason');
      const key = `${v.id}|${reason}`;
      const g = groups.get(key) ?? { name: def?.name ?? v.id, reason, areas: [] };
      g.areas.push(row.areaName);
      groups.set(key, g);
    }
  }
  if (groups.size === 0) return null;
  return (
    <Stack gap={2} className="report-section">
      <Text fw={600} size="sm">{t('indicators.report.missingList')}</Text>
      {[...groups.values()].map((g) => (
        <Text key={`${g.name}|${g.reason}`} size="xs">
          {g.name}：{g.reason}（{g.areas.length > 8 ? `${g.areas.slice(0, 8).join('、')} 等 ${g.areas.length} 个区划` : g.areas.join('、')}）
        </Text>
      ))}
    </Stack>
  );
}

/**
 * The report as one printable page: cover, indicator tables, chart, targets and the audit summary. Electron
 * prints it with printToPDF; the browser with its own print dialog. Either way the @media print rules decide.
 */
export function ReportView() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const asOf = params.get('asOf') ?? '';
  const level: ReportLevel = params.get('level') === 'street' ? 'street' : 'district';
  const ready = isIsoDay(asOf);
  const report = useQuery('indicators.report', { asOf, level }, ready);
  const audit = useQuery('quality.audit', { asOf, limit: 1 }, ready);
  const [printing, setPrinting] = useState(false);
  const data = report.data;
  const back = `/indicators?${new URLSearchParams({ asOf, level }).toString()}`;

  const toPdf = async () => {
    setPrinting(true);
    try {
      const result = await printPageToPdf(`养老床位指标报告-${asOf}.pdf`);
      if (result.saved && result.path) notifyOk(t('indicators.report.pdfSaved', { path: result.path }));
    } catch (e) {
      notifyError(e);
    } finally {
      setPrinting(false);
    }
  };

  const ownTargets = (data?.targets ?? []).filter((r) => !r.inherited);
  const auditTotal = audit.data ? QUALITY_KINDS.reduce((n, k) => n + audit.data!.counts[k], 0) : 0;

  return (
    <div className="report-root" data-testid="report-view" data-ready={data && audit.data ? 'true' : 'false'}>
      <Group className="report-no-print" justify="space-between" mb="md">
        <Button component={Link} to={back} variant="default">{t('indicators.report.back')}</Button>
        <Group>
          {!window.api && <Text size="xs" c="dimmed">{t('indicators.report.printHint')}</Text>}
          <Button onClick={toPdf} loading={printing} disabled={!data}>
            {window.api ? t('indicators.report.toPdf') : t('indicators.report.print')}
          </Button>
        </Group>
      </Group>
      {!ready && <Alert color="red">{t('indicators.report.badDate')}</Alert>}
      {(report.error || audit.error) && <Alert color="red">{t('indicators.pending', { message: (report.error ?? audit.error)!.message })}</Alert>}
      {!data && !report.error && (
        <Group className="report-no-print">
          <Loader size="sm" />
          <Text>{t('indicators.report.loading')}</Text>
        </Group>
      )}
      {data && (
        <>
          <section className="report-cover">
            <Title order={1} ta="center">{t('indicators.report.title')}</Title>
            <Text ta="center" mt="xs">{t('indicators.report.subtitle')}</Text>
            <Stack gap={4} mt="xl" align="center">
              <Text size="lg" data-testid="report-asof">{t('indicators.report.asOf', { date: data.asOf })}</Text>
              <Text>{t('indicators.report.level', { level: t(`indicators.levels.${data.level}`) })}</Text>
              <Text size="sm">{t('indicators.populationYears')}：{populationYearsText(data, t)}</Text>
              <Text size="sm">{t('indicators.generatedAt', { at: new Date(data.generatedAt).toLocaleString('zh-CN') })}</Text>
            </Stack>
            <Stack gap={2} mt="xl">
              <Text fw={600}>{t('indicators.report.options')}</Text>
              {data.optionsText.map((o) => (
                <Text key={o.label} size="sm">{o.label}：{o.value}</Text>
              ))}
            </Stack>
          </section>

          <section className="report-section">
            <Title order={3}>{t('indicators.report.indicators')}</Title>
            <Text size="xs" c="dimmed">{t('indicators.report.missingNote')}</Text>
            <Stack gap="sm" mt="xs" data-testid="report-table">
              {chunk(data.definitions, COLUMNS_PER_TABLE).map((defs) => (
                <PrintTable key={defs[0]!.id} report={data} definitions={defs} />
              ))}
            </Stack>
            <MissingReasons report={data} />
          </section>

          <section className="report-section report-break report-keep">
            <Title order={3}>{t('indicators.report.chart')}</Title>
            <div className="report-chart">
              <DistrictBarChart report={data} indicatorId="beds_per_thousand_residents" height={320} animate={false} />
            </div>
          </section>

          <section className="report-section">
            <Title order={3}>{t('indicators.report.targets')}</Title>
            <Table withTableBorder withColumnBorders verticalSpacing={2} horizontalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('indicators.targets.area')}</Table.Th>
                  <Table.Th>{t('indicators.targets.metric')}</Table.Th>
                  <Table.Th>{t('indicators.targets.target')}</Table.Th>
                  <Table.Th>{t('indicators.targets.actual')}</Table.Th>
                  <Table.Th>{t('indicators.targets.attainment')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ownTargets.map((r) => {
                  const info = metricInfo(r.target.metricId);
                  return (
                    <Table.Tr key={r.target.id}>
                      <Table.Td>{r.areaName}</Table.Td>
                      <Table.Td>{r.metricName}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {r.target.year} {t(`indicators.targets.comparators.${r.target.comparator}`)} {formatNumber(r.target.value, info.decimals)} {r.unit}
                      </Table.Td>
                      <Table.Td>{r.actual === null ? `— ${r.missingReason ?? ''}` : formatNumber(r.actual, info.decimals, info.unit)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {t(`indicators.attainmentIcon.${r.attainment.status}`)} {ATTAINMENT_LABELS[r.attainment.status]}
                        {r.attainment.gap !== null && `（${t('indicators.gap', { gap: formatNumber(r.attainment.gap, info.decimals) })}）`}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </section>

          <section className="report-section report-keep">
            <Title order={3}>{t('indicators.report.audit')}</Title>
            {audit.data && (
              <>
                <Text size="sm">{t('indicators.report.auditTotal', { count: auditTotal })}</Text>
                <QualityCounts counts={audit.data.counts} />
              </>
            )}
          </section>

          <section className="report-section report-break">
            <Title order={3}>{t('indicators.report.definitions')}</Title>
            <Table withTableBorder withColumnBorders verticalSpacing={2} horizontalSpacing={4}>
              <Table.Tbody>
                {data.definitions.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{headerOf(d)}</Table.Td>
                    <Table.Td>{d.formula}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
        </>
      )}
    </div>
  );
}
