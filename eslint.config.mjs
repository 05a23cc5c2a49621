import tseslint from 'typescript-eslint';

// The layer rule of DESIGN.md, VS Code style: a file's folder decides what it may import.
const NODE_BUILTINS = { group: ['node:*'], message: 'Node 内置模块只能在 electron/core 或 electron/main 中使用。' };
const ELECTRON_PATH = { name: 'electron', message: 'electron 只能在 electron/main 与 electron/preload 中导入。' };
const RENDERER = { group: ['**/renderer/**'], message: '不得从界面层（renderer/）导入。' };
const ELECTRON_DIR = { group: ['**/electron/**', '../electron/*'], message: 'shared/ 与 renderer/ 不得导入 electron/ 下的代码。' };
const MAIN_DIR = { group: ['**/main/**'], message: 'electron/core 不得导入 electron/main。' };
// The counting engine (electron/core/counting) sits on db/, app/ and shared/ only; everything above it
// uses it through its index.
const COUNTING_INSIDE = { group: ['**/counting/*', '!**/counting/index'], message: '计数引擎只能经 electron/core/counting/index.ts 使用。' };
const COUNTING_UP = {
  group: ['**/features/**', '**/import/**', '**/http/**', '**/cli/**', '**/files/**', '**/core', '**/dispatch', '**/handlers', '**/security'],
  message: '计数引擎（electron/core/counting）只能导入 db/、app/ 与 shared/。',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'bench/data/**', '.tmp/**'] },
  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-debugger': 'error',
      'no-var': 'error',
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-explicit-any': 'off',
      // Dead imports and locals fail CI; a leading underscore marks one kept on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON_PATH], patterns: [NODE_BUILTINS, RENDERER, ELECTRON_DIR, { group: ['react', 'react-dom', '@mantine/*'], message: 'shared/ 是纯 TypeScript，不得依赖界面库。' }] }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_PATH], patterns: [RENDERER, MAIN_DIR, COUNTING_INSIDE] }] },
  },
  {
    files: ['electron/core/counting/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_PATH], patterns: [RENDERER, MAIN_DIR, COUNTING_UP] }] },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [RENDERER, COUNTING_INSIDE] }] },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [RENDERER, { group: ['zod', 'kysely', 'better-sqlite3', '**/core/**', '**/shared/contract/index*', '**/shared/contract/foundation*'], message: '沙箱 preload 只能导入 electron 与 shared/contract/channels。' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_PATH], patterns: [NODE_BUILTINS, ELECTRON_DIR] }] },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_PATH], patterns: [COUNTING_INSIDE] }] },
  },
);
