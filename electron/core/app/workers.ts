import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts one of the core's worker threads by its entry's base name (`readWorker`, `countWorker`).
 * Run from source (tests, browser mode under tsx) the entry is the .ts file in `sourceDir`, loaded
 * through tsx; in the desktop build it is the bundle electron-vite writes beside the core's (see
 * electron.vite.config.ts), which the bundler may have put one folder above this code's chunk.
 */
export function startWorker(sourceDir: string, name: string): Worker {
  if (__filename.endsWith('.ts')) {
    const tsx = createRequire(__filename).resolve('tsx/cjs');
    const entry = path.join(sourceDir, `${name}.ts`);
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { eval: true });
  }
  const entry = [path.join(__dirname, `${name}.js`), path.join(__dirname, '..', `${name}.js`)].find((f) => fs.existsSync(f));
  if (!entry) throw new Error(`worker ${name} not found beside ${__dirname}`);
  return new Worker(entry);
}
