// The time range of summaryFilter: string comparison for the console's own receivedAt format must
// agree with comparing instants, at the bounds and for any other spelling of a time.
import { describe, expect, it } from 'vitest';
import type { CaptureSummary } from '../capture';
import { summaryFilter } from './index';

const at = (receivedAt: string) => ({ receivedAt }) as CaptureSummary;

describe('summaryFilter time range', () => {
  it('includes both bounds, whatever offset the bounds are written with', () => {
    const match = summaryFilter({ from: '2025-01-15T03:00:00+01:00', to: '2025-01-15T02:30:00.500Z' });
    expect(match(at('2025-01-15T01:59:59.999Z'))).toBe(false);
    expect(match(at('2025-01-15T02:00:00.000Z'))).toBe(true);
    expect(match(at('2025-01-15T02:30:00.500Z'))).toBe(true);
    expect(match(at('2025-01-15T02:30:00.501Z'))).toBe(false);
  });

  it('agrees with Date.parse for times written another way', () => {
    const match = summaryFilter({ from: '2025-01-15T02:00:00Z' });
    expect(match(at('2025-01-15T03:00:00+02:00'))).toBe(false);
    expect(match(at('2025-01-15T05:00:00+02:00'))).toBe(true);
    expect(match(at('2025-01-15T02:00:00Z'))).toBe(true);
    expect(match(at('not a time'))).toBe(false);
  });

  it('matches the instant comparison on many random times', () => {
    const from = Date.UTC(2024, 5, 1);
    const to = Date.UTC(2024, 5, 2);
    const match = summaryFilter({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    for (let i = 0; i < 2_000; i++) {
      const ms = from - 86_400_000 + Math.floor(Math.random() * 3 * 86_400_000);
      expect(match(at(new Date(ms).toISOString()))).toBe(ms >= from && ms <= to);
    }
  });
});
