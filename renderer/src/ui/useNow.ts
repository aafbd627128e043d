import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs` (for "3 min ago" and stale detection). */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
