// A tooltip that also shows on keyboard focus (and is read by screen readers via aria-describedby).
import { useId, type ReactNode } from 'react';

export function Tip({ text, children, className, testId, code }: { text: string; children: ReactNode; className?: string; testId?: string; code?: string }) {
  const id = useId();
  return (
    <span className={`tip ${className ?? ''}`} tabIndex={0} aria-describedby={id} data-testid={testId} data-code={code}>
      {children}
      <span role="tooltip" id={id} className="tip-bubble">
        {text}
      </span>
    </span>
  );
}
