// Entry of the utility process that hosts the core (database, services, imports, exports), so nothing
// long ever runs on Electron's main thread. Started by electron/main/index.ts with the database path.
import { openCore } from '../core/core';
import { servePort } from '../core/app/rpcPort';
import { startCheckpointBuilder } from '../core/counting';

const dbPath = process.argv[2];
const parentPort = (process as unknown as { parentPort: Parameters<typeof servePort>[0] & { postMessage(m: unknown): void } }).parentPort;

openCore({ dbPath: dbPath! })
  .then((core) => {
    servePort(parentPort, core.dispatch as (c: string, i: unknown) => Promise<never>);
    parentPort.postMessage({ ready: true });
    startCheckpointBuilder(core.ctx);
    process.on('exit', () => void core.close());
  })
  .catch((err: unknown) => {
    parentPort.postMessage({ ready: false, error: (err as Error).message });
    process.exit(1);
  });
