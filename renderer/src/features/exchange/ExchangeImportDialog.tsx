import { useState } from 'react';
import { Alert, Badge, Button, Checkbox, Code, Group, List, Modal, PasswordInput, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ExchangeRecordNote, ExchangeReport, ExchangeSender } from '../../../../shared/contract';
import { beijingTime } from '../../../../shared/domain/calendar';
import { ApiError, call } from '../../api/client';
import { notifyError, notifyOk } from '../../components/notify';
import { PickFileButton, useFilePreview } from '../../components/useFilePreview';

function Notes({ title, notes, testId }: { title: string; notes: ExchangeRecordNote[]; testId: string }) {
  if (notes.length === 0) return null;
  return (
    <>
      <Text size="sm" fw={600}>{title}</Text>
      <ScrollArea.Autosize mah={160}>
        <List size="sm" data-testid={testId}>
          {notes.map((n, i) => <List.Item key={i}>{n.title}：{n.label}</List.Item>)}
        </List>
      </ScrollArea.Autosize>
    </>
  );
}

/** The sender's key fingerprint and what this file knows of it; a changed key must be accepted to import. */
function SenderKey({ sender, accept, onAccept }: { sender: ExchangeSender; accept: boolean; onAccept: (v: boolean) => void }) {
  const { t } = useTranslation();
  if (sender.keyStatus === 'unsigned') return <Alert color="yellow" data-testid="exchange-sender">{t('exchange.unsignedWarning')}</Alert>;
  const status = {
    new: ['blue', t('exchange.keyNewBadge'), t('exchange.keyNew')],
    pinned: ['teal', t('exchange.keyPinnedBadge'), t('exchange.keyPinned')],
    own: ['gray', t('exchange.keyOwn'), ''],
    changed: ['red', t('exchange.keyChangedBadge'), ''],
  } as const;
  const [color, badge, note] = status[sender.keyStatus];
  return (
    <Stack gap={4} data-testid="exchange-sender" data-key-status={sender.keyStatus}>
      <Group gap="xs">
        <Text size="sm">{t('exchange.sender')}</Text>
        <Code>{sender.fingerprint}</Code>
        <Badge color={color} variant="light">{badge}</Badge>
      </Group>
      {note && <Text size="xs" c="dimmed">{note}</Text>}
      {sender.keyStatus === 'changed' && (
        <Alert color="red">
          <Text size="sm">{t('exchange.keyChanged', { pinned: sender.pinnedFingerprint })}</Text>
          <Checkbox mt="xs" checked={accept} onChange={(e) => onAccept(e.currentTarget.checked)} label={t('exchange.keyAccept')} data-testid="exchange-accept-key" />
        </Alert>
      )}
    </Stack>
  );
}

/**
 * Pick a package → see what it would add, update and keep, table by table, and every conflict by name →
 * write it all at once. The preview is the same merge rolled back, so what it shows is what is written.
 */
export function ExchangeImportDialog({ opened, onClose, onDone }: { opened: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  // A package under a passphrase, or an unsigned old one, is read only once the user says so.
  const [locked, setLocked] = useState<'EXCHANGE_PASSPHRASE_REQUIRED' | 'EXCHANGE_PASSPHRASE_WRONG' | 'EXCHANGE_UNSIGNED' | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [allowUnsigned, setAllowUnsigned] = useState(false);
  const [acceptNewKey, setAcceptNewKey] = useState(false);
  const read = async (file: { fileName: string; dataBase64: string }, opts: { passphrase?: string; allowUnsigned?: boolean }): Promise<ExchangeReport | null> => {
    try {
      const r = await call('exchange.preview', { file, ...opts });
      setLocked(null);
      return r;
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'EXCHANGE_PASSPHRASE_REQUIRED' || e.code === 'EXCHANGE_PASSPHRASE_WRONG' || e.code === 'EXCHANGE_UNSIGNED')) {
        setLocked(e.code);
        return null;
      }
      throw e;
    }
  };
  const { upload, report, setReport, clear, picker } = useFilePreview(
    (file) => read(file, {}),
    () => {
      setLocked(null);
      setPassphrase('');
      setAllowUnsigned(false);
      setAcceptNewKey(false);
    },
  );
  const [busy, setBusy] = useState(false);
  const unlock = async (opts: { passphrase?: string; allowUnsigned?: boolean }) => {
    if (!upload) return;
    try {
      setReport(await read(upload, opts));
    } catch (e) {
      notifyError(e);
    }
  };

  const close = () => {
    clear();
    setLocked(null);
    onClose();
  };

  const commit = async () => {
    if (!upload) return;
    setBusy(true);
    try {
      const done = await call('exchange.apply', { file: upload, ...(passphrase ? { passphrase } : {}), allowUnsigned, acceptNewKey });
      const sum = (k: 'added' | 'updated') => done.tables.reduce((n, x) => n + x[k], 0);
      notifyOk(t('exchange.done', { added: sum('added'), updated: sum('updated') }));
      onDone();
      close();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  const shown = report?.tables.filter((x) => x.inPackage > 0 || x.localOnly > 0) ?? [];
  const changes = report ? report.tables.reduce((n, x) => n + x.added + x.updated, 0) : 0;
  const localOnly = report ? report.tables.reduce((n, x) => n + x.localOnly, 0) : 0;

  return (
    <Modal opened={opened} onClose={close} title={t('exchange.title')} size="xl">
      <Stack>
        <Text size="sm">{t('exchange.intro')}</Text>
        <PickFileButton picker={picker} accept=".cbx" testId="exchange-pick">{t('exchange.pick')}</PickFileButton>
        {upload && <Text size="sm" c="dimmed">{upload.fileName}</Text>}
        {upload && (locked === 'EXCHANGE_PASSPHRASE_REQUIRED' || locked === 'EXCHANGE_PASSPHRASE_WRONG') && (
          <Group align="flex-end">
            <PasswordInput
              label={t('exchange.passphraseNeeded')}
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              error={locked === 'EXCHANGE_PASSPHRASE_WRONG' ? t('exchange.passphraseWrong') : undefined}
              data-testid="exchange-import-passphrase"
              style={{ flex: 1 }}
            />
            <Button onClick={() => void unlock({ passphrase })} disabled={!passphrase} data-testid="exchange-import-unlock">{t('exchange.passphraseRead')}</Button>
          </Group>
        )}
        {upload && locked === 'EXCHANGE_UNSIGNED' && (
          <Alert color="yellow">
            <Text size="sm">{t('exchange.unsignedWarning')}</Text>
            <Button
              mt="xs"
              variant="light"
              color="yellow"
              onClick={() => {
                setAllowUnsigned(true);
                void unlock({ allowUnsigned: true });
              }}
              data-testid="exchange-allow-unsigned"
            >
              {t('exchange.unsignedRead')}
            </Button>
          </Alert>
        )}
        {report && (
          <Stack gap="xs" data-testid="exchange-report">
            <Text fw={600}>{t('exchange.from', { names: report.facilities.map((f) => f.name).join('、') })}</Text>
            <Text size="sm" c="dimmed">{t('exchange.createdAt', { at: beijingTime(report.createdAt) })}</Text>
            {report.sender && <SenderKey sender={report.sender} accept={acceptNewKey} onAccept={setAcceptNewKey} />}
            {report.problems.length > 0 && (
              <Alert color="red" data-testid="exchange-problems">
                <Text size="sm">{t('exchange.problems', { count: report.problems.length })}</Text>
                <List size="sm">
                  {report.problems.map((p, i) => <List.Item key={i}>{p.title}“{p.label}”：{p.message}</List.Item>)}
                </List>
              </Alert>
            )}
            <Table striped withTableBorder data-testid="exchange-counts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('exchange.table')}</Table.Th>
                  <Table.Th>{t('exchange.inPackage')}</Table.Th>
                  <Table.Th>{t('exchange.added')}</Table.Th>
                  <Table.Th>{t('exchange.updated')}</Table.Th>
                  <Table.Th>{t('exchange.unchanged')}</Table.Th>
                  <Table.Th>{t('exchange.kept')}</Table.Th>
                  <Table.Th>{t('exchange.localOnly')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((x) => (
                  <Table.Tr key={x.table} data-table={x.table}>
                    <Table.Td>{x.title}</Table.Td>
                    <Table.Td>{x.inPackage}</Table.Td>
                    <Table.Td>{x.added}</Table.Td>
                    <Table.Td>{x.updated}</Table.Td>
                    <Table.Td>{x.unchanged}</Table.Td>
                    <Table.Td>{x.kept}</Table.Td>
                    <Table.Td>{x.localOnly}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">{t('exchange.rules')}</Text>
            {localOnly > 0 && <Alert color="yellow">{t('exchange.localOnlyNote', { count: localOnly })}</Alert>}
            <Notes title={t('exchange.updatedList', { count: report.updated.length })} notes={report.updated} testId="exchange-updated" />
            <Notes title={t('exchange.keptList', { count: report.kept.length })} notes={report.kept} testId="exchange-kept" />
            {report.problems.length === 0 && changes === 0 && <Alert color="teal">{t('exchange.nothing')}</Alert>}
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>{t('common.close')}</Button>
          {report && report.problems.length === 0 && changes > 0 && (
            <Button onClick={commit} loading={busy} disabled={report.sender?.keyStatus === 'changed' && !acceptNewKey} data-testid="exchange-commit">
              {t('exchange.commit')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
