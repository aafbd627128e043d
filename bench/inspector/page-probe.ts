// Code that runs inside the console page, installed before the app (addInitScript). Plain JavaScript
// in a string: functions handed to page.evaluate would be compiled by tsx and may reference its helpers.
//
// window.__bench:
//   firstRowAt             performance.now() (ms after navigation start) when the first capture row appeared
//   firstRenderParts()     that, with the script ready (DOMContentLoaded) and the first listCaptures call's span
//   applyAndWait(action, expect)  perform a filter change the way the UI receives it (React's change / input
//                          events), then wait for the list to reload and show rows that all satisfy
//                          `expect` (or the "no match" state when allowed); times to the DOM and to the next frame
//   scroll(frames, step)   scroll the list by `step` px per animation frame, paging older captures in as
//                          the list asks for them, bouncing at the ends; every frame-to-frame delta
export const PAGE_PROBE = String.raw`
(() => {
  const b = { firstRowAt: null };
  window.__bench = b;
  const rowSel = '[data-testid="capture-row"]';
  const watch = new MutationObserver(() => {
    if (b.firstRowAt === null && document.querySelector(rowSel)) {
      b.firstRowAt = performance.now();
      watch.disconnect();
    }
  });
  watch.observe(document, { childList: true, subtree: true });

  const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
  const byTest = (id) => document.querySelector('[data-testid="' + id + '"]');
  const list = () => byTest('captures-list');

  function setValue(el, value) {
    const proto = el.tagName === 'SELECT' ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
  }
  function act(action) {
    const el = byTest(action.testId);
    if (!el) throw new Error('no element ' + action.testId);
    if (action.kind === 'select') {
      setValue(el, action.value);
      el.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (action.kind === 'input') {
      setValue(el, action.value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      if (action.enter) el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    } else if (action.kind === 'click') {
      el.click();
    }
  }
  function matches(expect) {
    const l = list();
    if (!l) return false;
    const rows = [...l.querySelectorAll(rowSel)];
    if (rows.length === 0) return expect.allowEmpty === true && /No captures match/.test(l.textContent || '');
    if (!expect.attr) return true;
    return rows.every((r) => {
      const v = r.getAttribute(expect.attr) || '';
      return expect.equals !== undefined ? v === expect.equals : v.startsWith(expect.prefix);
    });
  }
  const reloading = () => {
    const l = list();
    return !l || /Loading captures/.test(l.textContent || '');
  };

  b.applyAndWait = (action, expect, timeoutMs) =>
    new Promise((resolve, reject) => {
      let sawReload = false;
      let done = false;
      const t0 = performance.now();
      const check = () => {
        if (done) return;
        if (reloading()) sawReload = true;
        if (sawReload && !reloading() && matches(expect)) {
          done = true;
          mo.disconnect();
          clearTimeout(timer);
          const domMs = performance.now() - t0;
          frame().then((t) =>
            resolve({
              domMs,
              frameMs: t - t0,
              count: Number(list().getAttribute('data-count')),
              partial: !!byTest('search-partial'),
            }),
          );
        }
      };
      const mo = new MutationObserver(check);
      mo.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-count'] });
      const timer = setTimeout(() => {
        done = true;
        mo.disconnect();
        const l = list();
        const state = l ? 'data-count ' + l.getAttribute('data-count') + ', ' + (l.textContent || '').slice(0, 120) : 'no list';
        reject(new Error('the list did not settle within ' + timeoutMs + ' ms after ' + JSON.stringify(action) + ' (reload seen: ' + sawReload + '; ' + state + '; ' + location.hash + ')'));
      }, timeoutMs);
      try {
        act(action);
      } catch (e) {
        reject(e);
      }
      check();
    });

  /** Where the first render's time went: the app's script ready, the first page of captures answered. */
  b.firstRenderParts = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    const list = performance.getEntriesByType('resource').find((e) => e.name.includes('/call/listCaptures'));
    return { rowAt: b.firstRowAt, domReady: nav ? nav.domContentLoadedEventEnd : null, listStart: list ? list.startTime : null, listEnd: list ? list.responseEnd : null };
  };

  b.scroll = async (frames, step) => {
    const el = list();
    const deltas = [];
    const countStart = Number(el.getAttribute('data-count'));
    let dir = 1;
    let distance = 0;
    let maxTop = 0;
    let stuck = 0;
    let last = await frame();
    let count = countStart;
    let slowWithPage = 0;
    for (let i = 0; i < frames; i++) {
      const before = el.scrollTop;
      el.scrollTop = before + dir * step;
      const moved = Math.abs(el.scrollTop - before);
      distance += moved;
      maxTop = Math.max(maxTop, el.scrollTop);
      // At an end: wait a little for an older page (the list asks for it near the end), then turn back.
      stuck = moved < 1 ? stuck + 1 : 0;
      if ((dir > 0 && stuck > 20) || (dir < 0 && el.scrollTop <= 0)) {
        dir = -dir;
        stuck = 0;
      }
      const t = await frame();
      deltas.push(t - last);
      const now = Number(el.getAttribute('data-count'));
      if (now !== count && t - last > 50) slowWithPage++;
      count = now;
      last = t;
    }
    const heap = performance.memory ? performance.memory.usedJSHeapSize : null;
    return { deltas, countStart, countEnd: Number(el.getAttribute('data-count')), distance, maxTop, heap, slowWithPage };
  };
})();
`;

export interface FirstRender {
  rowAt: number;
  domReady: number | null;
  listStart: number | null;
  listEnd: number | null;
}

export interface SettleResult {
  domMs: number;
  frameMs: number;
  count: number;
  partial: boolean;
}

export interface ScrollResult {
  deltas: number[];
  countStart: number;
  countEnd: number;
  distance: number;
  maxTop: number;
  heap: number | null;
  /** Frames over 50 ms during which a page of older captures was added to the list. */
  slowWithPage: number;
}

export type Action =
  | { kind: 'select'; testId: string; value: string }
  | { kind: 'input'; testId: string; value: string; enter?: boolean }
  | { kind: 'click'; testId: string };

export interface Expectation {
  attr?: string;
  equals?: string;
  prefix?: string;
  allowEmpty?: boolean;
}
