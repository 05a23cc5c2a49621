import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS } from '../../shared/contract/channels';

// Sandboxed bridge: plain data only (no zod or other runtime dependency can be required here).
const allowed = new Set<string>(CHANNELS);

contextBridge.exposeInMainWorld('api', {
  invoke(channel: string, input: unknown) {
    if (!allowed.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `未知的请求类型：${channel}` } });
    }
    return ipcRenderer.invoke('rpc', channel, input);
  },
  saveFile(file: { fileName: string; mime: string; dataBase64: string }) {
    return ipcRenderer.invoke('file:save', file);
  },
  saveBackup() {
    return ipcRenderer.invoke('backup:save');
  },
  printReportToPdf(fileName: string) {
    return ipcRenderer.invoke('report:pdf', fileName);
  },
});
