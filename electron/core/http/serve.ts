import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../core';
import { defaultDbPath } from '../paths';
import { startHttpHost } from './host';
import { startCheckpointBuilder } from '../counting';
import { auditAhead } from '../features/quality/service';
import { lanController } from './lan';

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
  const staticDir = values.static ?? path.resolve(__dirname, '../../../out/renderer');
  const port = values.port ? Number(values.port) : 5480;
  // --lan: HTTPS on every interface (loopback included) instead of plain HTTP on loopback. Other PCs
  // must never see a setup screen that would let the first of them become administrator: the controller
  // refuses to start while no account exists.
  const lan = values.lan ? lanController(core, { staticDir, port }) : null;
  let host: { url: string; close(): Promise<void> };
  try {
    host = lan ? { url: `https://127.0.0.1:${(await lan.start()).port}/`, close: () => lan.stop() } : await startHttpHost({ dispatch: core.dispatch, staticDir, port, logger: core.ctx.logger });
  } catch (err) {
    await core.close();
    throw err;
  }
  const stopBuilder = startCheckpointBuilder(core.ctx);
  const stopAudit = auditAhead(core.ctx);
  console.log(`CareBeds 浏览器模式已启动：${host.url}`);
  if (core.ctx.lan) {
    console.log(`局域网服务（HTTPS，端口 ${core.ctx.lan.port}）：其他电脑用 https://<本机地址>:${core.ctx.lan.port}/ 打开`);
    console.log(`证书指纹（SHA-256），请在其他电脑上核对：${core.ctx.lan.fingerprint}`);
  }
  console.log(`数据库：${dbPath}`);
  console.log('按 Ctrl+C 退出。');
  const stop = async () => {
    stopBuilder();
    stopAudit();
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
