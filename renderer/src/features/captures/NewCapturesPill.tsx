// "3 new ↑": live captures that arrived above the view while the user was reading further down.
import { formatCount } from '../../lib/units';

export function NewCapturesPill({ count, onClick }: { count: number; onClick(): void }) {
  return (
    <div className="new-pill-slot" aria-live="polite">
      {count > 0 ? (
        <button
          type="button"
          className="new-pill"
          data-testid="new-captures-pill"
          data-count={count}
          onClick={onClick}
          title="Scroll to the newest capture (Home in the list)"
          aria-label={`${formatCount(count)} new ${count === 1 ? 'capture' : 'captures'} above: go to the newest`}
        >
          {formatCount(count)} new ↑
        </button>
      ) : null}
    </div>
  );
}
