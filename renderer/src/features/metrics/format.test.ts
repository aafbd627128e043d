import { describe, expect, it } from 'vitest';
import { bucketLabel, formatMs } from './format';

describe('dashboard formatting', () => {
  it('answer times keep about three significant digits and their unit', () => {
    expect(formatMs(0.4213)).toBe('0.42 ms');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatMs(1234.5)).toBe('1,235 ms');
    expect(formatMs(null)).toBe('—');
  });

  it('bucket labels on the given clock', () => {
    expect(bucketLabel('2025-01-15T02:28:00Z', 'hour', 'UTC')).toBe('02:28');
    expect(bucketLabel('2025-01-15T02:30:00Z', 'night', 'Asia/Seoul')).toBe('11:30');
    expect(bucketLabel('2025-01-15T14:00:00Z', 'week', 'UTC')).toBe('Wed 14:00');
  });
});
