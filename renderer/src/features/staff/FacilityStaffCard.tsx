import { useState } from 'react';
import { Badge, Button, Card, Checkbox, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { StaffRow } from '../../../../shared/contract';
import { SKILL_LEVELS, STAFF_POSTS, TRAINING_TOPICS, type SkillLevel, type StaffPost, type TrainingTopic } from '../../../../shared/domain/staff';
import { ABILITY_LEVELS, ABILITY_LEVEL_KEYS } from '../../../../shared/domain/assessment';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { optionsOf } from '../../components/labels';
import { notifyError, notifyOk } from '../../components/notify';
import { ImportDialog } from '../imports/ImportDialog';
import { DateField } from '../../components/DateField';

interface StaffFormState {
  id?: string;
  name: string;
  idNumber: string;
  post: StaffPost | null;
  skillLevel: SkillLevel | null;
  certificateNo: string;
  certifiedOn: string;
  employedFrom: string;
  employedTo: string;
}

const EMPTY: StaffFormState = { name: '', idNumber: '', post: 'caregiver', skillLevel: null, certificateNo: '', certifiedOn: '', employedFrom: '', employedTo: '' };

/** A facility's staff registry, its caregiver ratio against the staffing rule, and the staff forms. */
export function FacilityStaffCard({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation();
  const [onDutyOnly, setOnDutyOnly] = useState(false);
  const list = useQuery('staff.list', { facilityId, onDutyOnly, limit: 500 });
  const ratio = useQuery('staff.ratio', { facilityId });
  const [form, setForm] = useState<StaffFormState | null>(null);
  const [training, setTraining] = useState<{ staff: StaffRow; topic: TrainingTopic | null; trainedOn: string; hours: number | string } | null>(null);
  const [importing, setImporting] = useState(false);
  const reload = () => {
    list.reload();
    ratio.reload();
  };
  const set = (patch: Partial<StaffFormState>) => setForm((f) => (f ? { ...f, ...patch } : f));

  const save = async () => {
    if (!form) return;
    try {
      const input = {
        facilityId,
        name: form.name,
        idNumber: form.idNumber,
        post: form.post ?? 'other',
        skillLevel: form.post === 'caregiver' ? form.skillLevel : null,
        certificateNo: form.post === 'caregiver' ? form.certificateNo || null : null,
        certifiedOn: form.post === 'caregiver' && form.certifiedOn ? form.certifiedOn : null,
        employedFrom: form.employedFrom,
        employedTo: form.employedTo || null,
      };
      if (form.id) await call('staff.update', { ...input, id: form.id });
      else await call('staff.create', input);
      notifyOk(t('staff.saved'));
      setForm(null);
      reload();
    } catch (e) {
      notifyError(e);
    }
  };

  const saveTraining = async () => {
    if (!training?.topic) return;
    try {
      await call('staff.addTraining', { staffId: training.staff.id, topic: training.topic, trainedOn: training.trainedOn, hours: Number(training.hours) });
      notifyOk(t('staff.saved'));
      setTraining(null);
      reload();
    } catch (e) {
      notifyError(e);
    }
  };

  const edit = async (id: string) => {
    try {
      const d = await call('staff.get', { id });
      setForm({
        id: d.id,
        name: d.name,
        idNumber: d.idNumber,
        post: d.post,
        skillLevel: d.skillLevel,
        certificateNo: d.certificateNo ?? '',
        certifiedOn: d.certifiedOn ?? '',
        employedFrom: d.employedFrom,
        employedTo: d.employedTo ?? '',
      });
    } catch (e) {
      notifyError(e);
    }
  };

  const r = ratio.data;
  return (
    <Card withBorder data-testid="staff-card">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('staff.title')}</Title>
        <Group>
          <Checkbox label={t('staff.onDutyOnly')} checked={onDutyOnly} onChange={(e) => setOnDutyOnly(e.currentTarget.checked)} />
          <Button variant="light" onClick={() => setImporting(true)}>{t('staff.import')}</Button>
          <Button onClick={() => setForm({ ...EMPTY })} data-testid="staff-add">{t('staff.add')}</Button>
        </Group>
      </Group>
      {r && (
        <Card withBorder mb="sm" data-testid="staff-ratio">
          <Group justify="space-between">
            <Text fw={600}>{t('staff.ratioTitle', { date: r.asOf })}</Text>
            {r.residents > 0 && <Badge color={r.belowRule ? 'red' : 'green'}>{r.belowRule ? t('staff.belowRule') : t('staff.meetsRule')}</Badge>}
          </Group>
          <Text size="sm">{t('staff.residents', { count: r.residents, unassessed: r.unassessed, as: ABILITY_LEVELS[r.rule.unassessedAs] })}</Text>
          <Text size="sm">{t('staff.caregivers', { count: r.caregivers, certified: r.certified })}；{t('staff.required', { count: r.required })}{r.residentsPerCaregiver !== null ? `；${t('staff.perCaregiver', { value: r.residentsPerCaregiver })}` : ''}</Text>
          <Text size="sm">
            {t('staff.byLevel')}：{ABILITY_LEVEL_KEYS.map((k) => `${ABILITY_LEVELS[k]} ${r.residentsByLevel[k]}（1:${r.rule.residentsPerCaregiver[k]}）`).join('、')}
          </Text>
          <Text size="xs" c="dimmed">{t('staff.ruleSource', { source: r.rule.source })}</Text>
        </Card>
      )}
      {list.data && list.data.rows.length === 0 ? (
        <Text c="dimmed">{t('staff.none')}</Text>
      ) : (
        <Table withTableBorder data-testid="staff-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('staff.name')}</Table.Th>
              <Table.Th>{t('staff.idNumber')}</Table.Th>
              <Table.Th>{t('staff.post')}</Table.Th>
              <Table.Th>{t('staff.skillLevel')}</Table.Th>
              <Table.Th>{t('staff.employedFrom')}</Table.Th>
              <Table.Th>{t('staff.employedTo')}</Table.Th>
              <Table.Th>{t('staff.trainingHours')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.rows.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{s.idNumberMasked}</Table.Td>
                <Table.Td>
                  {STAFF_POSTS[s.post]} {s.onDuty ? <Badge size="xs" color="green">{t('staff.onDuty')}</Badge> : <Badge size="xs" color="gray">{t('staff.left')}</Badge>}
                </Table.Td>
                <Table.Td>
                  {s.skillLevel ? `${SKILL_LEVELS[s.skillLevel]}（${s.certifiedOn}）` : '—'} {s.certified && <Badge size="xs">{t('staff.certified')}</Badge>}
                </Table.Td>
                <Table.Td>{s.employedFrom}</Table.Td>
                <Table.Td>{s.employedTo ?? ''}</Table.Td>
                <Table.Td>{s.trainingHours}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="xs" variant="subtle" onClick={() => void edit(s.id)} data-testid={`staff-edit-${s.name}`}>{t('common.edit')}</Button>
                    <Button size="xs" variant="subtle" onClick={() => setTraining({ staff: s, topic: null, trainedOn: '', hours: '' })}>{t('staff.addTraining')}</Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={form !== null} onClose={() => setForm(null)} title={form?.id ? t('staff.edit') : t('staff.add')}>
        {form && (
          <Stack>
            <TextInput label={t('staff.name')} value={form.name} onChange={(e) => set({ name: e.currentTarget.value })} required />
            <TextInput label={t('staff.idNumber')} value={form.idNumber} onChange={(e) => set({ idNumber: e.currentTarget.value })} required />
            <Select label={t('staff.post')} data={optionsOf(STAFF_POSTS)} value={form.post} onChange={(v) => set({ post: v as StaffPost })} required />
            {form.post === 'caregiver' && (
              <>
                <Select label={t('staff.skillLevel')} data={optionsOf(SKILL_LEVELS)} value={form.skillLevel} onChange={(v) => set({ skillLevel: v as SkillLevel | null })} clearable />
                <TextInput label={t('staff.certificateNo')} value={form.certificateNo} onChange={(e) => set({ certificateNo: e.currentTarget.value })} />
                <DateField label={t('staff.certifiedOn')} value={form.certifiedOn} onChange={(e) => set({ certifiedOn: e.currentTarget.value })} />
              </>
            )}
            <DateField label={t('staff.employedFrom')} value={form.employedFrom} onChange={(e) => set({ employedFrom: e.currentTarget.value })} required />
            <DateField label={t('staff.employedTo')} description={t('staff.employedToHint')} value={form.employedTo} onChange={(e) => set({ employedTo: e.currentTarget.value })} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setForm(null)}>{t('common.cancel')}</Button>
              <Button onClick={save} data-testid="staff-save">{t('common.save')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal opened={training !== null} onClose={() => setTraining(null)} title={`${t('staff.addTraining')}：${training?.staff.name ?? ''}`}>
        {training && (
          <Stack>
            <Select label={t('staff.topic')} data={optionsOf(TRAINING_TOPICS)} value={training.topic} onChange={(v) => setTraining({ ...training, topic: v as TrainingTopic })} />
            <DateField label={t('staff.trainedOn')} value={training.trainedOn} onChange={(e) => setTraining({ ...training, trainedOn: e.currentTarget.value })} />
            <NumberInput label={t('staff.hours')} value={training.hours} min={0.5} step={0.5} onChange={(v) => setTraining({ ...training, hours: v })} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setTraining(null)}>{t('common.cancel')}</Button>
              <Button onClick={saveTraining} disabled={!training.topic || !training.trainedOn || !training.hours}>{t('common.save')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <ImportDialog kind="staff" title={t('staff.importTitle')} opened={importing} onClose={() => setImporting(false)} onDone={reload} />
    </Card>
  );
}
