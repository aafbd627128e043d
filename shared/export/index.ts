// History and export: pure builders shared by the core (files, local API) and the UI (table, charts).
export { exportFileName } from './file-name';
export { csvDocument, csvField, csvRecord, parseCsv } from './csv';
export type { CsvValue } from './csv';
export { nightOffset, nightRow, nightRows, stagesString } from './night-rows';
export type { NightRow } from './night-rows';
export { nightsCsv, NIGHTS_CSV_HEADER } from './nights-csv';
export { sessionCsv, SESSION_CSV_HEADER } from './session-csv';
export { prettyJson, sessionExport, sessionJson, SESSION_EXPORT_FORMAT } from './session-json';
export type { ExportedCapture, SessionExport } from './session-json';
export { MAX_EXPORT_CHARS, parseSessionExport, sessionDetailSchema } from './session-export-schema';
export type { OpenedExport } from './session-export-schema';
export { isoInZone, isoUtc, isoWithOffset, isKnownZone, zoneOffsetMinutes } from './zoned-time';

/** A file the UI saves (download) and the local API serves (content-disposition). */
export interface ExportFile {
  fileName: string;
  mimeType: string;
  content: string;
}
