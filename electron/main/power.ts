import { powerMonitor, powerSaveBlocker } from 'electron';

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

/**
 * On waking from sleep, and on unlocking the screen (on some systems the only sign of a wake-up),
 * tell the core at once: it probes the tunnel and recomputes session states instead of waiting
 * for timers that stood still during the sleep (electron/core/power/resume-service.ts).
 */
export function onWake(resumed: (reason: 'resume' | 'unlock-screen') => void): () => void {
  const onResume = () => resumed('resume');
  const onUnlock = () => resumed('unlock-screen');
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onUnlock);
  return () => {
    powerMonitor.off('resume', onResume);
    powerMonitor.off('unlock-screen', onUnlock);
  };
}
