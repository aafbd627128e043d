// The filter bar above the captures list: search, the verdict selects (status, validity, repeat, event,
// layout, version), participant and session (suggested from the known sessions, free text allowed),
// the received time range, how many filters are on, and exports of what is shown. Every change is
// kept in the URL hash (capturesStore.setFilter), so a reload or restart shows the same list.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { filterToQueryString, type CaptureFilter } from '../../../../../shared/capture-query';
import { getApi } from '../../../api';
import { formatTime } from '../../../lib/time';
import { saveFile } from '../../history/files';
import { useSessions } from '../../sessions/sessionsStore';
import { useCaptures } from '../capturesStore';
import { activeFilterCount, eventOptions, LAYOUT_OPTIONS, participantOptions, sessionOptions, VERSION_OPTIONS, withParticipant } from './filterOptions';
import { readHashFilter } from './hash';
import { SearchBox } from './SearchBox';
// webhook metrics and JSON Schema export
import { SchemaExportButton } from './SchemaExportButton';
import { SuggestInput } from './SuggestInput';
import { TimeRange } from './TimeRange';
import './filters.css';

const STATUS_OPTIONS = ['2xx', '4xx', '5xx', '200', '400', '401', '404', '405', '413', '503'];

export function CaptureFilters() {
  const filter = useCaptures((s) => s.filter);
  const partial = useCaptures((s) => s.partial);
  // The events seen in the loaded captures; compared by content, so new captures of known events cost no render.
  const events = useCaptures(useShallow((s) => eventOptions(s.items, s.filter.event)));
  const byKey = useSessions((s) => s.byKey);
  const [exportError, setExportError] = useState<string | null>(null);
  // Remounting the search box on Clear drops text typed but not yet applied.
  const [searchKey, setSearchKey] = useState(0);

  /** Apply a change to the filter in force now (not the one this render saw: changes can come quickly). */
  const change = useCallback((patch: Partial<CaptureFilter>) => {
    const { filter: current, setFilter } = useCaptures.getState();
    const next: CaptureFilter = { ...current, ...patch };
    for (const k of Object.keys(next) as (keyof CaptureFilter)[]) if (next[k] === undefined || next[k] === '') delete next[k];
    void setFilter(next);
  }, []);
  const clear = useCallback(() => {
    setSearchKey((k) => k + 1);
    void useCaptures.getState().setFilter({});
  }, []);
  const onSearch = useCallback((q: string | undefined) => change({ q }), [change]);
  const onRange = useCallback((r: { from: string | undefined; to: string | undefined }) => change(r), [change]);

  // A link or the user editing the address bar changes the hash: follow it.
  useEffect(() => {
    const onHash = () => {
      const next = readHashFilter();
      if (filterToQueryString(next) !== filterToQueryString(useCaptures.getState().filter)) void useCaptures.getState().setFilter(next);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const sessions = useMemo(() => Object.values(byKey), [byKey]);
  const participants = useMemo(() => participantOptions(sessions).map((value) => ({ value })), [sessions]);
  const sessionChoices = useMemo(
    () =>
      sessionOptions(sessions, filter.user).map((o) => ({
        value: o.value,
        label: `${o.startTime ? formatTime(o.startTime, 'dateTime', o.timezone) : 'start unknown'} · ${o.userId}`,
      })),
    [sessions, filter.user],
  );
  const active = activeFilterCount(filter);

  const exportAs = async (format: 'ndjson' | 'har') => {
    setExportError(null);
    const r = await getApi().call('exportCaptures', { query: { ...filter }, format });
    if (r.ok) saveFile(r.value);
    else setExportError(r.error.message);
  };

  return (
    <div className="capture-filters" data-testid="capture-filters" role="search" aria-label="Filter captures">
      <div className="cf-row">
        <SearchBox key={searchKey} value={filter.q} onCommit={onSearch} />
        <select aria-label="HTTP status" data-testid="filter-status" value={filter.status ?? ''} onChange={(e) => change({ status: e.target.value || undefined })}>
          <option value="">Any status</option>
          {STATUS_OPTIONS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
          {filter.status && !STATUS_OPTIONS.includes(filter.status) ? <option value={filter.status}>{filter.status}</option> : null}
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
        <select aria-label="Event" data-testid="filter-event" value={filter.event ?? ''} onChange={(e) => change({ event: e.target.value || undefined })}>
          <option value="">Any event</option>
          {events.map((ev) => (
            <option key={ev} value={ev}>
              {ev}
            </option>
          ))}
        </select>
        <select aria-label="Layout" data-testid="filter-layout" value={filter.layout ?? ''} onChange={(e) => change({ layout: e.target.value || undefined })}>
          <option value="">Any layout</option>
          {LAYOUT_OPTIONS.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
          {filter.layout && !LAYOUT_OPTIONS.some((l) => l.value === filter.layout) ? <option value={filter.layout}>{filter.layout}</option> : null}
        </select>
        <select aria-label="Version" data-testid="filter-version" value={filter.version ?? ''} onChange={(e) => change({ version: e.target.value || undefined })}>
          <option value="">Any version</option>
          {VERSION_OPTIONS.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
          {filter.version && !(VERSION_OPTIONS as readonly string[]).includes(filter.version) ? <option value={filter.version}>{filter.version}</option> : null}
        </select>
        <span className="cf-spacer" />
        {partial ? (
          <span className="warn small" data-testid="search-partial">
            search stopped early: older captures were not all searched, narrow the filters
          </span>
        ) : null}
        {active > 0 ? (
          <span className="cf-active" data-testid="filters-active">
            {active} {active === 1 ? 'filter' : 'filters'} active ·{' '}
            <button type="button" className="link" data-testid="filters-clear" onClick={clear}>
              Clear
            </button>
          </span>
        ) : null}
      </div>
      <div className="cf-row">
        <SuggestInput
          label="Participant"
          value={filter.user}
          suggestions={participants}
          placeholder="participant…"
          testId="filter-user"
          onCommit={(user) => void useCaptures.getState().setFilter(withParticipant(useCaptures.getState().filter, user))}
        />
        <SuggestInput
          label="Session"
          value={filter.session}
          suggestions={sessionChoices}
          placeholder="session…"
          testId="filter-session"
          width={180}
          onCommit={(session) => change({ session })}
        />
        <TimeRange from={filter.from} to={filter.to} onChange={onRange} />
        <span className="cf-spacer" />
        <button type="button" className="btn ghost small" data-testid="export-ndjson" onClick={() => void exportAs('ndjson')} title="Export the captures matching this filter">
          NDJSON
        </button>
        <button type="button" className="btn ghost small" data-testid="export-har" onClick={() => void exportAs('har')} title="Export the captures matching this filter">
          HAR
        </button>
        {exportError ? <span className="bad">{exportError}</span> : null}
        <SchemaExportButton />
      </div>
    </div>
  );
}

