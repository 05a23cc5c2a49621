import { z } from 'zod';
import { channel } from './define';

// ---------- the channels ----------

export const backupContract = {
  'backup.saveTo': channel(
    z.object({ path: z.string().regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, '须为完整路径').max(4096) }),
  ).returns<{ path: string; bytes: number }>(),
  'backup.download': channel(z.object({})).returns<{ fileName: string; bytes: number; url: string }>(),
};
