// The parsed body as a foldable tree, with the validation issues marked on their nodes. Text only:
// every key and value goes through React as a string (never as HTML).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ValidationIssue } from '../../../../shared/asleep/model';
import { joinPath } from '../../../../shared/diff/json-diff';
import { ancestors, containerPaths, isContainer, isNumberArray, placeIssues, type PlacedIssue } from './tree';
import { useInspector } from './inspectorStore';
import './inspector.css';

interface Props {
  value: unknown;
  issues: ValidationIssue[];
  warnings?: ValidationIssue[];
}

interface Ctx {
  folded: Set<string>;
  toggle(path: string): void;
  placed: Map<string, PlacedIssue[]>;
}

function leafText(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? v);
}

function leafClass(v: unknown): string {
  if (v === null) return 'jt-null';
  return `jt-${typeof v}`;
}

/** The last reveal request handled: each one is acted on once, by the tree shown at that moment (or next). */
let handledSeq = 0;

function cssEscape(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

export function JsonTree({ value, issues, warnings = [] }: Props) {
  const placed = useMemo(() => placeIssues(value, issues, warnings), [value, issues, warnings]);
  const all = useMemo(() => containerPaths(value), [value]);
  const [folded, setFolded] = useState<Set<string>>(() => new Set());
  const focusPath = useInspector((s) => s.focusPath);
  const focusSeq = useInspector((s) => s.focusSeq);
  const root = useRef<HTMLDivElement>(null);

  // Reveal a node asked for by the issue list: unfold its ancestors, then scroll to it.
  useEffect(() => {
    if (focusPath === null || focusSeq === handledSeq) return;
    handledSeq = focusSeq;
    setFolded((f) => {
      const up = ancestors(focusPath);
      if (!up.some((p) => f.has(p))) return f;
      const next = new Set(f);
      for (const p of up) next.delete(p);
      return next;
    });
    const t = window.setTimeout(() => {
      const el = root.current?.querySelector<HTMLElement>(`[data-testid="json-node"][data-path="${cssEscape(focusPath)}"]`);
      if (!el) return;
      el.scrollIntoView({ block: 'center' });
      el.classList.add('jt-flash');
      window.setTimeout(() => el.classList.remove('jt-flash'), 1200);
    }, 0);
    return () => window.clearTimeout(t);
  }, [focusPath, focusSeq]);

  const ctx: Ctx = {
    folded,
    placed,
    toggle: (p) =>
      setFolded((f) => {
        const next = new Set(f);
        if (next.has(p)) next.delete(p);
        else next.add(p);
        return next;
      }),
  };

  return (
    <div className="json-tree" data-testid="json-tree" ref={root}>
      <div className="jt-tools">
        <button type="button" className="btn small" data-testid="json-fold-all" onClick={() => setFolded(new Set(all.filter((p) => p !== '')))}>
          Fold all
        </button>
        <button type="button" className="btn small" data-testid="json-unfold-all" onClick={() => setFolded(new Set())}>
          Unfold all
        </button>
      </div>
      <div className="jt-body mono">
        <Node name={null} value={value} path="" ctx={ctx} last />
      </div>
    </div>
  );
}

function IssueMarks({ list }: { list: PlacedIssue[] | undefined }) {
  if (!list?.length) return null;
  return (
    <>
      {list.map((i, n) => (
        <span key={n} className={`jt-issue ${i.tone}`} data-testid="json-node-issue" data-path={i.path}>
          {i.path !== i.nodePath ? `${i.path.slice(i.nodePath.length).replace(/^\./, '')}: ` : ''}
          {i.message}
        </span>
      ))}
    </>
  );
}

function Key({ name }: { name: string | number | null }) {
  if (name === null) return null;
  return <span className={typeof name === 'number' ? 'jt-index' : 'jt-key'}>{typeof name === 'number' ? `${name}: ` : `${JSON.stringify(name)}: `}</span>;
}

function Node({ name, value, path, ctx, last }: { name: string | number | null; value: unknown; path: string; ctx: Ctx; last: boolean }) {
  const list = ctx.placed.get(path);
  const bad = list?.some((i) => i.tone === 'bad');
  const cls = `jt-node${list ? (bad ? ' has-issue' : ' has-warning') : ''}`;
  const comma = last ? '' : ',';

  if (!isContainer(value)) {
    return (
      <div className={cls} data-testid="json-node" data-path={path}>
        <Key name={name} />
        <span className={leafClass(value)}>{leafText(value)}</span>
        {comma}
        <IssueMarks list={list} />
      </div>
    );
  }

  const isArr = Array.isArray(value);
  const entries: [string | number, unknown][] = isArr ? (value as unknown[]).map((v, i) => [i, v]) : Object.entries(value);
  const [open, close] = isArr ? ['[', ']'] : ['{', '}'];
  const isFolded = ctx.folded.has(path);

  if (isNumberArray(value)) {
    // Compact: one line, each number with its index (each one is still a node an issue can point at).
    return (
      <div className={cls} data-testid="json-node" data-path={path}>
        <Key name={name} />
        <span className="faint">
          {open} {value.length} numbers
        </span>
        <IssueMarks list={list} />
        <div className="jt-numbers">
          {value.map((v, i) => {
            const p = joinPath(path, i);
            const li = ctx.placed.get(p);
            return (
              <span key={i} className={`jt-num${li ? ' has-issue' : ''}`} data-testid="json-node" data-path={p} title={li?.map((x) => x.message).join('\n')}>
                <sub className="jt-idx">{i}</sub>
                {leafText(v)}
                <IssueMarks list={li} />
              </span>
            );
          })}
        </div>
        <span className="faint">{close}</span>
        {comma}
      </div>
    );
  }

  return (
    <div className={cls} data-testid="json-node" data-path={path} data-folded={isFolded ? 'true' : 'false'}>
      <button type="button" className="jt-toggle" aria-expanded={!isFolded} aria-label={isFolded ? 'Unfold' : 'Fold'} onClick={() => ctx.toggle(path)}>
        {isFolded ? '▸' : '▾'}
      </button>
      <Key name={name} />
      {open}
      {isFolded ? (
        <>
          <button type="button" className="jt-ellipsis" onClick={() => ctx.toggle(path)}>
            {entries.length} {isArr ? 'items' : 'keys'}
          </button>
          {close}
          {comma}
        </>
      ) : null}
      <IssueMarks list={list} />
      {!isFolded ? (
        <>
          <div className="jt-children">
            {entries.map(([k, v], i) => (
              <Node key={String(k)} name={k} value={v} path={joinPath(path, k)} ctx={ctx} last={i === entries.length - 1} />
            ))}
          </div>
          <span>
            {close}
            {comma}
          </span>
        </>
      ) : null}
    </div>
  );
}
