import type { HandlerMap } from '../../app/handler';
import { AppError } from '../../../../shared/errors';
import { inTransaction, writeAudit } from '../../app/audit';
import { timestampForFile } from '../../db/migrate';
import { auditCsv } from './service';
import { writeSetting } from '../../app/settings';
import { verifyAuditChain } from '../../app/auditChain';
import {
  AUTH_POLICY_SETTING,
  accountCount,
  changePassword,
  createAccount,
  listAccounts,
  login,
  logout,
  readPolicy,
  resetPassword,
  setDisabled,
  setGrants,
  setupFirstAccount,
  signedIn,
} from './service';

/** Whether the desktop app serves the LAN: kept, so the next start serves it again. */
export const LAN_SETTING = 'lan.enabled';

export const accountHandlers = {
  'auth.setup': async (ctx, input) => {
    const account = await setupFirstAccount(ctx, input);
    const token = await login(ctx, input, ctx.address);
    return { ...(await signedIn(ctx, account.id)), token };
  },
  'auth.login': async (ctx, input) => {
    const token = await login(ctx, input, ctx.address);
    const session = ctx.sessions.use(token, ctx.now().getTime(), Number.MAX_SAFE_INTEGER);
    return { ...(await signedIn(ctx, (session as { accountId: string }).accountId)), token };
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
  'accounts.list': (ctx, input) => listAccounts(ctx, input),
  'accounts.create': (ctx, input) => createAccount(ctx, input),
  'accounts.setGrants': (ctx, input) => {
    if (ctx.access?.accountId === input.id && !input.grants.some((g) => g.role === 'sysadmin')) {
      throw new AppError('GRANT_INVALID', '不能取消自己的系统管理员角色（请由另一位系统管理员操作）');
    }
    return setGrants(ctx, input);
  },
  'accounts.resetPassword': (ctx, input) => resetPassword(ctx, input),
  'accounts.setDisabled': (ctx, input) => setDisabled(ctx, input),
  'accounts.policy': (ctx) => readPolicy(ctx.db),
  'accounts.setPolicy': async (ctx, input) => {
    await inTransaction(ctx, (trx) =>
      writeSetting(trx, ctx, AUTH_POLICY_SETTING, input, {
        action: 'settings.authPolicy',
        summary: `账户安全设置：密码有效期 ${input.passwordMaxAgeDays || '不限'} 天，连续失败 ${input.maxFailures} 次锁定 ${input.lockMinutes} 分钟，空闲 ${input.idleMinutes} 分钟退出`,
      }),
    );
    return readPolicy(ctx.db);
  },
  'lan.set': async (ctx, input) => {
    if (!ctx.lanControl) throw new AppError('LAN_UNAVAILABLE', '只有桌面应用可以在此开启局域网服务；浏览器模式请在本机用 npm run serve -- --lan 启动');
    const lan = input.enabled ? await ctx.lanControl.start() : (await ctx.lanControl.stop(), null);
    await inTransaction(ctx, (trx) =>
      writeSetting(trx, ctx, LAN_SETTING, input.enabled || null, {
        action: 'settings.lan',
        summary: lan ? `开启局域网服务（HTTPS，端口 ${lan.port}，证书指纹 ${lan.fingerprint}）` : '关闭局域网服务',
      }),
    );
    return { lan };
  },
  'audit.verify': (ctx) => verifyAuditChain(ctx.db),
  'audit.export': async (ctx) => {
    const bytes = await auditCsv(ctx);
    if (!ctx.readOnly) await inTransaction(ctx, (trx) => writeAudit(trx, ctx, { action: 'audit.export', entity: 'audit', entityId: 'all', summary: '导出审计日志' }));
    return { fileName: `审计日志-${timestampForFile(ctx.now())}.csv`, mime: 'text/csv', dataBase64: bytes.toString('base64') };
  },
} satisfies Partial<HandlerMap>;
