// Keeps the user manual's troubleshooting table (docs/用户手册.md, between the codes:start and codes:end
// markers) in step with shared/errors.ts: one row per code with its current Chinese message. The 怎么办
// column is written by people and kept as it is; a new code gets the placeholder 待补充, which
// tests/shared/manual.test.ts refuses, so a code cannot ship without advice.
//   node scripts/manual-codes.mjs          rewrite the table
//   node scripts/manual-codes.mjs --check  exit 1 when the table is out of date
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manualPath = path.join(root, 'docs', '用户手册.md');
const START = '<!-- codes:start -->';
const END = '<!-- codes:end -->';
const PLACEHOLDER = '待补充';

/** The codes and messages of shared/errors.ts, in file order (read as text: the script runs without a TypeScript loader). */
function readCodes() {
  const source = fs.readFileSync(path.join(root, 'shared', 'errors.ts'), 'utf8');
  const block = source.slice(source.indexOf('ERROR_MESSAGES = {'), source.indexOf('} as const;'));
  return [...block.matchAll(/^\s+([A-Z][A-Z0-9_]*): '((?:[^'\\]|\\.)*)',?$/gm)].map((m) => ({ code: m[1], message: m[2].replace(/\\'/g, "'") }));
}

const cell = (text) => text.replace(/\|/g, '\\|');

function currentAdvice(table) {
  const advice = new Map();
  for (const line of table.split('\n')) {
    const m = /^\| `([A-Z0-9_]+)` \|.*\| (.*) \|$/.exec(line);
    if (m) advice.set(m[1], m[2]);
  }
  return advice;
}

function render(manual) {
  const from = manual.indexOf(START);
  const to = manual.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${manualPath}: 缺少 ${START} … ${END} 标记`);
  const advice = currentAdvice(manual.slice(from, to));
  const rows = readCodes().map(({ code, message }) => `| \`${code}\` | ${cell(message)} | ${advice.get(code) ?? PLACEHOLDER} |`);
  const table = ['| 错误代码 | 提示 | 怎么办 |', '|---|---|---|', ...rows].join('\n');
  return `${manual.slice(0, from)}${START}\n${table}\n${manual.slice(to)}`;
}

const manual = fs.readFileSync(manualPath, 'utf8');
const next = render(manual);
if (process.argv.includes('--check')) {
  if (next !== manual) {
    console.error('用户手册的错误代码表已过期：请运行 node scripts/manual-codes.mjs 并填写“怎么办”');
    process.exit(1);
  }
} else {
  fs.writeFileSync(manualPath, next);
  const missing = next.split('\n').filter((l) => l.endsWith(`| ${PLACEHOLDER} |`)).length;
  console.log(missing ? `已更新；${missing} 个错误代码的“怎么办”待补充` : '已更新');
}
