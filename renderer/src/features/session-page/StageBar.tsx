// The night's stage distribution as one proportional bar, with h:mm and % for each stage.
import { useMemo } from 'react';
import type { StageTotals } from '../hypnogram/mapping';
import { SCREEN_PALETTE, type Palette } from '../hypnogram/palette';
import { stageSegments, type SegmentKey } from './stageBar';
import './session-page.css';

const colorOf = (p: Palette, key: SegmentKey): string => (key === 'sleep' ? p.stage.light : key === 'unknown' ? p.stage.none : p.stage[key]);

export function StageBar({ totals, twoStage, palette = SCREEN_PALETTE }: { totals: StageTotals; twoStage: boolean; palette?: Palette }) {
  const segments = useMemo(() => stageSegments(totals, twoStage), [totals, twoStage]);
  const total = segments.reduce((a, s) => a + s.epochs, 0);
  return (
    <div className={`stage-bar ${palette.name}`} data-testid="stage-bar" data-epochs={total}>
      <div className="bar" role="img" aria-label={segments.map((s) => `${s.label} ${s.duration} (${s.percent} %)`).join(', ')}>
        {segments
          .filter((s) => s.epochs > 0)
          .map((s) => (
            <div
              key={s.key}
              className={`seg seg-${s.key}`}
              style={{ width: `${s.fraction * 100}%`, background: colorOf(palette, s.key) }}
              data-testid="stage-segment"
              data-stage={s.key}
              data-epochs={s.epochs}
              title={`${s.label}: ${s.duration} h (${s.percent} %)`}
            >
              {s.fraction >= 0.09 ? <span>{`${s.label} ${s.percent} %`}</span> : null}
            </div>
          ))}
      </div>
      <div className="stage-legend num">
        {segments
          .filter((s) => s.key !== 'unknown' || s.epochs > 0)
          .map((s) => (
            <span key={s.key} className="item" data-stage={s.key}>
              <span className="swatch" style={{ background: colorOf(palette, s.key) }} />
              <span className="muted">{s.label}</span> {s.duration} · {s.percent} %
            </span>
          ))}
        <span className="faint">of {total} epochs (h:mm)</span>
      </div>
    </div>
  );
}
