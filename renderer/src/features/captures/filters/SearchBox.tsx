// Full-text search over bodies and header values: debounced while typing, `/` focuses it from
// anywhere outside a text field, Esc clears it (a second Esc leaves the box).
import { useEffect, useRef, useState } from 'react';

const SEARCH_DEBOUNCE_MS = 300;

export function isTextTarget(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

export function SearchBox({ value, onCommit }: { value: string | undefined; onCommit(q: string | undefined): void }) {
  const [text, setText] = useState(value ?? '');
  const input = useRef<HTMLInputElement>(null);
  // The filter's search changed elsewhere (a link, the URL, Clear): show it.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    if ((text.trim() || undefined) !== value) setText(value ?? '');
  }

  const commit = (q: string | undefined) => {
    if (q !== value) onCommit(q);
  };

  useEffect(() => {
    const q = text.trim() || undefined;
    if (q === value) return;
    const t = setTimeout(() => onCommit(q), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, value, onCommit]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTextTarget(e.target)) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <input
      ref={input}
      type="search"
      className="cf-search"
      placeholder="Search bodies and headers…  ( / )"
      aria-label="Search captures (bodies and header values)"
      aria-keyshortcuts="/"
      data-testid="capture-search"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          commit(text.trim() || undefined);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          if (text !== '') {
            setText('');
            commit(undefined);
          } else {
            input.current?.blur();
          }
        }
      }}
    />
  );
}
