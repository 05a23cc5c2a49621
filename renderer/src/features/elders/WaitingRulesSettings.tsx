import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, List, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ABILITY_LEVELS, ABILITY_LEVEL_KEYS, type AbilityLevel } from '../../../../shared/domain/assessment';
import { call } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { useAction } from '../../components/useAction';

const DISABLED_FROM = ABILITY_LEVEL_KEYS.filter((l) => l !== 'intact').map((l) => ({ value: l, label: ABILITY_LEVELS[l] }));

/**
 * 设置 › 轮候优先规则: the two parameters of the waiting-list order that the sources leave open (from what
 * age an applicant counts as 高龄, from which ability level as 失能), with the groups they feed. Saved
 * through waiting.setRules, whose contract checks the whole rule set; 恢复默认 removes the stored value.
 */
export function WaitingRulesSettings() {
  const { t } = useTranslation();
  const current = useQuery('waiting.rules', {});
  const [advancedAge, setAdvancedAge] = useState<number | string>('');
  const [disabledFrom, setDisabledFrom] = useState<AbilityLevel>('mild');
  const { errors, busy, run } = useAction(current.reload);
  useEffect(() => {
    if (!current.data) return;
    setAdvancedAge(current.data.rules.advancedAge);
    setDisabledFrom(current.data.rules.disabledFrom);
  }, [current.data]);

  const data = current.data;
  return (
    <Card withBorder data-testid="waiting-rules">
      <Group justify="space-between" mb={4}>
        <Title order={4}>{t('elders.rulesSettings.title')}</Title>
        {data && (
          <Badge variant="light" color={data.isDefault ? 'gray' : 'orange'} data-testid="waiting-rules-state">
            {data.isDefault ? t('elders.rulesSettings.default') : t('elders.rulesSettings.custom')}
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">{t('elders.rulesSettings.intro')}</Text>
      {current.error && <Alert color="red">{current.error.message}</Alert>}
      {data && (
        <Stack>
          <Group align="flex-start" grow>
            <NumberInput
              label={t('elders.rulesSettings.advancedAge')}
              description={t('elders.rulesSettings.advancedAgeHint')}
              value={advancedAge}
              onChange={setAdvancedAge}
              allowDecimal={false}
              clampBehavior="none"
              error={errors['rules.advancedAge']}
            />
            <Select
              label={t('elders.rulesSettings.disabledFrom')}
              description={t('elders.rulesSettings.disabledFromHint')}
              data={DISABLED_FROM}
              value={disabledFrom}
              onChange={(x) => x && setDisabledFrom(x as AbilityLevel)}
              allowDeselect={false}
              error={errors['rules.disabledFrom']}
            />
          </Group>
          <div>
            <Text size="sm" fw={600}>{t('elders.rulesSettings.groups')}</Text>
            <List size="sm" type="ordered">
              {data.rules.groups.map((g) => <List.Item key={g.group}>{g.label}</List.Item>)}
              <List.Item>{data.rules.fallback.label}</List.Item>
            </List>
          </div>
          <Group justify="flex-end">
            <Button
              variant="default"
              disabled={data.isDefault}
              loading={busy}
              onClick={() => void run(() => call('waiting.setRules', { rules: null }), t('elders.rulesSettings.resetDone'))}
            >
              {t('elders.rulesSettings.reset')}
            </Button>
            <Button
              loading={busy}
              onClick={() => void run(() => call('waiting.setRules', { rules: { ...data.rules, advancedAge: Number(advancedAge), disabledFrom } }), t('elders.rulesSettings.saved'))}
            >
              {t('elders.rulesSettings.save')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}
