import { useState } from 'react';
import { Alert, Button, Group, List, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ExchangeRecordNote } from '../../../../shared/contract';
import { beijingTime } from '../../../../shared/domain/calendar';
import { call } from '../../api/client';
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

/**
 * Pick a package → see what it would add, update and keep, table by table, and every conflict by name →
 * write it all at once. The preview is the same merge rolled back, so what it shows is what is written.
 */
export function ExchangeImportDialog({ opened, onClose, onDone }: { opened: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { upload, report, clear, picker } = useFilePreview((file) => call('exchange.preview', { file }));
  const [busy, setBusy] = useState(false);

  const close = () => {
    clear();
    onClose();
  };

  const commit = async () => {
    if (!upload) return;
    setBusy(true);
    try {
      const done = await call('exchange.apply', { file: upload });
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
        {report && (
          <Stack gap="xs" data-testid="exchange-report">
            <Text fw={600}>{t('exchange.from', { names: report.facilities.map((f) => f.name).join('、') })}</Text>
            <Text size="sm" c="dimmed">{t('exchange.createdAt', { at: beijingTime(report.createdAt) })}</Text>
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
            <Button onClick={commit} loading={busy} data-testid="exchange-commit">{t('exchange.commit')}</Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
