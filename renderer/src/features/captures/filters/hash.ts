// The captures filter lives in the URL hash (`#captures?status=4xx&q=foo`) so it survives a reload or restart.
import { filterFromQueryString, filterToQueryString, type CaptureFilter } from '../../../../../shared/capture-query';

const PREFIX = '#captures?';

export function readHashFilter(): CaptureFilter {
  if (typeof location === 'undefined' || !location.hash.startsWith(PREFIX)) return {};
  return filterFromQueryString(location.hash.slice(PREFIX.length));
}

export function writeHashFilter(f: CaptureFilter): void {
  if (typeof history === 'undefined') return;
  const qs = filterToQueryString(f);
  const hash = qs ? PREFIX + qs : '';
  if (location.hash === hash) return;
  // replaceState keeps the token query string and adds no history entry per keystroke.
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
}
