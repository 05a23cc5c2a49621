import { z } from 'zod';
import { AppError, ERROR_MESSAGES, type FieldIssue, type Result } from '../../shared/errors';
import { CHANNEL_ACCESS, contract, type Channel, type ChannelAccess } from '../../shared/contract';
import type { CoreContext } from './app/context';
import { handlers } from './handlers';
import { constraintError, sqliteFault } from './app/faults';
import { accessOf, covers, resolveTarget, type Access } from './app/access';
import { grantsOf, passwordExpired, readPolicy } from './features/accounts/service';

z.config(z.locales.zhCN());

function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Who is calling, as the transport knows it: the session token (cookie or the window's), the client address. */
export interface Caller {
  session?: string | null;
  address?: string | null;
}

export type Dispatch = (channel: string, input: unknown, caller?: Caller) => Promise<Result<unknown>>;

const refuse = (code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'PASSWORD_EXPIRED', message?: string): Result<unknown> => ({
  ok: false,
  error: { code, message: message ?? ERROR_MESSAGES[code] },
});

/** The signed-in account behind a session token, or why there is none. */
async function sessionAccess(ctx: CoreContext, token: string): Promise<{ access: Access; name: string; expired: boolean } | 'expired' | null> {
  const policy = await readPolicy(ctx.db);
  const session = ctx.sessions.use(token, ctx.now().getTime(), policy.idleMinutes * 60_000);
  if (session === null || session === 'expired') return session;
  const account = await ctx.db.selectFrom('accounts').select(['id', 'name', 'disabled_at', 'password_set_at']).where('id', '=', session.accountId).executeTakeFirst();
  if (!account || account.disabled_at) {
    ctx.sessions.end(token);
    return null;
  }
  return { access: accessOf(account.id, await grantsOf(ctx.db, account.id)), name: account.name, expired: passwordExpired(account.password_set_at, policy, ctx.now()) };
}

/**
 * Who calls and whether the channel's permission is theirs, decided before the input is even read: a
 * caller without a session learns nothing about any channel but UNAUTHENTICATED.
 */
async function identify(ctx: CoreContext, channel: Channel, caller: Caller): Promise<CoreContext | Result<unknown>> {
  const rule: ChannelAccess = CHANNEL_ACCESS[channel];
  const base: CoreContext = { ...ctx, session: caller.session ?? null, address: caller.address ?? null, scope: null };
  if (!ctx.requireSession) return base;
  const found = caller.session ? await sessionAccess(ctx, caller.session) : null;
  if (rule.permission === 'public') {
    return found && found !== 'expired' ? { ...base, access: found.access, actor: { id: found.access.accountId, name: found.name } } : { ...base, access: null, actor: { id: 'anonymous', name: '未登录用户' } };
  }
  if (found === 'expired') return refuse('UNAUTHENTICATED', '长时间未操作，已自动退出登录，请重新登录');
  if (found === null) return refuse('UNAUTHENTICATED');
  const call: CoreContext = { ...base, access: found.access, actor: { id: found.access.accountId, name: found.name } };
  if (found.expired && channel !== 'auth.changePassword') return refuse('PASSWORD_EXPIRED');
  if (rule.permission !== 'signedIn' && !found.access.permissions.has(rule.permission)) return refuse('FORBIDDEN');
  return call;
}

/**
 * The scope check, on the validated input: every facility or district the input names must lie in the
 * caller's scope for the channel's permission; a request that names none reaches every district
 * ('all': only an unscoped grant may) or is a list the handler filters by `ctx.scope` ('list').
 * Exported for the channel × role test.
 */
export async function scopeCheck(call: CoreContext, channel: Channel, input: unknown): Promise<CoreContext | Result<unknown>> {
  const rule: ChannelAccess = CHANNEL_ACCESS[channel];
  if (!call.access || rule.permission === 'public' || rule.permission === 'signedIn') return call;
  const scope = call.access.permissions.get(rule.permission);
  if (!scope) return refuse('FORBIDDEN');
  const fields = (input ?? {}) as Record<string, unknown>;
  let named = false;
  for (const [field, kind] of rule.targets ?? []) {
    const value = fields[field];
    if (value === undefined || value === null || value === '') continue;
    named = true;
    const touched = await resolveTarget(call.db, kind, value);
    if (touched && !covers(scope, touched)) return refuse('FORBIDDEN', '该记录不在您的账户的管辖范围内');
  }
  if (!named && rule.otherwise === 'all' && !scope.all) return refuse('FORBIDDEN', '此操作涉及全部区和机构，您的账户只能在自己的管辖范围内操作');
  return { ...call, scope: scope.all ? null : scope };
}

/**
 * The one place where failures become results: validation → VALIDATION, AppError → its own code,
 * SQLite's constraint, busy, full, read-only and damaged-file errors → their codes, anything else → INTERNAL (logged, with a message that never leaks internals to the user). Both
 * transports (Electron IPC and the loopback HTTP host) and the CLI call this.
 */
export function createDispatch(ctx: CoreContext): Dispatch {
  return async (channel, rawInput, caller = {}) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `${ERROR_MESSAGES.UNKNOWN_CHANNEL}：${channel}` } };
    }
    let who: CoreContext | Result<unknown>;
    try {
      who = await identify(ctx, channel, caller);
    } catch (err) {
      return failure(ctx, channel, err);
    }
    if ('ok' in who) return who;
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
      const call = await scopeCheck(who, channel, parsed.data);
      if ('ok' in call) return call;
      const handler = handlers[channel] as (c: CoreContext, i: unknown) => Promise<unknown>;
      const data = await handler(call, parsed.data);
      return { ok: true, data };
    } catch (err) {
      return failure(ctx, channel, err);
    }
  };
}

function failure(ctx: CoreContext, channel: string, err: unknown): Result<unknown> {
  const known = err instanceof AppError ? err : (constraintError(err) ?? sqliteFault(err, ctx.dbPath));
  if (known) return { ok: false, error: { code: known.code, message: known.message, details: known.details } };
  ctx.logger.error(`INTERNAL on ${channel}`, err);
  return { ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } };
}
