import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';

// One renderer build for both shells: Electron loads it from out/renderer, the headless shell serves it.
export const rendererConfig: UserConfig = {
  root: resolve(__dirname, 'renderer'),
  base: './',
  build: {
    outDir: resolve(__dirname, 'out/renderer'),
    emptyOutDir: true,
    rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
  },
};

export default defineConfig(rendererConfig);
