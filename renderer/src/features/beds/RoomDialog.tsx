import { useEffect, useState } from 'react';
import { Button, Checkbox, Divider, Group, Modal, NumberInput, Select, SimpleGrid, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BoardRoom } from '../../../../shared/contract';
import { BED_CATEGORIES, BED_ZONES, type BedCategory, type BedZone } from '../../../../shared/domain/beds';
import { call } from '../../api/client';
import { optionsOf } from '../../components/labels';
import { useAction } from '../../components/useAction';
import { num, sexRestrictionOptions } from './fields';
import { DateField } from '../../components/DateField';

interface RoomValues {
  floor: number | string;
  number: string;
  capacity: number | string;
  sexRestriction: string;
}

interface BedValues {
  number: string;
  openedOn: string;
  category: BedCategory;
  nursing: boolean;
  zone: BedZone;
  reserve: boolean;
}

/** The next free bed number after the room's beds: 3 after 1 and 2, C after A and B; empty when unclear. */
function nextBedNumber(numbers: string[]): string {
  if (numbers.length === 0) return '1';
  if (numbers.every((n) => /^\d+$/.test(n))) return String(Math.max(...numbers.map(Number)) + 1);
  if (numbers.every((n) => /^[A-Y]$/.test(n))) return String.fromCharCode(Math.max(...numbers.map((n) => n.charCodeAt(0))) + 1);
  return '';
}

/**
 * One room of the bed board: its number, floor, rated capacity and sex restriction, and a bed added to it.
 * Each save is one transaction in the core; a refusal (a number taken, fewer places than beds, a resident
 * of the other sex) comes back on the field it concerns and nothing is written.
 */
export function RoomDialog({ room, opened, onClose, onDone }: { room: BoardRoom | null; opened: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [r, setR] = useState<RoomValues>({ floor: '', number: '', capacity: '', sexRestriction: '' });
  const [b, setB] = useState<BedValues>({ number: '', openedOn: '', category: 'long_term', nursing: true, zone: 'general', reserve: false });
  // Either save closes the dialog; the board reloads with what was written.
  const done = () => {
    onDone();
    onClose();
  };
  const roomSave = useAction(done);
  const bedSave = useAction(done);
  useEffect(() => {
    if (!opened || !room) return;
    setR({ floor: room.floor, number: room.number, capacity: room.capacity ?? '', sexRestriction: room.sexRestriction ?? '' });
    // A new bed starts like the room's last one, which is what a home adds most often.
    const last = room.beds[room.beds.length - 1];
    setB({ number: nextBedNumber(room.beds.map((x) => x.number)), openedOn: '', category: last?.category ?? 'long_term', nursing: last?.nursing ?? true, zone: last?.zone ?? 'general', reserve: false });
    roomSave.setErrors({});
    bedSave.setErrors({});
  }, [opened, room?.id]);

  if (!room) return null;
  const setRoom = <K extends keyof RoomValues>(k: K, v: RoomValues[K]) => setR((s) => ({ ...s, [k]: v }));
  const setBed = <K extends keyof BedValues>(k: K, v: BedValues[K]) => setB((s) => ({ ...s, [k]: v }));

  const saveRoom = () =>
    roomSave.run(
      () =>
        call('beds.updateRoom', {
          id: room.id,
          floor: num(r.floor),
          number: r.number,
          capacity: r.capacity === '' ? null : num(r.capacity),
          sexRestriction: (r.sexRestriction || null) as 'M' | 'F' | null,
        }),
      (saved) => t('beds.roomDialog.roomSaved', { number: saved.number }),
    );
  const addBed = () =>
    bedSave.run(
      () => call('beds.create', { roomId: room.id, number: b.number, openedOn: b.openedOn, category: b.category, nursing: b.nursing, zone: b.zone, reserve: b.reserve }),
      (bed) => t('beds.roomDialog.bedAdded', { label: bed.label }),
    );

  return (
    <Modal opened={opened} onClose={onClose} title={t('beds.roomDialog.title', { number: room.number })} size="lg">
      <Title order={5}>{t('beds.roomDialog.roomSection')}</Title>
      <SimpleGrid cols={2} mt="xs">
        <TextInput label={t('beds.roomDialog.number')} value={r.number} onChange={(e) => setRoom('number', e.currentTarget.value)} error={roomSave.errors.number} required />
        <NumberInput label={t('beds.bulk.floor')} value={r.floor} onChange={(x) => setRoom('floor', x)} error={roomSave.errors.floor} allowDecimal={false} required />
        <NumberInput
          label={t('beds.roomDialog.capacity')}
          description={t('beds.roomDialog.capacityHint')}
          value={r.capacity}
          onChange={(x) => setRoom('capacity', x)}
          error={roomSave.errors.capacity}
          allowDecimal={false}
          min={1}
        />
        <Select
          label={t('beds.bulk.sex')}
          data={sexRestrictionOptions(t)}
          value={r.sexRestriction}
          onChange={(x) => setRoom('sexRestriction', x ?? '')}
          error={roomSave.errors.sexRestriction}
          allowDeselect={false}
        />
      </SimpleGrid>
      <Group justify="flex-end" mt="sm">
        <Button onClick={saveRoom} loading={roomSave.busy} disabled={bedSave.busy}>{t('beds.roomDialog.saveRoom')}</Button>
      </Group>
      <Divider my="md" />
      <Title order={5}>{t('beds.roomDialog.bedSection')}</Title>
      <Text size="xs" c="dimmed">{t('beds.roomDialog.bedHint', { count: room.beds.length })}</Text>
      <SimpleGrid cols={2} mt="xs">
        <TextInput label={t('beds.roomDialog.bedNumber')} value={b.number} onChange={(e) => setBed('number', e.currentTarget.value)} error={bedSave.errors.number} required />
        <DateField label={t('beds.bulk.openedOn')} value={b.openedOn} onChange={(e) => setBed('openedOn', e.currentTarget.value)} error={bedSave.errors.openedOn} required />
        <Select label={t('beds.attrs.category')} data={optionsOf(BED_CATEGORIES)} value={b.category} onChange={(x) => x && setBed('category', x as BedCategory)} allowDeselect={false} error={bedSave.errors.category} />
        <Select label={t('beds.attrs.zone')} data={optionsOf(BED_ZONES)} value={b.zone} onChange={(x) => x && setBed('zone', x as BedZone)} allowDeselect={false} />
        <Checkbox label={t('beds.attrs.nursing')} checked={b.nursing} onChange={(e) => setBed('nursing', e.currentTarget.checked)} />
        <Checkbox label={t('beds.attrs.reserve')} checked={b.reserve} onChange={(e) => setBed('reserve', e.currentTarget.checked)} />
      </SimpleGrid>
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
        <Button onClick={addBed} loading={bedSave.busy} disabled={roomSave.busy}>{t('beds.roomDialog.addBed')}</Button>
      </Group>
    </Modal>
  );
}
