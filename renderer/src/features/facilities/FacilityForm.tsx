import { useEffect, useState } from 'react';
import { Button, Group, Modal, NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { FacilityDetail } from '../../../../shared/contract';
import { FACILITY_KINDS, FACILITY_STATUSES, INSTITUTION_SUBTYPES, MEDICAL_SERVICES, OWNERSHIPS } from '../../../../shared/domain/facility';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { optionsOf } from '../../components/labels';
import { AreaSelect } from '../../components/AreaSelect';
import { notifyFormError, notifyOk } from '../../components/notify';
import { DateField } from '../../components/DateField';

interface Values {
  name: string;
  kind: string;
  subtype: string | null;
  ownership: string;
  status: string;
  areaCode: string;
  creditCode: string;
  filingNo: string;
  approvedBeds: number | string;
  medicalService: string;
  openedOn: string;
  address: string;
  parentId: string | null;
}

function initialValues(f?: FacilityDetail): Values {
  return {
    name: f?.name ?? '',
    kind: f?.kind ?? 'institution',
    subtype: f?.subtype ?? null,
    ownership: f?.ownership ?? 'public',
    status: f?.status ?? 'operating',
    areaCode: f?.areaCode ?? '',
    creditCode: f?.creditCode ?? '',
    filingNo: f?.filingNo ?? '',
    approvedBeds: f?.approvedBeds ?? '',
    medicalService: f?.medicalService ?? 'none',
    openedOn: f?.openedOn ?? '',
    address: f?.address ?? '',
    parentId: f?.parentId ?? null,
  };
}

/** Create or edit a facility; the core validates, and its field errors land next to the fields. */
export function FacilityForm({ opened, onClose, facility, onSaved }: { opened: boolean; onClose: () => void; facility?: FacilityDetail; onSaved: (f: FacilityDetail) => void }) {
  const { t } = useTranslation();
  const form = useForm<Values>({ initialValues: initialValues(facility) });
  const [saving, setSaving] = useState(false);
  // Loaded when the form opens: the facility list keeps the form mounted but closed, and nationally these
  // two lists (every district and street, 500 institutions) were most of that first screen's work.
  const areas = useQuery('areas.list', {}, opened);
  const parents = useQuery('facilities.list', { kind: 'institution', limit: 500 }, opened);

  useEffect(() => {
    if (opened) form.setValues(initialValues(facility));
  }, [opened, facility?.id]);

  const areaOptions = (areas.data ?? [])
    .filter((a) => a.level === 'district' || a.level === 'street')
    .map((a) => ({ value: a.code, label: `${a.code} ${a.name}` }));
  const parentOptions = (parents.data?.rows ?? []).filter((p) => p.id !== facility?.id).map((p) => ({ value: p.id, label: p.name }));

  const submit = form.onSubmit(async (v) => {
    setSaving(true);
    const common = {
      name: v.name,
      kind: v.kind as FacilityDetail['kind'],
      subtype: v.kind === 'institution' ? ((v.subtype || null) as FacilityDetail['subtype']) : null,
      ownership: v.ownership as FacilityDetail['ownership'],
      areaCode: v.areaCode,
      creditCode: v.creditCode || null,
      filingNo: v.filingNo || null,
      approvedBeds: v.approvedBeds === '' ? null : Number(v.approvedBeds),
      medicalService: v.medicalService as FacilityDetail['medicalService'],
      openedOn: v.openedOn || null,
      address: v.address || null,
      parentId: v.parentId || null,
    };
    try {
      const saved = facility
        ? await call('facilities.update', { id: facility.id, ...common })
        : await call('facilities.create', { ...common, status: v.status as FacilityDetail['status'] });
      notifyOk(facility ? t('facilities.updated') : t('facilities.created', { name: saved.name }));
      onSaved(saved);
      onClose();
    } catch (e) {
      notifyFormError(e, form.setErrors);
    } finally {
      setSaving(false);
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title={facility ? t('facilities.editTitle') : t('facilities.createTitle')} size="lg">
      <form onSubmit={submit} noValidate>
        <SimpleGrid cols={2}>
          <TextInput label={t('facilities.name')} required {...form.getInputProps('name')} />
          <Select label={t('facilities.kind')} data={optionsOf(FACILITY_KINDS)} required allowDeselect={false} {...form.getInputProps('kind')} />
          {form.values.kind === 'institution' && (
            <Select label={t('facilities.subtype')} data={optionsOf(INSTITUTION_SUBTYPES)} clearable {...form.getInputProps('subtype')} />
          )}
          <Select label={t('facilities.ownership')} data={optionsOf(OWNERSHIPS)} required allowDeselect={false} {...form.getInputProps('ownership')} />
          {!facility && (
            <Select label={t('facilities.initialStatus')} data={optionsOf(FACILITY_STATUSES)} required allowDeselect={false} {...form.getInputProps('status')} />
          )}
          <AreaSelect label={t('facilities.areaName')} data={areaOptions} required {...form.getInputProps('areaCode')} />
          <TextInput label={t('facilities.creditCode')} maxLength={18} {...form.getInputProps('creditCode')} />
          <TextInput label={t('facilities.filingNo')} {...form.getInputProps('filingNo')} />
          <NumberInput label={t('facilities.approvedBeds')} min={0} allowDecimal={false} {...form.getInputProps('approvedBeds')} />
          <Select label={t('facilities.medicalService')} data={optionsOf(MEDICAL_SERVICES)} allowDeselect={false} {...form.getInputProps('medicalService')} />
          <DateField label={t('facilities.openedOn')} {...form.getInputProps('openedOn')} />
          <Select label={t('facilities.parent')} data={parentOptions} searchable clearable {...form.getInputProps('parentId')} />
        </SimpleGrid>
        <TextInput mt="sm" label={t('facilities.address')} {...form.getInputProps('address')} />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={saving}>{t('common.save')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
