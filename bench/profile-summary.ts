// Summarize a V8 .cpuprofile (from `npm run bench -- --cpu-prof DIR`): self and inclusive time per
// function, with file:line, heaviest first. Paths are shown relative to the repository.
// Usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [TOP=30] [FILTER]
import { readFileSync } from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const repo = resolve(__dirname, '..');

// tsx compiles each .ts file with esbuild (minifyWhitespace: all code on line 2, after a banner
// line), so the profile's line numbers are useless as they are. Compile the file again the same way
// and map the position back through the source map. Without esbuild, fall back to the raw position.
type Transform = (code: string, opts: Record<string, unknown>) => { code: string; map: string };
let transformSync: Transform | null = null;
try {
  transformSync = (createRequire(__filename)('esbuild') as { transformSync: Transform }).transformSync;
} catch {
  transformSync = null;
}
const maps = new Map<string, SourceMap | null>();

function sourceMapFor(file: string): SourceMap | null {
  if (maps.has(file)) return maps.get(file)!;
  let map: SourceMap | null = null;
  if (transformSync && /\.(ts|tsx|mts|cts)$/.test(file) && !file.includes('node_modules')) {
    try {
      const out = transformSync(readFileSync(file, 'utf8'), {
        target: `node${process.versions.node}`,
        loader: file.endsWith('x') ? 'tsx' : 'ts',
        format: 'cjs',
        sourcefile: file,
        sourcemap: true,
        minifyWhitespace: true,
        keepNames: true,
        banner: '/* banner */',
      });
      map = new SourceMap(JSON.parse(out.map) as ConstructorParameters<typeof SourceMap>[0]);
    } catch {
      map = null;
    }
  }
  maps.set(file, map);
  return map;
}

function where(f: CallFrame): string {
  let file = f.url;
  if (file.startsWith('file://')) file = fileURLToPath(file);
  if (!file) return f.functionName || '(native)';
  let line = f.lineNumber + 1;
  if (file.startsWith('/')) {
    // The banner occupies line 1 of what tsx ran; our re-compilation has it too.
    const entry = sourceMapFor(file)?.findEntry(f.lineNumber, f.columnNumber);
    if (entry && 'originalLine' in entry && typeof entry.originalLine === 'number') line = entry.originalLine + 1;
    file = relative(repo, file);
  }
  return `${f.functionName || '(anonymous)'} ${file}:${line}`;
}

function main(): void {
  const [file, topArg, filter] = process.argv.slice(2);
  if (!file) {
    console.error('usage: profile-summary.ts FILE.cpuprofile [TOP] [FILTER]');
    process.exit(2);
  }
  const top = Number(topArg ?? 30);
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = p.endTime - p.startTime;

  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const key = where(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + us);
    // Inclusive: count once per distinct function on the stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = where(byId.get(cur)!.callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + us);
    }
  }
  const idle = [...self].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
  console.log(`profile: ${(total / 1e6).toFixed(1)} s, idle ${((idle / total) * 100).toFixed(0)}%`);
  const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    [...m]
      .filter(([k]) => !filter || k.includes(filter))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([k, us]) => console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`));
  };
  show('self time', self);
  show('inclusive time', incl);
}

main();
