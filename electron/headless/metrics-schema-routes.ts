// Local API routes of the metrics dashboard and the JSON Schema export (documented in the README):
//   GET /api/metrics?window=hour|night|week&offset=MIN   the dashboard's figures
//   GET /api/schemas                                     the index (which file for which body)
//   GET /api/schemas/<file>.schema.json                  one JSON Schema (also /api/schemas/index.json)
import type { CommandHandlers } from '../../shared/contract';
import { METRICS_WINDOWS, type MetricsWindow } from '../../shared/metrics';
import { SCHEMA_INDEX_FILE, schemaFile, schemaIndex } from '../../shared/schema-export';
import type { ApiAnswer } from './api-routes';

const error = (status: number, code: string, message: string): ApiAnswer => ({ status, body: { error: { code, message } } });

/** Null when the path is none of these routes. */
export async function routeMetricsAndSchemas(handlers: CommandHandlers, resource: string | undefined, parts: string[], url: URL): Promise<ApiAnswer | null> {
  if (resource === 'metrics' && parts.length === 2) {
    const window = url.searchParams.get('window') ?? 'night';
    if (!(METRICS_WINDOWS as readonly string[]).includes(window)) return error(400, 'BAD_ARGS', `window must be ${METRICS_WINDOWS.join(', ')} (got "${window}")`);
    const offsetText = url.searchParams.get('offset') ?? '0';
    const offsetMinutes = Number(offsetText);
    if (!/^[+-]?\d{1,3}$/.test(offsetText) || Math.abs(offsetMinutes) > 14 * 60) {
      return error(400, 'BAD_ARGS', `offset must be the UTC offset in whole minutes, -840 to 840 (e.g. 540 for UTC+09:00; got "${offsetText}")`);
    }
    const r = await handlers.getMetrics({ window: window as MetricsWindow, offsetMinutes });
    return r.ok ? { status: 200, body: r.value } : { status: 500, body: { error: r.error } };
  }
  if (resource === 'schemas' && parts.length === 2) {
    const index = schemaIndex();
    return { status: 200, body: { ...index, schemas: index.schemas.map((s) => ({ ...s, url: `/api/schemas/${s.file}` })) } };
  }
  if (resource === 'schemas' && parts.length === 3) {
    const file = parts[2]!;
    if (file === SCHEMA_INDEX_FILE) return { status: 200, body: schemaIndex() };
    const schema = schemaFile(file);
    if (schema) return { status: 200, body: schema };
    const known = schemaIndex().schemas.map((s) => s.file);
    return error(404, 'NOT_FOUND', `No schema ${file}. Known: ${known.join(', ')} (GET /api/schemas lists them).`);
  }
  return null;
}
