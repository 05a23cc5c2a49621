import { useEffect, useState } from 'react';
import { Button, Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { ReportLevel } from '../../../../shared/contract';
import { call } from '../../api/client';
import { saveFile } from '../../api/files';
import { notifyError } from '../../components/notify';

/**
 * XLSX and CSV come from the core (exports.indicators); the PDF is the printable report view. The core builds
 * the file off the renderer's thread, so the window stays responsive; the busy line says what is happening.
 */
export function ExportButtons({ asOf, level, disabled }: { asOf: string; level: ReportLevel; disabled?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<'xlsx' | 'csv' | null>(null);
  // Said inline rather than as a notification: a toast would sit on top of these very buttons.
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => setDone(null), [asOf, level]);
  const run = async (format: 'xlsx' | 'csv') => {
    setBusy(format);
    setDone(null);
    try {
      const file = await call('exports.indicators', { asOf, format, level });
      await saveFile(file);
      setDone(t('indicators.export.done', { file: file.fileName }));
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group gap="xs">
      {!busy && done && (
        <Text size="sm" c="teal" role="status" data-testid="export-done">{done}</Text>
      )}
      {busy && (
        <Group gap={6} role="status" aria-live="polite" data-testid="export-busy">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">{t(busy === 'xlsx' ? 'indicators.export.busyXlsx' : 'indicators.export.busyCsv')}</Text>
        </Group>
      )}
      <Button variant="light" onClick={() => run('xlsx')} loading={busy === 'xlsx'} disabled={disabled || (busy !== null && busy !== 'xlsx')}>
        {t('indicators.export.xlsx')}
      </Button>
      <Button variant="light" onClick={() => run('csv')} loading={busy === 'csv'} disabled={disabled || (busy !== null && busy !== 'csv')}>
        {t('indicators.export.csv')}
      </Button>
      <Button
        variant="light"
        disabled={disabled}
        onClick={() => navigate(`/indicators/report?${new URLSearchParams({ asOf, level }).toString()}`)}
      >
        {t('indicators.export.pdf')}
      </Button>
    </Group>
  );
}
