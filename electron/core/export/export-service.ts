// History and export for the contract: a participant's nights, session and nights files, and
// exported session files opened again for offline review. Builders are pure (shared/export);
// this only gathers the sessions and captures they need.
import type { CaptureDetail } from '../../../shared/capture';
import { exportFileName, type ExportFile } from '../../../shared/export';
import { nightRows, type NightRow } from '../../../shared/export/night-rows';
import { nightsCsv } from '../../../shared/export/nights-csv';
import { sessionCsv } from '../../../shared/export/session-csv';
import { parseSessionExport } from '../../../shared/export/session-export-schema';
import { sessionJson } from '../../../shared/export/session-json';
import { fail, ok, type Result } from '../../../shared/result';
import type { SessionDetail, SessionSummary } from '../../../shared/session';

export interface ExportSources {
  /** Every session known for the data folder (summaries). */
  sessions(): Promise<SessionSummary[]>;
  detail(userId: string, sessionId: string): Promise<SessionDetail | null>;
  /** Every capture (accepted or refused) that names this session, oldest first. */
  captures(userId: string, sessionId: string): Promise<CaptureDetail[]>;
}

const CSV = 'text/csv; charset=utf-8';
const JSON_MIME = 'application/json; charset=utf-8';

export class ExportService {
  constructor(private readonly src: ExportSources) {}

  async listNights({ userId }: { userId: string }): Promise<Result<{ items: NightRow[] }>> {
    const details = await this.details(userId);
    return details.length ? ok({ items: nightRows(details) }) : fail('NOT_FOUND', `No sessions for participant ${userId}.`);
  }

  async exportNights({ userId }: { userId: string }): Promise<Result<ExportFile>> {
    const nights = await this.listNights({ userId });
    if (!nights.ok) return nights;
    return ok({ fileName: exportFileName([userId, 'nights'], 'csv'), mimeType: CSV, content: nightsCsv(nights.value.items) });
  }

  async exportSession({ userId, sessionId, format }: { userId: string; sessionId: string; format: 'json' | 'csv' }): Promise<Result<ExportFile>> {
    const detail = await this.src.detail(userId, sessionId);
    if (!detail) return fail('NOT_FOUND', `No session ${sessionId} for participant ${userId}.`);
    const fileName = exportFileName([userId, sessionId], format);
    if (format === 'csv') return ok({ fileName, mimeType: CSV, content: sessionCsv(detail) });
    const captures = await this.src.captures(userId, sessionId);
    return ok({ fileName, mimeType: JSON_MIME, content: sessionJson(detail, captures) });
  }

  /** Validate an exported file's text and return its session (nothing is stored). */
  openExport({ content }: { content: string }): Result<{ session: SessionDetail; exportedAt: string | null; captureCount: number }> {
    const r = parseSessionExport(content);
    return r.ok ? ok({ session: r.value.session, exportedAt: r.value.exportedAt, captureCount: r.value.captures.length }) : r;
  }

  private async details(userId: string): Promise<SessionDetail[]> {
    const mine = (await this.src.sessions()).filter((s) => s.userId === userId);
    const details = await Promise.all(mine.map((s) => this.src.detail(s.userId, s.sessionId)));
    return details.filter((d): d is SessionDetail => d !== null);
  }
}
