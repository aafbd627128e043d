import { commands, isCommandName, type CommandHandlers } from './contract';
import { fail, type Result } from './result';

/**
 * Validate raw, untrusted arguments against the contract and run the handler.
 * Both shells call this, so every command is checked the same way wherever it comes from.
 */
export async function dispatch(handlers: CommandHandlers, name: string, rawArgs: unknown): Promise<Result<unknown>> {
  if (!isCommandName(name)) return fail('UNKNOWN_COMMAND', `No command named "${name}".`);
  const parsed = commands[name].args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length ? first.path.join('.') : 'arguments';
    return fail('BAD_ARGS', `${name}: ${where}: ${first?.message ?? 'invalid'}`);
  }
  try {
    const handler = handlers[name] as (args: unknown) => Promise<Result<unknown>>;
    return await handler(parsed.data);
  } catch (err) {
    return fail('INTERNAL', `${name} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
