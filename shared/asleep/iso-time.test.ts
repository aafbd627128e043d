import { describe, expect, it } from 'vitest';
import { isIsoDateTime, parseIsoDateTime } from './iso-time';

describe('parseIsoDateTime', () => {
  it.each([
    ['2024-01-21T06:15:00Z', Date.UTC(2024, 0, 21, 6, 15, 0)],
    ['2025-01-15T02:50:29+00:00', Date.UTC(2025, 0, 15, 2, 50, 29)],
    ['2024-01-21T15:15:00+09:00', Date.UTC(2024, 0, 21, 6, 15, 0)],
    ['2024-01-21T01:15:00-0500', Date.UTC(2024, 0, 21, 6, 15, 0)],
    ['2024-01-21T06:15:00.250Z', Date.UTC(2024, 0, 21, 6, 15, 0, 250)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2024-01-21T06:15Z', Date.UTC(2024, 0, 21, 6, 15)],
    ['0050-01-01T00:00:00Z', Date.parse('0050-01-01T00:00:00Z')],
  ])('%s', (text, millis) => {
    expect(parseIsoDateTime(text)).toBe(millis);
  });

  it.each([
    '2024-01-21', // no time
    '2024-01-21T06:15:00', // no offset: cannot be placed on a timeline
    '2023-02-29T00:00:00Z', // not a leap year
    '2024-04-31T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-21T24:00:00Z',
    '2024-01-21T06:60:00Z',
    '2024-01-21 06:15:00Z',
    'Sun, 21 Jan 2024 06:15:00 GMT',
    '',
    ' 2024-01-21T06:15:00Z',
  ])('rejects %j', (text) => {
    expect(parseIsoDateTime(text)).toBeNull();
    expect(isIsoDateTime(text)).toBe(false);
  });

  it('rejects non-strings', () => {
    for (const v of [null, undefined, 0, 1705817700000, {}, []]) expect(parseIsoDateTime(v)).toBeNull();
  });
});
