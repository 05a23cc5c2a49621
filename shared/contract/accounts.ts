import { z } from 'zod';
import { channel } from './define';
import { pageInput, trimmed } from '../schemas/common';
import type { Page } from '../schemas/common';
import { ROLE_KEYS, passwordProblem, type AuthPolicy, type Grant } from '../domain/access';

// Accounts, their roles and the sign-in policy (issue 27).

export interface AccountRow {
  id: string;
  name: string;
  grants: Grant[];
  disabled: boolean;
  lockedUntil: string | null;
  passwordSetAt: string;
  createdAt: string;
}

/** An account's name: no spaces (it is typed at the login). */
export const accountName = trimmed('账户名', 50).refine((v) => /^[^\s]+$/.test(v), { error: '账户名不能包含空格' });
/** A new password, checked against the password rules. */
export const password = z
  .string({ error: '请输入密码' })
  .max(128, { error: '密码不能超过 128 个字符' })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

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

// ---------- the channels ----------

export const accountsContract = {
  'accounts.list': channel(z.object({ ...pageInput })).returns<Page<AccountRow>>(),
  'accounts.create': channel(z.object({ name: accountName, password, grants: z.array(grantSchema).max(20).default([]) })).returns<AccountRow>(),
  'accounts.setGrants': channel(z.object({ id: z.string().min(1).max(64), grants: z.array(grantSchema).max(20) })).returns<AccountRow>(),
  'accounts.resetPassword': channel(z.object({ id: z.string().min(1).max(64), password })).returns<AccountRow>(),
  'accounts.setDisabled': channel(z.object({ id: z.string().min(1).max(64), disabled: z.boolean(), reason: trimmed('原因', 200) })).returns<AccountRow>(),
  'accounts.policy': channel(z.object({})).returns<AuthPolicy>(),
  'accounts.setPolicy': channel(authPolicySchema).returns<AuthPolicy>(),
};
