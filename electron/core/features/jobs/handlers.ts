import type { HandlerMap } from '../../app/handler';

// A job is a long import run off the request (imports.start); the job registry is the context's.
export const jobHandlers = {
  'jobs.get': async (ctx, input) => ctx.jobs.get(input.jobId),
} satisfies Partial<HandlerMap>;
