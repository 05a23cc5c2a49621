import { lazy, memo, startTransition, Suspense, useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Card, Group, Loader, SegmentedControl, Select, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { IndicatorReport, ReportLevel } from '../../../../shared/contract';
import { INDICATOR_GROUPS, populationYearsOf, type IndicatorGroup } from '../../../../shared/domain/indicators';
import { useQuery } from '../../api/hooks';
import { useUrlParams } from '../../components/useUrlParams';
import { DrillDrawer } from './DrillDrawer';
import { ExportButtons } from './ExportButtons';
import { AttainmentLegend, IndicatorTable, type DrillTarget } from './IndicatorTable';
import { QualityTab } from './QualityTab';
import { TargetsTab } from './TargetsTab';
import { TekunListCard } from '../staff/TekunNeedCard';
import { PlanningTab } from '../planning/PlanningTab';
import { isIsoDay } from '../../../../shared/domain/calendar';
import { DateField } from '../../components/DateField';

type Tab = 'dashboard' | 'targets' | 'quality';

// The charts (and the charting library) load after the table is on screen, not before it.
const ChartsPanel = lazy(() => import('./ChartsPanel').then((m) => ({ default: m.ChartsPanel })));

/**
 * "常住人口 2024 年：北京市、东城区…；60岁及以上常住人口 2020 年：延庆区；无：…" — which population figure of
 * which year each area's per-capita figures used (each figure is taken from its own latest year).
 */
export function populationYearsText(report: IndicatorReport, t: (k: string, o?: Record<string, unknown>) => string): string {
  const byYear = new Map<string, string[]>();
  for (const row of report.rows) {
    const used = populationYearsOf(row.values);
    const keys = used.length ? used.map((u) => `${u.figure} ${u.year}`) : [''];
    for (const key of keys) {
      const list = byYear.get(key);
      if (list) list.push(row.areaName);
      else byYear.set(key, [row.areaName]);
    }
  }
  if (byYear.size === 0) return t('indicators.populationYearsNone');
  return [...byYear.entries()]
    // Figures in the order the indicators use them (常住人口 first), areas without any last.
    .sort(([a], [b]) => (a === '' ? 1 : 0) - (b === '' ? 1 : 0))
    .map(([key, areas]) => {
      const list = areas.length > 6 ? `${areas.slice(0, 6).join('、')} 等 ${areas.length} 个区划` : areas.join('、');
      return key === '' ? t('indicators.populationYearMissing', { area: list }) : t('indicators.populationYearOf', { area: list, year: key });
    })
    .join('；');
}

/**
 * Options in force and population years: every number on the page depends on them, so they are always
 * shown. Memoised: the page renders again while a request is in flight, the report unchanged.
 */
export const ReportBasis = memo(function ReportBasis({ report, withLink = false }: { report: IndicatorReport; withLink?: boolean }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" data-testid="report-basis">
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">{t('indicators.optionsInForce')}</Text>
        {withLink && (
          <Anchor component={Link} to="/settings" size="xs">{t('indicators.editOptions')}</Anchor>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing={4} verticalSpacing={2}>
        {report.optionsText.map((o) => (
          <Text key={o.label} size="xs">
            <Text span c="dimmed" size="xs">{o.label}：</Text>
            {o.value}
          </Text>
        ))}
      </SimpleGrid>
      <Text size="xs" mt={6} data-testid="population-years">
        <Text span c="dimmed" size="xs">{t('indicators.populationYears')}：</Text>
        {populationYearsText(report, t)}
      </Text>
    </Card>
  );
});

/** Whether a past date opens from the store (checkpoints) or must be counted, and the counting ahead of time. */
function CheckpointNote({ asOf, loaded }: { asOf: string; loaded: boolean }) {
  const { t } = useTranslation();
  const status = useQuery('indicators.checkpoints', { asOf });
  const { reload } = status;
  // Asked on arrival (a first count of a national date takes half a minute: the note explains the wait),
  // and again once this date's report is in, since counting a date stores it.
  useEffect(() => {
    if (loaded) reload();
  }, [loaded, reload]);
  if (!status.data) return null;
  const { building, stored, date } = status.data;
  // A date after the latest recorded event comes from the maintained counters: nothing to explain.
  if (!date || date.asOf !== asOf || date.state === 'current') return null;
  return (
    <Text size="xs" c="dimmed" data-testid="checkpoint-note">
      {date.state === 'stored'
        ? t('indicators.checkpoint.stored')
        : date.state === 'near'
          ? t('indicators.checkpoint.near', { from: date.from })
          : t('indicators.checkpoint.notStored')}
      {building &&
        ' ' +
          t(building.whole ? 'indicators.checkpoint.buildingWhole' : 'indicators.checkpoint.building', {
            asOf: building.asOf,
            date: building.datesDone + 1,
            dates: building.dates,
            done: building.districtsDone,
            total: building.districts,
            stored: stored.filter((d) => d.complete).length,
          })}
    </Text>
  );
}

/**
 * A value handed on only once the screen has painted with it: a new report draws the table, the frame
 * goes out, and then the charts render in a transition React may interrupt. (A deferred value alone
 * rendered the charts before the table's frame was painted: their commit held it back.)
 */
function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setShown(value)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [value]);
  return shown;
}

/** The bureau auditor's dashboard: pick a date, see every indicator by area against its target, drill, export. */
export function IndicatorsPage() {
  const { t } = useTranslation();
  const info = useQuery('system.info', {});
  const [params, changeParams] = useUrlParams();
  const asOf = params.get('asOf') ?? '';
  const level: ReportLevel = params.get('level') === 'street' ? 'street' : 'district';
  const tab = (params.get('tab') as Tab | null) ?? 'dashboard';
  const setParam = (key: string, value: string | null) => changeParams({ [key]: value });
  useEffect(() => {
    if (!asOf && info.data) setParam('asOf', info.data.today);
  }, [info.data, asOf]);

  const [group, setGroup] = useState<IndicatorGroup | 'all'>('beds');
  const [district, setDistrict] = useState<string | null>(null);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const ready = isIsoDay(asOf);
  const report = useQuery('indicators.report', { asOf, level }, ready);
  const data = report.data;
  const chartReport = useAfterPaint(data);

  const definitions = useMemo(
    () => (data?.definitions ?? []).filter((d) => group === 'all' || d.group === group),
    [data, group],
  );
  const rows = useMemo(() => {
    const all = data?.rows ?? [];
    if (level !== 'street' || !district) return all;
    return all.filter((r) => r.level === 'city' || r.areaCode === district || r.parentCode === district);
  }, [data, level, district]);
  const districtOptions = useMemo(
    () => (data?.rows ?? []).filter((r) => r.level === 'district').map((r) => ({ value: r.areaCode, label: r.areaName })),
    [data],
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('indicators.title')}</Title>
        <ExportButtons asOf={asOf} level={level} disabled={!ready} />
      </Group>
      <Group align="flex-end">
        <DateField label={t('indicators.asOf')} value={asOf} onChange={(e) => setParam('asOf', e.currentTarget.value)} />
        <Select
          label={t('indicators.level')}
          data={(['district', 'street'] as const).map((l) => ({ value: l, label: t(`indicators.levels.${l}`) }))}
          value={level}
          onChange={(v) => v && setParam('level', v)}
          allowDeselect={false}
          w={160}
        />
        {level === 'street' && (
          <Select
            label={t('indicators.district')}
            placeholder={t('indicators.allDistricts')}
            data={districtOptions}
            value={district}
            onChange={setDistrict}
            clearable
            searchable
          />
        )}
        {report.loading && (
          <Group gap={6}>
            <Loader size="xs" />
            <Text size="sm" c="dimmed">{t('indicators.loadingReport')}</Text>
          </Group>
        )}
      </Group>
      {ready && <CheckpointNote asOf={asOf} loaded={data?.asOf === asOf} />}
      {report.error && (
        <Alert color="red" data-testid="report-error">{t('indicators.pending', { message: report.error.message })}</Alert>
      )}
      {data && <ReportBasis report={data} withLink />}

      <Tabs value={tab} onChange={(v) => setParam('tab', v === 'dashboard' ? null : v)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="dashboard">{t('indicators.tabs.dashboard')}</Tabs.Tab>
          <Tabs.Tab value="targets">{t('indicators.tabs.targets')}</Tabs.Tab>
          <Tabs.Tab value="quality">{t('indicators.tabs.quality')}</Tabs.Tab>
          <Tabs.Tab value="tekun">{t('indicators.tabs.tekun')}</Tabs.Tab>
          <Tabs.Tab value="planning">{t('indicators.tabs.planning')}</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="dashboard" pt="md">
          {data && (
            <Stack data-as-of={data.asOf}>
              <Card withBorder>
                <Group justify="space-between" mb="xs">
                  <Title order={4}>{t('indicators.table.title')}</Title>
                  <SegmentedControl
                    aria-label={t('indicators.group')}
                    size="xs"
                    value={group}
                    onChange={(v) => setGroup(v as IndicatorGroup | 'all')}
                    data={[
                      ...Object.entries(INDICATOR_GROUPS).map(([value, label]) => ({ value, label })),
                      { value: 'all', label: t('common.all') },
                    ]}
                  />
                </Group>
                <AttainmentLegend />
                {level === 'street' && !rows.some((r) => r.level === 'street') && (
                  <Text size="sm" c="dimmed" my={4} data-testid="no-streets">{t('indicators.table.noStreets')}</Text>
                )}
                <IndicatorTable report={data} rows={rows} definitions={definitions} onDrill={setDrill} />
                <Text size="xs" c="dimmed" mt={4}>{t('indicators.generatedAt', { at: new Date(data.generatedAt).toLocaleString('zh-CN') })}</Text>
              </Card>
              <Suspense fallback={<Loader size="sm" />}>{chartReport && <ChartsPanel report={chartReport} />}</Suspense>
            </Stack>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="targets" pt="md">
          <TargetsTab report={data} onChanged={report.reload} />
        </Tabs.Panel>
        <Tabs.Panel value="quality" pt="md">
          {ready && <QualityTab asOf={asOf} />}
        </Tabs.Panel>
        <Tabs.Panel value="tekun" pt="md">
          {ready && <TekunListCard asOf={asOf} />}
        </Tabs.Panel>
        <Tabs.Panel value="planning" pt="md">
          <PlanningTab districts={districtOptions} />
        </Tabs.Panel>
      </Tabs>

      <DrillDrawer asOf={asOf} target={drill} onClose={() => setDrill(null)} />
    </Stack>
  );
}
