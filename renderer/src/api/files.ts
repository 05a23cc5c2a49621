import type { FilePayload } from '../../../shared/schemas/common';
import { ApiError, call } from './client';

/** Saves a file the core produced: a save dialog in Electron, a download in browser mode. */
export async function saveFile(file: FilePayload): Promise<void> {
  if (window.api) {
    await window.api.saveFile(file);
    return;
  }
  const bytes = Uint8Array.from(atob(file.dataBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Backs up the database: in Electron a save dialog, then the core writes the copy to that file; in
 * browser mode the core makes the copy and the browser downloads it once by its one-time link. Neither
 * carries the file through JSON, so any size works. False when the user cancelled the dialog.
 */
export async function saveBackup(): Promise<boolean> {
  if (window.api) {
    const r = await window.api.saveBackup();
    if (r.error) throw new ApiError(r.error);
    return r.saved;
  }
  const { url, fileName } = await call('backup.download', {});
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  return true;
}

/** Reads a picked file for the contract (JSON carries bytes as base64). */
export async function readFileForUpload(file: File): Promise<{ fileName: string; dataBase64: string }> {
  const buffer = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < buffer.length; i += chunk) binary += String.fromCharCode(...buffer.subarray(i, i + chunk));
  return { fileName: file.name, dataBase64: btoa(binary) };
}

/**
 * Turns the page on screen into a PDF: Electron's printToPDF behind a save dialog, or the browser's own print
 * dialog (whose "save as PDF" is the PDF path in browser mode). The page's @media print rules apply to both.
 */
export async function printPageToPdf(fileName: string): Promise<{ saved: boolean; path?: string }> {
  if (window.api) return window.api.printReportToPdf(fileName);
  window.print();
  return { saved: false };
}
