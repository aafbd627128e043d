import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

// lowdb and steno are ESM-only: bundle them into the CommonJS main process instead of requiring them.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: ['lowdb', 'steno'] },
      rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: rendererConfig,
});
