import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError } from '../../../../shared/errors';
import { DEFAULT_AUTH_POLICY, ROLE_LABELS, ROLE_SCOPE, type AuthPolicy, type Grant, type Role } from '../../../../shared/domain/access';
import type { AccountRow } from '../../../../shared/contract/accounts';
import type { SignedIn } from '../../../../shared/contract/auth';
import type { CoreContext, Trx } from '../../app/context';
import { inTransaction, writeAudit } from '../../app/audit';
import { readSetting } from '../../app/settings';
import { newId } from '../../app/ids';
import { accessOf } from '../../app/access';
import { hashPassword, verifyPassword } from '../../app/sessions';
import { PERMISSION_KEYS } from '../../../../shared/domain/access';

export const AUTH_POLICY_SETTING = 'auth.policy';

export async function readPolicy(db: Kysely<Database> | Trx): Promise<AuthPolicy> {
  return { ...DEFAULT_AUTH_POLICY, ...(await readSetting<Partial<AuthPolicy>>(db, AUTH_POLICY_SETTING, {})) };
}

export async function accountCount(db: Kysely<Database> | Trx): Promise<number> {
  const row = await db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function grantsOf(db: Kysely<Database> | Trx, accountId: string): Promise<Grant[]> {
  const rows = await db.selectFrom('account_grants').select(['role', 'scope_kind', 'scope_id']).where('account_id', '=', accountId).orderBy('role').orderBy('scope_id').execute();
  const byRole = new Map<string, Grant>();
  for (const r of rows) {
    const key = `${r.role}|${r.scope_kind}`;
    const g = byRole.get(key);
    if (r.scope_kind === 'all') byRole.set(key, { role: r.role as Role, scope: { kind: 'all' } });
    else if (r.scope_kind === 'district') {
      if (g && g.scope.kind === 'district') g.scope.codes.push(r.scope_id!);
      else byRole.set(key, { role: r.role as Role, scope: { kind: 'district', codes: [r.scope_id!] } });
    } else if (g && g.scope.kind === 'facility') g.scope.ids.push(r.scope_id!);
    else byRole.set(key, { role: r.role as Role, scope: { kind: 'facility', ids: [r.scope_id!] } });
  }
  return [...byRole.values()];
}

export function grantLabel(grants: Grant[]): string {
  if (grants.length === 0) return '（无角色）';
  return grants
    .map((g) => `${ROLE_LABELS[g.role]}${g.scope.kind === 'all' ? '（全部）' : g.scope.kind === 'district' ? `（区 ${g.scope.codes.join('、')}）` : `（机构 ${g.scope.ids.length} 个）`}`)
    .join('；');
}

/** The set-at of a password an administrator reset: expired whatever the policy, so its owner must change it. */
export const MUST_CHANGE = '1970-01-01T00:00:00.000Z';

export function passwordExpired(setAt: string, policy: AuthPolicy, now: Date): boolean {
  if (setAt === MUST_CHANGE) return true;
  return policy.passwordMaxAgeDays > 0 && now.getTime() - Date.parse(setAt) > policy.passwordMaxAgeDays * 86_400_000;
}

export async function signedIn(ctx: CoreContext, accountId: string): Promise<SignedIn> {
  const account = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  const grants = await grantsOf(ctx.db, accountId);
  const access = accessOf(accountId, grants);
  return {
    signedIn: true,
    account: { id: account.id, name: account.name },
    grants,
    permissions: PERMISSION_KEYS.filter((p) => access.permissions.has(p)),
    passwordExpired: passwordExpired(account.password_set_at, await readPolicy(ctx.db), ctx.now()),
  };
}

async function rowOf(db: Kysely<Database> | Trx, id: string): Promise<AccountRow> {
  const a = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw new AppError('ACCOUNT_NOT_FOUND');
  return {
    id: a.id,
    name: a.name,
    grants: await grantsOf(db, a.id),
    disabled: a.disabled_at !== null,
    lockedUntil: a.locked_until,
    passwordSetAt: a.password_set_at,
    createdAt: a.created_at,
  };
}

export async function listAccounts(ctx: CoreContext, input: { offset: number; limit: number }) {
  const ids = await ctx.db.selectFrom('accounts').select('id').orderBy('name').limit(input.limit).offset(input.offset).execute();
  const total = await accountCount(ctx.db);
  return { rows: await Promise.all(ids.map((r) => rowOf(ctx.db, r.id))), total, offset: input.offset, limit: input.limit };
}

/** A facility grant names facilities that exist; a district grant, registered districts. */
async function checkGrants(trx: Trx, grants: Grant[]): Promise<void> {
  for (const g of grants) {
    const kind = ROLE_SCOPE[g.role];
    if (kind === 'none' && g.scope.kind !== 'all') throw new AppError('GRANT_INVALID', `${grantLabel([g])}：该角色不分区或机构，范围应为“全部”`);
    if (kind === 'district' && g.scope.kind === 'facility') throw new AppError('GRANT_INVALID', '区级民政的范围应为区（或全部）');
    if (kind === 'facility' && g.scope.kind === 'district') throw new AppError('GRANT_INVALID', '机构角色的范围应为机构（或全部）');
    if (g.scope.kind === 'facility') {
      const found = await trx.selectFrom('facilities').select('id').where('id', 'in', g.scope.ids).execute();
      if (found.length !== new Set(g.scope.ids).size) throw new AppError('GRANT_INVALID', '授权范围中有不存在的机构');
    }
    if (g.scope.kind === 'district') {
      const found = await trx.selectFrom('areas').select('code').where('code', 'in', g.scope.codes).where('level', '=', 'district').execute();
      if (found.length !== new Set(g.scope.codes).size) throw new AppError('GRANT_INVALID', '授权范围中有未登记的区');
    }
  }
}

async function writeGrants(trx: Trx, accountId: string, grants: Grant[]): Promise<void> {
  await trx.deleteFrom('account_grants').where('account_id', '=', accountId).execute();
  for (const g of grants) {
    const ids: (string | null)[] = g.scope.kind === 'all' ? [null] : g.scope.kind === 'district' ? [...new Set(g.scope.codes)] : [...new Set(g.scope.ids)];
    for (const scope_id of ids) {
      await trx
        .insertInto('account_grants')
        .values({ id: newId(), account_id: accountId, role: g.role, scope_kind: g.scope.kind, scope_id })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
}

export async function createAccount(ctx: CoreContext, input: { name: string; password: string; grants: Grant[] }, action = 'account.create'): Promise<AccountRow> {
  const hash = await hashPassword(input.password, ctx.scryptLog2N);
  return inTransaction(ctx, async (trx) => {
    const taken = await trx.selectFrom('accounts').select('id').where('name', '=', input.name).executeTakeFirst();
    if (taken) throw new AppError('ACCOUNT_NAME_TAKEN');
    await checkGrants(trx, input.grants);
    const id = newId();
    const now = ctx.now().toISOString();
    await trx.insertInto('accounts').values({ id, name: input.name, password_hash: hash, password_set_at: now, locked_until: null, disabled_at: null, created_at: now, created_by: ctx.actor.name }).execute();
    await writeGrants(trx, id, input.grants);
    await writeAudit(trx, ctx, { action, entity: 'account', entityId: id, summary: `新建账户 ${input.name}：${grantLabel(input.grants)}`, after: { name: input.name, grants: input.grants } });
    return rowOf(trx, id);
  });
}

/** The first account, only while none exists: a 系统管理员 over the whole installation. */
export async function setupFirstAccount(ctx: CoreContext, input: { name: string; password: string }): Promise<AccountRow> {
  if ((await accountCount(ctx.db)) > 0) throw new AppError('SETUP_DONE');
  const row = await createAccount(ctx, { ...input, grants: [{ role: 'sysadmin', scope: { kind: 'all' } }] }, 'account.setup');
  // Two setups racing: the second one's account is not the first; undo is not possible (never delete), so refuse it loudly.
  if ((await accountCount(ctx.db)) > 1) throw new AppError('SETUP_DONE');
  return row;
}

export async function setGrants(ctx: CoreContext, input: { id: string; grants: Grant[] }): Promise<AccountRow> {
  const row = await inTransaction(ctx, async (trx) => {
    const before = await rowOf(trx, input.id);
    await checkGrants(trx, input.grants);
    await writeGrants(trx, input.id, input.grants);
    await writeAudit(trx, ctx, {
      action: 'account.grants',
      entity: 'account',
      entityId: input.id,
      summary: `账户 ${before.name} 的角色：${grantLabel(before.grants)} → ${grantLabel(input.grants)}`,
      before: before.grants,
      after: input.grants,
    });
    return rowOf(trx, input.id);
  });
  ctx.sessions.endAll(input.id);
  return row;
}

export async function resetPassword(ctx: CoreContext, input: { id: string; password: string }): Promise<AccountRow> {
  const hash = await hashPassword(input.password, ctx.scryptLog2N);
  const row = await inTransaction(ctx, async (trx) => {
    const before = await rowOf(trx, input.id);
    // The new password must be changed at the next login, even where passwords never expire.
    await trx.updateTable('accounts').set({ password_hash: hash, password_set_at: MUST_CHANGE, failed_logins: 0, locked_until: null }).where('id', '=', input.id).execute();
    await writeAudit(trx, ctx, { action: 'account.resetPassword', entity: 'account', entityId: input.id, summary: `重置账户 ${before.name} 的密码（下次登录须修改）` });
    return rowOf(trx, input.id);
  });
  ctx.sessions.endAll(input.id);
  return row;
}

export async function setDisabled(ctx: CoreContext, input: { id: string; disabled: boolean; reason: string }): Promise<AccountRow> {
  if (input.disabled && ctx.access?.accountId === input.id) throw new AppError('GRANT_INVALID', '不能停用自己正在使用的账户');
  const row = await inTransaction(ctx, async (trx) => {
    const before = await rowOf(trx, input.id);
    await trx.updateTable('accounts').set({ disabled_at: input.disabled ? ctx.now().toISOString() : null, failed_logins: 0, locked_until: null }).where('id', '=', input.id).execute();
    await writeAudit(trx, ctx, { action: input.disabled ? 'account.disable' : 'account.enable', entity: 'account', entityId: input.id, summary: `${input.disabled ? '停用' : '启用'}账户 ${before.name}：${input.reason}` });
    return rowOf(trx, input.id);
  });
  if (input.disabled) ctx.sessions.endAll(input.id);
  return row;
}

/** Writes an audit entry on its own, for an event whose request fails (a failed login must stay on record). */
async function auditAlone(ctx: CoreContext, actor: { id: string; name: string }, entry: Parameters<typeof writeAudit>[2]) {
  await inTransaction({ ...ctx, actor }, (trx) => writeAudit(trx, { ...ctx, actor }, entry));
}

/**
 * Checks a name and password. Wrong ones count towards the lockout; a locked, disabled or unknown
 * account is refused with the same message as a wrong password except when locked (the person must know
 * to wait). Each outcome is audited.
 */
export async function login(ctx: CoreContext, input: { name: string; password: string }, address: string | null): Promise<{ token: string; accountId: string }> {
  const policy = await readPolicy(ctx.db);
  const account = await ctx.db.selectFrom('accounts').selectAll().where('name', '=', input.name).executeTakeFirst();
  const from = address ? `（来自 ${address}）` : '';
  const who = { id: account?.id ?? 'anonymous', name: account?.name ?? `未登录用户` };
  if (!account) {
    // The same work as a real check, so an unknown name takes as long as a wrong password.
    await hashPassword(input.password, ctx.scryptLog2N);
    await auditAlone(ctx, who, { action: 'auth.loginFailed', entity: 'account', entityId: input.name.slice(0, 50), summary: `登录失败：账户 ${input.name.slice(0, 50)} 不存在${from}` });
    throw new AppError('LOGIN_FAILED');
  }
  const now = ctx.now();
  if (account.locked_until && Date.parse(account.locked_until) > now.getTime()) {
    await auditAlone(ctx, who, { action: 'auth.loginFailed', entity: 'account', entityId: account.id, summary: `登录被拒绝：账户 ${account.name} 已锁定${from}` });
    throw new AppError('ACCOUNT_LOCKED', `连续登录失败次数过多，账户已锁定至 ${lockedUntilText(account.locked_until)}`, { lockedUntil: account.locked_until });
  }
  const ok = await verifyPassword(input.password, account.password_hash);
  if (account.disabled_at) {
    await auditAlone(ctx, who, { action: 'auth.loginFailed', entity: 'account', entityId: account.id, summary: `登录被拒绝：账户 ${account.name} 已停用${from}` });
    throw new AppError('LOGIN_FAILED');
  }
  if (!ok) {
    await wrongPassword(ctx, account, policy, { action: 'auth.loginFailed', summary: `登录失败：账户 ${account.name} 密码错误`, from, failed: '登录失败' });
    throw new AppError('LOGIN_FAILED');
  }
  await inTransaction({ ...ctx, actor: who }, async (trx) => {
    await trx.updateTable('accounts').set({ failed_logins: 0, locked_until: null }).where('id', '=', account.id).execute();
    await writeAudit(trx, { ...ctx, actor: who }, { action: 'auth.login', entity: 'account', entityId: account.id, summary: `账户 ${account.name} 登录${from}` });
  });
  return { token: ctx.sessions.create(account.id, now.getTime()), accountId: account.id };
}

/**
 * A wrong password, at the login or as the old one of a password change: it counts towards the lockout
 * either way (a session left open must not be a place to guess the password), audited; throws
 * ACCOUNT_LOCKED once the failures in a row reach the policy's limit.
 */
async function wrongPassword(
  ctx: CoreContext,
  account: { id: string; name: string; failed_logins: number },
  policy: AuthPolicy,
  entry: { action: string; summary: string; from: string; failed: string },
): Promise<void> {
  const who = { id: account.id, name: account.name };
  const failures = account.failed_logins + 1;
  const lock = failures >= policy.maxFailures;
  const lockedUntil = lock ? new Date(ctx.now().getTime() + policy.lockMinutes * 60_000).toISOString() : null;
  await inTransaction({ ...ctx, actor: who }, async (trx) => {
    await trx.updateTable('accounts').set({ failed_logins: lock ? 0 : failures, locked_until: lockedUntil }).where('id', '=', account.id).execute();
    await writeAudit(trx, { ...ctx, actor: who }, { action: entry.action, entity: 'account', entityId: account.id, summary: `${entry.summary}（连续第 ${failures} 次）${entry.from}` });
    if (lock) await writeAudit(trx, { ...ctx, actor: who }, { action: 'auth.locked', entity: 'account', entityId: account.id, summary: `账户 ${account.name} 连续 ${failures} 次${entry.failed}，锁定 ${policy.lockMinutes} 分钟${entry.from}` });
  });
  if (lock) throw new AppError('ACCOUNT_LOCKED', `连续${entry.failed} ${failures} 次，账户已锁定至 ${lockedUntilText(lockedUntil!)}`, { lockedUntil });
}

function lockedUntilText(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

export async function changePassword(ctx: CoreContext, input: { oldPassword: string; newPassword: string }): Promise<{ passwordSetAt: string }> {
  const accountId = ctx.access?.accountId;
  if (!accountId) throw new AppError('UNAUTHENTICATED', '命令行请使用 users reset-password 设置密码');
  const account = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  if (account.locked_until && Date.parse(account.locked_until) > ctx.now().getTime()) {
    throw new AppError('ACCOUNT_LOCKED', `连续密码错误次数过多，账户已锁定至 ${lockedUntilText(account.locked_until)}，期间不能修改密码`, { lockedUntil: account.locked_until });
  }
  if (!(await verifyPassword(input.oldPassword, account.password_hash))) {
    await wrongPassword(ctx, account, await readPolicy(ctx.db), { action: 'auth.passwordChangeFailed', summary: `账户 ${account.name} 修改密码失败：原密码错误`, from: '', failed: '输错原密码' });
    throw new AppError('LOGIN_FAILED', '原密码不正确');
  }
  if (input.oldPassword === input.newPassword) throw new AppError('PASSWORD_REUSED');
  const hash = await hashPassword(input.newPassword, ctx.scryptLog2N);
  const at = ctx.now().toISOString();
  await inTransaction(ctx, async (trx) => {
    await trx.updateTable('accounts').set({ password_hash: hash, password_set_at: at, failed_logins: 0 }).where('id', '=', accountId).execute();
    await writeAudit(trx, ctx, { action: 'auth.passwordChange', entity: 'account', entityId: accountId, summary: `账户 ${account.name} 修改了自己的密码` });
  });
  // Whoever signed in elsewhere with the old password is signed out.
  ctx.sessions.endAll(accountId, ctx.session);
  return { passwordSetAt: at };
}

export async function logout(ctx: CoreContext): Promise<void> {
  if (!ctx.session || !ctx.access) return;
  ctx.sessions.end(ctx.session);
  await inTransaction(ctx, (trx) => writeAudit(trx, ctx, { action: 'auth.logout', entity: 'account', entityId: ctx.access!.accountId, summary: `账户 ${ctx.actor.name} 退出登录` }));
}
