import { z } from 'zod';
import { channel } from './define';
import { trimmed } from '../schemas/common';
import type { Grant, Permission } from '../domain/access';
import { accountName, password } from './accounts';

// Sessions: signing in and out, the signed-in account and its rights.

export interface SignedIn {
  signedIn: true;
  account: { id: string; name: string };
  grants: Grant[];
  /** What the account may do anywhere in its scope, for the renderer to hide what the core would refuse. */
  permissions: Permission[];
  /** The password is older than the policy allows: the app asks for a new one before anything else. */
  passwordExpired: boolean;
}
export type Me = SignedIn | { signedIn: false; /** No account exists yet: the first start shows the setup screen. */ setupNeeded: boolean };

/** auth.login's answer. The token never reaches a page: the HTTP host turns it into a cookie, IPC keeps it in the core process. */
export type LoginResult = SignedIn & { token?: string };

/** A password as typed at the login: an old one may predate today's rules. */
const anyPassword = z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(128);

// ---------- the channels ----------

export const authContract = {
  'auth.setup': channel(z.object({ name: accountName, password })).returns<LoginResult>(),
  'auth.login': channel(z.object({ name: trimmed('账户名', 50), password: anyPassword })).returns<LoginResult>(),
  'auth.logout': channel(z.object({})).returns<{ signedIn: false }>(),
  'auth.me': channel(z.object({})).returns<Me>(),
  'auth.changePassword': channel(z.object({ oldPassword: anyPassword, newPassword: password })).returns<{ passwordSetAt: string }>(),
};
