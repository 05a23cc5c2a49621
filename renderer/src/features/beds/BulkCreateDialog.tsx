import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BED_CATEGORIES, BED_ZONES, bedNumbersFor, type BedCategory, type BedNumbering, type BedZone } from '../../../../shared/domain/beds';
import type { BoardBuilding } from '../../../../shared/contract';
import { call } from '../../api/client';
import { useAction } from '../../components/useAction';
import { optionsOf } from '../../components/labels';
import { num, sexRestrictionOptions } from './fields';
import { DateField } from '../../components/DateField';

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
  // Unticked on every opening: 护理型 and 应急预留 are chosen for each range, never carried over from the
  // last one (floors became 护理型 unnoticed, and 护理型床位占比 read 100 %).
  nursing: false,
  zone: 'general',
  reserve: false,
  openedOn: '',
};

/**
 * What the range would do to the rooms on the board: which are new, which exist and get beds added, and
 * which the core will refuse (a bed number taken, or the room registered on another floor), so the user
 * reads it before saving rather than from a refusal.
 */
export function bulkPlan(building: BoardBuilding | undefined, v: { floor: number; roomFrom: number; roomTo: number; bedsPerRoom: number; bedNumbering: BedNumbering }) {
  const numbers = bedNumbersFor(v.bedsPerRoom, v.bedNumbering);
  const rooms = new Map((building?.floors ?? []).flatMap((f) => f.rooms.map((r) => [r.number, r] as const)));
  const plan = { created: 0, existing: [] as string[], taken: [] as string[], otherFloor: [] as string[] };
  for (let n = v.roomFrom; n <= v.roomTo && n - v.roomFrom < 1000; n++) {
    const room = rooms.get(String(n));
    if (!room) {
      plan.created++;
      continue;
    }
    plan.existing.push(room.number);
    if (room.floor !== v.floor) plan.otherFloor.push(`${room.number}（${room.floor} 层）`);
    const taken = room.beds.filter((b) => numbers.includes(b.number)).map((b) => b.number);
    if (taken.length) plan.taken.push(`${room.number} 室 ${taken.join('、')} 号床`);
  }
  return plan;
}

/** "Rooms 301–320, two beds each" in one action; the core creates it all in one transaction or nothing. */
export function BulkCreateDialog({ facilityId, buildings, opened, onClose, onDone }: { facilityId: string; buildings: BoardBuilding[]; opened: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState<Values>(INITIAL);
  const { errors, setErrors, busy, run } = useAction(() => {
    onDone();
    onClose();
  });
  useEffect(() => {
    if (opened) {
      setV({ ...INITIAL, buildingName: buildings[0]?.name ?? '' });
      setErrors({});
    }
  }, [opened]);
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((s) => ({ ...s, [k]: value }));
  const rooms = num(v.roomTo) - num(v.roomFrom) + 1;
  const beds = rooms * num(v.bedsPerRoom);
  const plan =
    Number.isFinite(beds) && rooms > 0 && beds > 0
      ? bulkPlan(buildings.find((b) => b.name === v.buildingName.trim()), { floor: num(v.floor), roomFrom: num(v.roomFrom), roomTo: num(v.roomTo), bedsPerRoom: num(v.bedsPerRoom), bedNumbering: v.bedNumbering })
      : null;

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
        <DateField label={t('beds.bulk.openedOn')} value={v.openedOn} onChange={(e) => set('openedOn', e.currentTarget.value)} error={errors.openedOn} required />
        <Checkbox label={t('beds.attrs.nursing')} checked={v.nursing} onChange={(e) => set('nursing', e.currentTarget.checked)} />
        <Checkbox label={t('beds.attrs.reserve')} checked={v.reserve} onChange={(e) => set('reserve', e.currentTarget.checked)} />
      </SimpleGrid>
      {plan && (
        <Alert mt="md" color={plan.taken.length || plan.otherFloor.length ? 'orange' : 'blue'} data-testid="bulk-preview">
          {t('beds.bulk.preview', { rooms: plan.created, beds })}
          {plan.existing.length > 0 && t('beds.bulk.previewExisting', { rooms: plan.existing.join('、') })}
          {plan.taken.length > 0 && t('beds.bulk.previewTaken', { beds: plan.taken.join('；') })}
          {plan.otherFloor.length > 0 && t('beds.bulk.previewOtherFloor', { rooms: plan.otherFloor.join('、') })}
        </Alert>
      )}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
        <Button onClick={save} loading={busy}>{t('common.save')}</Button>
      </Group>
    </Modal>
  );
}
