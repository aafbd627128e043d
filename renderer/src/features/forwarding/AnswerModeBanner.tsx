// Loud while answer mode is on: webhooks are not being answered normally.
import { getApi } from '../../api';
import { useStatus } from '../status/statusStore';

export function describeAnswerMode(mode: { status: number | null; delayMs: number }): string {
  const delay = mode.delayMs > 0 ? ` after ${mode.delayMs % 1000 === 0 ? mode.delayMs / 1000 : (mode.delayMs / 1000).toFixed(1)} s` : '';
  return `answering ${mode.status ?? 200}${delay}`;
}

export function AnswerModeBanner() {
  const mode = useStatus((s) => s.status?.answerMode);
  if (!mode || (mode.status === null && mode.delayMs === 0)) return null;
  const retries = mode.status !== null && (mode.status >= 500 || mode.status === 408 || mode.status === 429);
  return (
    <div className="banner red" role="alert" data-testid="answer-mode-banner">
      <div className="grow">
        <strong>Answer mode: {describeAnswerMode(mode)}</strong> — {retries ? 'Asleep will retry; ' : ''}captures are still stored.
      </div>
      <button
        type="button"
        className="btn small"
        onClick={() =>
          void getApi()
            .call('setAnswerMode', { status: null, delayMs: 0 })
            .then((r) => r.ok && useStatus.getState().set(r.value))
        }
      >
        Turn off
      </button>
    </div>
  );
}
