import { describe, expect, it } from 'vitest';
import { TRAY_TOOLTIP_MAX, trayState } from './tray-state';
import { session, statusWith } from './test-fixtures';

describe('trayState', () => {
  it('is ok when listening, storing, tunnel off and nothing stale', () => {
    const s = trayState(statusWith(), [session('P1', 'live'), session('P2', 'complete')]);
    expect(s.level).toBe('ok');
    expect(s.reasons).toEqual([]);
    expect(s.headline).toBe('All good · recording 1 participant');
    expect(s.tooltip).toBe('Asleep Webhook Console: All good · recording 1 participant');
  });

  it('says when no night is in progress', () => {
    expect(trayState(statusWith(), []).headline).toBe('All good · no night in progress');
  });

  it('is ok with the tunnel online', () => {
    const s = trayState(statusWith({ tunnel: { enabled: true, state: 'online', publicUrl: 'https://a.loca.lt' } }), []);
    expect(s.level).toBe('ok');
  });

  it('is down when the listener is not listening', () => {
    const s = trayState(statusWith({ listening: false, listenError: 'port 4848 is in use' }), []);
    expect(s.level).toBe('down');
    expect(s.reasons).toEqual(['Listener not running: port 4848 is in use']);
    expect(s.headline).toBe('Webhooks are being lost');
  });

  it('is down when captures cannot be stored', () => {
    const s = trayState(statusWith({ storage: { ok: false, error: 'ENOSPC: no space left on device' } }), []);
    expect(s.level).toBe('down');
    expect(s.reasons[0]).toContain('ENOSPC');
    expect(s.reasons[0]).toContain('503');
  });

  it('is down when the tunnel is enabled and offline, but not when it is off', () => {
    const offline = statusWith({ tunnel: { enabled: true, state: 'offline', reason: 'registration timed out' } });
    expect(trayState(offline, []).level).toBe('down');
    expect(trayState(offline, []).reasons).toEqual(['Tunnel offline: registration timed out']);
    // A tunnel the user switched off is not an outage.
    expect(trayState(statusWith({ tunnel: { enabled: false, state: 'off' } }), []).level).toBe('ok');
    expect(trayState(statusWith({ tunnel: { enabled: false, state: 'offline' } }), []).level).toBe('ok');
  });

  it('needs attention for a degraded or connecting tunnel', () => {
    expect(trayState(statusWith({ tunnel: { enabled: true, state: 'degraded', reason: 'slow probe' } }), []).reasons).toEqual([
      'Tunnel degraded: slow probe',
    ]);
    expect(trayState(statusWith({ tunnel: { enabled: true, state: 'connecting' } }), []).level).toBe('attention');
  });

  it('needs attention for stale participants, naming at most three', () => {
    const one = trayState(statusWith(), [session('P1', 'stale'), session('P2', 'live')]);
    expect(one.level).toBe('attention');
    expect(one.reasons).toEqual(['1 participant stale: P1']);
    const many = trayState(statusWith(), ['A', 'B', 'C', 'D', 'E'].map((u) => session(u, 'stale')));
    expect(many.reasons).toEqual(['5 participants stale: A, B, C +2']);
  });

  it('needs attention for damaged files, dead letters and answer mode', () => {
    const corrupt = statusWith({ storage: { corruptFiles: [{ file: 'a', movedTo: 'b', at: 'c', reason: 'd' }] } });
    expect(trayState(corrupt, []).reasons).toEqual(['1 damaged file moved aside']);
    const dead = statusWith({
      forwarding: {
        enabled: true,
        url: 'http://x',
        queueLength: 0,
        inFlight: null,
        nextAttemptAt: null,
        lastError: null,
        delivered: 0,
        dead: [
          { captureId: 'c1', attempts: 8, lastError: '500', at: 'now' },
          { captureId: 'c2', attempts: 8, lastError: '500', at: 'now' },
        ],
      },
    });
    expect(trayState(dead, []).reasons).toEqual(['2 forwards failed (dead letters)']);
    expect(trayState(statusWith({ answerMode: { status: 503, delayMs: 0 } }), []).reasons).toEqual(['Answer mode on: webhooks get 503']);
    // A 200 answer after a delay still acknowledges: not a warning.
    expect(trayState(statusWith({ answerMode: { status: 200, delayMs: 5000 } }), []).level).toBe('ok');
  });

  it('puts down reasons before attention reasons and the worst level wins', () => {
    const s = trayState(statusWith({ storage: { ok: false, error: 'EROFS' }, tunnel: { enabled: true, state: 'degraded' } }), [session('P1', 'stale')]);
    expect(s.level).toBe('down');
    expect(s.reasons[0]).toMatch(/^Cannot save captures/);
    expect(s.reasons.slice(1)).toEqual(['Tunnel degraded', '1 participant stale: P1']);
  });

  it('does not count a read-only review as a stopped listener', () => {
    const s = trayState(statusWith({ listening: false, listenError: 'read-only review', storage: { readOnly: true } }), []);
    expect(s.level).toBe('ok');
    expect(s.headline).toBe('Read-only review');
  });

  it('keeps the tooltip within the Windows limit and always shows the worst problem', () => {
    const long = 'x'.repeat(300);
    const s = trayState(
      statusWith({ listening: false, listenError: long, storage: { ok: false, error: long }, tunnel: { enabled: true, state: 'offline', reason: long } }),
      ['A', 'B'].map((u) => session(u, 'stale')),
    );
    expect(s.tooltip.length).toBeLessThanOrEqual(TRAY_TOOLTIP_MAX);
    expect(s.tooltip.split('\n')[1]).toMatch(/^Listener not running: x+…$/);
    const several = trayState(
      statusWith({ tunnel: { enabled: true, state: 'degraded', reason: 'probe took 9 s' }, storage: { corruptFiles: [{ file: 'a', movedTo: 'b', at: 'c', reason: 'd' }] } }),
      ['Participant-with-a-long-name-1', 'Participant-with-a-long-name-2'].map((u) => session(u, 'stale')),
    );
    expect(several.tooltip.length).toBeLessThanOrEqual(TRAY_TOOLTIP_MAX);
    expect(several.tooltip).toMatch(/\+\d more$/);
  });
});
