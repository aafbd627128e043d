// The IPC call handler without Electron: who may call (the sender's frame URL), what (a command in
// the contract) and with which arguments (the contract's zod schema, inside `dispatch`). ipc.ts only
// feeds it the sender's URL; tests call it directly.
import type { CommandHandlers } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import { fail, type Result } from '../../shared/result';

export function handleIpcCall(
  handlers: CommandHandlers,
  isOwnPage: (url: string) => boolean,
  senderUrl: string | null | undefined,
  name: unknown,
  args: unknown,
): Promise<Result<unknown>> {
  if (typeof senderUrl !== 'string' || !isOwnPage(senderUrl)) {
    return Promise.resolve(fail('UNAUTHORIZED', 'Calls are only accepted from the console window.'));
  }
  if (typeof name !== 'string') return Promise.resolve(fail('UNKNOWN_COMMAND', 'The command name must be a string.'));
  return dispatch(handlers, name, args);
}
