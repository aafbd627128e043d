// Electronegativity (Doyensec's Electron security scanner) over the desktop app, as part of `npm test`:
//   npm run lint:electron             sources: electron/main, electron/preload, renderer (page + CSP)
//   npm run lint:electron -- --built  also the built app in out/ (run `npm run build` first)
// Exits 1 on any HIGH finding, any MEDIUM not accepted in scripts/security/electronegativity-policy.ts,
// or a file it could not parse. Works offline: its update checks then print a warning and are skipped.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { assess, type Finding, type Severity } from './security/electronegativity-policy';

const ROOT = resolve(__dirname, '..');
const TIMEOUT_MS = 180_000;

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
  severity: { name: Severity };
  confidence: { name: string };
}
type Run = (options: { input: string; isRelative: boolean; electronVersionOverride: string }) => Promise<{
  globalChecks: number;
  atomicChecks: number;
  issues: RawIssue[];
  errors: { file: string; message: string; tolerable: boolean }[];
}>;
/** Electronegativity 1.10 loads 6 whole-app and 36 per-file checks; far fewer means it is broken, not that the app is clean. */
const MIN_CHECKS = 30;

const run = createRequire(__filename)('@doyensec/electronegativity') as Run;
const electronVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

/** The desktop app's sources in one folder, so the whole-app checks (CSP, navigation, permissions) see them together. */
function stageSources(): string {
  const dir = mkdtempSync(join(tmpdir(), 'asleep-electronegativity-'));
  const skipTests = (src: string) => !/\.(test|spec)\.tsx?$/.test(src) && !src.includes(`${sep}test-support${sep}`);
  for (const part of ['electron/main', 'electron/preload', 'renderer/src']) cpSync(join(ROOT, part), join(dir, part), { recursive: true, filter: skipTests });
  cpSync(join(ROOT, 'renderer/index.html'), join(dir, 'renderer/index.html'));
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  return dir;
}

async function scan(label: string, input: string): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Electronegativity did not finish within ${TIMEOUT_MS / 1000} s.`)), TIMEOUT_MS);
  });
  const result = await Promise.race([run({ input, isRelative: true, electronVersionOverride: electronVersion }), timeout]).finally(() => clearTimeout(timer));
  if (result.globalChecks + result.atomicChecks < MIN_CHECKS) {
    console.error(`${label}: Electronegativity loaded only ${result.globalChecks + result.atomicChecks} checks; the scan cannot be trusted.`);
    return false;
  }
  const lines = new Map<string, string[]>();
  const sourceLine = (file: string, line: number): string => {
    if (file === 'N/A' || line < 1) return '';
    if (!lines.has(file)) lines.set(file, existsSync(join(input, file)) ? readFileSync(join(input, file), 'utf8').split(/\r?\n/) : []);
    return lines.get(file)![line - 1] ?? '';
  };
  const findings: Finding[] = result.issues.map((i) => ({
    check: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: i.file.split(sep).join('/'),
    line: i.location.line,
    description: i.description,
    source: sourceLine(i.file, i.location.line),
  }));
  const errors = result.errors.filter((e) => !e.tolerable).map((e) => ({ file: relative(input, e.file).split(sep).join('/'), message: e.message }));
  const verdict = assess(findings, errors);
  const where = (f: Finding) => (f.file === 'N/A' ? 'whole app' : `${f.file}:${f.line}`);
  console.log(`\n${label}: ${findings.length} finding(s) with Electron ${electronVersion}`);
  for (const { finding: f, reason } of verdict.failures) console.log(`  FAIL  ${f.severity} ${f.check} at ${where(f)}: ${f.description} (${reason})`);
  for (const { finding: f, why } of verdict.accepted) console.log(`  ok    ${f.severity} ${f.check} at ${where(f)}: accepted: ${why}`);
  for (const f of verdict.notes) console.log(`  note  ${f.severity} ${f.check} at ${where(f)}: ${f.description}`);
  return verdict.failures.length === 0;
}

async function main(): Promise<number> {
  const built = process.argv.includes('--built');
  const staged = stageSources();
  let clean: boolean;
  try {
    clean = await scan('Sources (electron/main, electron/preload, renderer)', staged);
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
  if (built) {
    const out = join(ROOT, 'out');
    if (!existsSync(join(out, 'main', 'index.js'))) {
      console.error('\nout/main/index.js is missing: run `npm run build` before `--built`.');
      return 1;
    }
    clean = (await scan('Built app (out/)', out)) && clean;
  }
  console.log(clean ? '\nElectronegativity: no HIGH finding, every MEDIUM accepted with its reason.' : '\nElectronegativity: fix the findings marked FAIL (or accept a MEDIUM with its reason in scripts/security/electronegativity-policy.ts).');
  return clean ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
