import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Group, NumberInput, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ABILITY_LEVELS, type AbilityLevel } from '../../../../shared/domain/assessment';
import { starLabel } from '../../../../shared/domain/starRating';
import type { SubsidySettings } from '../../../../shared/domain/subsidy';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { notifyError, notifyOk } from '../../components/notify';

/** 设置 › 运营补贴标准: the bureau's rate table, empty by default, with its source. */
export function SubsidySettingsCard() {
  const { t } = useTranslation();
  const stored = useQuery('subsidy.settings.get', {});
  const [s, setS] = useState<SubsidySettings | null>(null);
  useEffect(() => {
    if (stored.data) setS(stored.data);
  }, [stored.data]);
  if (!s) return null;
  const levels = [{ value: 'any', label: t('staff.subsidy.anyLevel') }, ...Object.entries(ABILITY_LEVELS).map(([value, label]) => ({ value, label }))];
  const stars = [{ value: 'any', label: t('staff.subsidy.anyStars') }, { value: '0', label: t('staff.subsidy.unrated') }, ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t('ratings.starLevel', { stars: starLabel(n) }) }))];
  const save = async () => {
    try {
      setS(await call('subsidy.settings.set', s));
      notifyOk(t('staff.subsidy.saved'));
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Card withBorder data-testid="subsidy-settings">
      <Title order={4} mb="xs">{t('staff.subsidy.settingsTitle')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('staff.subsidy.settingsHint')}</Text>
      <Stack>
        <Group>
          <SegmentedControl
            value={s.basis}
            onChange={(v) => setS({ ...s, basis: v as SubsidySettings['basis'] })}
            data={[
              { value: 'per_bed_day', label: t('staff.subsidy.perBedDay') },
              { value: 'per_month', label: t('staff.subsidy.perMonth') },
            ]}
          />
          <Checkbox label={t('staff.subsidy.countLeave')} checked={s.countLeaveDays} onChange={(e) => setS({ ...s, countLeaveDays: e.currentTarget.checked })} />
        </Group>
        {s.rates.map((r, i) => (
          <Group key={i} align="flex-end">
            <Select data={levels} value={r.abilityLevel ?? 'any'} onChange={(v) => setS({ ...s, rates: s.rates.map((x, j) => (j === i ? { ...x, abilityLevel: v === 'any' || !v ? null : (v as AbilityLevel) } : x)) })} w={160} />
            <Select data={stars} value={r.stars === null ? 'any' : String(r.stars)} onChange={(v) => setS({ ...s, rates: s.rates.map((x, j) => (j === i ? { ...x, stars: v === 'any' || !v ? null : Number(v) } : x)) })} w={120} />
            <NumberInput label={t('staff.subsidy.amountLabel')} value={r.amount} min={0} onChange={(v) => setS({ ...s, rates: s.rates.map((x, j) => (j === i ? { ...x, amount: Number(v) } : x)) })} w={140} />
            <Button variant="subtle" color="red" onClick={() => setS({ ...s, rates: s.rates.filter((_, j) => j !== i) })}>×</Button>
          </Group>
        ))}
        <Group>
          <Button variant="light" onClick={() => setS({ ...s, rates: [...s.rates, { abilityLevel: null, stars: null, amount: 0 }] })} data-testid="subsidy-add-rate">{t('staff.subsidy.addRate')}</Button>
        </Group>
        <TextInput label={t('staff.subsidy.source')} value={s.source} onChange={(e) => setS({ ...s, source: e.currentTarget.value })} data-testid="subsidy-source" />
        <Group justify="flex-end">
          <Button onClick={save} data-testid="subsidy-save">{t('common.save')}</Button>
        </Group>
      </Stack>
    </Card>
  );
}
