import { describe, expect, it } from 'vitest';
import { publicWebhookUrl, trayMenu, type TrayMenuItem } from './tray-menu';
import { trayState } from './tray-state';
import { session, statusWith } from './test-fixtures';

const actions = (items: TrayMenuItem[]) => items.filter((i) => i.kind === 'action');

describe('trayMenu', () => {
  it('offers open, copy the local webhook URL, open tunnel and quit when no tunnel was ever used', () => {
    const status = statusWith();
    const items = trayMenu(status, trayState(status, []), false);
    expect(items[0]).toEqual({ kind: 'info', label: 'All good · no night in progress' });
    expect(actions(items)).toEqual([
      { kind: 'action', action: 'open', label: 'Open Console', enabled: true },
      { kind: 'action', action: 'copy', label: 'Copy Webhook URL', enabled: true, text: 'http://127.0.0.1:4848/webhook' },
      { kind: 'action', action: 'toggleTunnel', label: 'Open Tunnel', enabled: true },
      { kind: 'action', action: 'quit', label: 'Quit (Stops Recording)…', enabled: true },
    ]);
  });

  it('copies the public webhook URL (tunnel base + path) when the tunnel has one, and offers pause', () => {
    const status = statusWith({ tunnel: { enabled: true, state: 'online', publicUrl: 'https://night-study.loca.lt/' } });
    expect(publicWebhookUrl(status)).toBe('https://night-study.loca.lt/webhook');
    const items = actions(trayMenu(status, trayState(status, []), true));
    expect(items.map((i) => i.kind === 'action' && [i.label, i.text])).toEqual([
      ['Show Console', undefined],
      ['Copy Public Webhook URL', 'https://night-study.loca.lt/webhook'],
      ['Copy Local Webhook URL', 'http://127.0.0.1:4848/webhook'],
      ['Pause Tunnel', undefined],
      ['Quit (Stops Recording)…', undefined],
    ]);
  });

  it('offers resume for a paused tunnel that had a URL before', () => {
    const status = statusWith({
      tunnel: { enabled: false, state: 'off', publicUrl: null },
      tunnelHistory: [{ url: 'https://a.loca.lt', from: '2025-03-01T20:00:00Z', to: '2025-03-01T21:00:00Z', captures: 3 }],
    });
    const items = actions(trayMenu(status, trayState(status, []), true));
    expect(items.find((i) => i.kind === 'action' && i.action === 'toggleTunnel')).toMatchObject({ label: 'Resume Tunnel', enabled: true });
    // A disabled tunnel's old URL is not offered for copying.
    expect(publicWebhookUrl(status)).toBeNull();
  });

  it('lists the problems (at most five, then a count) under the headline', () => {
    const status = statusWith({ tunnel: { enabled: true, state: 'offline', reason: 'no answer' }, answerMode: { status: 500, delayMs: 0 } });
    const sessions = ['A', 'B'].map((u) => session(u, 'stale'));
    const state = trayState({ ...status, storage: { ...status.storage, ok: false, error: 'EROFS', corruptFiles: [{ file: 'f', movedTo: 'g', at: 'h', reason: 'i' }] } }, sessions);
    const info = trayMenu(status, state, true).filter((i) => i.kind === 'info');
    expect(state.reasons.length).toBe(5);
    expect(info.map((i) => i.kind === 'info' && i.label)).toEqual(['Webhooks are being lost', ...state.reasons.map((r) => `• ${r}`)]);
    const six = { ...state, reasons: [...state.reasons, 'one more'] };
    const info6 = trayMenu(status, six, true).filter((i) => i.kind === 'info');
    expect(info6.at(-1)).toEqual({ kind: 'info', label: '• and 1 more (open the console)' });
  });

  it('disables changes in a read-only review', () => {
    const status = statusWith({ listening: false, storage: { readOnly: true } });
    const items = actions(trayMenu(status, trayState(status, []), true));
    expect(items.find((i) => i.kind === 'action' && i.action === 'toggleTunnel')).toMatchObject({ enabled: false });
    expect(items.find((i) => i.kind === 'action' && i.action === 'copy')).toMatchObject({ enabled: false });
    expect(items.find((i) => i.kind === 'action' && i.action === 'quit')).toMatchObject({ enabled: true });
  });
});
