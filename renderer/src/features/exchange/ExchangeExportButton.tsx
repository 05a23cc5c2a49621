import { useState } from 'react';
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { saveFile } from '../../api/files';
import { notifyError, notifyOk } from '../../components/notify';

/**
 * 导出交换包: the person first confirms that the package carries elders' full personal data (the export is
 * audited); it is encrypted to the receiver's key when this file knows it, otherwise the core refuses until
 * the user sets a passphrase, after a warning that the receiver must be told it by another way.
 */
export function ExchangeExportButton({ facilityIds }: { facilityIds: string[] }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const run = async (withPassphrase?: string) => {
    setBusy(true);
    try {
      const file = await call('exchange.export', { facilityIds, confirmPersonalData: true, ...(withPassphrase ? { passphrase: withPassphrase } : {}) });
      await saveFile(file);
      notifyOk(file.encryptedTo ? t('exchange.exportedTo', { file: file.fileName, fingerprint: file.encryptedTo }) : t('exchange.exportedPassphrase', { file: file.fileName }));
      setAsking(null);
      setPassphrase('');
      setConfirm('');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'EXCHANGE_PASSPHRASE_REQUIRED') setAsking(e.message);
      else notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  const mismatch = confirm.length > 0 && confirm !== passphrase;
  return (
    <>
      <Tooltip label={t('exchange.exportHint')} multiline w={320}>
        <Button variant="light" data-testid="exchange-export" loading={busy && !asking} onClick={() => setConfirming(true)}>
          {t('exchange.export')}
        </Button>
      </Tooltip>
      {/* A package carries elders' full personal data: the person confirms it, and the export is audited. */}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('exchange.export')}>
        <Stack>
          <Text size="sm">{t('exchange.personalDataConfirm')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
            <Button
              data-testid="exchange-export-confirm"
              onClick={() => {
                setConfirming(false);
                void run();
              }}
            >
              {t('exchange.confirmExport')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={asking !== null} onClose={() => setAsking(null)} title={t('exchange.passphraseTitle')}>
        <Stack>
          <Alert color="yellow" data-testid="exchange-passphrase-warning">{asking}</Alert>
          <PasswordInput label={t('exchange.passphrase')} value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} data-testid="exchange-passphrase" autoFocus />
          <PasswordInput
            label={t('exchange.passphraseConfirm')}
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={mismatch ? t('exchange.passphraseMismatch') : undefined}
            data-testid="exchange-passphrase-confirm"
          />
          <Text size="xs" c="dimmed">{t('exchange.passphraseHint')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(null)}>{t('common.cancel')}</Button>
            <Button onClick={() => void run(passphrase)} loading={busy} disabled={passphrase.length < 8 || confirm !== passphrase} data-testid="exchange-passphrase-export">
              {t('exchange.export')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
