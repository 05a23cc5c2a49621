import { z } from 'zod';
import { channel } from './define';

// ---------- the channels ----------

export const lanContract = {
  /** The desktop app's setting: serve this PC's UI to the others on the LAN over HTTPS (kept for later starts). */
  'lan.set': channel(z.object({ enabled: z.boolean() })).returns<{ lan: { port: number; fingerprint: string } | null }>(),
};
