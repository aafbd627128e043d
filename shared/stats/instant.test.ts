import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant, sameInstant } from './instant';

describe('instants with their offset', () => {
  it('parses the offset as written', () => {
    expect(parseInstant('2025-01-15T03:05:29+00:00')).toEqual({ ms: Date.UTC(2025, 0, 15, 3, 5, 29), offsetMinutes: 0, zulu: false });
    expect(parseInstant('2025-01-15T12:05:29+0900')?.offsetMinutes).toBe(540);
    expect(parseInstant('2025-01-15T03:05:29-05:30')?.offsetMinutes).toBe(-330);
    expect(parseInstant('2025-01-15T03:05:29Z')?.zulu).toBe(true);
    expect(parseInstant('2025-01-15T03:05:29')).toBeNull();
    expect(parseInstant(42)).toBeNull();
  });

  it('formats in the given offset, keeping Z as Z', () => {
    const ms = Date.UTC(2025, 0, 15, 3, 5, 29);
    expect(formatInstant(ms, { offsetMinutes: 0, zulu: false })).toBe('2025-01-15T03:05:29+00:00');
    expect(formatInstant(ms, { offsetMinutes: 540, zulu: false })).toBe('2025-01-15T12:05:29+09:00');
    expect(formatInstant(ms, { offsetMinutes: -330, zulu: false })).toBe('2025-01-14T21:35:29-05:30');
    expect(formatInstant(ms, { offsetMinutes: 0, zulu: true })).toBe('2025-01-15T03:05:29Z');
    expect(formatInstant(ms + 5, { offsetMinutes: 0, zulu: true })).toBe('2025-01-15T03:05:29.005Z');
  });

  it('sameInstant ignores the offset and rejects non-times', () => {
    expect(sameInstant('2025-01-15T03:05:29+00:00', '2025-01-15T12:05:29+09:00')).toBe(true);
    expect(sameInstant('2025-01-15T03:05:29Z', '2025-01-15T03:05:30Z')).toBe(false);
    expect(sameInstant('x', 'x')).toBe(false);
  });
});
