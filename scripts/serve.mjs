// `npm run serve`: browser mode. Builds the UI when it is missing or older than its sources, then
// starts the core and the UI on 127.0.0.1. Extra arguments (--db, --port) pass through.
import fs from 'node:fs';
import path from 'node:path';
import { ensureNativeSqlite, run } from './env.mjs';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

ensureNativeSqlite();
const built = 'out/renderer/index.html';
const stale = !fs.existsSync(built) || Math.max(newestMtime('renderer'), newestMtime('shared')) > fs.statSync(built).mtimeMs;
if (stale) {
  console.log('正在构建界面…');
  if (run('npx', ['electron-vite', 'build']) !== 0) process.exit(1);
}
process.exit(run('npx', ['tsx', 'electron/core/http/serve.ts', ...process.argv.slice(2)]));
