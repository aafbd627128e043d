// What keeps the desktop app useful while its window is closed: the tray (status colour, quick
// actions) and desktop notifications. It follows the core's push events; the decisions are pure
// (shared/desktop/), this file wires them to Electron.
import { dialog } from 'electron';
import type { CommandHandlers, ConsoleStatus, EventName, EventPayloads } from '../../shared/contract';
import { NotificationPlanner, type Notice, type NotifierInput } from '../../shared/desktop/notifications';
import { quitQuestion } from '../../shared/desktop/quit-guard';
import type { SessionSummary } from '../../shared/session';
import type { DesktopPrefs } from '../../shared/desktop/preferences';
import type { CoreListener } from '../core/console-core';
import { readPrefs } from './desktop-prefs';
import { showNotice } from './notify';
import { ConsoleTray } from './tray';

export interface CompanionHooks {
  /** Show (or re-create) the console window and bring it to the front. */
  openWindow(): void;
  windowVisible(): boolean;
  /** Quit for real (the graceful shutdown runs in before-quit). */
  quit(): void;
}

export interface DesktopCompanion {
  /** False where the system has no tray: closing the window then quits, and the app never starts hidden. */
  readonly trayPresent: boolean;
  /** Quit after asking, if nights are still being recorded. */
  confirmQuit(): Promise<void>;
  /** The window was shown or hidden. */
  windowChanged(): void;
  /** Tell the user once that closing the window kept the console running. */
  explainHidden(): void;
  stop(): void;
}

/** A ConsoleCore, or whatever holds one across data folder moves (same handlers and events). */
export interface CompanionSource {
  readonly handlers: CommandHandlers;
  on(listener: CoreListener): () => void;
}

const TRAY_REDRAW_MS = 250;
const PREFS_FRESH_MS = 1_000;

const sessionKey = (s: Pick<SessionSummary, 'userId' | 'sessionId'>) => `${s.userId}\u0000${s.sessionId}`;

export async function startDesktopCompanion(core: CompanionSource, hooks: CompanionHooks): Promise<DesktopCompanion> {
  const first = await core.handlers.getStatus({});
  if (!first.ok) throw new Error(first.error.message);
  let status: ConsoleStatus = first.value;
  const listed = await core.handlers.listSessions({});
  const sessions = new Map((listed.ok ? listed.value.items : []).map((s) => [sessionKey(s), s]));
  const planner = new NotificationPlanner(status, [...sessions.values()]);

  let tray: ConsoleTray | null = null;
  try {
    tray = new ConsoleTray({
      open: hooks.openWindow,
      windowVisible: hooks.windowVisible,
      quit: () => void confirmQuit(),
      toggleTunnel: () => void toggleTunnel(),
    });
    tray.update(status, sessions.values());
  } catch (err) {
    console.warn(`No tray icon (${err instanceof Error ? err.message : String(err)}); closing the window will quit.`);
    tray = null;
  }

  // The tray is redrawn at most a few times a second, however fast captures arrive (the simulator at max).
  let trayTimer: ReturnType<typeof setTimeout> | null = null;
  const redrawTray = () => {
    if (!tray || trayTimer) return;
    trayTimer = setTimeout(() => {
      trayTimer = null;
      tray?.update(status, sessions.values());
    }, TRAY_REDRAW_MS);
  };

  // Preferences as the Settings page left them, read at most once a second.
  let prefsRead: { at: number; prefs: Promise<DesktopPrefs> } | null = null;
  const prefsNow = () => {
    if (!prefsRead || Date.now() - prefsRead.at > PREFS_FRESH_MS) prefsRead = { at: Date.now(), prefs: readPrefs(core) };
    return prefsRead.prefs;
  };

  // Notifications: one event at a time, in order, each with the current preferences.
  let queue = Promise.resolve();
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const show = (notices: Notice[]) => {
    if (stopped) return;
    for (const n of notices) showNotice(n, hooks.openWindow);
  };
  const scheduleFlush = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    const at = planner.nextFlushAt();
    if (at === null) return;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      queue = queue
        .then(async () => {
          show(planner.flush((await prefsNow()).notifications, Date.now()));
          scheduleFlush();
        })
        .catch((err: unknown) => console.error('Notification failed:', err));
    }, Math.max(0, at - Date.now()));
  };
  const plan = (input: NotifierInput) => {
    queue = queue
      .then(async () => {
        show(planner.onEvent(input, (await prefsNow()).notifications, Date.now()));
        scheduleFlush();
      })
      .catch((err: unknown) => console.error('Notification failed:', err));
  };

  const unsubscribe = core.on((event: EventName, payload: unknown) => {
    if (event === 'statusChanged') {
      const next = payload as EventPayloads['statusChanged'];
      // Snapshots are numbered; a command's reply can arrive after a newer push.
      if (next.revision < status.revision) return;
      status = next;
      redrawTray();
      plan({ type: 'statusChanged', status });
    } else if (event === 'sessionUpdated') {
      const summary = payload as EventPayloads['sessionUpdated'];
      sessions.set(sessionKey(summary), summary);
      redrawTray();
      plan({ type: 'sessionUpdated', summary });
    } else if (event === 'tunnelUrlChanged') {
      plan({ type: 'tunnelUrlChanged', change: payload as EventPayloads['tunnelUrlChanged'] });
    }
  });

  async function toggleTunnel(): Promise<void> {
    const r = await core.handlers.configureTunnel({ enabled: !status.tunnel.enabled });
    if (!r.ok) dialog.showErrorBox('The tunnel could not be changed', r.error.message);
    else if (r.value.revision >= status.revision) {
      status = r.value;
      redrawTray();
    }
  }

  let asking = false;
  async function confirmQuit(): Promise<void> {
    if (asking) return;
    const question = quitQuestion([...sessions.values()]);
    if (question) {
      asking = true;
      try {
        const answer = await dialog.showMessageBox({
          type: 'warning',
          title: 'Quit the console?',
          message: question.message,
          detail: question.detail,
          buttons: [question.stayLabel, question.quitLabel],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
        });
        if (answer.response !== 1) return;
      } finally {
        asking = false;
      }
    }
    hooks.quit();
  }

  let explained = false;
  return {
    trayPresent: tray !== null,
    confirmQuit,
    windowChanged: () => tray?.refresh(),
    explainHidden: () => {
      if (explained) return;
      explained = true;
      showNotice({
        title: 'Still recording',
        body: 'The console keeps receiving webhooks with its window closed. Open it or quit from the tray icon.',
        urgent: false,
      });
    },
    stop: () => {
      stopped = true;
      unsubscribe();
      if (flushTimer) clearTimeout(flushTimer);
      if (trayTimer) clearTimeout(trayTimer);
      tray?.destroy();
      tray = null;
    },
  };
}
