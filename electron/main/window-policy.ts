// What the console window may load, navigate to and open, decided without Electron so it is tested.
// window.ts applies these decisions to every web contents.

/** The console's own page: `file://…/out/renderer/index.html`, or the dev server's origin under `npm run dev`. */
export interface OwnPage {
  url: string;
  devServer: boolean;
}

export function isOwnPage(page: OwnPage, url: string): boolean {
  let own: URL;
  let u: URL;
  try {
    own = new URL(page.url);
    u = new URL(url);
  } catch {
    return false;
  }
  if (page.devServer) return u.origin === own.origin && (u.protocol === 'http:' || u.protocol === 'https:');
  // Same file only: another local HTML file (a saved payload, a download) is not the console.
  return u.protocol === 'file:' && own.protocol === 'file:' && u.host === own.host && u.pathname === own.pathname;
}

/** In-page navigation: only the console itself (a reload, a hash change); everything else is refused. */
export function allowNavigation(page: OwnPage, url: string): boolean {
  return isOwnPage(page, url);
}

/** Help pages the console links to and may hand to the system browser; nothing else is ever opened. */
export const EXTERNAL_ORIGINS = ['https://docs-en.asleep.ai'] as const;

export interface WindowOpenDecision {
  /** Electron's answer: no new window, ever. */
  action: 'deny';
  /** A URL to open in the user's browser instead, or null. */
  openExternally: string | null;
}

/**
 * window.open, target=_blank and middle-click: never a new Electron window. Links inside payloads are
 * never opened; only our own help links (https, exact origin, no credentials) go to the system browser.
 */
export function decideWindowOpen(url: string): WindowOpenDecision {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { action: 'deny', openExternally: null };
  }
  const allowed = u.protocol === 'https:' && u.username === '' && u.password === '' && (EXTERNAL_ORIGINS as readonly string[]).includes(u.origin);
  return { action: 'deny', openExternally: allowed ? u.toString() : null };
}

