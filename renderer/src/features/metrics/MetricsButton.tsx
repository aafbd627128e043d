// The top bar's way in and out of the metrics dashboard.
import { useUi } from '../../app/uiStore';

export function MetricsButton() {
  const open = useUi((s) => s.main === 'metrics');
  const show = useUi((s) => s.show);
  return (
    <button type="button" className={`btn ${open ? 'primary' : ''}`} aria-pressed={open} data-testid="open-metrics" onClick={() => show(open ? 'session' : 'metrics')} title="Captures per minute, answer times, participants, refused requests">
      Metrics
    </button>
  );
}
