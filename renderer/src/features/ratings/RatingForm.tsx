import { useEffect, useState } from 'react';
import { Alert, Button, Group, List, Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { FacilityKind } from '../../../../shared/domain/facility';
import { defaultValidUntil, schemeForFacilityKind, starLabel, totalSectionScore } from '../../../../shared/domain/starRating';
import { call } from '../../api/client';
import { SEARCH_DEBOUNCE_MS, useQuery } from '../../api/hooks';
import { notifyFormError, notifyOk } from '../../components/notify';
import { isIsoDay } from '../../../../shared/domain/calendar';
import { DateField } from '../../components/DateField';

export interface FacilityChoice {
  id: string;
  name: string;
  kind: FacilityKind;
}

type Score = number | string;

interface Values {
  level: string | null;
  decidedOn: string;
  validUntil: string;
  validUntilReason: string;
  environment: Score;
  facilities: Score;
  operations: Score;
  services: Score;
  total: Score;
  reviewer: string;
  notes: string;
  exceptionReason: string;
}

const EMPTY: Values = {
  level: null,
  decidedOn: '',
  validUntil: '',
  validUntilReason: '',
  environment: '',
  facilities: '',
  operations: '',
  services: '',
  total: '',
  reviewer: '',
  notes: '',
  exceptionReason: '',
};

const num = (v: Score) => (v === '' || v === null || v === undefined ? null : Number(v));

/**
 * Enter one decision. The scheme follows the facility's kind, valid-until is shown as derived and may be
 * edited with a reason, and the core's rule check runs as the user types so an exception reason is asked
 * for only when a rule is actually broken.
 */
export function RatingForm({ opened, onClose, onSaved, facility }: { opened: boolean; onClose: () => void; onSaved: () => void; facility?: FacilityChoice }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<FacilityChoice | null>(facility ?? null);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const [v, setV] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const info = useQuery('system.info', {});
  const options = useQuery('facilities.list', { search: debounced || undefined, limit: 50 }, opened && !facility);

  useEffect(() => {
    if (!opened) return;
    setChosen(facility ?? null);
    setV({ ...EMPTY, decidedOn: info.data?.today ?? '' });
    setErrors({});
  }, [opened, facility?.id, info.data?.today]);

  const scheme = chosen ? schemeForFacilityKind(chosen.kind) : null;
  const level = v.level ? Number(v.level) : null;
  const dateOk = isIsoDay(v.decidedOn);
  const derived = scheme && dateOk ? defaultValidUntil(scheme, v.decidedOn) : '';
  const sectionScores = { environment: num(v.environment), facilities: num(v.facilities), operations: num(v.operations), services: num(v.services) };
  // 总分 follows the four sections as they are typed; only with a section missing is it entered by hand.
  const liveTotal = scheme ? totalSectionScore(scheme, sectionScores) : null;
  const validUntil = v.validUntil || derived;
  const edited = !!derived && validUntil !== derived;
  const canCheck = !!chosen && !!scheme && level !== null && dateOk;
  const check = useQuery('ratings.check', { facilityId: chosen?.id ?? '', level: level ?? 1, decidedOn: v.decidedOn }, opened && canCheck);
  const violations = canCheck ? (check.data?.violations ?? []) : [];

  const set = (patch: Partial<Values>) => setV((s) => ({ ...s, ...patch }));
  const facilityData = [
    ...(chosen ? [{ value: chosen.id, label: chosen.name }] : []),
    ...(options.data?.rows ?? []).filter((f) => f.id !== chosen?.id).map((f) => ({ value: f.id, label: f.name })),
  ];

  const submit = async () => {
    if (!chosen || level === null) return;
    setSaving(true);
    try {
      await call('ratings.create', {
        facilityId: chosen.id,
        level,
        decidedOn: v.decidedOn,
        validUntil: edited ? validUntil : null,
        validUntilReason: edited ? v.validUntilReason || null : null,
        scores: sectionScores,
        total: liveTotal ?? num(v.total),
        reviewer: v.reviewer || null,
        notes: v.notes || null,
        exceptionReason: violations.length ? v.exceptionReason || null : null,
      });
      notifyOk(t('ratings.created'));
      onSaved();
      onClose();
    } catch (e) {
      notifyFormError(e, setErrors);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('ratings.formTitle')} size="lg">
      <Stack>
        <Select
          label={t('ratings.facility')}
          data={facilityData}
          searchable
          searchValue={facility ? facility.name : search}
          onSearchChange={setSearch}
          value={chosen?.id ?? null}
          disabled={!!facility}
          onChange={(id) => {
            const f = options.data?.rows.find((r) => r.id === id);
            setChosen(f ? { id: f.id, name: f.name, kind: f.kind } : null);
            set({ level: null, validUntil: '' });
          }}
          filter={({ options: o }) => o}
          error={errors.facilityId}
          required
        />
        {chosen && (
          <Text size="sm" c={scheme ? undefined : 'red'} data-testid="rating-scheme">
            {t('ratings.scheme')}：{scheme ? (scheme.id === 'institution' ? t('ratings.schemeInstitution') : t('ratings.schemeStation')) : t('ratings.notRatable')}
          </Text>
        )}
        <SimpleGrid cols={2}>
          <Select
            label={t('ratings.level')}
            data={Array.from({ length: scheme?.maxStars ?? 0 }, (_, i) => ({ value: String(i + 1), label: starLabel(i + 1) }))}
            value={v.level}
            onChange={(x) => set({ level: x })}
            disabled={!scheme}
            error={errors.level}
            required
          />
          <DateField label={t('ratings.decidedOn')} value={v.decidedOn} onChange={(e) => set({ decidedOn: e.currentTarget.value, validUntil: '' })} error={errors.decidedOn} required />
          <DateField
            label={t('ratings.validUntil')}
            value={validUntil}
            onChange={(e) => set({ validUntil: e.currentTarget.value })}
            description={derived ? t('ratings.derivedValidUntil', { date: derived }) : undefined}
            error={errors.validUntil}
            disabled={!derived}
          />
          {edited && (
            <TextInput label={t('ratings.validUntilReason')} value={v.validUntilReason} onChange={(e) => set({ validUntilReason: e.currentTarget.value })} error={errors.validUntilReason} required />
          )}
        </SimpleGrid>
        {scheme?.id === 'institution' && (
          <>
            <Text size="sm" fw={500}>{t('ratings.scores')}</Text>
            <SimpleGrid cols={3}>
              <NumberInput label={t('ratings.environment')} min={0} max={120} value={v.environment} onChange={(x) => set({ environment: x })} />
              <NumberInput label={t('ratings.facilitiesScore')} min={0} max={130} value={v.facilities} onChange={(x) => set({ facilities: x })} />
              <NumberInput label={t('ratings.operations')} min={0} max={150} value={v.operations} onChange={(x) => set({ operations: x })} />
              <NumberInput label={t('ratings.services')} min={0} max={600} value={v.services} onChange={(x) => set({ services: x })} />
              <NumberInput label={t('ratings.totalScore')} description={t('ratings.totalDerived')} min={0} max={1000} value={liveTotal ?? v.total} readOnly={liveTotal !== null} onChange={(x) => set({ total: x })} error={errors.total ?? errors.scores} data-testid="rating-total" />
            </SimpleGrid>
          </>
        )}
        <SimpleGrid cols={2}>
          <TextInput label={t('ratings.reviewer')} value={v.reviewer} onChange={(e) => set({ reviewer: e.currentTarget.value })} />
          <TextInput label={t('ratings.notes')} value={v.notes} onChange={(e) => set({ notes: e.currentTarget.value })} />
        </SimpleGrid>
        {canCheck && check.data && violations.length === 0 && <Text size="sm" c="teal">{t('ratings.rulesOk')}</Text>}
        {violations.length > 0 && (
          <Alert color="orange" title={t('ratings.violations')} data-testid="rating-violations">
            <List size="sm">
              {violations.map((x) => (
                <List.Item key={x.ruleId}>{x.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {violations.length > 0 && (
          <Textarea
            label={t('ratings.exceptionReason')}
            description={t('ratings.exceptionHelp')}
            value={v.exceptionReason}
            onChange={(e) => set({ exceptionReason: e.currentTarget.value })}
            error={errors.exceptionReason}
            required
            autosize
            minRows={2}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={submit} loading={saving} disabled={!canCheck}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
