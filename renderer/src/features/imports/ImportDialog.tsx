import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Progress, ScrollArea, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportColumn, ImportOptions, ImportReport } from '../../../../shared/contract';
import { isIsoDay } from '../../../../shared/domain/calendar';
import { FACILITY_KINDS } from '../../../../shared/domain/facility';
import { ApiError, call } from '../../api/client';
import { saveFile } from '../../api/files';
import { DateField } from '../../components/DateField';
import { notifyError } from '../../components/notify';
import { PickFileButton, useFilePreview, type Upload } from '../../components/useFilePreview';

/** The kinds a facilities import may assign to rows that name none (imports.stationKind). */
const STATION_KINDS = ['community_station', 'rural_station'] as const satisfies readonly NonNullable<ImportOptions['stationKind']>[];

/** Kinds whose import can update registered records (新增并更新). */
const UPDATABLE = new Set(['facilities', 'elders', 'beds', 'bed-declarations']);

type HeaderProblem = { message: string; headerRows: number[]; found: string[]; missing: string[]; sheets?: string[]; sheet?: string };
type Preview = { report: ImportReport } | { header: HeaderProblem };

const NOT_IMPORTED = '';

/**
 * The one import flow for every kind: template → pick a file → preview (a dry run that names every bad
 * row and shows what each column of the file is imported as, changeable) → commit all rows at once, with
 * progress. Nothing is written while any row is wrong, and no column with data is left out unsaid.
 */
export function ImportDialog({ kind, title, opened, onClose, onDone }: { kind: string; title: string; opened: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [finished, setFinished] = useState<ImportReport | null>(null);
  const [options, setOptions] = useState<ImportOptions>({});
  const [columns, setColumns] = useState<ImportColumn[]>([]);
  const forgetRun = () => {
    setProgress(null);
    setFinished(null);
  };
  useEffect(() => {
    if (opened) call('imports.kinds', {}).then((kinds) => setColumns(kinds.find((k) => k.kind === kind)?.columns ?? []), notifyError);
  }, [opened, kind]);

  const previewWith = async (file: Upload, opts: ImportOptions): Promise<Preview> => {
    try {
      return { report: await call('imports.preview', { kind, file, options: opts }) };
    } catch (e) {
      // A header the import cannot place is shown here, with the row it read, not only in a toast.
      if (e instanceof ApiError && e.code === 'IMPORT_HEADER_MISSING') {
        const d = (e.details ?? {}) as Partial<HeaderProblem>;
        return { header: { message: e.message, headerRows: d.headerRows ?? [], found: d.found ?? [], missing: d.missing ?? [], sheets: d.sheets, sheet: d.sheet } };
      }
      throw e;
    }
  };
  const { upload, report: preview, setReport: setPreview, clear, picker } = useFilePreview((file) => previewWith(file, options), () => {
    forgetRun();
    setOptions({});
  });
  const report = preview && 'report' in preview ? preview.report : null;
  const header = preview && 'header' in preview ? preview.header : null;

  const change = async (next: ImportOptions) => {
    setOptions(next);
    if (!upload) return;
    try {
      setPreview(await previewWith(upload, next));
    } catch (e) {
      notifyError(e);
    }
  };
  const mapTo = (fileColumn: string, target: string) => {
    const rest = (options.map ?? []).filter((m) => m.from !== fileColumn);
    void change({ ...options, map: [...rest, { from: fileColumn, to: target }] });
  };

  const reset = () => {
    clear();
    forgetRun();
    setOptions({});
  };

  const commit = async () => {
    if (!upload) return;
    setBusy(true);
    try {
      const { jobId } = await call('imports.start', { kind, file: upload, dryRun: false, options });
      for (;;) {
        await new Promise((r) => setTimeout(r, 300));
        const job = await call('jobs.get', { jobId });
        setProgress({ done: job.done, total: job.total });
        if (job.state === 'done') {
          setFinished(job.result);
          if (job.result) setPreview({ report: job.result });
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
  const targetChoices = [{ value: NOT_IMPORTED, label: t('imports.notImported') }, ...columns.map((c) => ({ value: c.header, label: c.header + (c.required ? ' *' : '') }))];
  const mappedTargets = new Set(report?.mapping.map((m) => m.target).filter(Boolean));
  const unmappedTemplate = columns.filter((c) => !mappedTargets.has(c.header));
  const changed = report?.changes.filter((c) => c.action !== 'insert') ?? [];

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
        {upload && (
          <Group align="flex-end">
            {UPDATABLE.has(kind) && (
              <SegmentedControl
                data-testid="import-mode"
                value={options.update ? 'update' : 'add'}
                onChange={(v) => void change({ ...options, update: v === 'update' })}
                data={[{ value: 'add', label: t('imports.addOnly') }, { value: 'update', label: t('imports.addAndUpdate') }]}
              />
            )}
            {UPDATABLE.has(kind) && (
              <DateField
                label={t('imports.effectiveOn')}
                w={180}
                defaultValue={options.effectiveOn ?? ''}
                onBlur={(e) => {
                  const v = e.currentTarget.value.trim();
                  if (v === '' || isIsoDay(v)) void change({ ...options, effectiveOn: v || undefined });
                }}
              />
            )}
            {kind === 'facilities' && (
              <Select
                label={t('imports.stationKind')}
                w={200}
                clearable
                value={options.stationKind ?? null}
                onChange={(v) => void change({ ...options, stationKind: (v as ImportOptions['stationKind']) ?? undefined })}
                data={STATION_KINDS.map((k) => ({ value: k, label: FACILITY_KINDS[k] }))}
              />
            )}
          </Group>
        )}
        {header && (
          <Alert color="red" title={t('imports.headerProblem')} data-testid="import-header-problem">
            <Text size="sm">{header.message}</Text>
            {header.sheets && header.sheets.length > 1 && (
              <Select
                mt="xs"
                label={t('imports.sheet')}
                w={200}
                value={options.sheet ?? header.sheet ?? null}
                data={header.sheets}
                onChange={(v) => v && void change({ ...options, sheet: v })}
                data-testid="import-header-sheet"
              />
            )}
          </Alert>
        )}
        {report && (
          <Stack gap="xs" data-testid="import-report">
            <Text fw={600} data-testid="import-summary">
              {t('imports.summary', { read: report.rowsRead, accepted: report.rowsAccepted, rejected: report.rowsRejected })}
            </Text>
            <Group gap="xs">
              {report.sheet !== null && report.sheets.length > 1 && (
                <Select
                  label={t('imports.sheet')}
                  w={200}
                  data-testid="import-sheet"
                  value={report.sheet}
                  data={report.sheets}
                  onChange={(v) => v && void change({ ...options, sheet: v })}
                />
              )}
              <Text size="xs" c="dimmed">{t('imports.headerRows', { rows: report.headerRows.join('、') })}</Text>
              {report.fileDay && <Text size="xs" c="dimmed" data-testid="import-file-day">{t('imports.fileDay', { day: report.fileDay })}</Text>}
              {report.encoding && <Text size="xs" c="dimmed">{t('imports.encoding', { encoding: report.encoding })}</Text>}
            </Group>
            <Text size="sm" fw={600}>{t('imports.mapping')}</Text>
            <ScrollArea.Autosize mah={260}>
              <Table withTableBorder data-testid="import-mapping">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('imports.fileColumn')}</Table.Th>
                    <Table.Th>{t('imports.importedAs')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.mapping.map((m) => (
                    <Table.Tr key={m.index} data-testid={`map-${m.fileColumn}`}>
                      <Table.Td>{m.context ? `${m.context} › ` : ''}{m.fileColumn}</Table.Td>
                      <Table.Td>
                        <Select
                          size="xs"
                          aria-label={m.fileColumn}
                          // Not yet decided shows empty, so choosing 不导入 is a choice the import remembers.
                          value={m.target ?? (m.how === 'user' || m.how === 'remembered' ? NOT_IMPORTED : null)}
                          placeholder={t('imports.how.none')}
                          data={targetChoices}
                          onChange={(v) => mapTo(m.fileColumn, v ?? NOT_IMPORTED)}
                          allowDeselect={false}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={m.target ? 'teal' : m.hasData && m.how !== 'skipped' ? 'orange' : 'gray'}>{t(`imports.how.${m.how}`)}</Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            {unmappedTemplate.length > 0 && (
              <Text size="xs" c="dimmed" data-testid="import-template-unmapped">{t('imports.templateUnmapped', { columns: unmappedTemplate.map((c) => c.header).join('、') })}</Text>
            )}
            {report.unmappedWithData.length > 0 && (
              <Alert color="orange" data-testid="import-unmapped">{t('imports.unmappedWithData', { columns: report.unmappedWithData.join('、') })}</Alert>
            )}
            {report.skipped.length > 0 && (
              <Text size="xs" c="dimmed" data-testid="import-skipped">
                {t('imports.skipped', { rows: report.skipped.map((s) => `第 ${s.row} 行（${s.reason}）`).join('；') })}
              </Text>
            )}
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
                  <Button variant="light" color="red" onClick={() => upload && call('imports.errorReport', { kind, file: upload, options }).then(saveFile, notifyError)}>
                    {t('imports.downloadErrors')}
                  </Button>
                </Group>
              </>
            )}
            {changed.length > 0 && (
              <ScrollArea.Autosize mah={160}>
                <Table withTableBorder data-testid="import-changes">
                  <Table.Tbody>
                    {changed.map((c) => (
                      <Table.Tr key={c.row}>
                        <Table.Td>{t('imports.rowN', { row: c.row })}</Table.Td>
                        <Table.Td>{c.action === 'update' ? t('imports.update') : t('imports.same')}</Table.Td>
                        <Table.Td>{c.fields.map((f) => `${f.column}：${f.before || '空'} → ${f.after || '空'}`).join('；')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
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
              {report.unmappedWithData.length > 0 ? t('imports.commitWithout', { count: report.rowsAccepted, columns: report.unmappedWithData.join('、') }) : t('imports.commit', { count: report.rowsAccepted })}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
