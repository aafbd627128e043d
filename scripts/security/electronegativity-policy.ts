// What an Electronegativity finding means for the build: HIGH fails it; a MEDIUM fails it unless it is
// accepted below with the reason (the README's security section lists the same); LOW and
// INFORMATIONAL are printed only. A file the scanner could not parse fails it too (it was not checked).

export type Severity = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';

export interface Finding {
  check: string;
  severity: Severity;
  confidence: string;
  /** Relative to the scanned folder, '/'-separated; 'N/A' for whole-app checks. */
  file: string;
  line: number;
  description: string;
  /** The source line the finding points at ('' for whole-app checks). */
  source: string;
}

export interface Acceptance {
  check: string;
  /** Where it is accepted (a whole-app check: 'N/A'). */
  file: string | RegExp;
  /** The flagged line must look like this, so a new, different use at the same place is not waved through. */
  source: RegExp;
  why: string;
}

export const ACCEPTED_MEDIUM: Acceptance[] = [
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: /(^|\/)(electron\/main\/window\.ts|main\/index\.js)$/,
    source: /\bopenExternal\(decision\.openExternally\)/,
    why:
      "shell.openExternal is reached only from the window-open handler, for https URLs whose origin is exactly https://docs-en.asleep.ai " +
      '(no credentials, no other scheme or port; decideWindowOpen in electron/main/window-policy.ts, unit-tested). Links inside payloads are never opened.',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: /(^|\/)(electron\/main\/window\.ts|main\/index\.js)$/,
    source: /preload:\s*(?:\(0, \w+\.join\)|join)\(__dirname, ["']\.\.\/preload\/index\.js["']\)/,
    why:
      'The one preload (electron/preload/index.ts) runs sandboxed with context isolation and exposes exactly two functions, ' +
      'call(name, args) and on(event, listener), never ipcRenderer; it drops the IPC event before calling the page. ' +
      'The main process checks the sender frame and validates every argument with the contract (electron/main/ipc-handler.ts, unit-tested).',
  },
  {
    check: 'DANGEROUS_FUNCTIONS_JS_CHECK',
    file: /(^|\/)main\/index\.js$/,
    // A Node request or socket's setTimeout(ms, callback), and nothing that evaluates a string.
    source: /^(?!.*\beval\b)(?!.*\bFunction\()\s*\w+\.setTimeout\(\w+, \(\) =>/,
    why:
      "In the bundled main process the check flags a Node request's req.setTimeout(ms, () => req.destroy(…)) (the tunnel probe's deadline), " +
      'which evaluates no string; the sources have no eval, new Function or string timers (the same scan over the sources finds none).',
  },
];

export interface Verdict {
  failures: { finding: Finding; reason: string }[];
  accepted: { finding: Finding; why: string }[];
  notes: Finding[];
}

export function assess(findings: readonly Finding[], parseErrors: readonly { file: string; message: string }[], accepted: readonly Acceptance[] = ACCEPTED_MEDIUM): Verdict {
  const verdict: Verdict = { failures: [], accepted: [], notes: [] };
  for (const finding of findings) {
    if (finding.severity === 'HIGH') {
      verdict.failures.push({ finding, reason: 'HIGH finding' });
    } else if (finding.severity === 'MEDIUM') {
      const ok = accepted.find(
        (a) => a.check === finding.check && (typeof a.file === 'string' ? a.file === finding.file : a.file.test(finding.file)) && a.source.test(finding.source),
      );
      if (ok) verdict.accepted.push({ finding, why: ok.why });
      else verdict.failures.push({ finding, reason: 'MEDIUM finding that is not accepted in scripts/security/electronegativity-policy.ts' });
    } else {
      verdict.notes.push(finding);
    }
  }
  for (const e of parseErrors) {
    verdict.failures.push({
      finding: { check: 'PARSE_ERROR', severity: 'HIGH', confidence: 'CERTAIN', file: e.file, line: 0, description: e.message, source: '' },
      reason: 'the file could not be parsed, so it was not checked',
    });
  }
  return verdict;
}
