import { describe, expect, it } from 'vitest';
import { ACCEPTED_MEDIUM, assess, type Finding } from './electronegativity-policy';

const finding = (patch: Partial<Finding>): Finding => ({
  check: 'X',
  severity: 'LOW',
  confidence: 'CERTAIN',
  file: 'electron/main/window.ts',
  line: 1,
  description: 'd',
  source: '',
  ...patch,
});

describe('Electronegativity policy', () => {
  it('fails on any HIGH finding, whatever its confidence', () => {
    const v = assess([finding({ check: 'NODE_INTEGRATION_JS_CHECK', severity: 'HIGH', confidence: 'TENTATIVE' })], []);
    expect(v.failures.map((f) => f.finding.check)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
  });

  it('accepts a documented MEDIUM only at its place and with the line it was accepted for', () => {
    const open = finding({ check: 'OPEN_EXTERNAL_JS_CHECK', severity: 'MEDIUM', source: '      if (decision.openExternally) void shell.openExternal(decision.openExternally);' });
    expect(assess([open], []).failures).toEqual([]);
    expect(assess([open], []).accepted[0]!.why).toMatch(/docs-en\.asleep\.ai/);
    // The same check for a different call, or in another file: not accepted.
    expect(assess([{ ...open, source: 'shell.openExternal(payload.link)' }], []).failures).toHaveLength(1);
    expect(assess([{ ...open, file: 'electron/main/menu.ts' }], []).failures).toHaveLength(1);
  });

  it('accepts the bundled request timeout but not an eval on the same kind of line', () => {
    const timer = finding({ check: 'DANGEROUS_FUNCTIONS_JS_CHECK', severity: 'MEDIUM', file: 'main/index.js', source: '\t\treq.setTimeout(TIMEOUT_MS, () => req.destroy(new Error("x")));' });
    expect(assess([timer], []).failures).toEqual([]);
    expect(assess([{ ...timer, source: '\t\treq.setTimeout(TIMEOUT_MS, () => eval(code));' }], []).failures).toHaveLength(1);
    expect(assess([{ ...timer, source: 'setTimeout("alert(1)", 10)' }], []).failures).toHaveLength(1);
  });

  it('accepts the preload in the source and the bundled form', () => {
    for (const source of ["      preload: join(__dirname, '../preload/index.js'),", '\t\t\tpreload: (0, node_path.join)(__dirname, "../preload/index.js"),']) {
      expect(assess([finding({ check: 'PRELOAD_JS_CHECK', severity: 'MEDIUM', source })], []).failures).toEqual([]);
    }
    expect(assess([finding({ check: 'PRELOAD_JS_CHECK', severity: 'MEDIUM', source: "preload: join(__dirname, '../preload/other.js')" })], []).failures).toHaveLength(1);
  });

  it('fails on an undocumented MEDIUM and only notes LOW and INFORMATIONAL ones', () => {
    const v = assess(
      [finding({ check: 'CSP_GLOBAL_CHECK', severity: 'MEDIUM', file: 'N/A' }), finding({ check: 'CSP_GLOBAL_CHECK', severity: 'LOW' }), finding({ check: 'Y', severity: 'INFORMATIONAL' })],
      [],
    );
    expect(v.failures.map((f) => f.reason)).toEqual(['MEDIUM finding that is not accepted in scripts/security/electronegativity-policy.ts']);
    expect(v.notes.map((n) => n.severity)).toEqual(['LOW', 'INFORMATIONAL']);
  });

  it('fails when a file could not be parsed (it was not checked)', () => {
    const v = assess([], [{ file: 'electron/main/tray.ts', message: 'Unexpected token' }]);
    expect(v.failures).toMatchObject([{ finding: { check: 'PARSE_ERROR', file: 'electron/main/tray.ts' }, reason: 'the file could not be parsed, so it was not checked' }]);
  });

  it('gives every accepted MEDIUM a reason a reader can check', () => {
    for (const a of ACCEPTED_MEDIUM) expect(a.why.length, a.check).toBeGreaterThan(80);
  });
});
