// Nights stacked as rows of tiny hypnograms on one clock-time axis (the session's zone), so a
// participant's bedtimes, wake-ups and REM pattern line up at a glance. Drawn with the 2D canvas API:
// hundreds of nights stay fast. A click on a row selects that night.
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import type { NightRow } from '../../../../shared/export/night-rows';
import { clockWindow, epochMinute, hourTicks, stageRuns } from './clockWindow';
import { stageColor, themeColor } from './colors';

const ROW = 18;
const AXIS = 18;
const LABEL = 84;
const PAD_RIGHT = 8;

export function MiniHypnograms({ nights, selected, onSelect }: { nights: NightRow[]; selected: string | null; onSelect(id: string): void }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const height = AXIS + nights.length * ROW + 4;
  const win = clockWindow(nights);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const plotW = Math.max(10, width - LABEL - PAD_RIGHT);
    const x = (minute: number) => LABEL + ((minute - win.from) / (win.to - win.from)) * plotW;

    // Hour grid and labels.
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    for (const [minute, label] of hourTicks(win)) {
      const px = Math.round(x(minute)) + 0.5;
      ctx.strokeStyle = themeColor(minute % (24 * 60) === 0 ? '--border-strong' : '--border');
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(px, AXIS - 3);
      ctx.lineTo(px, height);
      ctx.stroke();
      ctx.fillStyle = themeColor('--muted');
      ctx.fillText(label, px, AXIS / 2);
    }

    nights.forEach((n, i) => {
      const top = AXIS + i * ROW;
      if (n.sessionId === selected) {
        ctx.fillStyle = themeColor('--accent-dim');
        ctx.fillRect(0, top, width, ROW);
      }
      ctx.textAlign = 'left';
      ctx.fillStyle = themeColor('--text');
      ctx.fillText(n.date ?? '?', 4, top + ROW / 2);
      if (n.startMinute === null) {
        ctx.fillStyle = themeColor('--faint');
        ctx.fillText('start unknown', LABEL + 4, top + ROW / 2);
        return;
      }
      const level = (l: number) => top + 3 + (l * (ROW - 6)) / 3;
      const start = n.startMinute;
      const runs = stageRuns(n.stages);
      // Connectors first (thin, muted), then each run in its stage colour.
      ctx.strokeStyle = themeColor('--faint');
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let r = 1; r < runs.length; r++) {
        const prev = runs[r - 1]!;
        const cur = runs[r]!;
        if (prev.first + prev.length !== cur.first) continue;
        const px = x(epochMinute(start, cur.first));
        ctx.moveTo(px, level(prev.level));
        ctx.lineTo(px, level(cur.level));
      }
      ctx.stroke();
      for (const run of runs) {
        ctx.strokeStyle = stageColor(run.stage);
        ctx.lineWidth = run.stage === '3' ? 2.5 : 1.5;
        ctx.beginPath();
        ctx.moveTo(x(epochMinute(start, run.first)), level(run.level));
        ctx.lineTo(x(epochMinute(start, run.first + run.length)), level(run.level));
        ctx.stroke();
      }
    });
  }, [nights, selected, width, height, win.from, win.to]);

  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const row = Math.floor((e.clientY - rect.top - AXIS) / ROW);
    const n = nights[row];
    if (n) onSelect(n.sessionId);
  };

  return (
    <div
      ref={wrapRef}
      className="mini-hypnograms"
      data-testid="mini-hypnograms"
      data-rows={nights.length}
      data-from={win.from}
      data-to={win.to}
      role="img"
      aria-label={`${nights.length} nights on one clock-time axis; Wake on top, then REM, Light, Deep`}
    >
      <canvas ref={canvasRef} onClick={onClick} />
    </div>
  );
}
