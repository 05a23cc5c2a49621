import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../core';
import { defaultDbPath } from '../paths';
import { startHttpHost } from './host';
import { lanCertificate } from './certificate';
import { startCheckpointBuilder } from '../counting';
import { accountCount } from '../features/accounts/service';

// Browser mode entry: `npm run serve -- [--db file] [--port n] [--lan]`.
async function main() {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, port: { type: 'string' }, static: { type: 'string' }, lan: { type: 'boolean' } },
  });
  const dbPath = path.resolve(values.db ?? defaultDbPath());
  // Every page signs in: the core answers only the login and setup channels without a session.
  const core = await openCore({ dbPath, requireSession: true });
  if (core.migration.backupPath) console.log(`升级前已备份数据库：${core.migration.backupPath}`);
  if (core.ctx.readOnly) console.log('数据库文件不可写，已以只读方式打开：可以查看和导出，修改不会保存');
  let tls: Awaited<ReturnType<typeof lanCertificate>> | undefined;
  if (values.lan) {
    // Other PCs must never see a setup screen that would let the first of them become administrator.
    if ((await accountCount(core.ctx.db)) === 0) {
      await core.close();
      throw new Error('尚无任何账户，不能在局域网中提供服务。请先在本机打开 CareBeds（或 npm run cli -- users add）创建第一个系统管理员');
    }
    tls = await lanCertificate(path.dirname(dbPath));
  }
  const host = await startHttpHost({
    dispatch: core.dispatch,
    staticDir: values.static ?? path.resolve(__dirname, '../../../out/renderer'),
    port: values.port ? Number(values.port) : 5480,
    logger: core.ctx.logger,
    tls,
  });
  if (tls) core.ctx.lan = { port: host.port, fingerprint: tls.fingerprint };
  const stopBuilder = startCheckpointBuilder(core.ctx);
  console.log(`CareBeds 浏览器模式已启动：${host.url}`);
  if (tls) {
    console.log(`局域网服务（HTTPS，端口 ${host.port}）：其他电脑用 https://<本机地址>:${host.port}/ 打开`);
    console.log(`证书指纹（SHA-256），请在其他电脑上核对：${tls.fingerprint}`);
  }
  console.log(`数据库：${dbPath}`);
  console.log('按 Ctrl+C 退出。');
  const stop = async () => {
    stopBuilder();
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`启动失败：${(err as Error).message}`);
  process.exit(1);
});
