// Desktop transport: the preload's `call`/`on`, wrapped so nothing ever throws into the UI.
import type { ConsoleApi, EventName, EventPayloads } from '../../../shared/contract';
import { fail } from '../../../shared/result';
import type { DesktopBridge } from './bridge';
import { useConnection } from './connection';
import { asResult, errorText } from './result';

export function createDesktopApi(bridge: DesktopBridge): ConsoleApi {
  useConnection.getState().setOpen();
  return {
    async call(name, args) {
      try {
        return asResult(await bridge.call(name, args ?? {}), name);
      } catch (err) {
        return fail('INTERNAL', `The app could not run "${name}": ${errorText(err)}`);
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) {
      return bridge.on(event, (payload) => listener(payload as EventPayloads[E]));
    },
  };
}
