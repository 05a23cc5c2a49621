import { useEffect, useState } from 'react';
import { Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ABILITY_LEVELS, ABILITY_LEVEL_KEYS, type AbilityLevel } from '../../../../shared/domain/assessment';
import type { StaffingRule } from '../../../../shared/domain/staff';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { optionsOf } from '../../components/labels';
import { notifyError, notifyOk } from '../../components/notify';

/** 设置 › 护理员配比: residents per caregiver by ability level, with the rule's source. */
export function StaffingRuleSettings() {
  const { t } = useTranslation();
  const stored = useQuery('staff.rule.get', {});
  const [rule, setRule] = useState<StaffingRule | null>(null);
  useEffect(() => {
    if (stored.data) setRule(stored.data);
  }, [stored.data]);
  if (!rule) return null;
  const save = async () => {
    try {
      setRule(await call('staff.rule.set', rule));
      notifyOk(t('staff.ruleSaved'));
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Card withBorder data-testid="staffing-rule">
      <Title order={4} mb="xs">{t('staff.ruleSettings')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('staff.ruleSettingsHint')}</Text>
      <Stack>
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          {ABILITY_LEVEL_KEYS.map((k) => (
            <NumberInput
              key={k}
              label={ABILITY_LEVELS[k]}
              value={rule.residentsPerCaregiver[k]}
              min={0.5}
              step={0.5}
              onChange={(v) => setRule({ ...rule, residentsPerCaregiver: { ...rule.residentsPerCaregiver, [k]: Number(v) } })}
            />
          ))}
        </SimpleGrid>
        <Select label={t('staff.unassessedAs')} data={optionsOf(ABILITY_LEVELS)} value={rule.unassessedAs} onChange={(v) => v && setRule({ ...rule, unassessedAs: v as AbilityLevel })} allowDeselect={false} w={200} />
        <Textarea label={t('staff.source')} value={rule.source} onChange={(e) => setRule({ ...rule, source: e.currentTarget.value })} autosize minRows={2} />
        <Group justify="flex-end">
          <Button onClick={save}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Card>
  );
}
