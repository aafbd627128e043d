import { describe, expect, it } from 'vitest';
import { hexdump } from './hexdump';
import { formatAgo, formatTime, minutesSince, usableZone, zoneOffsetMs } from './time';
import { formatBytes, formatDuration, formatEpochHours, formatHoursMinutes } from './units';

describe('time', () => {
  const now = Date.parse('2025-01-15T03:00:00Z');
  it('says how long ago, and forgives a clock tick lagging behind a fresh event', () => {
    expect(formatAgo(now - 30_000, now)).toBe('30 s ago');
    expect(formatAgo(now - 12 * 60_000, now)).toBe('12 min ago');
    expect(formatAgo(now - 185 * 60_000, now)).toBe('3 h 05 min ago');
    expect(formatAgo(now + 10_000, now)).toBe('just now');
    expect(formatAgo(null, now)).toBe('—');
    expect(minutesSince(now - 16 * 60_000, now)).toBe(16);
  });

  it('formats in the session zone, falling back to local for unknown zones', () => {
    expect(formatTime('2025-01-15T02:50:29Z', 'clockSeconds', 'Asia/Seoul')).toBe('11:50:29');
    expect(formatTime('2025-01-15T02:50:29.042Z', 'clockMillis', 'UTC')).toBe('02:50:29.042');
    expect(usableZone('Not/AZone')).toBeUndefined();
    expect(zoneOffsetMs(now, 'Asia/Kolkata')).toBe(5.5 * 3600_000);
    expect(zoneOffsetMs(now, 'UTC')).toBe(0);
  });
});

describe('units', () => {
  it('shows durations and data amounts with units', () => {
    expect(formatHoursMinutes(5400)).toBe('1:30');
    expect(formatEpochHours(120)).toBe('1:00 h');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(900)).toBe('15 min');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(2048)).toBe('2,048 bytes (2.0 KiB)');
  });
});

describe('hexdump', () => {
  it('shows offset, hex and printable ASCII', () => {
    const line = hexdump(new Uint8Array([0x7b, 0xff, 0x41, 0x0a]));
    expect(line).toMatch(/^00000000 {2}7b ff 41 0a {39}\|\{\.A\.\|$/);
    const full = hexdump(new Uint8Array(20).fill(0x41)).split('\n');
    expect(full[0]).toBe('00000000  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|');
    expect(full[1]?.startsWith('00000010  41 41 41 41')).toBe(true);
  });
});
