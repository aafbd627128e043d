// The release configuration (electron-builder.yml), checked with electron-builder's own code: its
// config loader and JSON schema, its file matcher and file walker (on a copy of this repository's file
// list plus a built out/ tree), its icon resolution and its production-dependency collector.
// Nothing is downloaded: packaging itself (`npm run dist`) needs the Electron zip and is not run here.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, PRODUCT_NAME } from '../../shared/desktop/app-id';

const ROOT = resolve(__dirname, '..', '..');
const nodeRequire = createRequire(__filename);

// electron-builder internals (not in its public typings), with the shapes this test relies on.
interface Config {
  appId?: string;
  productName?: string;
  directories?: { output?: string; buildResources?: string; app?: string };
  files?: unknown;
  asar?: boolean;
  electronFuses?: Record<string, boolean>;
  linux?: { target?: unknown; icon?: string; maintainer?: string; files?: unknown };
  mac?: { target?: unknown; icon?: string; files?: unknown };
  win?: { target?: unknown; icon?: string; files?: unknown };
  [key: string]: unknown;
}
interface Matcher {
  from: string;
}
interface FileSet {
  src: string;
  files: string[];
  metadata: Map<string, { isFile(): boolean }>;
}
const { getConfig, validateConfiguration } = nodeRequire('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, debugLogger: unknown): Promise<void>;
};
const { getMainFileMatchers } = nodeRequire('app-builder-lib/out/fileMatcher') as {
  getMainFileMatchers(appDir: string, dest: string, expand: (p: string) => string, platformOptions: object, packager: object, outDir: string, electronCompile: boolean): Matcher[];
};
const { computeFileSets } = nodeRequire('app-builder-lib/out/util/appFileCopier') as {
  computeFileSets(matchers: Matcher[], transformer: null, packager: object, electronCompile: boolean): Promise<FileSet[]>;
};
const { convertIcon } = nodeRequire('app-builder-lib/out/util/iconConverter') as {
  convertIcon(o: { sources: string[]; fallbackSources: string[]; roots: string[]; format: 'icns' | 'ico' | 'set'; outDir: string }): Promise<{
    icons: { file: string; size: number }[];
    isFallback: boolean;
  }>;
};
const { getCollectorByPackageManager, PM } = nodeRequire('app-builder-lib/out/node-module-collector') as {
  getCollectorByPackageManager(pm: string, dir: string, tmp: unknown): { getNodeModules(o: { packageName: string }): Promise<{ nodeModules: Module[] }> };
  PM: Record<'TRAVERSAL', string>;
};
interface Module {
  name: string;
  dependencies?: Module[];
}
const { DebugLogger } = nodeRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { TmpDir } = nodeRequire('temp-file') as { TmpDir: new (label: string) => { cleanup(): Promise<void> } };

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  main: string;
  productName?: string;
  build?: unknown;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** What `npm run build` leaves in out/ (electron-vite: main, preload, renderer). */
const BUILT = [
  'out/main/index.js',
  'out/preload/index.js',
  'out/renderer/index.html',
  'out/renderer/favicon.svg',
  'out/renderer/assets/index-3f2a1b.js',
  'out/renderer/assets/index-9c8d7e.css',
  'out/renderer/assets/index-3f2a1b.js.map',
];
/** Folders a working copy has that git does not list (ignored): none may reach the app. */
const UNLISTED = ['node_modules/zod/index.js', 'node_modules/.bin/vite', 'dist/linux-unpacked/x', 'test-results/a.png', '.git/HEAD', '.bench-data/x.jsonl', 'playwright-report/index.html'];

let config: Config;
let project: string;

beforeAll(async () => {
  config = await getConfig(ROOT, null, null);
  // A copy of the repository's file list (tracked and new, not ignored) as empty files, plus out/.
  const listed = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter(Boolean);
  project = await mkdtemp(join(tmpdir(), 'asleep-packaging-'));
  for (const rel of [...listed, ...BUILT, ...UNLISTED]) {
    const file = join(project, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, rel === 'package.json' ? readFileSync(join(ROOT, rel)) : '');
  }
});

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

/** The files electron-builder puts in app.asar for one platform's options, relative, '/'-separated. */
async function packagedFiles(platformOptions: object): Promise<string[]> {
  const info = {
    config,
    projectDir: project,
    appDir: project,
    buildResourcesDir: resolve(project, config.directories?.buildResources ?? 'build'),
    isPrepackedAppAsar: false,
    areNodeModulesHandledExternally: false,
    debugLogger: new DebugLogger(false),
  };
  const packager = { info, config };
  const outDir = resolve(project, config.directories?.output ?? 'dist');
  const matchers = getMainFileMatchers(project, '/app', (p) => p, platformOptions, packager, outDir, false);
  const sets = await computeFileSets(matchers, null, packager, false);
  return sets
    .flatMap((set) => set.files.filter((f) => set.metadata.get(f)?.isFile()).map((f) => relative(set.src, f).split(sep).join('/')))
    .sort();
}

describe('electron-builder.yml', () => {
  it('is the configuration electron-builder loads, and valid against its schema', async () => {
    // A "build" key in package.json would silently replace this file.
    expect(pkg.build).toBeUndefined();
    expect(config.directories?.app).toBeUndefined();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app as the code does', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(pkg.productName).toBe(PRODUCT_NAME);
  });

  it('builds AppImage and deb for Linux, dmg for macOS, nsis for Windows', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    // deb needs a maintainer; package.json has no author to take it from.
    expect(config.linux?.maintainer).toMatch(/<[^>]+@[^>]+>/);
  });

  it('packs into an asar archive and flips the fuses', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: true,
    });
  });

  it('keeps resources/ out of electron-builder’s build-resources folder (which is left out of the app)', () => {
    expect(config.directories?.buildResources).not.toBe('resources');
    expect(config.directories?.output).toBe('dist');
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8')).toMatch(/^dist\/$/m);
  });

  it('adds nothing outside the app archive and no surprises in dependency handling', () => {
    for (const key of ['extraResources', 'extraFiles', 'asarUnpack', 'includeSubNodeModules', 'buildDependenciesFromSource', 'beforeBuild', 'extends', 'extraMetadata']) {
      expect(config[key], key).toBeUndefined();
    }
    for (const platform of [config.linux, config.mac, config.win]) expect(platform?.files).toBeUndefined();
    expect(JSON.stringify(config.files)).not.toMatch(/node_modules/);
  });

  for (const [platform, options] of [
    ['linux', () => config.linux ?? {}],
    ['mac', () => config.mac ?? {}],
    ['win', () => config.win ?? {}],
  ] as const) {
    it(`packs only out/, resources/ and package.json (${platform})`, async () => {
      const files = await packagedFiles(options());
      expect(files.filter((f) => !(f.startsWith('out/') || f.startsWith('resources/') || f === 'package.json'))).toEqual([]);
      for (const needed of ['package.json', pkg.main, 'out/preload/index.js', 'out/renderer/index.html', 'out/renderer/assets/index-3f2a1b.js', 'resources/icon.png']) {
        expect(files, needed).toContain(needed);
      }
      for (const level of ['ok', 'attention', 'down']) {
        expect(files).toContain(`resources/tray-${level}.png`);
        expect(files).toContain(`resources/tray-${level}@2x.png`);
      }
      // Installer-only icons, source maps, tests, sources: none.
      expect(files.filter((f) => /\.(icns|ico|map|ts|tsx)$/.test(f) || f.startsWith('resources/icons/') || /(^|\/)e2e\//.test(f))).toEqual([]);
    });
  }

  it('leaves out everything a repository holds besides the built app', async () => {
    const files = new Set(await packagedFiles(config.linux ?? {}));
    const listed = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    const leaked = listed.filter((f) => files.has(f) && !f.startsWith('resources/') && f !== 'package.json');
    expect(leaked).toEqual([]);
    for (const f of UNLISTED) expect(files.has(f), f).toBe(false);
    // Spot checks of what must never ship.
    for (const f of ['electron-builder.yml', 'tsconfig.json', 'vitest.config.mts', 'playwright.config.ts', 'electron/main/index.ts', 'shared/contract.ts', 'renderer/index.html', 'e2e/electron.spec.ts', 'scripts/make-icons.ts']) {
      expect(files.has(f), f).toBe(false);
    }
  });

  it('uses the committed icons as they are (no conversion tool, nothing downloaded)', async () => {
    const roots = [resolve(ROOT, config.directories?.buildResources ?? 'build'), ROOT];
    const outDir = await mkdtemp(join(tmpdir(), 'asleep-icons-'));
    try {
      const mac = await convertIcon({ sources: [config.mac!.icon!], fallbackSources: [], roots, format: 'icns', outDir });
      expect(mac).toEqual({ icons: [{ file: join(ROOT, 'resources/icon.icns'), size: 0 }], isFallback: false });
      const win = await convertIcon({ sources: [config.win!.icon!], fallbackSources: [], roots, format: 'ico', outDir });
      expect(win).toEqual({ icons: [{ file: join(ROOT, 'resources/icon.ico'), size: 256 }], isFallback: false });
      const linux = await convertIcon({ sources: [config.linux!.icon!], fallbackSources: [], roots, format: 'set', outDir });
      expect(linux.isFallback).toBe(false);
      expect(linux.icons.map((i) => i.size)).toEqual([16, 24, 32, 48, 64, 128, 256, 512]);
      expect(linux.icons.every((i) => i.file.startsWith(join(ROOT, 'resources', 'icons')))).toBe(true);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('ships production dependencies only: no devDependency, no electron, everything the main process requires', async () => {
    const tmp = new TmpDir('asleep-packaging-test');
    try {
      const { nodeModules } = await getCollectorByPackageManager(PM.TRAVERSAL, ROOT, tmp).getNodeModules({ packageName: pkg.name });
      const names = new Set<string>();
      const walk = (list: Module[]) => {
        for (const m of list) {
          names.add(m.name);
          walk(m.dependencies ?? []);
        }
      };
      walk(nodeModules);
      expect(names.size).toBeGreaterThan(0);
      expect(Object.keys(pkg.devDependencies).filter((d) => names.has(d))).toEqual([]);
      expect(names.has('electron')).toBe(false);
      // electron-builder refuses electron as a production dependency; it must be a devDependency.
      expect(pkg.devDependencies.electron).toBeDefined();
      expect(pkg.dependencies.electron).toBeUndefined();
      // The bundled main process requires these at run time (e2e/electron.spec.ts checks the build).
      expect(names.has('zod')).toBe(true);
    } finally {
      await tmp.cleanup();
    }
  });

  it('`npm run dist` builds first, then packages', () => {
    expect(pkg.scripts.dist).toMatch(/^npm run build && .*electron-builder/);
  });
});
