import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { FACILITY_KINDS, FACILITY_STATUSES, INSTITUTION_SUBTYPES, MEDICAL_SERVICES, OWNERSHIPS, type FacilityStatus } from '../../../../shared/domain/facility';
import { shownDay } from '../../../../shared/domain/calendar';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { optionsOf } from '../../components/labels';
import { notifyError, notifyOk } from '../../components/notify';
import { AuditTable } from '../../components/AuditTable';
import { FacilityForm } from './FacilityForm';
import { STATUS_COLORS } from './FacilitiesPage';
import { FacilityRatingCard } from '../ratings/FacilityRatingCard';
import { ExchangeExportButton } from '../exchange/ExchangeExportButton';
import { FacilityStaffCard } from '../staff/FacilityStaffCard';
import { SubsidyCard } from '../staff/SubsidyCard';
import { DeclarationsCard } from './DeclarationsCard';
import { DateField } from '../../components/DateField';

function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text>{value === null || value === undefined || value === '' ? '—' : value}</Text>
    </div>
  );
}

export function FacilityDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const detail = useQuery('facilities.get', { id });
  const [editing, setEditing] = useState(false);
  const [statusForm, setStatusForm] = useState<{ status: FacilityStatus | null; effectiveOn: string; reason: string }>({ status: null, effectiveOn: '', reason: '' });
  const [version, setVersion] = useState(0);
  const f = detail.data;
  if (detail.error) return <Alert color="red">{detail.error.message}</Alert>;
  if (!f) return <Text>{t('common.loading')}</Text>;

  const refresh = () => {
    detail.reload();
    setVersion((v) => v + 1);
  };

  const changeStatus = async () => {
    if (!statusForm.status) return;
    try {
      await call('facilities.setStatus', { id: f.id, status: statusForm.status, effectiveOn: statusForm.effectiveOn, reason: statusForm.reason || null });
      notifyOk(t('facilities.statusChanged'));
      setStatusForm({ status: null, effectiveOn: '', reason: '' });
      refresh();
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Anchor component={Link} to="/facilities">{t('common.back')}</Anchor>
          <Title order={2} data-testid="facility-title">{f.name}</Title>
          <Badge color={STATUS_COLORS[f.status]}>{FACILITY_STATUSES[f.status]}</Badge>
        </Group>
        <Group>
          <ExchangeExportButton facilityIds={[f.id]} />
          <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>
        </Group>
      </Group>
      <Card withBorder>
        <SimpleGrid cols={3}>
          <Field label={t('facilities.kind')} value={`${FACILITY_KINDS[f.kind]}${f.subtype ? `（${INSTITUTION_SUBTYPES[f.subtype]}）` : ''}`} />
          <Field label={t('facilities.ownership')} value={OWNERSHIPS[f.ownership]} />
          <Field label={t('facilities.areaName')} value={`${f.districtName}${f.areaCode !== f.districtCode ? ` · ${f.areaName}` : ''}（${f.areaCode}）`} />
          <Field label={t('facilities.creditCode')} value={f.creditCode} />
          <Field label={t('facilities.filingNo')} value={f.filingNo} />
          <Field label={t('facilities.approvedBeds')} value={f.approvedBeds ?? t('common.unknown')} />
          <Field label={t('facilities.medicalService')} value={MEDICAL_SERVICES[f.medicalService]} />
          <Field label={t('facilities.openedOn')} value={f.openedOn} />
          <Field label={t('facilities.parent')} value={f.parentId ? <Link to={`/facilities/${f.parentId}`}>{f.parentName}</Link> : t('facilities.none')} />
          <Field label={t('facilities.address')} value={f.address} />
          <Field label={t('facilities.children')} value={f.children.length ? f.children.map((c) => c.name).join('、') : t('facilities.none')} />
        </SimpleGrid>
      </Card>
      <Card withBorder>
        <Title order={4} mb="sm">{t('facilities.statusHistory')}</Title>
        <Table withTableBorder mb="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('facilities.effectiveOn')}</Table.Th>
              <Table.Th>{t('facilities.status')}</Table.Th>
              <Table.Th>{t('common.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {f.statusHistory.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td>{shownDay(h.effectiveOn)}</Table.Td>
                <Table.Td>{FACILITY_STATUSES[h.status]}</Table.Td>
                <Table.Td>{h.reason ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group align="flex-end">
          <Select label={t('facilities.changeStatus')} data={optionsOf(FACILITY_STATUSES)} value={statusForm.status} onChange={(v) => setStatusForm((s) => ({ ...s, status: v as FacilityStatus }))} />
          <DateField label={t('facilities.effectiveOn')} value={statusForm.effectiveOn} onChange={(e) => {
            // Read now: React empties currentTarget before a deferred updater runs.
            const effectiveOn = e.currentTarget.value;
            setStatusForm((s) => ({ ...s, effectiveOn }));
          }} />
          <TextInput label={t('common.reason')} value={statusForm.reason} onChange={(e) => {
            const reason = e.currentTarget.value;
            setStatusForm((s) => ({ ...s, reason }));
          }} />
          <Button onClick={changeStatus} disabled={!statusForm.status || !statusForm.effectiveOn}>{t('common.save')}</Button>
        </Group>
      </Card>
      <FacilityRatingCard facility={f} onChanged={refresh} />
      <FacilityStaffCard facilityId={f.id} />
      <SubsidyCard facilityId={f.id} />
      <DeclarationsCard facilityId={f.id} onChanged={refresh} />
      <Card withBorder>
        <Title order={4} mb="sm">{t('facilities.audit')}</Title>
        <AuditTable key={version} entity="facility" entityId={f.id} />
      </Card>
      <FacilityForm opened={editing} onClose={() => setEditing(false)} facility={f} onSaved={refresh} />
    </Stack>
  );
}
