import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../core';
import { defaultDbPath } from '../paths';
import { startHttpHost } from './host';
import { startCheckpointBuilder } from '../counting';

// Browser mode entry: `npm run serve -- [--db file] [--port n]`.
async function main() {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, port: { type: 'string' }, static: { type: 'string' } },
  });
  const dbPath = path.resolve(values.db ?? defaultDbPath());
  const core = await openCore({ dbPath });
  if (core.migration.backupPath) console.log(`升级前已备份数据库：${core.migration.backupPath}`);
  if (core.ctx.readOnly) console.log('数据库文件不可写，已以只读方式打开：可以查看和导出，修改不会保存');
  const host = await startHttpHost({
    dispatch: core.dispatch,
    staticDir: values.static ?? path.resolve(__dirname, '../../../out/renderer'),
    port: values.port ? Number(values.port) : 5480,
    logger: core.ctx.logger,
  });
  const stopBuilder = startCheckpointBuilder(core.ctx);
  console.log(`CareBeds 浏览器模式已启动：${host.url}`);
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
