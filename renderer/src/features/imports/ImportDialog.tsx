import { useState } from 'react';
import { Alert, Button, Group, Modal, Progress, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../../../shared/contract';
import { call } from '../../api/client';
import { saveFile } from '../../api/files';
import { notifyError } from '../../components/notify';
import { PickFileButton, useFilePreview } from '../../components/useFilePreview';

/**
 * The one import flow for every kind: template → pick a file → preview (a dry run that names every bad
 * row) → commit all rows at once, with progress. Nothing is written while any row is wrong.
 */
export function ImportDialog({ kind, title, opened, onClose, onDone }: { kind: string; title: string; opened: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [finished, setFinished] = useState<ImportReport | null>(null);
  const forgetRun = () => {
    setProgress(null);
    setFinished(null);
  };
  const { upload, report, setReport, clear, picker } = useFilePreview((file) => call('imports.preview', { kind, file }), forgetRun);

  const reset = () => {
    clear();
    forgetRun();
  };

  const commit = async () => {
    if (!upload) return;
    setBusy(true);
    try {
      const { jobId } = await call('imports.start', { kind, file: upload, dryRun: false });
      for (;;) {
        await new Promise((r) => setTimeout(r, 300));
        const job = await call('jobs.get', { jobId });
        setProgress({ done: job.done, total: job.total });
        if (job.state === 'done') {
          setFinished(job.result);
          setReport(job.result);
          if (job.result?.committed) onDone();
          break;
        }
        if (job.state === 'failed') {
          notifyError(job.error);
          break;
        }
      }
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  const sampleColumns = report?.sample[0] ? Object.keys(report.sample[0]) : [];

  return (
    <Modal opened={opened} onClose={() => { reset(); onClose(); }} title={t('imports.title', { title })} size="xl">
      <Stack>
        <Text size="sm">{t('imports.step1')}</Text>
        <Group>
          <Button variant="light" onClick={() => call('imports.template', { kind, format: 'xlsx' }).then(saveFile, notifyError)}>
            {t('imports.templateXlsx')}
          </Button>
          <Button variant="light" onClick={() => call('imports.template', { kind, format: 'csv' }).then(saveFile, notifyError)}>
            {t('imports.templateCsv')}
          </Button>
        </Group>
        <Text size="sm">{t('imports.step2')}</Text>
        <PickFileButton picker={picker} accept=".xlsx,.csv,.txt" testId="import-pick">{t('imports.pick')}</PickFileButton>
        {upload && <Text size="sm" c="dimmed">{upload.fileName}</Text>}
        {report && (
          <Stack gap="xs" data-testid="import-report">
            <Text fw={600} data-testid="import-summary">
              {t('imports.summary', { read: report.rowsRead, accepted: report.rowsAccepted, rejected: report.rowsRejected })}
            </Text>
            {report.encoding && <Text size="xs" c="dimmed">{t('imports.encoding', { encoding: report.encoding })}</Text>}
            {report.rowsRejected > 0 && (
              <>
                <Alert color="red">{t('imports.blocked')}</Alert>
                <Text size="sm" fw={600}>{t('imports.errors')}</Text>
                <ScrollArea.Autosize mah={240}>
                  <Table striped withTableBorder data-testid="import-errors">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('imports.row')}</Table.Th>
                        <Table.Th>{t('imports.column')}</Table.Th>
                        <Table.Th>{t('imports.message')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {report.errors.map((e, i) => (
                        <Table.Tr key={i}>
                          <Table.Td>{e.row}</Table.Td>
                          <Table.Td>{e.column ?? ''}</Table.Td>
                          <Table.Td>{e.message}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea.Autosize>
                <Group>
                  <Button variant="light" color="red" onClick={() => upload && call('imports.errorReport', { kind, file: upload }).then(saveFile, notifyError)}>
                    {t('imports.downloadErrors')}
                  </Button>
                </Group>
              </>
            )}
            {report.sample.length > 0 && !finished && (
              <>
                <Text size="sm" fw={600}>{t('imports.sample', { count: report.sample.length })}</Text>
                <ScrollArea.Autosize mah={200}>
                  <Table withTableBorder>
                    <Table.Thead>
                      <Table.Tr>{sampleColumns.map((c) => <Table.Th key={c}>{c}</Table.Th>)}</Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {report.sample.map((row, i) => (
                        <Table.Tr key={i}>{sampleColumns.map((c) => <Table.Td key={c}>{row[c]}</Table.Td>)}</Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea.Autosize>
              </>
            )}
          </Stack>
        )}
        {progress && !finished && (
          <Stack gap={4}>
            <Progress value={progress.total ? (progress.done / progress.total) * 100 : 5} animated />
            <Text size="sm">{progress.total ? t('imports.running', progress) : t('imports.runningRows', progress)}</Text>
          </Stack>
        )}
        {finished?.committed && <Alert color="teal" data-testid="import-done">{t('imports.done', { count: finished.rowsAccepted })}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => { reset(); onClose(); }}>{t('common.close')}</Button>
          {report && report.rowsRejected === 0 && !finished && (
            <Button onClick={commit} loading={busy} data-testid="import-commit">
              {t('imports.commit', { count: report.rowsAccepted })}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
