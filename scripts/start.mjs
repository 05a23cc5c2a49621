// `npm start`: the desktop app when the Electron runtime is present; otherwise (offline installs,
// where Electron's binary could not be downloaded) say so plainly and start browser mode instead.
import fs from 'node:fs';
import path from 'node:path';
import { run } from './env.mjs';

function electronBinary() {
  const pkgDir = path.resolve('node_modules/electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (binary) {
  if (run('npx', ['electron-vite', 'build']) !== 0) process.exit(1);
  process.exit(run(binary, ['.']));
}
console.log('未找到 Electron 运行时（离线安装时无法下载 Electron 程序文件）。');
console.log('改为以浏览器模式启动：用浏览器打开下面显示的地址即可使用，数据与桌面版相同。');
console.log('如需桌面版：在可联网的机器上运行 npm run rebuild:electron 后再 npm start。\n');
process.exit(run('node', ['scripts/serve.mjs', ...process.argv.slice(2)]));
