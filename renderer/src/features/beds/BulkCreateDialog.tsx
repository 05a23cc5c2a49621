import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BED_CATEGORIES, BED_ZONES, type BedCategory, type BedNumbering, type BedZone } from '../../../../shared/domain/beds';
import { call } from '../../api/client';
import { useAction } from '../../components/useAction';
import { optionsOf } from '../../components/labels';
import { num, sexRestrictionOptions } from './fields';

interface Values {
  buildingName: string;
  floor: number | string;
  roomFrom: number | string;
  roomTo: number | string;
  bedsPerRoom: number | string;
  bedNumbering: BedNumbering;
  sexRestriction: string | null;
  category: BedCategory;
  nursing: boolean;
  zone: BedZone;
  reserve: boolean;
  openedOn: string;
}

const INITIAL: Values = {
  buildingName: '',
  floor: '',
  roomFrom: '',
  roomTo: '',
  bedsPerRoom: 2,
  bedNumbering: '1,2',
  sexRestriction: null,
  category: 'long_term',
  nursing: true,
  zone: 'general',
  reserve: false,
  openedOn: '',
};

/** "Rooms 301–320, two beds each" in one action; the core creates it all in one transaction or nothing. */
export function BulkCreateDialog({ facilityId, buildings, opened, onClose, onDone }: { facilityId: string; buildings: string[]; opened: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState<Values>(INITIAL);
  const { errors, setErrors, busy, run } = useAction(() => {
    onDone();
    onClose();
  });
  useEffect(() => {
    if (opened) {
      setV({ ...INITIAL, buildingName: buildings[0] ?? '' });
      setErrors({});
    }
  }, [opened]);
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((s) => ({ ...s, [k]: value }));
  const rooms = num(v.roomTo) - num(v.roomFrom) + 1;
  const beds = rooms * num(v.bedsPerRoom);

  const save = () =>
    run(
      () =>
        call('beds.bulkCreate', {
          facilityId,
          buildingName: v.buildingName,
          floor: num(v.floor),
          roomFrom: num(v.roomFrom),
          roomTo: num(v.roomTo),
          bedsPerRoom: num(v.bedsPerRoom),
          bedNumbering: v.bedNumbering,
          sexRestriction: (v.sexRestriction || null) as 'M' | 'F' | null,
          category: v.category,
          nursing: v.nursing,
          zone: v.zone,
          reserve: v.reserve,
          openedOn: v.openedOn,
        }),
      (r) => t('beds.bulk.done', { beds: r.bedsCreated, rooms: r.roomsCreated }),
    );

  return (
    <Modal opened={opened} onClose={onClose} title={t('beds.bulk.title')} size="lg">
      <SimpleGrid cols={2}>
        <TextInput label={t('beds.bulk.building')} value={v.buildingName} onChange={(e) => set('buildingName', e.currentTarget.value)} error={errors.buildingName} required />
        <NumberInput label={t('beds.bulk.floor')} value={v.floor} onChange={(x) => set('floor', x)} error={errors.floor} allowDecimal={false} required />
        <NumberInput label={t('beds.bulk.roomFrom')} value={v.roomFrom} onChange={(x) => set('roomFrom', x)} error={errors.roomFrom} allowDecimal={false} min={1} required />
        <NumberInput label={t('beds.bulk.roomTo')} value={v.roomTo} onChange={(x) => set('roomTo', x)} error={errors.roomTo} allowDecimal={false} min={1} required />
        <NumberInput label={t('beds.bulk.bedsPerRoom')} value={v.bedsPerRoom} onChange={(x) => set('bedsPerRoom', x)} error={errors.bedsPerRoom} allowDecimal={false} min={1} max={26} required />
        <Select
          label={t('beds.bulk.numbering')}
          data={[{ value: '1,2', label: t('beds.bulk.numberingDigits') }, { value: 'A,B', label: t('beds.bulk.numberingLetters') }]}
          value={v.bedNumbering}
          onChange={(x) => x && set('bedNumbering', x as BedNumbering)}
          allowDeselect={false}
        />
        <Select label={t('beds.attrs.category')} data={optionsOf(BED_CATEGORIES)} value={v.category} onChange={(x) => x && set('category', x as BedCategory)} allowDeselect={false} error={errors.category} />
        <Select label={t('beds.attrs.zone')} data={optionsOf(BED_ZONES)} value={v.zone} onChange={(x) => x && set('zone', x as BedZone)} allowDeselect={false} />
        <Select
          label={t('beds.bulk.sex')}
          data={sexRestrictionOptions(t)}
          value={v.sexRestriction ?? ''}
          onChange={(x) => set('sexRestriction', x || null)}
          allowDeselect={false}
        />
        <TextInput type="date" label={t('beds.bulk.openedOn')} value={v.openedOn} onChange={(e) => set('openedOn', e.currentTarget.value)} error={errors.openedOn} required />
        <Checkbox label={t('beds.attrs.nursing')} checked={v.nursing} onChange={(e) => set('nursing', e.currentTarget.checked)} />
        <Checkbox label={t('beds.attrs.reserve')} checked={v.reserve} onChange={(e) => set('reserve', e.currentTarget.checked)} />
      </SimpleGrid>
      {Number.isFinite(beds) && rooms > 0 && beds > 0 && (
        <Alert mt="md" color="blue" data-testid="bulk-preview">{t('beds.bulk.preview', { rooms, beds })}</Alert>
      )}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
        <Button onClick={save} loading={busy}>{t('common.save')}</Button>
      </Group>
    </Modal>
  );
}
