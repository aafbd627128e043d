// Lint, and the layer rules that keep the architecture visible:
//   shared/   pure TypeScript: no Node, no DOM, no Electron, imports nothing from the other layers
//   renderer/ never imports electron/ or Node; talks to the core only through the contract's api
//   electron/core never imports the `electron` package (it also runs headless under plain Node)
//   ipcMain / ipcRenderer appear only in the two binding files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'http', 'https', 'net', 'crypto', 'child_process', 'stream', 'url', 'util', 'worker_threads', 'events'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'shared/ is pure TypeScript: no Node APIs.' },
          { group: ['electron', '**/electron/**'], message: 'shared/ may not import electron or the main-process code.' },
          { group: ['**/renderer/**', 'react', 'react-dom', 'chart.js'], message: 'shared/ may not import UI code.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require', 'localStorage', 'sessionStorage', 'navigator'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', '**/electron/**'], message: 'renderer/ never imports electron/: use the api from the contract.' },
          { group: nodeBuiltins, message: 'renderer/ runs in a sandboxed page: no Node APIs.' },
        ],
      }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/headless/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'The core runs under plain Node too: it may not import the electron package.' },
          { group: ['**/renderer/**', '**/main/**', '**/preload/**'], message: 'The core does not depend on a shell or the UI.' },
        ],
      }],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    ignores: ['electron/main/ipc.ts', 'electron/preload/index.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'IPC is bound only in electron/main/ipc.ts and electron/preload/index.ts.' }],
        patterns: [{ group: ['**/renderer/**'], message: 'The shell does not import UI code.' }],
      }],
    },
  },
);
