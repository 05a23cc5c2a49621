import { z } from 'zod';
import { channel } from './define';
import { pageInput, trimmed } from '../schemas/common';
import type { FilePayload, Page } from '../schemas/common';
import { ROLE_KEYS, passwordProblem, type AuthPolicy, type Grant, type Permission } from '../domain/access';

// Accounts, sessions and the audit trail's check (issue 27).

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

export interface AccountRow {
  id: string;
  name: string;
  grants: Grant[];
  disabled: boolean;
  lockedUntil: string | null;
  passwordSetAt: string;
  createdAt: string;
}

const accountName = trimmed('账户名', 50).refine((v) => /^[^\s]+$/.test(v), { error: '账户名不能包含空格' });
const password = z
  .string({ error: '请输入密码' })
  .max(128, { error: '密码不能超过 128 个字符' })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const anyPassword = z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(128);

export const grantSchema = z.object({
  role: z.enum(ROLE_KEYS, { error: '未知的角色' }),
  scope: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('all') }),
    z.object({ kind: z.literal('district'), codes: z.array(z.string().regex(/^\d{6}$/, { error: '区代码应为 6 位数字' })).min(1).max(50) }),
    z.object({ kind: z.literal('facility'), ids: z.array(z.string().min(1).max(64)).min(1).max(500) }),
  ]),
}) satisfies z.ZodType<Grant>;

export const authPolicySchema = z.object({
  passwordMaxAgeDays: z.number().int().min(0).max(3650),
  maxFailures: z.number().int().min(1).max(100),
  lockMinutes: z.number().int().min(1).max(24 * 60),
  idleMinutes: z.number().int().min(1).max(24 * 60),
}) satisfies z.ZodType<AuthPolicy>;

export const accountsContract = {
  'auth.setup': channel(z.object({ name: accountName, password })).returns<LoginResult>(),
  'auth.login': channel(z.object({ name: trimmed('账户名', 50), password: anyPassword })).returns<LoginResult>(),
  'auth.logout': channel(z.object({})).returns<{ signedIn: false }>(),
  'auth.me': channel(z.object({})).returns<Me>(),
  'auth.changePassword': channel(z.object({ oldPassword: anyPassword, newPassword: password })).returns<{ passwordSetAt: string }>(),
  'accounts.list': channel(z.object({ ...pageInput })).returns<Page<AccountRow>>(),
  'accounts.create': channel(z.object({ name: accountName, password, grants: z.array(grantSchema).max(20).default([]) })).returns<AccountRow>(),
  'accounts.setGrants': channel(z.object({ id: z.string().min(1).max(64), grants: z.array(grantSchema).max(20) })).returns<AccountRow>(),
  'accounts.resetPassword': channel(z.object({ id: z.string().min(1).max(64), password })).returns<AccountRow>(),
  'accounts.setDisabled': channel(z.object({ id: z.string().min(1).max(64), disabled: z.boolean(), reason: trimmed('原因', 200) })).returns<AccountRow>(),
  'accounts.policy': channel(z.object({})).returns<AuthPolicy>(),
  'accounts.setPolicy': channel(authPolicySchema).returns<AuthPolicy>(),
  /** The desktop app's setting: serve this PC's UI to the others on the LAN over HTTPS (kept for later starts). */
  'lan.set': channel(z.object({ enabled: z.boolean() })).returns<{ lan: { port: number; fingerprint: string } | null }>(),
  /** The whole audit log as CSV (UTF-8 with BOM), each entry with its hash; the export is itself audited. */
  'audit.export': channel(z.object({})).returns<FilePayload>(),
  'audit.verify': channel(z.object({})).returns<{ entries: number; firstBroken: { seq: number; id: string; at: string; reason: string } | null }>(),
};

