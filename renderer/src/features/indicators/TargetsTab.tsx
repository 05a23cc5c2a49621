import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Pagination, Select, Stack, Table, Text, Textarea, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IndicatorReport, TargetAttainmentRow } from '../../../../shared/contract';
import { ATTAINMENT_LABELS, CITY_AREA_CODE, NATIONAL_AREA_CODE, TARGET_ATTRIBUTES, metricInfo } from '../../../../shared/domain/targets';
import { ApiError, call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { notifyError, notifyOk } from '../../components/notify';
import { useAreaOptions } from '../../components/AreaSelect';
import { ATTAINMENT_COLORS, areaLabel, formatNumber } from './format';
import { TargetForm } from './TargetForm';

type StoredTarget = TargetAttainmentRow['target'];
const PAGE = 25;

function Attainment({ target, report }: { target: StoredTarget; report: IndicatorReport | undefined }) {
  const { t } = useTranslation();
  if (!report) return null;
  const judged = report.targets.filter((r) => r.target.id === target.id);
  const own = judged.find((r) => !r.inherited);
  const info = metricInfo(target.metricId);
  if (own) {
    const s = own.attainment.status;
    const gap = own.attainment.gap;
    return (
      <Stack gap={2}>
        <Text size="sm">{own.actual === null ? '—' : formatNumber(own.actual, info.decimals, info.unit)}</Text>
        {own.missingReason && <Text size="xs" c="dimmed">{own.missingReason}</Text>}
        <Badge variant="light" color={ATTAINMENT_COLORS[s]} data-testid={`target-attainment-${target.id}`}>
          {t(`indicators.attainmentIcon.${s}`)} {ATTAINMENT_LABELS[s]}
        </Badge>
        {gap !== null && <Text size="xs">{t('indicators.gap', { gap: formatNumber(gap, info.decimals) })}</Text>}
      </Stack>
    );
  }
  // A national or city benchmark is judged against every district rather than one area.
  const inherited = judged.filter((r) => r.inherited);
  if (inherited.length > 0) {
    const count = (s: string) => inherited.filter((r) => r.attainment.status === s).length;
    return <Text size="xs">{t('indicators.targets.inherited', { met: count('met'), notMet: count('not_met'), noData: count('no_data') })}</Text>;
  }
  return (
    <Stack gap={2}>
      <Badge variant="light" color="gray">
        {t('indicators.attainmentIcon.no_data')} {ATTAINMENT_LABELS.no_data}
      </Badge>
      {info.notComputedReason && <Text size="xs" c="dimmed" data-testid={`target-why-${target.id}`}>{info.notComputedReason}</Text>}
    </Stack>
  );
}

/** Plan targets with source, attribute, baseline and attainment as of the report date; create, edit, delete. */
export function TargetsTab({ report, onChanged }: { report: IndicatorReport | undefined; onChanged: () => void }) {
  const { t } = useTranslation();
  const list = useQuery('targets.list', {});
  const districts = useQuery('areas.list', { level: 'district' });
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<StoredTarget | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [deleting, setDeleting] = useState<StoredTarget | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const names = useMemo(() => new Map((districts.data ?? []).map((d) => [d.code, d.name])), [districts.data]);
  const districtOptions = useAreaOptions(districts.data);
  const areaOptions = [
    { value: NATIONAL_AREA_CODE, label: t('indicators.targets.national') },
    { value: CITY_AREA_CODE, label: t('indicators.targets.city') },
    ...districtOptions,
  ];
  const [areaFilter, setAreaFilter] = useState<string | null>(null);
  const rows = (list.data ?? []).filter((r) => !areaFilter || r.areaCode === areaFilter);
  const shown = rows.slice((page - 1) * PAGE, page * PAGE);
  const reload = () => {
    list.reload();
    onChanged();
  };

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    setReasonError(undefined);
    try {
      await call('targets.delete', { id: deleting.id, reason });
      notifyOk(t('indicators.targets.deleted'));
      setDeleting(null);
      reload();
    } catch (e) {
      if (e instanceof ApiError) setReasonError(e.fieldErrors().reason);
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Text size="sm" c="dimmed">{report ? t('indicators.asOf') + '：' + report.asOf : ''}</Text>
          <Select
            size="xs"
            w={220}
            label={t('indicators.targets.areaFilter')}
            placeholder={t('indicators.targets.allAreas')}
            data={areaOptions}
            value={areaFilter}
            onChange={(v) => { setAreaFilter(v); setPage(1); }}
            searchable
            clearable
          />
        </Group>
        <Button onClick={() => { setEditing(null); setFormOpen(true); }}>{t('indicators.targets.add')}</Button>
      </Group>
      {list.error && <Alert color="red">{list.error.message}</Alert>}
      {list.data && rows.length === 0 && <Text c="dimmed">{t('indicators.targets.none')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={1100}>
          <Table striped withTableBorder verticalSpacing="xs" data-testid="targets-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('indicators.targets.area')}</Table.Th>
                <Table.Th>{t('indicators.targets.metric')}</Table.Th>
                <Table.Th>{t('indicators.targets.target')}</Table.Th>
                <Table.Th>{t('indicators.targets.baseline')}</Table.Th>
                <Table.Th>{t('indicators.targets.actual')}</Table.Th>
                <Table.Th>{t('indicators.targets.attribute')}</Table.Th>
                <Table.Th>{t('indicators.targets.source')}</Table.Th>
                <Table.Th>{t('indicators.targets.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((target) => {
                const info = metricInfo(target.metricId);
                return (
                  <Table.Tr key={target.id} data-testid={`target-${target.id}`}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{areaLabel(target.areaCode, names, t)}</Table.Td>
                    <Table.Td>
                      {info.name}
                      {target.seeded && (
                        <Badge ml={4} size="xs" variant="outline">{t('indicators.targets.seeded')}</Badge>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {target.year} {t(`indicators.targets.comparators.${target.comparator}`)} {formatNumber(target.value, info.decimals)} {info.unit}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {target.baseline ? `${formatNumber(target.baseline.value, info.decimals)}（${target.baseline.year}）` : '—'}
                    </Table.Td>
                    <Table.Td>
                      <Attainment target={target} report={report} />
                    </Table.Td>
                    <Table.Td>{TARGET_ATTRIBUTES[target.attribute]}</Table.Td>
                    <Table.Td maw={360}>
                      <Tooltip label={target.source} multiline maw={420} withArrow>
                        <Text size="xs" lineClamp={2}>{target.source}</Text>
                      </Tooltip>
                      {target.note && <Text size="xs" c="dimmed" lineClamp={2}>{target.note}</Text>}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Button size="compact-xs" variant="light" onClick={() => { setEditing(target); setFormOpen(true); }}>
                        {t('indicators.targets.edit')}
                      </Button>{' '}
                      <Button size="compact-xs" variant="light" color="red" onClick={() => { setDeleting(target); setReason(''); setReasonError(undefined); }}>
                        {t('indicators.targets.delete')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {rows.length > PAGE && <Pagination total={Math.ceil(rows.length / PAGE)} value={page} onChange={setPage} />}

      <TargetForm opened={formOpen} target={editing} areas={areaOptions} onClose={() => setFormOpen(false)} onSaved={reload} />
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={t('indicators.targets.deleteTitle')}>
        {deleting && (
          <Stack>
            <Text size="sm">
              {t('indicators.targets.deleteConfirm', {
                area: areaLabel(deleting.areaCode, names, t),
                year: deleting.year,
                metric: metricInfo(deleting.metricId).name,
              })}
            </Text>
            <Textarea label={t('indicators.targets.deleteReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required error={reasonError} autosize minRows={2} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>{t('common.cancel')}</Button>
              <Button color="red" onClick={remove} loading={busy}>{t('indicators.targets.delete')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
