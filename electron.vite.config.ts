import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // readWorker and countWorker: the core's worker threads (the import file reader, import/read.ts; the
      // past dates' counts, counting/offThread.ts), loaded by path from the core.
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          coreProcess: resolve(__dirname, 'electron/main/coreProcess.ts'),
          readWorker: resolve(__dirname, 'electron/core/import/readWorker.ts'),
          countWorker: resolve(__dirname, 'electron/core/counting/countWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    base: './',
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves bundles unminified by default; minified, the first screen parses about a third
      // as much JavaScript (browser mode and the desktop window alike).
      minify: true,
      chunkSizeWarningLimit: 4000,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
    plugins: [react()],
  },
});
