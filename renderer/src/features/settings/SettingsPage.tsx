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
import { useSession } from '../auth/session';
import { schemaLabel } from '../../../../shared/schemaLabel';

export function SettingsPage() {
  const { t } = useTranslation();
  const info = useQuery('system.info', {});
  const session = useSession();
  const backup = async () => {
    try {
      if (await saveBackup()) notifyOk(t('settings.backupDone'));
    } catch (e) {
      notifyError(e);
    }
  };
  // Settings are the 系统管理员's: anyone else reaching this address by URL is told so (the core refuses them too).
  if (!session.can('settings') && !session.can('backup')) {
    return (
      <Stack>
        <Title order={2}>{t('settings.title')}</Title>
        <Text c="red" data-testid="forbidden">{t('settings.forbidden')}</Text>
      </Stack>
    );
  }
  return (
    <Stack>
      <Title order={2}>{t('settings.title')}</Title>
      <Card withBorder>
        <Title order={4} mb="sm">{t('settings.data')}</Title>
        <SimpleGrid cols={3}>
          <div><Text size="xs" c="dimmed">{t('settings.dbPath')}</Text><Text style={{ wordBreak: 'break-all' }}>{info.data?.dbPath}</Text></div>
          <div><Text size="xs" c="dimmed">{t('settings.schema')}</Text><Text title={info.data?.schemaVersion} data-testid="schema-version">{info.data ? schemaLabel(info.data.schemaVersion) : ''}</Text></div>
          <div><Text size="xs" c="dimmed">{t('settings.version')}</Text><Text>{info.data?.appVersion}</Text></div>
        </SimpleGrid>
        <Button mt="md" variant="light" onClick={backup}>{t('settings.backup')}</Button>
      </Card>
      <IndicatorOptionsSettings />
      <WaitingRulesSettings />
      <StaffingRuleSettings />
      <SubsidySettingsCard />
      {session.can('auditLog') && (
        <Card withBorder>
          <Title order={4} mb="sm">{t('settings.audit')}</Title>
          <AuditTable limit={100} />
        </Card>
      )}
    </Stack>
  );
}
