// Entry of the utility process that hosts the core (database, services, imports, exports), so nothing
// long ever runs on Electron's main thread. Started by electron/main/index.ts with the database path.
import { openCore } from '../core/core';
import { servePort, windowSession } from '../core/app/rpcPort';
import path from 'node:path';
import { startCheckpointBuilder } from '../core/counting';
import { auditAhead } from '../core/features/quality/service';
import { lanController } from '../core/http/lan';
import { readSetting } from '../core/app/settings';
import { LAN_SETTING } from '../core/features/lan/handlers';

const dbPath = process.argv[2];
const parentPort = (process as unknown as { parentPort: Parameters<typeof servePort>[0] & { postMessage(m: unknown): void } }).parentPort;

openCore({ dbPath: dbPath!, requireSession: true })
  .then((core) => {
    const stopBuilder = startCheckpointBuilder(core.ctx);
    const stopAudit = auditAhead(core.ctx);
    // 设置 may serve this PC's UI to the LAN (the built renderer beside this bundle); kept across starts.
    const lan = lanController(core, { staticDir: path.join(__dirname, '../renderer') });
    core.ctx.lanControl = lan;
    void readSetting(core.ctx.db, LAN_SETTING, false).then(async (on) => {
      if (on) await lan.start().catch((err: unknown) => core.ctx.logger.warn('局域网服务未能启动', err));
    });
    // On quit the window's process sends CLOSE: running requests finish, the database is checkpointed
    // and closed, CLOSED is answered, and this process ends by itself instead of being killed.
    servePort(parentPort, windowSession(core.dispatch), async () => {
      stopBuilder();
      stopAudit();
      await lan.stop();
      await core.close();
      setImmediate(() => process.exit(0));
    });
    parentPort.postMessage({ ready: true });
  })
  .catch((err: unknown) => {
    parentPort.postMessage({ ready: false, error: (err as Error).message });
    process.exit(1);
  });
