import type { HandlerMap } from '../../app/handler';
import { AppError } from '../../../../shared/errors';
import { inTransaction } from '../../app/audit';
import { writeSetting } from '../../app/settings';
import {
  AUTH_POLICY_SETTING,
  createAccount,
  listAccounts,
  readPolicy,
  resetPassword,
  setDisabled,
  setGrants,
} from './service';

export const accountHandlers = {
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
} satisfies Partial<HandlerMap>;
