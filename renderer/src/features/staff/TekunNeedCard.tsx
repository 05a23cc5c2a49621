import { useState } from 'react';
import { Badge, Button, Card, Group, SegmentedControl, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { notifyError, notifyOk } from '../../components/notify';
import { DateField } from '../../components/DateField';

/** A 特困 elder's dated decisions on centralised support (集中供养需求), newest first, and the form for the next. */
export function TekunNeedCard({ elderId, onChanged }: { elderId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const needs = useQuery('tekun.needs', { elderId });
  const [form, setForm] = useState({ needs: 'yes', effectiveOn: '', source: '' });
  const save = async () => {
    try {
      await call('tekun.setNeed', { elderId, needs: form.needs === 'yes', effectiveOn: form.effectiveOn, source: form.source });
      notifyOk(t('staff.tekun.recorded'));
      setForm({ needs: 'yes', effectiveOn: '', source: '' });
      needs.reload();
      onChanged();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Card withBorder data-testid="tekun-card">
      <Title order={4} mb="xs">{t('staff.tekun.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('staff.tekun.hint')}</Text>
      {needs.data && needs.data.length === 0 && <Text c="dimmed">{t('staff.tekun.empty')}</Text>}
      {needs.data && needs.data.length > 0 && (
        <Table withTableBorder mb="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('staff.tekun.effectiveOn')}</Table.Th>
              <Table.Th />
              <Table.Th>{t('staff.tekun.source')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {needs.data.map((n) => (
              <Table.Tr key={n.id}>
                <Table.Td>{n.effectiveOn}</Table.Td>
                <Table.Td><Badge color={n.needs ? 'orange' : 'gray'}>{n.needs ? t('staff.tekun.needs') : t('staff.tekun.noNeed')}</Badge></Table.Td>
                <Table.Td>{n.source}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group align="flex-end">
        <SegmentedControl
          value={form.needs}
          onChange={(v) => setForm((f) => ({ ...f, needs: v }))}
          data={[
            { value: 'yes', label: t('staff.tekun.needs') },
            { value: 'no', label: t('staff.tekun.noNeed') },
          ]}
        />
        <DateField label={t('staff.tekun.effectiveOn')} value={form.effectiveOn} onChange={(e) => {
            const effectiveOn = e.currentTarget.value;
            setForm((f) => ({ ...f, effectiveOn }));
          }} />
        <TextInput label={t('staff.tekun.source')} value={form.source} onChange={(e) => {
            const source = e.currentTarget.value;
            setForm((f) => ({ ...f, source }));
          }} w={260} />
        <Button onClick={save} disabled={!form.effectiveOn || !form.source.trim()} data-testid="tekun-save">{t('staff.tekun.record')}</Button>
      </Group>
    </Card>
  );
}

/** Every 特困 person with the need on a date, the unplaced first (the plan's 100 % binding target). */
export function TekunListCard({ asOf, unplacedFirst = false }: { asOf?: string; unplacedFirst?: boolean }) {
  const { t } = useTranslation();
  const [unplacedOnly, setUnplacedOnly] = useState(unplacedFirst);
  const list = useQuery('tekun.list', asOf ? { asOf, unplacedOnly } : { unplacedOnly });
  const d = list.data;
  return (
    <Card withBorder data-testid="tekun-list">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('staff.tekun.listTitle', { date: d?.asOf ?? asOf ?? '' })}</Title>
        <SegmentedControl
          size="xs"
          value={unplacedOnly ? 'unplaced' : 'all'}
          onChange={(v) => setUnplacedOnly(v === 'unplaced')}
          data={[
            { value: 'all', label: t('common.all') },
            { value: 'unplaced', label: t('staff.tekun.onlyUnplaced') },
          ]}
        />
      </Group>
      {d && <Text size="sm" mb="sm" data-testid="tekun-summary">{t('staff.tekun.listSummary', { needing: d.needing, placed: d.placed, unplaced: d.needing - d.placed })}</Text>}
      {d && d.rows.length > 0 && (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('staff.name')}</Table.Th>
              <Table.Th>{t('staff.idNumber')}</Table.Th>
              <Table.Th>{t('staff.tekun.area')}</Table.Th>
              <Table.Th>{t('staff.tekun.since')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.rows.map((r) => (
              <Table.Tr key={r.elderId}>
                <Table.Td><Link to={`/elders/${r.elderId}`}>{r.name}</Link></Table.Td>
                <Table.Td>{r.idNumberMasked}</Table.Td>
                <Table.Td>{r.hukouAreaName ?? r.hukouAreaCode ?? '—'}</Table.Td>
                <Table.Td>{r.needSince}</Table.Td>
                <Table.Td>
                  {r.placedFacilityName ? t('staff.tekun.placedAt', { name: r.placedFacilityName }) : <Badge color="red">{t('staff.tekun.unplaced')}</Badge>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
