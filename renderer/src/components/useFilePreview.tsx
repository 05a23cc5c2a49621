import { useRef, useState, type ReactNode } from 'react';
import { Button, FileButton } from '@mantine/core';
import { readFileForUpload } from '../api/files';
import { notifyError } from './notify';

export type Upload = { fileName: string; dataBase64: string };

/**
 * The pick → read → preview step of every file import: the picked file as the contract carries it, the
 * core's preview of it, and a button that picks. The button's input is cleared after each pick, so the
 * same file can be picked again: the usual way to fix an import is to correct the file, save it under
 * its name and pick it once more (a browser sends no change for a file already chosen).
 */
export function useFilePreview<R>(preview: (upload: Upload) => Promise<R>, onPick?: () => void) {
  const [upload, setUpload] = useState<Upload | null>(null);
  const [report, setReport] = useState<R | null>(null);
  const [reading, setReading] = useState(false);
  const reset = useRef<() => void>(null);

  const pick = async (file: File | null) => {
    if (!file) return;
    reset.current?.();
    onPick?.();
    setReport(null);
    setReading(true);
    try {
      const data = await readFileForUpload(file);
      setUpload(data);
      setReport(await preview(data));
    } catch (e) {
      notifyError(e);
    } finally {
      setReading(false);
    }
  };

  const clear = () => {
    setUpload(null);
    setReport(null);
  };

  return { upload, report, setReport, reading, clear, picker: { pick, reset, reading } };
}

/** The button that picks the file for `useFilePreview`. */
export function PickFileButton({ picker, accept, testId, children }: { picker: ReturnType<typeof useFilePreview>['picker']; accept: string; testId: string; children: ReactNode }) {
  return (
    <FileButton onChange={picker.pick} accept={accept} resetRef={picker.reset}>
      {(props) => <Button {...props} loading={picker.reading} data-testid={testId}>{children}</Button>}
    </FileButton>
  );
}
