// A fixed-row-height virtual list: only the rows in view (plus a few) are in the DOM.
import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
} from 'react';

/** What a parent can ask of the list (through `controlRef`). */
export interface VirtualListControl {
  scrollToTop(): void;
}

export interface RowProps {
  style: CSSProperties;
  active: boolean;
  id: string;
}

interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  getKey(item: T): string;
  renderRow(item: T, index: number, row: RowProps): ReactNode;
  /** The keyboard cursor; scrolled into view when it changes. */
  activeIndex?: number | null;
  onKeyDown?(e: KeyboardEvent<HTMLDivElement>): void;
  /** Called when the user scrolls near the end (to page more in). */
  onEndReached?(): void;
  overscan?: number;
  idPrefix: string;
  label: string;
  testId?: string;
  empty?: ReactNode;
  footer?: ReactNode;
  /**
   * Rows inserted above never move what is on screen, even at the very top (e.g. while a row is
   * selected). Off: at the very top new rows simply appear; scrolled down, the view still holds.
   */
  holdPosition?: boolean;
  /** Every scroll position the list settles on (user scrolling and the list's own adjustments). */
  onScrollTop?(top: number): void;
  controlRef?: Ref<VirtualListControl>;
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, getKey, renderRow, activeIndex, onEndReached, overscan = 8, idPrefix, holdPosition = false, onScrollTop } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  const anchor = useRef<{ key: string; offset: number } | null>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setViewport(el.clientHeight);
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const remember = useCallback(
    (top: number) => {
      const index = Math.floor(top / rowHeight);
      const item = items[index];
      anchor.current = item ? { key: getKey(item), offset: top - index * rowHeight } : null;
    },
    [items, getKey, rowHeight],
  );
  const reportTop = useRef(onScrollTop);
  reportTop.current = onScrollTop;

  // When rows are inserted above what the user is reading, keep the same row under their eyes
  // (before paint, so nothing visibly jumps). The anchor is the row at the viewport's top.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const a = anchor.current;
    if (a && (el.scrollTop !== 0 || holdPosition)) {
      const index = items.findIndex((it) => getKey(it) === a.key);
      if (index >= 0) {
        const want = index * rowHeight + a.offset;
        if (Math.abs(want - el.scrollTop) >= 1) {
          el.scrollTop = want;
          setScrollTop(el.scrollTop);
          reportTop.current?.(el.scrollTop);
        }
      }
    }
    remember(el.scrollTop);
  }, [items, getKey, rowHeight, holdPosition, remember]);

  useImperativeHandle(
    props.controlRef,
    () => ({
      scrollToTop() {
        const el = ref.current;
        if (!el) return;
        el.scrollTop = 0;
        setScrollTop(0);
        remember(0);
        reportTop.current?.(0);
      },
    }),
    [remember],
  );

  // Bring the cursor into view when it moves to another item, not when new rows merely shift it
  // (the user may have scrolled away on purpose while traffic keeps arriving).
  const activeItem = activeIndex !== null && activeIndex !== undefined && activeIndex >= 0 ? items[activeIndex] : undefined;
  const activeKey = activeItem === undefined ? null : getKey(activeItem);
  const lastActiveKey = useRef<string | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (activeKey === lastActiveKey.current) return;
    lastActiveKey.current = activeKey;
    if (!el || activeKey === null || activeIndex === null || activeIndex === undefined) return;
    const top = activeIndex * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [activeKey, activeIndex, rowHeight]);

  // The rows rendered last time; a scroll renders again only when the view nears the edge of them, so a
  // slow scroll costs a render every few rows, not every pixel.
  const rendered = useRef({ first: 0, last: 0 });
  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    const top = el.scrollTop;
    const viewFirst = Math.floor(top / rowHeight);
    const viewLast = Math.ceil((top + el.clientHeight) / rowHeight);
    const slack = Math.max(1, overscan >> 1);
    const r = rendered.current;
    if ((r.first > 0 && viewFirst - r.first < slack) || (r.last < items.length && r.last - viewLast < slack) || viewLast <= r.first || viewFirst >= r.last) {
      setScrollTop(top);
    }
    remember(el.scrollTop);
    onScrollTop?.(el.scrollTop);
    if (onEndReached && el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight * 5) onEndReached();
  };

  const height = viewport || 800;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  rendered.current = { first, last };
  // The same RowProps object for the same index while it stays in the window: memoized rows then skip
  // rendering while the list scrolls, and only the rows coming into view are rendered.
  const rowCache = useRef<{ rowHeight: number; idPrefix: string; byIndex: Map<number, RowProps> }>({ rowHeight, idPrefix, byIndex: new Map() });
  if (rowCache.current.rowHeight !== rowHeight || rowCache.current.idPrefix !== idPrefix) rowCache.current = { rowHeight, idPrefix, byIndex: new Map() };
  const byIndex = rowCache.current.byIndex;
  for (const i of byIndex.keys()) if (i < first || i >= last) byIndex.delete(i);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i];
    if (item === undefined) continue;
    const active = i === activeIndex;
    let row = byIndex.get(i);
    if (!row || row.active !== active) {
      row = { id: `${idPrefix}-${i}`, active, style: { position: 'absolute', top: i * rowHeight, left: 0, right: 0, height: rowHeight } };
      byIndex.set(i, row);
    }
    rows.push(renderRow(item, i, row));
  }

  return (
    <div
      ref={ref}
      className="vlist"
      tabIndex={0}
      role="listbox"
      aria-label={props.label}
      aria-activedescendant={activeIndex !== null && activeIndex !== undefined && activeIndex >= 0 ? `${idPrefix}-${activeIndex}` : undefined}
      data-testid={props.testId}
      data-count={items.length}
      onScroll={onScroll}
      onKeyDown={props.onKeyDown}
    >
      {items.length === 0 ? (
        props.empty
      ) : (
        <div style={{ position: 'relative', height: items.length * rowHeight }}>{rows}</div>
      )}
      {props.footer}
    </div>
  );
}

/** Arrow keys / j k / Home End / PageUp PageDown -> a new index, or null if the key is not for moving. */
export function moveIndex(key: string, index: number, count: number, page = 10): number | null {
  if (count === 0) return null;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return clamp(index < 0 ? 0 : index + 1);
    case 'ArrowUp':
    case 'k':
      return clamp(index < 0 ? 0 : index - 1);
    case 'PageDown':
      return clamp(index + page);
    case 'PageUp':
      return clamp(index - page);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
