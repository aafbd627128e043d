/** The two IPC channels: every command goes through one, every push event through the other. */
export const CALL_CHANNEL = 'console:call';
export const EVENT_CHANNEL = 'console:event';
