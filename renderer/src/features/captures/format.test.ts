import { describe, expect, it } from 'vitest';
import { apiKeyText, layoutLabel, participantText, statusTone } from './format';

describe('capture formatting', () => {
  it('colours statuses by class', () => {
    expect(statusTone(200)).toBe('ok');
    expect(statusTone(204)).toBe('ok');
    expect(statusTone(401)).toBe('warn');
    expect(statusTone(413)).toBe('warn');
    expect(statusTone(503)).toBe('bad');
    expect(statusTone(0)).toBe('muted');
  });

  it('labels layout and version', () => {
    expect(layoutLabel({ layout: 'v3', version: 'V3' })).toBe('v3 · V3');
    expect(layoutLabel({ layout: null, version: null })).toBe('—');
  });

  it('never shows more than the last 4 of a key', () => {
    expect(apiKeyText({ present: true, matched: true, last4: 'abcd' })).toBe('matched (…abcd)');
    expect(apiKeyText({ present: true, matched: false, last4: 'wxyz' })).toBe('did not match (…wxyz)');
    expect(apiKeyText({ present: false, matched: false, last4: null })).toBe('not sent');
    expect(participantText({ userId: 'u', sessionId: null })).toBe('u / ?');
  });
});
