import { powerSaveBlocker } from 'electron';

/**
 * While any participant is being recorded, keep the laptop from suspending the app: a suspended
 * console answers nothing and Asleep's chunks are lost for good.
 */
export function keepAwakeWhile(isNeeded: () => boolean): { check: () => void; stop: () => void } {
  let id: number | null = null;
  const check = () => {
    const needed = isNeeded();
    if (needed && id === null) id = powerSaveBlocker.start('prevent-app-suspension');
    if (!needed && id !== null) {
      powerSaveBlocker.stop(id);
      id = null;
    }
  };
  const timer = setInterval(check, 30_000);
  return {
    check,
    stop: () => {
      clearInterval(timer);
      if (id !== null) powerSaveBlocker.stop(id);
      id = null;
    },
  };
}
