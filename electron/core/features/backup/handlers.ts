import type { HandlerMap } from '../../app/handler';
import { backupForDownload, backupTo } from './service';

export const backupHandlers = {
  // Desktop: the path the user chose in the save dialog (the Electron main process asks, not the page).
  'backup.saveTo': async (ctx, input) => backupTo(ctx, input.path),
  'backup.download': backupForDownload,
} satisfies Partial<HandlerMap>;
