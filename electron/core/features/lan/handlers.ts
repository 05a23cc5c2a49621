import type { HandlerMap } from '../../app/handler';
import { AppError } from '../../../../shared/errors';
import { inTransaction } from '../../app/audit';
import { writeSetting } from '../../app/settings';

/** Whether the desktop app serves the LAN: kept, so the next start serves it again. */
export const LAN_SETTING = 'lan.enabled';

export const lanHandlers = {
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
} satisfies Partial<HandlerMap>;
