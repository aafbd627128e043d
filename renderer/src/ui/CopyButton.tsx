import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';

/** "Copy" that says "Copied" (or "Copy failed") for a moment. */
export function CopyButton({ text, label = 'Copy', what }: { text: string; label?: string; what: string }) {
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 1600);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button
      type="button"
      className="btn small"
      aria-label={`Copy ${what}`}
      onClick={() => void copyText(text).then((ok) => setState(ok ? 'done' : 'failed'))}
    >
      {state === 'done' ? 'Copied ✓' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
