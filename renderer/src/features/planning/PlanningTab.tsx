import { useMemo, useState } from 'react';
import { LineChart } from '@mantine/charts';
import { Badge, Button, Card, Group, List, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PROJECT_KINDS, PROJECT_STATUSES, type PlanningMetric, type ProjectKind, type ProjectStatus, type ProjectedFigure } from '../../../../shared/domain/planning';
import { INDICATOR_BY_ID } from '../../../../shared/domain/indicators';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { AreaSelect } from '../../components/AreaSelect';
import { optionsOf } from '../../components/labels';
import { notifyError, notifyOk } from '../../components/notify';
import { DateField } from '../../components/DateField';

const METRIC_NAMES: Record<PlanningMetric, string> = {
  eldercare_beds: INDICATOR_BY_ID.eldercare_beds.name,
  nursing_beds: INDICATOR_BY_ID.nursing_beds.name,
  beds_per_thousand_residents: INDICATOR_BY_ID.beds_per_thousand_residents.name,
  beds_per_thousand_elderly: INDICATOR_BY_ID.beds_per_thousand_elderly.name,
  nursing_bed_share: INDICATOR_BY_ID.nursing_bed_share.name,
};

function parseYears(text: string): number[] {
  return [...new Set(text.split(/[,，、\s]+/).map(Number).filter((y) => Number.isInteger(y) && y >= 2000 && y <= 2100))].sort().slice(0, 10);
}

/** 规划测算: per district and target year, the projected bed indicators against the targets, the beds missing. */
export function PlanningTab({ districts }: { districts: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const [yearsText, setYearsText] = useState('2025, 2030');
  const years = useMemo(() => parseYears(yearsText), [yearsText]);
  const [district, setDistrict] = useState<string | null>(null);
  const projection = useQuery('planning.project', { years: years.length ? years : [2025, 2030], ...(district ? { districtCode: district } : {}) });
  const projects = useQuery('planning.projects', district ? { districtCode: district } : {});
  const [form, setForm] = useState<null | { name: string; districtCode: string | null; facilityId: string | null; kind: ProjectKind; plannedBeds: number | string; nursingBeds: number | string; status: ProjectStatus; plannedCompletionOn: string; actualCompletionOn: string; source: string }>(null);
  const facilities = useQuery('facilities.list', { districtCode: form?.districtCode ?? undefined, limit: 500 }, !!form?.districtCode);
  const [pop, setPop] = useState<null | { areaCode: string | null; year: number | string; resident: number | string; resident60: number | string; source: string }>(null);

  const figure = (f: ProjectedFigure | null) =>
    f ? `${f.value.toLocaleString('zh-CN')}（${t(`planning.populationMethod.${f.method}`, { years: f.fromYears.join('、') })}）` : t('planning.noPopulation');

  const reload = () => {
    projection.reload();
    projects.reload();
  };
  const saveProject = async () => {
    if (!form) return;
    try {
      await call('planning.saveProject', {
        name: form.name,
        districtCode: form.districtCode ?? '',
        kind: form.kind,
        facilityId: form.kind === 'retirement' ? null : form.facilityId,
        plannedBeds: Number(form.plannedBeds),
        nursingBeds: Number(form.nursingBeds || 0),
        status: form.status,
        plannedCompletionOn: form.plannedCompletionOn,
        actualCompletionOn: form.status === 'completed' ? form.actualCompletionOn : null,
        source: form.source,
      });
      notifyOk(t('planning.saved'));
      setForm(null);
      reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const savePopulation = async () => {
    if (!pop) return;
    try {
      await call('planning.savePopulation', {
        areaCode: pop.areaCode ?? '',
        year: Number(pop.year),
        resident: pop.resident === '' ? null : Number(pop.resident),
        resident60: pop.resident60 === '' ? null : Number(pop.resident60),
        source: pop.source,
      });
      notifyOk(t('planning.saved'));
      setPop(null);
      reload();
    } catch (e) {
      notifyError(e);
    }
  };

  const data = projection.data;
  const chartRow = data?.rows.find((r) => r.districtCode === (district ?? data.rows[0]?.districtCode));
  const recorded = useQuery(
    'indicators.trend',
    { asOf: data?.asOf ?? '2026-01-01', areaCode: chartRow?.districtCode ?? '110000', indicatorId: 'beds_per_thousand_residents', fromYear: 2020 },
    !!chartRow,
  );
  const chartData = useMemo(() => {
    const points = new Map<number, { year: string; recorded?: number; projected?: number }>();
    for (const p of recorded.data ?? []) if (p.value !== null) points.set(p.year, { year: String(p.year), recorded: p.value });
    for (const p of chartRow?.projections ?? []) {
      const v = p.values.find((x) => x.metricId === 'beds_per_thousand_residents')?.value;
      if (v === null || v === undefined) continue;
      points.set(p.year, { ...(points.get(p.year) ?? { year: String(p.year) }), projected: v });
    }
    return [...points.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
  }, [recorded.data, chartRow]);

  return (
    <Stack data-testid="planning-tab">
      <Text size="sm" c="dimmed">{t('planning.hint')}</Text>
      <Group align="flex-end">
        <TextInput label={t('planning.years')} value={yearsText} onChange={(e) => setYearsText(e.currentTarget.value)} w={200} data-testid="planning-years" />
        <AreaSelect label={t('planning.district')} data={districts} value={district} onChange={setDistrict} clearable w={200} data-testid="planning-district" />
        <Button variant="light" onClick={() => setForm({ name: '', districtCode: district, facilityId: null, kind: 'new', plannedBeds: '', nursingBeds: '', status: 'planned', plannedCompletionOn: '', actualCompletionOn: '', source: '' })} data-testid="planning-add-project">
          {t('planning.addProject')}
        </Button>
        <Button variant="light" onClick={() => setPop({ areaCode: district, year: 2030, resident: '', resident60: '', source: '' })}>{t('planning.addPopulation')}</Button>
      </Group>
      {data?.rows.map((row) => (
        <Card withBorder key={row.districtCode} data-testid={`planning-${row.districtCode}`}>
          <Group justify="space-between" mb="xs">
            <Title order={5}>{row.districtName}</Title>
            <Text size="sm">{t('planning.baseFigures', { beds: row.base.beds, nursing: row.base.nursingBeds })}</Text>
          </Group>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('planning.metric')}</Table.Th>
                {row.projections.map((p) => (
                  <Table.Th key={p.year}>{p.year}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>{t('planning.projected')}</Table.Td>
                {row.projections.map((p) => (
                  <Table.Td key={p.year}>{p.beds}（+{p.addedBeds} −{p.retiredBeds}）</Table.Td>
                ))}
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t('planning.population')}</Table.Td>
                {row.projections.map((p) => (
                  <Table.Td key={p.year}>
                    <Text size="xs">{t('planning.residents', { figure: figure(p.residents) })}</Text>
                    <Text size="xs">{row.elderlyFigure} {figure(p.elderly)}</Text>
                  </Table.Td>
                ))}
              </Table.Tr>
              {row.projections[0]?.values.map((_, i) => {
                const metric = row.projections[0]!.values[i]!.metricId;
                return (
                  <Table.Tr key={metric}>
                    <Table.Td>{METRIC_NAMES[metric]}</Table.Td>
                    {row.projections.map((p) => {
                      const v = p.values[i]!;
                      return (
                        <Table.Td key={p.year} data-testid={`planning-${row.districtCode}-${p.year}-${metric}`}>
                          {v.value ?? '—'}
                          {v.target ? (
                            <Text size="xs" c="dimmed">
                              {t('planning.target')} {v.target.comparator} {v.target.value}
                              {v.carried ? t('planning.carried', { year: v.target.year }) : ''}{' '}
                              {v.met === true && <Badge size="xs" color="green">{t('planning.met')}</Badge>}
                              {v.met === false && v.missing !== null && (
                                <Badge size="xs" color="red">
                                  {metric === 'nursing_bed_share' || metric === 'nursing_beds' ? t('planning.missingNursing', { count: v.missing }) : t('planning.missing', { count: v.missing })}
                                </Badge>
                              )}
                            </Text>
                          ) : (
                            <Text size="xs" c="dimmed">{t('planning.noTarget')}</Text>
                          )}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Card>
      ))}
      {chartRow && chartData.length > 0 && (
        <Card withBorder>
          <Title order={5} mb="xs">{t('planning.chart')}（{chartRow.districtName}）</Title>
          <LineChart
            h={260}
            data={chartData}
            dataKey="year"
            connectNulls
            series={[
              { name: 'recorded', label: t('planning.recorded'), color: 'blue.6' },
              { name: 'projected', label: t('planning.projectedSeries'), color: 'orange.6', strokeDasharray: '6 4' },
            ]}
            withLegend
          />
        </Card>
      )}
      {data && (
        <Card withBorder>
          <Title order={5} mb="xs">{t('planning.rules')}</Title>
          <List size="sm">{data.rules.map((r) => <List.Item key={r}>{r}</List.Item>)}</List>
        </Card>
      )}
      <Card withBorder>
        <Title order={5} mb="xs">{t('planning.projects')}</Title>
        {projects.data?.length === 0 && <Text c="dimmed">{t('planning.noProjects')}</Text>}
        {!!projects.data?.length && (
          <Table withTableBorder data-testid="planning-projects">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('planning.projectName')}</Table.Th>
                <Table.Th>{t('planning.district')}</Table.Th>
                <Table.Th>{t('planning.kind')}</Table.Th>
                <Table.Th>{t('planning.plannedBeds')}</Table.Th>
                <Table.Th>{t('planning.status')}</Table.Th>
                <Table.Th>{t('planning.plannedCompletionOn')}</Table.Th>
                <Table.Th>{t('planning.source')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {projects.data.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>{p.districtName}</Table.Td>
                  <Table.Td>{PROJECT_KINDS[p.kind]}{p.facilityName ? `：${p.facilityName}` : ''}</Table.Td>
                  <Table.Td>{p.plannedBeds}（{p.nursingBeds}）</Table.Td>
                  <Table.Td>{PROJECT_STATUSES[p.status]}</Table.Td>
                  <Table.Td>{p.actualCompletionOn ?? p.plannedCompletionOn}</Table.Td>
                  <Table.Td>{p.source}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Modal opened={form !== null} onClose={() => setForm(null)} title={t('planning.addProject')}>
        {form && (
          <Stack>
            <TextInput label={t('planning.projectName')} value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
            <AreaSelect label={t('planning.district')} data={districts} value={form.districtCode} onChange={(v) => setForm({ ...form, districtCode: v, facilityId: null })} />
            <Select label={t('planning.kind')} data={optionsOf(PROJECT_KINDS)} value={form.kind} onChange={(v) => v && setForm({ ...form, kind: v as ProjectKind })} allowDeselect={false} />
            {form.kind !== 'retirement' && (
              <Select
                label={t('planning.facility')}
                data={(facilities.data?.rows ?? []).map((f) => ({ value: f.id, label: f.name }))}
                value={form.facilityId}
                onChange={(v) => setForm({ ...form, facilityId: v })}
                searchable
                clearable
                disabled={!form.districtCode}
              />
            )}
            <NumberInput label={t('planning.plannedBeds')} value={form.plannedBeds} min={1} onChange={(v) => setForm({ ...form, plannedBeds: v })} />
            <NumberInput label={t('planning.nursingBeds')} value={form.nursingBeds} min={0} onChange={(v) => setForm({ ...form, nursingBeds: v })} />
            <Select label={t('planning.status')} data={optionsOf(PROJECT_STATUSES)} value={form.status} onChange={(v) => v && setForm({ ...form, status: v as ProjectStatus })} allowDeselect={false} />
            <DateField label={t('planning.plannedCompletionOn')} value={form.plannedCompletionOn} onChange={(e) => setForm({ ...form, plannedCompletionOn: e.currentTarget.value })} />
            {form.status === 'completed' && (
              <DateField label={t('planning.actualCompletionOn')} value={form.actualCompletionOn} onChange={(e) => setForm({ ...form, actualCompletionOn: e.currentTarget.value })} />
            )}
            <TextInput label={t('planning.source')} value={form.source} onChange={(e) => setForm({ ...form, source: e.currentTarget.value })} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setForm(null)}>{t('common.cancel')}</Button>
              <Button onClick={saveProject} data-testid="planning-save-project">{t('common.save')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal opened={pop !== null} onClose={() => setPop(null)} title={t('planning.addPopulation')}>
        {pop && (
          <Stack>
            <AreaSelect label={t('planning.district')} data={districts} value={pop.areaCode} onChange={(v) => setPop({ ...pop, areaCode: v })} />
            <NumberInput label={t('planning.year')} value={pop.year} min={2000} max={2100} onChange={(v) => setPop({ ...pop, year: v })} />
            <NumberInput label={t('planning.resident')} value={pop.resident} min={1} onChange={(v) => setPop({ ...pop, resident: v })} />
            <NumberInput label={t('planning.resident60')} value={pop.resident60} min={1} onChange={(v) => setPop({ ...pop, resident60: v })} />
            <TextInput label={t('planning.source')} value={pop.source} onChange={(e) => setPop({ ...pop, source: e.currentTarget.value })} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPop(null)}>{t('common.cancel')}</Button>
              <Button onClick={savePopulation}>{t('common.save')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
