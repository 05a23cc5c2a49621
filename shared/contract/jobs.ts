import { z } from 'zod';
import { channel } from './define';
import type { ImportReport } from './imports';

export interface JobStatus {
  id: string;
  kind: string;
  state: 'running' | 'done' | 'failed';
  phase: string;
  done: number;
  total: number;
  startedAt: string;
  finishedAt: string | null;
  result: ImportReport | null;
  error: { code: string; message: string; details?: unknown } | null;
}

// ---------- the channels ----------

export const jobsContract = {
  'jobs.get': channel(z.object({ jobId: z.string().min(1) })).returns<JobStatus>(),
};
