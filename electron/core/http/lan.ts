import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Core } from '../core';
import type { LanControl } from '../app/context';
import { accountCount } from '../features/accounts/service';
import { lanCertificate } from './certificate';
import { startHttpHost, type HttpHost } from './host';

export const DEFAULT_LAN_PORT = 5443;

/**
 * Serving the LAN over HTTPS from a running core (the desktop app's setting, `npm run serve -- --lan`):
 * the certificate is generated beside the database on the first start and kept; the host refuses to
 * start while no account exists, so no PC on the network can reach the setup screen. The core's context
 * carries the port and fingerprint while it serves (system.info, 账户与角色).
 */
export function lanController(core: Core, opts: { staticDir: string; port?: number }): LanControl {
  let host: HttpHost | null = null;
  return {
    async start() {
      if (host && core.ctx.lan) return core.ctx.lan;
      if ((await accountCount(core.ctx.db)) === 0) throw new AppError('LAN_UNAVAILABLE', '尚无任何账户，不能在局域网中提供服务：请先创建第一个系统管理员');
      const tls = await lanCertificate(path.dirname(path.resolve(core.ctx.dbPath)));
      host = await startHttpHost({ dispatch: core.dispatch, staticDir: opts.staticDir, port: opts.port ?? DEFAULT_LAN_PORT, logger: core.ctx.logger, tls });
      core.ctx.lan = { port: host.port, fingerprint: tls.fingerprint };
      return core.ctx.lan;
    },
    async stop() {
      core.ctx.lan = null;
      await host?.close();
      host = null;
    },
  };
}
