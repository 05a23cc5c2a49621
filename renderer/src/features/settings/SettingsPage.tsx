import { Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { saveBackup } from '../../api/files';
import { useQuery } from '../../api/hooks';
import { AuditTable } from '../../components/AuditTable';
import { notifyError, notifyOk } from '../../components/notify';
import { IndicatorOptionsSettings } from '../indicators/IndicatorOptionsSettings';
import { WaitingRulesSettings } from '../elders/WaitingRulesSettings';
import { StaffingRuleSettings } from '../staff/StaffingRuleSettings';
import { SubsidySettingsCard } from '../staff/SubsidySettingsCard';

export function SettingsPage() {
  const { t } = useTranslation();
  const info = useQuery('system.info', {});
  const backup = async () => {
    try {
      if (await saveBackup()) notifyOk(t('settings.backupDone'));
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Stack>
      <Title order={2}>{t('settings.title')}</Title>
      <Card withBorder>
        <Title order={4} mb="sm">{t('settings.data')}</Title>
        <SimpleGrid cols={3}>
          <div><Text size="xs" c="dimmed">{t('settings.dbPath')}</Text><Text style={{ wordBreak: 'break-all' }}>{info.data?.dbPath}</Text></div>
          <div><Text size="xs" c="dimmed">{t('settings.schema')}</Text><Text>{info.data?.schemaVersion}</Text></div>
          <div><Text size="xs" c="dimmed">{t('settings.version')}</Text><Text>{info.data?.appVersion}</Text></div>
        </SimpleGrid>
        <Button mt="md" variant="light" onClick={backup}>{t('settings.backup')}</Button>
      </Card>
      <IndicatorOptionsSettings />
      <WaitingRulesSettings />
      <StaffingRuleSettings />
      <SubsidySettingsCard />
      <Card withBorder>
        <Title order={4} mb="sm">{t('settings.audit')}</Title>
        <AuditTable limit={100} />
      </Card>
    </Stack>
  );
}
