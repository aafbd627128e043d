// The headless shell prints `http://127.0.0.1:M/?token=T`. Take the token once, keep it for this tab,
// and take it out of the address bar so it does not end up in screenshots, history or bookmarks.
const KEY = 'asleepConsole.token';

export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      sessionStorage.setItem(KEY, fromUrl);
    } catch {
      // storage disabled: keep it in memory only (returned below)
    }
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}
