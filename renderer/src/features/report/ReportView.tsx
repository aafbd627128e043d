// One printable page for a night: hypnogram, stage distribution, statistics, peculiarities and where
// the data came from. Shown over the whole window (like a print preview); the print stylesheet hides
// everything else, so the desktop's printToPDF and a browser's print both get exactly this page.
import { useEffect, useMemo, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import type { SessionDetail } from '../../../../shared/session';
import { looksTwoStage } from '../../../../shared/stats';
import { getApi } from '../../api';
import { formatTime, zoneLabel } from '../../lib/time';
import { Hypnogram } from '../hypnogram/Hypnogram';
import { stageTotals } from '../hypnogram/mapping';
import { PRINT_PALETTE } from '../hypnogram/palette';
import { START_SOURCE_TEXT, nightDuration, nightTimes } from '../sessions/SessionHeader';
import { explainPeculiarity } from '../session-page/peculiarities';
import { StageBar } from '../session-page/StageBar';
import { StatsTable } from '../session-page/StatsTable';
import { isDesktop, printReport, type PrintOutcome } from './saveReportPdf';
import { provenance } from './provenance';
import './report.css';

const STATE_TEXT = { live: 'recording (live)', stale: 'no recent chunk', complete: 'complete' } as const;

/** When the SESSION_COMPLETE capture was received (one look-up; null when unknown). */
function useReceivedAt(captureId: string | null): string | null {
  const [receivedAt, setReceivedAt] = useState<string | null>(null);
  useEffect(() => {
    setReceivedAt(null);
    if (!captureId) return;
    let live = true;
    void getApi()
      .call('getCapture', { id: captureId })
      .then((r) => {
        if (live && r.ok) setReceivedAt(r.value.receivedAt);
      });
    return () => {
      live = false;
    };
  }, [captureId]);
  return receivedAt;
}

/** The content box every page size offers: 190 mm (A4 width) x 259.4 mm (Letter height), in CSS px. */
export const PAGE_CONTENT_PX = { width: (190 * 96) / 25.4, height: (259.4 * 96) / 25.4 };

/**
 * The zoom that makes the report fit the page height (1 when it fits). The report has the same
 * width (190 mm) on screen and on paper, so its height on screen is its height on paper.
 */
function useFitToPage(ref: RefObject<HTMLElement | null>): number {
  const [fit, setFit] = useState(1);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const h = el.scrollHeight;
      const next = h > PAGE_CONTENT_PX.height ? Math.floor((PAGE_CONTENT_PX.height / h) * 1000) / 1000 : 1;
      setFit(next);
    };
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, [ref]);
  return fit;
}

function outcomeText(o: PrintOutcome | null): string | null {
  if (!o) return null;
  switch (o.kind) {
    case 'saved':
      return o.path ? `Saved: ${o.path}` : 'Saved.';
    case 'cancelled':
      return 'Not saved.';
    case 'error':
      return `Could not save the PDF: ${o.message}`;
    default:
      return null;
  }
}

export function ReportView({ detail: d, onClose }: { detail: SessionDetail; onClose: () => void }) {
  const [outcome, setOutcome] = useState<PrintOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const receivedAt = useReceivedAt(d.completeCaptureId);
  const tz = d.timezone;
  const times = nightTimes(d);
  const duration = nightDuration(d);
  const twoStage = looksTwoStage(d.serverStat);
  const totals = useMemo(() => stageTotals((d.final ?? d.epochs).sleep), [d.final, d.epochs]);
  const estimated = d.startTimeSource !== null && d.startTimeSource !== 'report';
  const dateTime = (iso: string) => `${formatTime(iso, 'dateTimeSeconds', tz)}`;
  const items = provenance(d, { completeReceivedAt: receivedAt, formatDateTime: dateTime });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const print = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome(await printReport({ userId: d.userId, sessionId: d.sessionId }));
    } finally {
      setBusy(false);
    }
  };

  // One page whatever the content: when the report is taller than the page, print it smaller.
  const articleRef = useRef<HTMLElement>(null);
  const fit = useFitToPage(articleRef);

  const message = outcomeText(outcome);
  return createPortal(
    <div className="report-root" data-testid="report-overlay" role="dialog" aria-modal="true" aria-label="Night report">
      <div className="report-toolbar">
        <button type="button" className="btn primary" data-testid="print-report" onClick={() => void print()} disabled={busy}>
          {isDesktop() ? 'Save as PDF' : 'Print / Save as PDF'}
        </button>
        <button type="button" className="btn" data-testid="close-report" onClick={onClose}>
          Close
        </button>
        <span className="muted small">One page, A4 or Letter portrait.</span>
        {message ? (
          <span className={outcome?.kind === 'error' ? 'bad small' : 'muted small'} data-testid="print-outcome">
            {message}
          </span>
        ) : null}
      </div>
      <div className="report-sheet">
      <article className="report" data-testid="report" data-session-id={d.sessionId} data-fit={fit} ref={articleRef} style={{ '--report-fit': fit } as CSSProperties}>
        <header className="report-head">
          <div>
            <h1>Sleep report</h1>
            <div className="who">
              <span className="k">Participant</span> <strong data-testid="report-participant">{d.userId}</strong>
              <span className="k">Session</span> <span className="mono">{d.sessionId}</span>
            </div>
          </div>
          <div className="when num">
            <div>
              {times.start ?? 'start unknown'} – {times.end ?? (d.state === 'complete' ? 'end unknown' : 'in progress')}
            </div>
            <div className="muted">
              {zoneLabel(tz)} · {duration.text}
              {duration.estimated ? ' so far' : ''} · {STATE_TEXT[d.state]}
              {estimated && d.startTimeSource ? ` · start ${START_SOURCE_TEXT[d.startTimeSource]}` : ''}
            </div>
          </div>
        </header>

        <section className="report-hypnogram">
          <Hypnogram detail={d} variant="print" interactive={false} pxPerUnit={30} testId="report-hypnogram" />
        </section>

        <section className="report-stages">
          <h2>Stage distribution</h2>
          <StageBar totals={totals} twoStage={twoStage} palette={PRINT_PALETTE} />
        </section>

        <section className="report-stats">
          <h2>Statistics: Asleep’s server | our recomputation</h2>
          <StatsTable detail={d} compact testId="report-stats-table" />
        </section>

        <section className="report-notes">
          <h2>Peculiarities</h2>
          {d.peculiarities.length === 0 ? (
            <p className="muted">None reported.</p>
          ) : (
            <ul data-testid="report-peculiarities">
              {d.peculiarities.map((code) => (
                <li key={code} data-code={code}>
                  <span className="mono">{code}</span> — {explainPeculiarity(code).text}
                </li>
              ))}
            </ul>
          )}
          {d.warnings.length > 0 ? (
            <p className="muted small">
              {d.warnings.length} warning{d.warnings.length === 1 ? '' : 's'} on the received data (see the console).
            </p>
          ) : null}
        </section>

        <footer className="report-provenance" data-testid="report-provenance">
          <h2>Data provenance</h2>
          <dl>
            {items.map((i) => (
              <div key={i.key} data-key={i.key}>
                <dt>{i.label}</dt>
                <dd className={i.key === 'capture' ? 'mono' : undefined}>{i.value}</dd>
              </div>
            ))}
          </dl>
          <div className="faint small">
            Asleep Webhook Console · printed {formatTime(Date.now(), 'dateTime', tz)} ({zoneLabel(tz)}) · 1 epoch = 30 s
          </div>
        </footer>
      </article>
      </div>
    </div>,
    document.body,
  );
}
