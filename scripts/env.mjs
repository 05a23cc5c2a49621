// Shared by the test, serve and start scripts: finding Chromium and making sure native modules load.
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: false, ...opts });
  return r.status ?? 1;
}

/** better-sqlite3 must be built for Node's ABI here (an Electron rebuild flips it). */
export function ensureNativeSqlite() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
  } catch (err) {
    console.log(`better-sqlite3 无法在 Node 中加载（${err.message.split('\n')[0]}），正在重新编译…`);
    if (run('npm', ['rebuild', 'better-sqlite3']) !== 0) {
      console.error('better-sqlite3 编译失败：请确认已安装 python3、make 和 g++。');
      process.exit(1);
    }
  }
}

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p) => p && fs.existsSync(p)) ?? null;
}

function hasChineseFont() {
  try {
    return execSync('fc-list :lang=zh family', { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

/**
 * The end-to-end suite needs Debian's Chromium and a CJK font. As root with apt-get we install them;
 * otherwise we stop with instructions. The suite is never skipped silently.
 */
export function ensureChromium() {
  let chromium = findChromium();
  const needFont = !hasChineseFont();
  if (chromium && !needFont) return chromium;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = fs.existsSync('/usr/bin/apt-get');
  const packages = [...(chromium ? [] : ['chromium']), ...(needFont ? ['fonts-noto-cjk'] : [])];
  if (isRoot && hasApt) {
    console.log(`正在安装端到端测试所需的系统软件包：${packages.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], { env }) !== 0 || run('apt-get', ['install', '-y', '-qq', ...packages], { env }) !== 0) {
      console.error('apt-get 安装失败。');
      process.exit(1);
    }
    chromium = findChromium();
  }
  if (!chromium || !hasChineseFont()) {
    console.error(
      [
        '端到端测试需要 Chromium 与中文字体，但本机没有，且无法自动安装（需要 root 与 apt-get）。',
        '请执行：sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk',
        '或设置 CHROMIUM_PATH 指向已安装的 Chromium 后重试。',
      ].join('\n'),
    );
    process.exit(1);
  }
  return chromium;
}
