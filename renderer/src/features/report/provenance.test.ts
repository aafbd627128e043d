import { describe, expect, it } from 'vitest';
import { provenance } from './provenance';

const base = {
  layout: 'v3' as const,
  version: 'V3',
  completeCaptureId: 'c42',
  chunkCount: 12,
  duplicateCount: 0,
  conflictCount: 0,
  firstEventAt: '2025-01-15T03:00:00.000Z',
  lastEventAt: '2025-01-15T04:00:00.000Z',
  statUnits: 'official' as const,
};
const fmt = (iso: string) => iso.slice(11, 16);
const byKey = (items: ReturnType<typeof provenance>) => Object.fromEntries(items.map((i) => [i.key, i.value]));

describe('provenance', () => {
  it.each([
    ['complete, receipt known', base, '2025-01-15T03:55:00.000Z', { layout: 'V3 (event / version / data)', received: '03:55', capture: 'c42', chunks: '12' }],
    ['complete, receipt not looked up', base, null, { received: 'by 04:00' }],
    ['live only', { ...base, completeCaptureId: null, statUnits: null }, null, { received: 'not yet (live chunks only)', capture: '–' }],
    ['flat, with repeats and conflicts', { ...base, layout: 'flat' as const, duplicateCount: 2, conflictCount: 1, statUnits: 'flat' as const }, null, { layout: 'flat (seed document)', chunks: '12 (2 repeated, 1 conflicting)', units: 'flat (converted to official units)' }],
    ['unknown layout and version', { ...base, layout: null, version: null }, null, { layout: 'unknown', version: 'not declared' }],
  ])('%s', (_name, d, receivedAt, expected) => {
    const items = byKey(provenance(d, { completeReceivedAt: receivedAt, formatDateTime: fmt }));
    expect(items).toMatchObject(expected);
    expect(items['events']).toBe('03:00 – 04:00');
  });

  it('says nothing about stat units when there is no stat', () => {
    expect(byKey(provenance({ ...base, statUnits: null }, { completeReceivedAt: null, formatDateTime: fmt }))['units']).toBeUndefined();
  });
});
