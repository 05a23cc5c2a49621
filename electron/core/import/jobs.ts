import type { ImportReport, JobStatus } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../app/log';

const KEEP_FINISHED_MS = 60 * 60 * 1000;

/**
 * Long work (imports, large exports) runs as a job: the request returns an id at once and the UI
 * polls for progress, so no call holds the window or the HTTP host for the length of a file.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobStatus>();
  /** `fault` names what a job's failure was when it is not an AppError (a full disk, a busy file), as dispatch does. */
  constructor(
    private readonly logger: Logger,
    private readonly fault: (err: unknown) => AppError | null = () => null,
  ) {}

  start(kind: string, work: (progress: (done: number, total: number, phase: string) => void) => Promise<ImportReport>): string {
    this.prune();
    const id = crypto.randomUUID();
    const job: JobStatus = {
      id,
      kind,
      state: 'running',
      phase: '排队',
      done: 0,
      total: 0,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      result: null,
      error: null,
    };
    this.jobs.set(id, job);
    // Started on the next turn so the caller gets its id before the first chunk runs.
    setImmediate(() => {
      work((done, total, phase) => Object.assign(job, { done, total, phase }))
        .then((result) => Object.assign(job, { state: 'done', result, phase: '完成' }))
        .catch((err: unknown) => {
          const known = err instanceof AppError ? err : this.fault(err);
          if (!known) this.logger.error(`job ${kind} failed`, err);
          Object.assign(job, {
            state: 'failed',
            error: known
              ? { code: known.code, message: known.message, details: known.details }
              : { code: 'INTERNAL', message: '系统内部错误，导入未写入任何数据' },
          });
        })
        .finally(() => {
          job.finishedAt = new Date().toISOString();
        });
    });
    return id;
  }

  get(id: string): JobStatus {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('JOB_NOT_FOUND', '后台任务不存在或已过期');
    return { ...job };
  }

  private prune(): void {
    const cutoff = Date.now() - KEEP_FINISHED_MS;
    for (const [id, job] of this.jobs) {
      if (job.finishedAt && Date.parse(job.finishedAt) < cutoff) this.jobs.delete(id);
    }
  }
}
