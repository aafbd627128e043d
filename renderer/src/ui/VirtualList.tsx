// A fixed-row-height virtual list: only the rows in view (plus a few) are in the DOM.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

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
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, getKey, renderRow, activeIndex, onEndReached, overscan = 8, idPrefix } = props;
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

  // When rows are inserted above what the user is reading, keep the same row under their eyes.
  useLayoutEffect(() => {
    const el = ref.current;
    const a = anchor.current;
    if (!el || !a || el.scrollTop === 0) return;
    const index = items.findIndex((it) => getKey(it) === a.key);
    if (index >= 0) {
      const want = index * rowHeight + a.offset;
      if (Math.abs(want - el.scrollTop) >= 1) {
        el.scrollTop = want;
        setScrollTop(want);
      }
    }
  }, [items, getKey, rowHeight]);

  const remember = useCallback(
    (top: number) => {
      const index = Math.floor(top / rowHeight);
      const item = items[index];
      anchor.current = item ? { key: getKey(item), offset: top - index * rowHeight } : null;
    },
    [items, getKey, rowHeight],
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

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    remember(el.scrollTop);
    if (onEndReached && el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight * 5) onEndReached();
  };

  const height = viewport || 800;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i];
    if (item === undefined) continue;
    rows.push(
      renderRow(item, i, {
        id: `${idPrefix}-${i}`,
        active: i === activeIndex,
        style: { position: 'absolute', top: i * rowHeight, left: 0, right: 0, height: rowHeight },
      }),
    );
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
