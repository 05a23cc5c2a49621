import { useState } from 'react';
import { Alert, Button, Card, Group, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { beijingTime } from '../../../../shared/domain/calendar';
import { call } from '../../api/client';
import { saveFile } from '../../api/files';
import { AuditTable } from '../../components/AuditTable';
import { notifyError } from '../../components/notify';

/** 安全审计员's screen: the whole trail, and a check of its hash chain that names the first broken link. */
export function AuditPage() {
  const { t } = useTranslation();
  const [verdict, setVerdict] = useState<{ ok: boolean; text: string } | null>(null);
  const verify = async () => {
    try {
      const v = await call('audit.verify', {});
      setVerdict(
        v.firstBroken
          ? { ok: false, text: t('accounts.verifyBroken', { seq: v.firstBroken.seq, at: beijingTime(v.firstBroken.at), reason: v.firstBroken.reason }) }
          : { ok: true, text: t('accounts.verifyOk', { entries: v.entries }) },
      );
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('accounts.audit')}</Title>
        <Group>
          <Button variant="light" onClick={verify}>{t('accounts.verify')}</Button>
          <Button variant="light" onClick={() => call('audit.export', {}).then(saveFile).catch(notifyError)}>{t('accounts.exportAudit')}</Button>
        </Group>
      </Group>
      {verdict && <Alert color={verdict.ok ? 'teal' : 'red'} data-testid="audit-verdict">{verdict.text}</Alert>}
      <Card withBorder>
        <AuditTable limit={100} />
      </Card>
    </Stack>
  );
}
