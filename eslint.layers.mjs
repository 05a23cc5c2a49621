// The layer rule as an allow-list: a file's folder decides what it may import — which folders of the
// app, which npm packages (each one classified by where it can run), and whether Node built-ins.
// A new package is refused everywhere until it is classified here.
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * Where each npm package can run. `electron` is its own class: only the shell and the preload use it.
 * `dev` packages are devDependencies that only tests and benchmarks use: no layer may import them, since
 * the packaged app does not ship them.
 */
export const PACKAGES = {
  node: ['better-sqlite3', 'kysely', 'yauzl', 'yazl', 'saxes', 'papaparse', 'selfsigned'],
  dom: ['react', 'react-dom', '@mantine/*', 'recharts', 'i18next', 'react-i18next', 'react-router-dom', '@tanstack/react-query', 'react-markdown', 'remark-gfm', 'dayjs'],
  anywhere: ['zod', 'date-fns'],
  electron: ['electron'],
  dev: ['exceljs'],
};

/**
 * Each layer, most specific first: the folders it may import (path prefixes from the repository root),
 * the package classes it may use, and whether it may use Node built-ins (always with `node:`).
 */
export const LAYERS = [
  {
    dir: 'electron/core/counting',
    // The counting engine sits on db/, app/ and shared/ only; everything above it uses it.
    folders: ['electron/core/counting', 'electron/core/db', 'electron/core/app', 'shared'],
    packages: ['node', 'anywhere'],
    builtins: true,
  },
  // package.json: the app's version, stamped into backups and exchange packages.
  { dir: 'electron/core', folders: ['electron/core', 'shared', 'package.json'], packages: ['node', 'anywhere'], builtins: true },
  { dir: 'electron/main', folders: ['electron/main', 'electron/core', 'shared'], packages: ['node', 'anywhere', 'electron'], builtins: true },
  // The sandboxed preload can require nothing but electron: only the channel list, bundled in.
  { dir: 'electron/preload', folders: ['electron/preload', 'shared/contract/channels'], packages: ['electron'], builtins: false },
  { dir: 'shared', folders: ['shared'], packages: ['anywhere'], builtins: false },
  // docs/用户手册.md: the user manual, bundled into the 帮助 page (its screenshots come in through import.meta.glob).
  { dir: 'renderer', folders: ['renderer', 'shared', 'docs/用户手册.md'], packages: ['dom', 'anywhere'], builtins: false },
];

const BUILTINS = new Set(builtinModules);
const posix = (p) => p.split(path.sep).join('/');
const within = (file, prefix) => file === prefix || file.startsWith(`${prefix}/`) || file.startsWith(`${prefix}.`);

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function classOf(name) {
  for (const [cls, names] of Object.entries(PACKAGES)) {
    if (names.some((n) => n === name || (n.endsWith('/*') && name.startsWith(n.slice(0, -1))))) return cls;
  }
  return null;
}

const CLASS_LABEL = { node: '仅限 Node 的包', dom: '仅限界面（DOM）的包', anywhere: '通用包', electron: 'electron', dev: '仅供测试的开发依赖' };

/** Why `spec` may not be imported from `file` (both relative to the root), or null when it may. */
export function refusal(file, spec) {
  const layer = LAYERS.find((l) => within(file, l.dir));
  if (!layer) return null;
  if (spec.startsWith('.') || spec.startsWith('/')) {
    // A Vite query (`?raw`, `?url`) does not change which file is imported.
    const target = posix(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec.replace(/\?.*$/, ''))));
    if (layer.folders.some((f) => within(target, f))) return null;
    return `${layer.dir}/ 只能导入 ${layer.folders.map((f) => `${f}/`).join('、')}，不得导入 ${target}`;
  }
  if (spec.startsWith('node:')) return layer.builtins ? null : `Node 内置模块（${spec}）只能在 electron/core 或 electron/main 中使用`;
  if (BUILTINS.has(packageName(spec))) return `请写 node:${spec}：内置模块一律带 node: 前缀${layer.builtins ? '' : '，且只能在 electron/core 或 electron/main 中使用'}`;
  const cls = classOf(packageName(spec));
  if (!cls) return `未归类的 npm 包 ${packageName(spec)}：请先在 eslint.layers.mjs 中注明它能在哪里运行`;
  if (layer.packages.includes(cls)) return null;
  return `${layer.dir}/ 不得导入${CLASS_LABEL[cls]} ${packageName(spec)}（可用：${layer.packages.map((c) => CLASS_LABEL[c]).join('、')}）`;
}

/** ESLint rule `layers/allowed-imports`: every import, export-from, import() and require() is checked. */
const allowedImports = {
  meta: { type: 'problem', schema: [], docs: { description: 'Each layer names what it may import.' } },
  create(context) {
    const file = posix(path.relative(context.cwd, context.filename));
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const why = refusal(file, source.value);
      if (why) context.report({ node, message: why });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0]);
      },
    };
  },
};

export const layersPlugin = { rules: { 'allowed-imports': allowedImports } };
