import { describe, expect, it } from 'vitest';
import { allowNavigation, decideWindowOpen, isOwnPage, type OwnPage } from './window-policy';

const PACKAGED: OwnPage = { url: 'file:///Applications/Asleep%20Webhook%20Console.app/Contents/Resources/app.asar/out/renderer/index.html', devServer: false };
const WINDOWS: OwnPage = { url: 'file:///C:/Program%20Files/Asleep%20Webhook%20Console/resources/app.asar/out/renderer/index.html', devServer: false };
const DEV: OwnPage = { url: 'http://localhost:5173/', devServer: true };

describe('isOwnPage / allowNavigation', () => {
  it('accepts the page itself, with a hash or a query (in-app routes, reloads)', () => {
    for (const page of [PACKAGED, WINDOWS]) {
      expect(isOwnPage(page, page.url)).toBe(true);
      expect(allowNavigation(page, `${page.url}#sessions/P1/S1`)).toBe(true);
      expect(allowNavigation(page, `${page.url}?x=1`)).toBe(true);
    }
  });

  it('refuses every other file, scheme and site', () => {
    const refused = [
      'file:///Applications/Asleep%20Webhook%20Console.app/Contents/Resources/app.asar/out/renderer/report.html',
      'file:///Applications/Asleep%20Webhook%20Console.app/Contents/Resources/app.asar/out/renderer/index.html.evil',
      'file:///Users/me/Downloads/index.html',
      'file://attacker-share/Applications/Asleep%20Webhook%20Console.app/Contents/Resources/app.asar/out/renderer/index.html',
      'https://docs-en.asleep.ai/',
      'http://127.0.0.1:4849/',
      'javascript:alert(1)',
      'data:text/html,hi',
      'about:blank',
      'chrome://settings',
      '',
      '::::',
    ];
    for (const url of refused) expect(allowNavigation(PACKAGED, url), url).toBe(false);
  });

  it('under the dev server, accepts its origin only', () => {
    expect(isOwnPage(DEV, 'http://localhost:5173/src/main.tsx')).toBe(true);
    expect(isOwnPage(DEV, 'http://localhost:5174/')).toBe(false);
    expect(isOwnPage(DEV, 'http://127.0.0.1:5173/')).toBe(false);
    expect(isOwnPage(DEV, 'file:///tmp/index.html')).toBe(false);
  });

  it('refuses everything when the page address itself is unusable', () => {
    expect(isOwnPage({ url: 'not a url', devServer: false }, 'not a url')).toBe(false);
  });
});

describe('decideWindowOpen', () => {
  it('never opens a new Electron window', () => {
    for (const url of ['https://docs-en.asleep.ai/docs/webhook', 'https://evil.example/', 'file:///etc/passwd', 'about:blank', 'nonsense']) {
      expect(decideWindowOpen(url).action).toBe('deny');
    }
  });

  it("hands only Asleep's https documentation to the system browser", () => {
    expect(decideWindowOpen('https://docs-en.asleep.ai/docs/webhook')).toEqual({ action: 'deny', openExternally: 'https://docs-en.asleep.ai/docs/webhook' });
    const refused = [
      'http://docs-en.asleep.ai/docs/webhook',
      'https://docs-en.asleep.ai.evil.example/',
      'https://evil.example/?https://docs-en.asleep.ai/',
      'https://user:pass@docs-en.asleep.ai/',
      'https://docs-en.asleep.ai:8443/',
      'file:///C:/Windows/System32/calc.exe',
      'smb://attacker/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      '',
    ];
    for (const url of refused) expect(decideWindowOpen(url).openExternally, url).toBeNull();
  });
});
