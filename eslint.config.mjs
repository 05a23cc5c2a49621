import tseslint from 'typescript-eslint';
import { layersPlugin } from './eslint.layers.mjs';

// The layer rule, VS Code style: a file's folder decides what it may import. The allow-list itself
// (each layer's folders, npm packages classified as Node-only, DOM-only or anywhere, Node built-ins)
// is eslint.layers.mjs; import cycles are found by knip (knip.jsonc).
const ELECTRON_PATH = { name: 'electron', message: 'electron 只能在 electron/main 与 electron/preload 中导入。' };
// Everything above the counting engine (electron/core/counting) uses it through its index.
const COUNTING_INSIDE = { group: ['**/counting/*', '!**/counting/index'], message: '计数引擎只能经 electron/core/counting/index.ts 使用。' };

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
    files: ['shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'electron/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/allowed-imports': 'error' },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/main/**/*.ts'],
    ignores: ['electron/core/counting/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [COUNTING_INSIDE] }] },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_PATH], patterns: [COUNTING_INSIDE] }] },
  },
);
