import { describe, expect, it } from 'vitest';
import { DEFAULT_DESKTOP_PREFS, readDesktopPrefs } from './preferences';
import { quitQuestion } from './quit-guard';
import { session } from './test-fixtures';

describe('readDesktopPrefs', () => {
  it('gives the defaults when nothing is stored: shown at start, every notification on', () => {
    expect(readDesktopPrefs(undefined)).toEqual(DEFAULT_DESKTOP_PREFS);
    expect(readDesktopPrefs(null)).toEqual(DEFAULT_DESKTOP_PREFS);
    expect(readDesktopPrefs({})).toEqual(DEFAULT_DESKTOP_PREFS);
    expect(DEFAULT_DESKTOP_PREFS).toEqual({
      startMinimized: false,
      notifications: { nightCompleted: true, participantStale: true, tunnelDown: true, urlChanged: true },
    });
  });

  it('keeps what is stored and fills the rest, field by field', () => {
    expect(readDesktopPrefs({ startMinimized: true, notifications: { nightCompleted: false } })).toEqual({
      startMinimized: true,
      notifications: { nightCompleted: false, participantStale: true, tunnelDown: true, urlChanged: true },
    });
  });

  it('never throws on damaged values: the defaults', () => {
    expect(readDesktopPrefs('yes')).toEqual(DEFAULT_DESKTOP_PREFS);
    expect(readDesktopPrefs({ startMinimized: 'yes', notifications: 3 })).toEqual(DEFAULT_DESKTOP_PREFS);
    expect(readDesktopPrefs({ notifications: { tunnelDown: 'no', urlChanged: false } })).toEqual(DEFAULT_DESKTOP_PREFS);
  });

  it('returns a fresh object each time (callers cannot change the defaults)', () => {
    const a = readDesktopPrefs(undefined);
    a.notifications.tunnelDown = false;
    expect(readDesktopPrefs(undefined).notifications.tunnelDown).toBe(true);
    expect(DEFAULT_DESKTOP_PREFS.notifications.tunnelDown).toBe(true);
  });
});

describe('quitQuestion', () => {
  it('lets the app quit without asking when no night is in progress', () => {
    expect(quitQuestion([])).toBeNull();
    expect(quitQuestion([session('P1', 'complete')])).toBeNull();
  });

  it('asks while nights are live or stale, naming the participants', () => {
    const q = quitQuestion([session('P1', 'live'), session('P2', 'stale'), session('P3', 'complete')]);
    expect(q?.message).toBe('2 nights are still being recorded (P1, P2). Quit anyway?');
    expect(q?.detail).toContain('close the window instead');
    expect(q?.quitLabel).toBe('Quit and Stop Recording');
    const many = quitQuestion(['A', 'B', 'C', 'D', 'E'].map((u) => session(u, 'live')));
    expect(many?.message).toBe('5 nights are still being recorded (A, B, C and 2 more). Quit anyway?');
    expect(quitQuestion([session('A', 'live')])?.message).toBe('1 night is still being recorded (A). Quit anyway?');
  });
});
