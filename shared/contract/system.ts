import { z } from 'zod';
import { channel } from './define';

export interface SystemInfo {
  appVersion: string;
  schemaVersion: string;
  dbPath: string;
  /** The database file is not writable: the app shows 只读 and every save fails. */
  readOnly: boolean;
  today: string;
  actor: { id: string; name: string };
  /** While this PC serves the LAN over HTTPS: its port and the certificate's SHA-256 fingerprint. */
  lan: { port: number; fingerprint: string } | null;
}

// ---------- the channels ----------

export const systemContract = {
  'system.info': channel(z.object({})).returns<SystemInfo>(),
};
