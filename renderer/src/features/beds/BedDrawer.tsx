import { useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Checkbox, Drawer, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { BedDetail } from '../../../../shared/contract';
import { BED_CATEGORIES, BED_STATES, BED_ZONES, type BedCategory, type BedZone } from '../../../../shared/domain/beds';
import { call } from '../../api/client';
import { useAction } from '../../components/useAction';
import { useQuery } from '../../api/hooks';
import { optionsOf } from '../../components/labels';
import { AuditTable } from '../../components/AuditTable';
import { STATE_COLORS } from './BedBoardView';
import { DateField } from '../../components/DateField';

function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text>{value === null || value === undefined || value === '' ? '—' : value}</Text>
    </div>
  );
}

function AttributeForm({ bed, onDone }: { bed: BedDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ effectiveOn: '', category: bed.category, nursing: bed.nursing, zone: bed.zone, reserve: bed.reserve, reason: '' });
  useEffect(() => setV({ effectiveOn: '', category: bed.category, nursing: bed.nursing, zone: bed.zone, reserve: bed.reserve, reason: '' }), [bed]);
  const { errors, busy, run } = useAction(onDone);
  return (
    <Card withBorder>
      <Title order={5} mb="xs">{t('beds.detail.changeAttrs')}</Title>
      <SimpleGrid cols={2}>
        <DateField label={t('beds.detail.effectiveOn')} value={v.effectiveOn} onChange={(e) => setV({ ...v, effectiveOn: e.currentTarget.value })} error={errors.effectiveOn} />
        <Select label={t('beds.attrs.category')} data={optionsOf(BED_CATEGORIES)} value={v.category} onChange={(x) => x && setV({ ...v, category: x as BedCategory })} allowDeselect={false} error={errors.category} />
        <Select label={t('beds.attrs.zone')} data={optionsOf(BED_ZONES)} value={v.zone} onChange={(x) => x && setV({ ...v, zone: x as BedZone })} allowDeselect={false} />
        <TextInput label={t('beds.detail.reason')} value={v.reason} onChange={(e) => setV({ ...v, reason: e.currentTarget.value })} />
        <Checkbox label={t('beds.attrs.nursing')} checked={v.nursing} onChange={(e) => setV({ ...v, nursing: e.currentTarget.checked })} />
        <Checkbox label={t('beds.attrs.reserve')} checked={v.reserve} onChange={(e) => setV({ ...v, reserve: e.currentTarget.checked })} />
      </SimpleGrid>
      <Group justify="flex-end" mt="xs">
        <Button size="xs" loading={busy} disabled={!v.effectiveOn} onClick={() => run(() => call('beds.setAttributes', { id: bed.id, ...v, reason: v.reason || null }))}>{t('common.save')}</Button>
      </Group>
    </Card>
  );
}

function OutageForm({ bed, onDone }: { bed: BedDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ startOn: '', endOn: '', reason: '' });
  const { errors, busy, run } = useAction(() => {
    setV({ startOn: '', endOn: '', reason: '' });
    onDone();
  });
  return (
    <Card withBorder>
      <Title order={5} mb="xs">{t('beds.detail.addOutage')}</Title>
      <Group align="flex-end">
        <DateField label={t('beds.detail.startOn')} value={v.startOn} onChange={(e) => setV({ ...v, startOn: e.currentTarget.value })} error={errors.startOn} />
        <DateField label={t('beds.detail.endOn')} value={v.endOn} onChange={(e) => setV({ ...v, endOn: e.currentTarget.value })} error={errors.endOn} />
        <TextInput label={t('beds.detail.reason')} value={v.reason} onChange={(e) => setV({ ...v, reason: e.currentTarget.value })} error={errors.reason} />
        <Button size="xs" loading={busy} disabled={!v.startOn || !v.reason} onClick={() => run(() => call('beds.addOutage', { bedId: bed.id, startOn: v.startOn, endOn: v.endOn || null, reason: v.reason }))}>{t('common.save')}</Button>
      </Group>
    </Card>
  );
}

function EndOutage({ outageId, onDone }: { outageId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [endOn, setEndOn] = useState('');
  const { errors, busy, run } = useAction(onDone);
  return (
    <Group gap="xs" wrap="nowrap">
      <DateField size="xs" aria-label={t('beds.detail.endOn')} value={endOn} onChange={(e) => setEndOn(e.currentTarget.value)} error={errors.endOn} />
      <Button size="xs" variant="light" loading={busy} disabled={!endOn} onClick={() => run(() => call('beds.endOutage', { outageId, endOn }))}>{t('beds.detail.endOutage')}</Button>
    </Group>
  );
}

function RetireForm({ bed, onDone }: { bed: BedDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ retiredOn: '', reason: '' });
  const { errors, busy, run } = useAction(onDone);
  return (
    <Card withBorder>
      <Title order={5} mb="xs">{t('beds.detail.retire')}</Title>
      <Group align="flex-end">
        <DateField label={t('beds.detail.retiredOn')} value={v.retiredOn} onChange={(e) => setV({ ...v, retiredOn: e.currentTarget.value })} error={errors.retiredOn} />
        <TextInput label={t('beds.detail.retireReason')} value={v.reason} onChange={(e) => setV({ ...v, reason: e.currentTarget.value })} error={errors.reason} />
        <Button size="xs" color="red" loading={busy} disabled={!v.retiredOn || !v.reason} onClick={() => run(() => call('beds.retire', { id: bed.id, ...v }), t('beds.detail.retired'))}>
          {t('beds.detail.retireConfirm')}
        </Button>
      </Group>
    </Card>
  );
}

/** A bed's detail: where it is, what it is, its dated history, and the changes one may make to it. */
const STAYS_SHOWN = 20;

/** Who held the bed, newest first: a transfer out or a discharge ends a stay; an open one is the resident. */
function BedStays({ bedId }: { bedId: string }) {
  const { t } = useTranslation();
  const stays = useQuery('stays.bedHistory', { bedId, offset: 0, limit: STAYS_SHOWN });
  if (stays.error) return <Alert color="red">{stays.error.message}</Alert>;
  const page = stays.data;
  if (!page) return null;
  if (page.total === 0) return <Text c="dimmed" size="sm">{t('beds.detail.noStays')}</Text>;
  return (
    <>
      <Table withTableBorder data-testid="bed-stays">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('beds.detail.elder')}</Table.Th>
            <Table.Th>{t('beds.detail.idNumber')}</Table.Th>
            <Table.Th>{t('beds.detail.stayFrom')}</Table.Th>
            <Table.Th>{t('beds.detail.stayTo')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {page.rows.map((s) => (
            <Table.Tr key={s.stayId}>
              <Table.Td><Anchor component={Link} to={`/elders/${s.elderId}`}>{s.elderName}</Anchor></Table.Td>
              <Table.Td>{s.idNumberMasked}</Table.Td>
              <Table.Td>{s.startOn}</Table.Td>
              <Table.Td>
                {s.endOn === null ? t('beds.detail.staying') : `${s.endOn}（${s.endReason === 'transfer' ? t('beds.detail.endTransfer') : t('beds.detail.endDischarge')}）`}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {page.total > page.rows.length && <Text size="xs" c="dimmed">{t('beds.detail.staysMore', { total: page.total, shown: page.rows.length })}</Text>}
    </>
  );
}

export function BedDrawer({ bedId, asOf, onClose, onChanged }: { bedId: string | null; asOf: string | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const detail = useQuery('beds.get', { id: bedId ?? '', asOf }, bedId !== null);
  const [version, setVersion] = useState(0);
  const bed = bedId && detail.data?.id === bedId ? detail.data : undefined;
  const refresh = () => {
    detail.reload();
    setVersion((n) => n + 1);
    onChanged();
  };
  return (
    <Drawer opened={bedId !== null} onClose={onClose} position="right" size="xl" title={bed ? t('beds.detail.title', { label: bed.label }) : t('common.loading')}>
      {detail.error && <Alert color="red">{detail.error.message}</Alert>}
      {bed && (
        <Stack>
          <SimpleGrid cols={3}>
            <Field label={t('beds.detail.place')} value={`${bed.facilityName} · ${bed.buildingName} · ${bed.room.floor} 层 · ${bed.room.number}`} />
            <Field
              label={t('beds.detail.state')}
              value={bed.state ? <Badge color={STATE_COLORS[bed.state]} data-testid="bed-state">{BED_STATES[bed.state]}</Badge> : <Badge color="dark" data-testid="bed-state">{t('beds.detail.notInUse')}</Badge>}
            />
            <Field label={t('beds.attrs.category')} value={BED_CATEGORIES[bed.category]} />
            <Field label={t('beds.attrs.nursing')} value={bed.nursing ? t('common.yes') : t('common.no')} />
            <Field label={t('beds.attrs.zone')} value={BED_ZONES[bed.zone]} />
            <Field label={t('beds.attrs.reserve')} value={bed.reserve ? t('common.yes') : t('common.no')} />
            <Field label={t('beds.detail.openedOn')} value={bed.openedOn} />
            <Field label={t('beds.detail.retiredOn')} value={bed.retiredOn} />
            <Field label={t('beds.detail.retireReason')} value={bed.retireReason} />
          </SimpleGrid>
          <Title order={5}>{t('beds.detail.history')}</Title>
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('beds.detail.effectiveOn')}</Table.Th>
                <Table.Th>{t('beds.attrs.category')}</Table.Th>
                <Table.Th>{t('beds.attrs.nursing')}</Table.Th>
                <Table.Th>{t('beds.attrs.zone')}</Table.Th>
                <Table.Th>{t('beds.attrs.reserve')}</Table.Th>
                <Table.Th>{t('beds.detail.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {bed.attributeHistory.map((h) => (
                <Table.Tr key={h.id}>
                  <Table.Td>{h.effectiveOn}</Table.Td>
                  <Table.Td>{BED_CATEGORIES[h.category]}</Table.Td>
                  <Table.Td>{h.nursing ? t('common.yes') : t('common.no')}</Table.Td>
                  <Table.Td>{BED_ZONES[h.zone]}</Table.Td>
                  <Table.Td>{h.reserve ? t('common.yes') : t('common.no')}</Table.Td>
                  <Table.Td>{h.reason ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={5}>{t('beds.detail.stays')}</Title>
          <BedStays key={`${bed.id}-${version}`} bedId={bed.id} />
          <Title order={5}>{t('beds.detail.outages')}</Title>
          {bed.outages.length === 0 ? (
            <Text c="dimmed" size="sm">{t('common.noData')}</Text>
          ) : (
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('beds.detail.startOn')}</Table.Th>
                  <Table.Th>{t('beds.detail.endOn')}</Table.Th>
                  <Table.Th>{t('beds.detail.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {bed.outages.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>{o.startOn}</Table.Td>
                    <Table.Td>{o.endOn ?? (bed.retiredOn ? '' : <EndOutage outageId={o.id} onDone={refresh} />)}</Table.Td>
                    <Table.Td>{o.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {!bed.retiredOn && (
            <>
              <AttributeForm bed={bed} onDone={refresh} />
              <OutageForm bed={bed} onDone={refresh} />
              <RetireForm bed={bed} onDone={refresh} />
            </>
          )}
          <Title order={5}>{t('beds.detail.audit')}</Title>
          <AuditTable key={`${bed.id}-${version}`} entity="bed" entityId={bed.id} />
        </Stack>
      )}
    </Drawer>
  );
}
