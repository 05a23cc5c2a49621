import { useEffect, useState } from 'react';
import { Button, Group, Modal, MultiSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { ElderContact, ElderDetail } from '../../../../shared/contract';
import { ELDER_CATEGORIES, type ElderCategory } from '../../../../shared/domain/waitingPriority';
import { ageOn, validateIdNumber } from '../../../../shared/domain/idNumber';
import { call } from '../../api/client';
import { optionsOf } from '../../components/labels';
import { notifyOk } from '../../components/notify';
import { beijingToday } from './common';
import { submitWith } from '../../components/useAction';
import { AreaSelect } from '../../components/AreaSelect';
import { useQuery } from '../../api/hooks';

interface Values {
  name: string;
  idNumber: string;
  hukouAreaCode: string;
  phone: string;
  address: string;
  notes: string;
  categories: string[];
  contacts: ElderContact[];
}

function initial(e?: ElderDetail): Values {
  return {
    name: e?.name ?? '',
    idNumber: '',
    hukouAreaCode: e?.hukouAreaCode ?? '',
    phone: e?.phone ?? '',
    address: e?.address ?? '',
    notes: e?.notes ?? '',
    categories: e?.categories ?? [],
    contacts: e?.contacts ?? [],
  };
}

/** Register (no elder given) or edit an elder. The ID number is checked live with the shared GB 11643 rules. */
export function ElderForm({ opened, onClose, elder, onSaved }: { opened: boolean; onClose: () => void; elder?: ElderDetail; onSaved: (e: ElderDetail) => void }) {
  const { t } = useTranslation();
  const form = useForm<Values>({ initialValues: initial(elder) });
  // 户籍区划: any registered area, searchable by name or code; a code recorded before (outside the list) stays choosable.
  const areas = useQuery('areas.list', {});
  const hukouOptions = (() => {
    const options = (areas.data ?? []).map((a) => ({ value: a.code, label: `${a.name}（${a.code}）` }));
    const current = form.values.hukouAreaCode;
    return current && !options.some((o) => o.value === current) ? [{ value: current, label: current }, ...options] : options;
  })();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (opened) form.setValues(initial(elder));
  }, [opened, elder?.id]);

  const today = beijingToday();
  const id = form.values.idNumber.trim() ? validateIdNumber(form.values.idNumber, today) : null;
  // 老年人 are 60 and over (老年人权益保障法 第二条). A younger person is not refused (a home may take one,
  // e.g. with a disability), but the form says so, as a wrong birth year in the number would read the same.
  const age = id?.ok ? ageOn(id.birthDate, today) : null;

  const submit = form.onSubmit(async (v) => {
    const common = {
      name: v.name,
      hukouAreaCode: v.hukouAreaCode || null,
      phone: v.phone || null,
      address: v.address || null,
      notes: v.notes || null,
      categories: v.categories as ElderCategory[],
      contacts: v.contacts.map((c) => ({ name: c.name, relation: c.relation || null, phone: c.phone })),
    };
    const saved = await submitWith(form.setErrors, setBusy, () =>
      elder ? call('elders.update', { id: elder.id, ...common }) : call('elders.create', { idNumber: v.idNumber, ...common }),
    );
    if (!saved) return;
    notifyOk(elder ? t('elders.updated') : t('elders.created', { name: saved.name }));
    onSaved(saved);
    onClose();
  });

  return (
    <Modal opened={opened} onClose={onClose} title={elder ? t('elders.editTitle') : t('elders.register')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput label={t('elders.name')} required {...form.getInputProps('name')} />
            {!elder && (
              <TextInput
                label={t('elders.idNumber')}
                description={
                  id?.ok ? (
                    <>
                      {`${id.birthDate} · ${id.sex === 'M' ? t('elders.sexM') : t('elders.sexF')} · ${t('elders.ageYears', { age })}`}
                      {age !== null && age < 60 && (
                        <Text component="span" size="xs" c="orange.8" data-testid="elder-under-60">
                          {' '}
                          {t('elders.under60')}
                        </Text>
                      )}
                    </>
                  ) : (
                    t('elders.idNumberHint')
                  )
                }
                required
                {...form.getInputProps('idNumber')}
                error={form.errors.idNumber ?? (id && !id.ok && form.values.idNumber.replace(/\s/g, '').length >= 15 ? id.message : undefined)}
              />
            )}
            <AreaSelect
              label={t('elders.hukouArea')}
              clearable
              data={hukouOptions}
              {...form.getInputProps('hukouAreaCode')}
              onChange={(v) => form.setFieldValue('hukouAreaCode', v ?? '')}
              data-testid="elder-hukou-area"
            />
            <TextInput label={t('elders.phone')} {...form.getInputProps('phone')} />
          </SimpleGrid>
          <TextInput label={t('elders.address')} {...form.getInputProps('address')} />
          <MultiSelect label={t('elders.categories')} data={optionsOf(ELDER_CATEGORIES)} clearable {...form.getInputProps('categories')} />
          <Text fw={600} size="sm">{t('elders.contacts')}</Text>
          {form.values.contacts.map((_, i) => (
            <Group key={i} align="flex-end">
              <TextInput label={t('elders.contactName')} {...form.getInputProps(`contacts.${i}.name`)} />
              <TextInput label={t('elders.contactRelation')} w={100} {...form.getInputProps(`contacts.${i}.relation`)} />
              <TextInput label={t('elders.contactPhone')} {...form.getInputProps(`contacts.${i}.phone`)} />
              <Button variant="subtle" color="red" onClick={() => form.removeListItem('contacts', i)}>{t('elders.remove')}</Button>
            </Group>
          ))}
          <Group>
            <Button variant="light" size="xs" onClick={() => form.insertListItem('contacts', { name: '', relation: '', phone: '' })}>{t('elders.addContact')}</Button>
          </Group>
          <TextInput label={t('elders.notes')} {...form.getInputProps('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
