// Builders for the desktop decision tests: a healthy console and sessions, changed field by field.
import type { ConsoleStatus } from '../contract';
import type { SessionSummary } from '../session';

type DeepPartialStatus = Partial<Omit<ConsoleStatus, 'tunnel' | 'storage'>> & {
  tunnel?: Partial<ConsoleStatus['tunnel']>;
  storage?: Partial<ConsoleStatus['storage']>;
};

export function statusWith(patch: DeepPartialStatus = {}): ConsoleStatus {
  const base: ConsoleStatus = {
    revision: 1,
    shell: 'desktop',
    webhookUrl: 'http://127.0.0.1:4848/webhook',
    listening: true,
    listenError: null,
    port: 4848,
    path: '/webhook',
    apiKey: 'key-12345678',
    staleAfterMinutes: 15,
    tunnel: { state: 'off', publicUrl: null, since: null, reason: null, nextRetryAt: null, enabled: false, host: 'https://localtunnel.me', subdomain: null },
    tunnelHistory: [],
    storage: { dataDir: '/data', ok: true, error: null, readOnly: false, corruptFiles: [], captureCount: 0, rejectedCount: 0 },
    forwarding: { enabled: false, url: null, queueLength: 0, inFlight: null, nextAttemptAt: null, lastError: null, delivered: 0, dead: [] },
    answerMode: { status: null, delayMs: 0 },
  };
  const { tunnel, storage, ...rest } = patch;
  return { ...base, ...rest, tunnel: { ...base.tunnel, ...tunnel }, storage: { ...base.storage, ...storage } };
}

export function session(userId: string, state: SessionSummary['state'], patch: Partial<SessionSummary> = {}): SessionSummary {
  return {
    userId,
    sessionId: `s-${userId}`,
    state,
    startTime: '2025-03-01T22:00:00.000Z',
    startTimeSource: 'report',
    endTime: state === 'complete' ? '2025-03-02T06:00:00.000Z' : null,
    timezone: 'Europe/Berlin',
    firstEventAt: '2025-03-01T22:05:00.000Z',
    lastEventAt: '2025-03-02T01:00:00.000Z',
    lastChunkAt: '2025-03-02T01:00:00.000Z',
    chunkMinutes: 5,
    epochCount: 960,
    chunkCount: 96,
    duplicateCount: 0,
    conflictCount: 0,
    layout: 'v3',
    version: 'V3',
    peculiarities: [],
    ...patch,
  };
}
