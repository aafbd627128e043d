import { describe, expect, it } from 'vitest';
import { fromLocalInput, quickRangeFrom, toLocalInput } from './timeRange';

describe('captures time range', () => {
  it('reads datetime-local values as local time and writes them back', () => {
    const iso = fromLocalInput('2025-01-15T02:50')!;
    const d = new Date(iso);
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()]).toEqual([2025, 0, 15, 2, 50, 0]);
    expect(toLocalInput(iso)).toBe('2025-01-15T02:50');
    expect(toLocalInput(fromLocalInput('2025-01-15T02:50:07'))).toBe('2025-01-15T02:50:07');
  });

  it('refuses what is not a time, and impossible dates', () => {
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('yesterday')).toBeUndefined();
    expect(fromLocalInput('2025-02-31T10:00')).toBeUndefined();
    expect(toLocalInput(undefined)).toBe('');
    expect(toLocalInput('not a date')).toBe('');
  });

  it('quick ranges: last hour and 24 h on whole minutes, last night from 18:00 yesterday', () => {
    const now = new Date(2025, 5, 10, 7, 42, 31);
    const hour = new Date(quickRangeFrom('hour', now));
    expect(now.getTime() - hour.getTime()).toBeGreaterThanOrEqual(3_600_000);
    expect(now.getTime() - hour.getTime()).toBeLessThan(3_660_000);
    expect(hour.getSeconds()).toBe(0);
    const day = new Date(quickRangeFrom('day', now));
    expect(now.getTime() - day.getTime()).toBeGreaterThanOrEqual(86_400_000);
    const night = new Date(quickRangeFrom('night', now));
    expect([night.getMonth(), night.getDate(), night.getHours(), night.getMinutes()]).toEqual([5, 9, 18, 0]);
    // On the first of a month, yesterday is in the month before.
    const first = new Date(quickRangeFrom('night', new Date(2025, 2, 1, 1, 0)));
    expect([first.getMonth(), first.getDate(), first.getHours()]).toEqual([1, 28, 18]);
  });
});
