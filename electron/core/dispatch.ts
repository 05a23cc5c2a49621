import { z } from 'zod';
import { AppError, ERROR_MESSAGES, type FieldIssue, type Result } from '../../shared/errors';
import { contract, type Channel } from '../../shared/contract';
import type { CoreContext } from './app/context';
import { handlers } from './handlers';
import { constraintError, sqliteFault } from './app/faults';

z.config(z.locales.zhCN());

function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>;

/**
 * The one place where failures become results: validation → VALIDATION, AppError → its own code,
 * SQLite's constraint, busy, full, read-only and damaged-file errors → their codes, anything else → INTERNAL (logged, with a message that never leaks internals to the user). Both
 * transports (Electron IPC and the loopback HTTP host) and the CLI call this.
 */
export function createDispatch(ctx: CoreContext): Dispatch {
  return async (channel, rawInput) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `${ERROR_MESSAGES.UNKNOWN_CHANNEL}：${channel}` } };
    }
    const parsed = contract[channel].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      const first = issues[0];
      return {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: first ? `${ERROR_MESSAGES.VALIDATION}：${first.message}` : ERROR_MESSAGES.VALIDATION,
          details: { issues },
        },
      };
    }
    try {
      const handler = handlers[channel] as (c: CoreContext, i: unknown) => Promise<unknown>;
      const data = await handler(ctx, parsed.data);
      return { ok: true, data };
    } catch (err) {
      const known = err instanceof AppError ? err : (constraintError(err) ?? sqliteFault(err, ctx.dbPath));
      if (known) return { ok: false, error: { code: known.code, message: known.message, details: known.details } };
      ctx.logger.error(`INTERNAL on ${channel}`, err);
      return { ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } };
    }
  };
}
