// `npm test`: the whole suite — lint (layer rule), type check, dead code and import cycles (knip),
// Vitest (core against real SQLite files), the build, Playwright end to end in Debian's Chromium, and
// the Electron smoke test (skipped with its reason printed where no Electron binary exists).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureChromium, ensureNativeSqlite, run } from './env.mjs';

const started = Date.now();
ensureNativeSqlite();
const chromium = ensureChromium();
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-reports-'));
const npx = (args, env) => run('npx', args, env ? { env: { ...process.env, ...env } } : {});

const steps = [
  ['lint（分层规则）', () => npx(['eslint', '.'])],
  ['类型检查', () => npx(['tsc', '-p', 'tsconfig.node.json', '--noEmit']) || npx(['tsc', '-p', 'tsconfig.web.json', '--noEmit'])],
  ['死代码与循环导入（knip）', () => npx(['knip'])],
  ['Vitest', () => npx(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${path.join(reports, 'vitest.json')}`])],
  ['构建', () => npx(['electron-vite', 'build'])],
  ['Playwright 端到端', () => npx(['playwright', 'test', '-c', 'playwright.config.ts'], { CHROMIUM_PATH: chromium, PW_JSON: path.join(reports, 'playwright.json') })],
  ['Electron 冒烟测试', () => npx(['playwright', 'test', '-c', 'playwright.electron.config.ts'], { PW_JSON: path.join(reports, 'electron.json') })],
];

let failedStep = null;
for (const [name, step] of steps) {
  console.log(`\n=== ${name} ===`);
  if (step() !== 0) {
    failedStep = name;
    break;
  }
}

function count(file, pick) {
  try {
    return pick(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return { passed: 0, failed: 0, skipped: 0 };
  }
}
const vitest = count(path.join(reports, 'vitest.json'), (j) => ({ passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + (j.numTodoTests ?? 0) }));
const playwright = (j) => ({ passed: j.stats.expected, failed: j.stats.unexpected + (j.stats.flaky ?? 0), skipped: j.stats.skipped });
const e2e = count(path.join(reports, 'playwright.json'), playwright);
const shell = count(path.join(reports, 'electron.json'), playwright);
const passed = vitest.passed + e2e.passed + shell.passed;
const failed = vitest.failed + e2e.failed + shell.failed + (failedStep && vitest.failed + e2e.failed + shell.failed === 0 ? 1 : 0);
console.log(
  `\nVitest：${vitest.passed} 通过，${vitest.failed} 失败；端到端：${e2e.passed} 通过，${e2e.failed} 失败；` +
    `Electron 冒烟：${shell.passed} 通过，${shell.failed} 失败，${shell.skipped} 跳过；用时 ${Math.round((Date.now() - started) / 1000)} 秒`,
);
if (failedStep) console.log(`失败的步骤：${failedStep}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedStep ? 1 : 0);
