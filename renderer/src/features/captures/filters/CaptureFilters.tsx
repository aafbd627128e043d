// The filter bar above the captures list: selects plus a debounced search box; exports of what is shown.
import { useEffect, useState } from 'react';
import type { CaptureFilter } from '../../../../../shared/capture-query';
import { getApi } from '../../../api';
import { saveFile } from '../../history/files';
import { useCaptures } from '../capturesStore';
import './filters.css';

const SEARCH_DEBOUNCE_MS = 300;

export function CaptureFilters() {
  const filter = useCaptures((s) => s.filter);
  const partial = useCaptures((s) => s.partial);
  const setFilter = useCaptures((s) => s.setFilter);
  const [text, setText] = useState(filter.q ?? '');
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => {
    const q = text.trim() || undefined;
    if (q === filter.q) return;
    const t = setTimeout(() => void setFilter({ ...filter, q }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, filter, setFilter]);

  const change = (patch: Partial<CaptureFilter>) => void setFilter({ ...filter, ...patch });
  const exportAs = async (format: 'ndjson' | 'har') => {
    setExportError(null);
    const r = await getApi().call('exportCaptures', { query: { ...filter }, format });
    if (r.ok) saveFile(r.value);
    else setExportError(r.error.message);
  };

  return (
    <div className="capture-filters" data-testid="capture-filters">
      <input
        type="search"
        placeholder="Search bodies and headers…"
        aria-label="Search captures"
        data-testid="capture-search"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <select aria-label="HTTP status" data-testid="filter-status" value={filter.status ?? ''} onChange={(e) => change({ status: e.target.value || undefined })}>
        <option value="">Any status</option>
        <option value="2xx">2xx</option>
        <option value="4xx">4xx</option>
        <option value="5xx">5xx</option>
        <option value="200">200</option>
        <option value="400">400</option>
        <option value="401">401</option>
        <option value="404">404</option>
        <option value="413">413</option>
        <option value="503">503</option>
      </select>
      <select
        aria-label="Validity"
        data-testid="filter-valid"
        value={filter.valid === undefined ? '' : String(filter.valid)}
        onChange={(e) => change({ valid: e.target.value === '' ? undefined : e.target.value === 'true' })}
      >
        <option value="">Valid or not</option>
        <option value="true">Valid</option>
        <option value="false">Not valid</option>
      </select>
      <select
        aria-label="Repeat"
        data-testid="filter-duplicate"
        value={filter.duplicate ?? ''}
        onChange={(e) => change({ duplicate: (e.target.value || undefined) as CaptureFilter['duplicate'] })}
      >
        <option value="">Any repeat</option>
        <option value="no">First</option>
        <option value="same">Same repeat</option>
        <option value="conflict">Conflict</option>
      </select>
      {Object.keys(filter).length > 0 ? (
        <button
          type="button"
          className="btn ghost small"
          onClick={() => {
            setText('');
            void setFilter({});
          }}
        >
          Clear
        </button>
      ) : null}
      {partial ? <span className="warn" data-testid="search-partial">search stopped early: narrow the filter</span> : null}
      <span style={{ flex: 1 }} />
      <button type="button" className="btn ghost small" data-testid="export-ndjson" onClick={() => void exportAs('ndjson')} title="Export the captures matching this filter">
        NDJSON
      </button>
      <button type="button" className="btn ghost small" data-testid="export-har" onClick={() => void exportAs('har')} title="Export the captures matching this filter">
        HAR
      </button>
      {exportError ? <span className="bad">{exportError}</span> : null}
    </div>
  );
}
