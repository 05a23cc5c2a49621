import type { HandlerMap } from '../../app/handler';
import { accountCount, changePassword, login, logout, setupFirstAccount, signedIn } from '../accounts/service';

// Signing in and out is served from the accounts' service: a session is an account's, and the rules
// (lockout, password age) are the account policy's.
export const authHandlers = {
  'auth.setup': async (ctx, input) => {
    await setupFirstAccount(ctx, input);
    const { token, accountId } = await login(ctx, input, ctx.address);
    return { ...(await signedIn(ctx, accountId)), token };
  },
  'auth.login': async (ctx, input) => {
    const { token, accountId } = await login(ctx, input, ctx.address);
    return { ...(await signedIn(ctx, accountId)), token };
  },
  'auth.logout': async (ctx) => {
    await logout(ctx);
    return { signedIn: false as const };
  },
  'auth.me': async (ctx) => {
    if (ctx.access) return signedIn(ctx, ctx.access.accountId);
    return { signedIn: false as const, setupNeeded: (await accountCount(ctx.db)) === 0 };
  },
  'auth.changePassword': (ctx, input) => changePassword(ctx, input),
} satisfies Partial<HandlerMap>;
