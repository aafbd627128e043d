// Headless transport: commands over `POST /bridge/call/<name>`, events over one EventSource.
import type { ConsoleApi, EventName, EventPayloads } from '../../../shared/contract';
import { fail, type Result } from '../../../shared/result';
import { useConnection } from './connection';
import { asResult, errorText } from './result';

type Listener = (payload: unknown) => void;

// A type-checked copy of the contract's event names (importing the contract's values would pull zod
// into the page for nothing); `satisfies` fails the build if an event is added to the contract.
const EVENTS = { captureAdded: true, sessionUpdated: true, statusChanged: true, tunnelUrlChanged: true, openedExport: true, simulationProgress: true, dataMoveProgress: true, dataPruned: true } satisfies Record<EventName, true>;
const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 10_000;

export function createHeadlessApi(token: string | null): ConsoleApi {
  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSource | null = null;
  let retryMs = RETRY_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  function dispatch(event: EventName, data: string): void {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return; // a malformed message is dropped, not thrown into the UI
    }
    for (const l of listeners.get(event) ?? []) {
      try {
        l(payload);
      } catch (err) {
        console.error(`listener for ${event} failed`, err);
      }
    }
  }

  function connect(): void {
    if (!token) return;
    retryTimer = null;
    const es = new EventSource(`/bridge/events?token=${encodeURIComponent(token)}`);
    source = es;
    es.onopen = () => {
      retryMs = RETRY_MIN_MS;
      useConnection.getState().setOpen();
    };
    es.onerror = () => {
      useConnection.getState().setLost();
      // The browser retries network errors itself; a refused or non-200 answer closes the source for good.
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        if (source === es) source = null;
        // Find out why: a refused token will not get better by retrying quickly.
        void call('getStatus', {}).then((r) => {
          if (!r.ok && r.error.code === 'UNAUTHORIZED') useConnection.getState().setRefused();
        });
        if (!retryTimer) {
          retryTimer = setTimeout(connect, retryMs);
          retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        }
      }
    };
    for (const name of EVENT_NAMES) {
      es.addEventListener(name, (e) => dispatch(name, (e as MessageEvent<string>).data));
    }
  }

  async function call(name: string, args: unknown): Promise<Result<unknown>> {
    if (!token) {
      return fail(
        'UNAUTHORIZED',
        'This page has no access token. Open the console with the full link the server printed (it ends with ?token=…).',
      );
    }
    let res: Response;
    try {
      res = await fetch(`/bridge/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(args ?? {}),
      });
    } catch (err) {
      return fail('INTERNAL', `Could not reach the console server (${errorText(err)}). Is it still running?`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      if (res.status === 401 || res.status === 403) {
        return fail('UNAUTHORIZED', 'The console server refused this page’s token. Open the link the server printed again.');
      }
      return fail('INTERNAL', `The console server answered ${res.status} without a readable reply to "${name}".`);
    }
    return asResult(body, name);
  }

  connect();

  return {
    call: (name, args) => call(name, args) as never,
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) {
      const l = listener as Listener;
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
  };
}
