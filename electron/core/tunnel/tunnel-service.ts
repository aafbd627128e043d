import type { TunnelStatus, TunnelUrlRecord } from '../../../shared/contract';
import type { SettingsStore } from '../settings/settings';
import { TunnelSupervisor, type TunnelSupervisorOptions } from './tunnel-supervisor';

export interface TunnelServiceEvents {
  /** State, URL, reason or settings changed. */
  changed: () => void;
  /** A different public URL replaced an earlier one. */
  urlChanged: (previous: string | null, next: string) => void;
}

/**
 * The tunnel as the console uses it: on or off per the data folder's settings, the subdomain and
 * the URL history kept there across restarts, and which public URL each capture came through.
 */
export class TunnelService {
  private supervisor: TunnelSupervisor | null = null;
  private readonly viaCounts = new Map<string, number>();
  private unsubscribe: (() => void)[] = [];
  private hosts: Map<string, string> | null = null;

  constructor(
    private readonly settings: SettingsStore,
    private readonly localPort: () => number,
    private readonly events: TunnelServiceEvents,
    /** Test-only timing overrides; the product uses the supervisor's defaults. */
    private readonly timing: Partial<TunnelSupervisorOptions> = {},
  ) {}

  /**
   * Start or stop to match the settings (at start-up and after every change). `running`: a data
   * folder move hands over the supervisor of the core being replaced, so the public URL stays.
   */
  async apply(running: TunnelSupervisor | null = null): Promise<void> {
    await this.stopSupervisor();
    const t = this.settings.current.tunnel;
    if (running && !t.enabled) await running.stop();
    if (!t.enabled) return this.events.changed();
    if (running) {
      this.attach(running);
      void this.remember(running);
      return this.events.changed();
    }
    const supervisor = new TunnelSupervisor({ ...this.timing, localPort: this.localPort(), host: t.host, subdomain: t.subdomain, history: t.history });
    this.attach(supervisor);
    supervisor.start();
    this.events.changed();
  }

  /** Data folder move: give the running supervisor away without stopping it (see `apply`). */
  detach(): TunnelSupervisor | null {
    const supervisor = this.supervisor;
    this.supervisor = null;
    this.hosts = null;
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
    return supervisor;
  }

  private attach(supervisor: TunnelSupervisor): void {
    this.unsubscribe = [
      supervisor.onChange(() => {
        this.hosts = null;
        void this.remember(supervisor);
        this.events.changed();
      }),
      supervisor.onUrlChange((previous, next) => this.events.urlChanged(previous, next)),
    ];
    this.supervisor = supervisor;
  }

  async configure(patch: { enabled?: boolean; host?: string; subdomain?: string | null }): Promise<void> {
    const t = this.settings.current.tunnel;
    const next = { ...t, ...patch };
    // Another server or subdomain means another URL: the old history no longer predicts it.
    await this.settings.update({ tunnel: next });
    await this.apply();
  }

  status(): TunnelStatus {
    const t = this.settings.current.tunnel;
    const s = this.supervisor?.status();
    return {
      state: s?.state ?? 'off',
      publicUrl: s?.publicUrl ?? null,
      since: s?.since ?? null,
      reason: s?.reason ?? null,
      nextRetryAt: s?.nextRetryAt ?? null,
      enabled: t.enabled,
      host: t.host,
      subdomain: s?.subdomain ?? t.subdomain,
    };
  }

  history(): TunnelUrlRecord[] {
    const entries = this.supervisor?.history() ?? this.settings.current.tunnel.history;
    return entries.map((e) => ({ ...e, captures: this.viaCounts.get(e.url) ?? 0 }));
  }

  /** The public URL a request came through, judged by its Host header; null for direct requests. */
  via(hostHeader: string | string[] | undefined): string | null {
    const host = Array.isArray(hostHeader) ? hostHeader[0] : hostHeader;
    if (!host) return null;
    this.hosts ??= this.knownHosts();
    return this.hosts.get(host.toLowerCase()) ?? null;
  }

  /** Host → public URL for the current URL and every earlier one (rebuilt when the tunnel changes). */
  private knownHosts(): Map<string, string> {
    const map = new Map<string, string>();
    const current = this.supervisor?.status().publicUrl;
    for (const url of [...this.history().map((h) => h.url), ...(current ? [current] : [])]) {
      try {
        map.set(new URL(url).host.toLowerCase(), url);
      } catch {
        // An unparsable history entry cannot match.
      }
    }
    return map;
  }

  count(via: string | null | undefined, n = 1): void {
    if (via) this.viaCounts.set(via, (this.viaCounts.get(via) ?? 0) + n);
  }

  /** Count again from scratch (captures per URL, e.g. after a prune removed some). */
  recount(counts: Iterable<[string | null, number]>): void {
    this.viaCounts.clear();
    for (const [via, n] of counts) this.count(via, n);
  }

  /** Probe (or register) at once instead of waiting for the next interval: after a sleep. */
  probeNow(): 'probing' | 'registering' | 'idle' | 'off' {
    return this.supervisor?.probeNow() ?? 'off';
  }

  setLocalPort(port: number): void {
    this.supervisor?.setLocalPort(port);
  }

  async stop(): Promise<void> {
    await this.stopSupervisor();
  }

  private async stopSupervisor(): Promise<void> {
    this.hosts = null;
    const supervisor = this.supervisor;
    this.supervisor = null;
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
    if (supervisor) await supervisor.stop();
  }

  /** Keep the subdomain the server gave and the URL history, so a restart asks for the same URL. */
  private async remember(supervisor: TunnelSupervisor): Promise<void> {
    const t = this.settings.current.tunnel;
    const subdomain = supervisor.status().subdomain ?? t.subdomain;
    const history = supervisor.history();
    if (subdomain === t.subdomain && JSON.stringify(history) === JSON.stringify(t.history)) return;
    await this.settings.update({ tunnel: { ...t, subdomain, history } }).catch(() => undefined);
  }
}
