import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'green' | 'amber' | 'red' | 'blue';

export function Badge({ tone = 'neutral', title, children, testId }: { tone?: Tone; title?: string; children: ReactNode; testId?: string }) {
  return (
    <span className={`badge ${tone === 'neutral' ? '' : tone}`} title={title} data-testid={testId}>
      {children}
    </span>
  );
}
