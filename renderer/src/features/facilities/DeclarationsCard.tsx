import { useState } from 'react';
import { Button, Card, Group, NumberInput, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { notifyError, notifyOk } from '../../components/notify';
import { DateField } from '../../components/DateField';

type Figures = { declaredOn: string; totalBeds: number | ''; nursingBeds: number | ''; reserveBeds: number | ''; shortTermBeds: number | ''; residents: number | '' };
const EMPTY: Figures = { declaredOn: '', totalBeds: '', nursingBeds: '', reserveBeds: '', shortTermBeds: '', residents: '' };
const orNull = (v: number | '') => (v === '' ? null : v);

/** A facility's declared bed figures (申报床位): counted on the dates it has no itemised beds. */
export function DeclarationsCard({ facilityId, onChanged }: { facilityId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const list = useQuery('declarations.list', { facilityId });
  const [form, setForm] = useState<Figures>(EMPTY);
  const set = (k: keyof Figures) => (v: string | number) => setForm((f) => ({ ...f, [k]: typeof v === 'number' ? v : v === '' ? '' : Number(v) }));
  const save = async () => {
    if (form.totalBeds === '') return;
    try {
      await call('declarations.save', {
        facilityId,
        declaredOn: form.declaredOn,
        totalBeds: form.totalBeds,
        nursingBeds: orNull(form.nursingBeds),
        reserveBeds: orNull(form.reserveBeds),
        shortTermBeds: orNull(form.shortTermBeds),
        residents: orNull(form.residents),
      });
      notifyOk(t('common.saved'));
      setForm(EMPTY);
      list.reload();
      onChanged();
    } catch (e) {
      notifyError(e);
    }
  };
  const remove = async (id: string) => {
    try {
      await call('declarations.remove', { id });
      list.reload();
      onChanged();
    } catch (e) {
      notifyError(e);
    }
  };
  const shown = (v: number | null) => (v === null ? '—' : v);
  return (
    <Card withBorder data-testid="declarations-card">
      <Title order={4} mb="xs">{t('declarations.title')}</Title>
      <Text size="xs" c="dimmed" mb="sm">{t('declarations.hint')}</Text>
      {list.data && list.data.length === 0 && <Text size="sm" c="dimmed">{t('declarations.none')}</Text>}
      {list.data && list.data.length > 0 && (
        <Table withTableBorder mb="sm">
          <Table.Thead>
            <Table.Tr>
              {(['declaredOn', 'totalBeds', 'nursingBeds', 'reserveBeds', 'shortTermBeds', 'residents', 'source'] as const).map((k) => <Table.Th key={k}>{t(`declarations.${k}`)}</Table.Th>)}
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.declaredOn}</Table.Td>
                <Table.Td>{d.totalBeds}</Table.Td>
                <Table.Td>{shown(d.nursingBeds)}</Table.Td>
                <Table.Td>{shown(d.reserveBeds)}</Table.Td>
                <Table.Td>{shown(d.shortTermBeds)}</Table.Td>
                <Table.Td>{shown(d.residents)}</Table.Td>
                <Table.Td>{t(`declarations.sources.${d.source}`)}</Table.Td>
                <Table.Td><Button size="xs" variant="subtle" color="red" onClick={() => remove(d.id)}>{t('declarations.remove')}</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group align="flex-end">
        <DateField label={t('declarations.declaredOn')} value={form.declaredOn} onChange={(e) => {
          const declaredOn = e.currentTarget.value;
          setForm((f) => ({ ...f, declaredOn }));
        }} />
        <NumberInput label={t('declarations.totalBeds')} min={0} w={100} value={form.totalBeds} onChange={set('totalBeds')} />
        <NumberInput label={t('declarations.nursingBeds')} min={0} w={100} value={form.nursingBeds} onChange={set('nursingBeds')} />
        <NumberInput label={t('declarations.reserveBeds')} min={0} w={100} value={form.reserveBeds} onChange={set('reserveBeds')} />
        <NumberInput label={t('declarations.shortTermBeds')} min={0} w={100} value={form.shortTermBeds} onChange={set('shortTermBeds')} />
        <NumberInput label={t('declarations.residents')} min={0} w={100} value={form.residents} onChange={set('residents')} />
        <Button onClick={save} disabled={!form.declaredOn || form.totalBeds === ''}>{t('declarations.add')}</Button>
      </Group>
    </Card>
  );
}
