import { describe, expect, it } from 'vitest';
import { csvDocument, csvField, parseCsv } from './csv';
import { nightRows } from './night-rows';
import { NIGHTS_CSV_HEADER, nightsCsv } from './nights-csv';
import { SESSION_CSV_HEADER, sessionCsv } from './session-csv';
import { parseSessionExport } from './session-export-schema';
import { SESSION_EXPORT_FORMAT, prettyJson, sessionJson } from './session-json';
import { exportFileName } from './index';
import { detail } from './test-fixtures';
import { isoInZone, isoUtc, zoneOffsetMinutes } from './zoned-time';

describe('csv (RFC 4180)', () => {
  it('quotes only what needs it, doubles quotes, leaves unknown empty', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(0)).toBe('0');
  });

  it('ends every record with CRLF and round-trips through a parser', () => {
    const text = csvDocument(['a', 'b'], [['x,y', 'q"uote'], [null, 'line\r\nbreak']]);
    expect(text).toBe('a,b\r\n"x,y","q""uote"\r\n,"line\r\nbreak"\r\n');
    expect(parseCsv(text)).toEqual([
      ['a', 'b'],
      ['x,y', 'q"uote'],
      ['', 'line\r\nbreak'],
    ]);
  });
});

describe('zoned time', () => {
  it('writes an instant in UTC and in an IANA zone, DST included', () => {
    const ms = Date.parse('2025-01-15T13:50:00Z');
    expect(isoUtc(ms)).toBe('2025-01-15T13:50:00Z');
    expect(isoUtc(ms + 5)).toBe('2025-01-15T13:50:00.005Z');
    expect(isoInZone(ms, 'Asia/Seoul')).toBe('2025-01-15T22:50:00+09:00');
    expect(isoInZone(ms, 'America/New_York')).toBe('2025-01-15T08:50:00-05:00');
    expect(zoneOffsetMinutes(Date.parse('2025-07-01T00:00:00Z'), 'America/New_York')).toBe(-240);
    expect(isoInZone(ms, 'Asia/Kathmandu')).toBe('2025-01-15T19:35:00+05:45');
    expect(isoInZone(ms, 'Not/AZone')).toBeNull();
    expect(isoInZone(ms, null)).toBeNull();
  });
});

describe('sessionCsv', () => {
  it('has one row per epoch with UTC and local start times, codes and names', () => {
    const rows = parseCsv(sessionCsv(detail()));
    expect(rows[0]).toEqual([...SESSION_CSV_HEADER]);
    expect(rows).toHaveLength(1 + 12);
    expect(rows[1]).toEqual(['0', '2025-01-15T13:50:00Z', '0', 'Wake', '0', '', '2025-01-15T22:50:00+09:00']);
    expect(rows[4]).toEqual(['3', '2025-01-15T13:51:30Z', '2', 'Deep', '1', '', '2025-01-15T22:51:30+09:00']);
    expect(rows[6]?.slice(2, 4)).toEqual(['3', 'REM']);
    // epoch 9 has no data: empty cells, never "Wake" or 0
    expect(rows[10]).toEqual(['9', '2025-01-15T13:54:30Z', '', '', '', '', '2025-01-15T22:54:30+09:00']);
  });

  it('leaves times empty when the start is unknown and the local column empty without a zone', () => {
    const noStart = parseCsv(sessionCsv(detail({ startTime: null, endTime: null })));
    expect(noStart[1]?.[1]).toBe('');
    expect(noStart[1]?.[6]).toBe('');
    const noZone = parseCsv(sessionCsv(detail({ timezone: null })));
    expect(noZone[1]?.[1]).toBe('2025-01-15T13:50:00Z');
    expect(noZone[1]?.[6]).toBe('');
  });

  it('covers the longest track and names stages "Sleep" on 2-stage plans', () => {
    const d = detail({
      epochs: { sleep: [1, 1], snoring: [0, 0, 1], breath: [12, 13, 14, 15] },
      serverStat: { time_in_light: null, time_in_deep: null, time_in_rem: null, time_in_sleep: 60 },
    });
    const rows = parseCsv(sessionCsv(d));
    expect(rows).toHaveLength(5);
    expect(rows[1]?.slice(2, 6)).toEqual(['1', 'Sleep', '0', '12']);
    expect(rows[4]?.slice(2, 6)).toEqual(['', '', '', '15']);
  });
});

describe('nightRows and nightsCsv', () => {
  const evening = detail({ sessionId: 'b-evening', startTime: '2025-01-15T13:50:00+00:00' }); // 22:50 Seoul
  const afterMidnight = detail({ sessionId: 'c-late', startTime: '2025-01-16T16:10:00+00:00' }); // 01:10 Seoul on the 17th
  const noStart = detail({ sessionId: 'a-none', startTime: null, endTime: null, state: 'live', firstEventAt: '2025-01-10T00:00:00.000Z' });

  it('orders nights by start, dates them by the evening in the session zone, and aligns clock time', () => {
    const rows = nightRows([afterMidnight, evening, noStart]);
    expect(rows.map((r) => r.sessionId)).toEqual(['a-none', 'b-evening', 'c-late']);
    expect(rows[1]).toMatchObject({ date: '2025-01-15', timezone: 'Asia/Seoul', offsetMinutes: 540, startMinute: 22 * 60 + 50 });
    expect(rows[2]).toMatchObject({ date: '2025-01-16', startMinute: 25 * 60 + 10 });
    expect(rows[0]).toMatchObject({ date: null, startMinute: null, state: 'live' });
  });

  it('takes the statistics from the computed stat and encodes the stages compactly', () => {
    const [r] = nightRows([evening]);
    const stat = evening.computedStat!;
    expect(r).toMatchObject({
      tst: stat.time_in_sleep,
      efficiency: stat.sleep_efficiency,
      sleepLatency: stat.sleep_latency,
      waso: stat.time_in_wake,
      remRatio: stat.rem_ratio,
      stages: '001223301-10',
    });
    expect(r?.tst).toBe(7 * 30);
    expect(r?.sleepLatency).toBe(60);
    expect(r?.waso).toBe(30);
  });

  it('falls back to the start time offset without a zone', () => {
    const [r] = nightRows([detail({ timezone: null, startTime: '2025-01-15T23:30:00-05:00' })]);
    expect(r).toMatchObject({ timezone: null, offsetMinutes: -300, date: '2025-01-15', startMinute: 23 * 60 + 30 });
  });

  it('writes one CSV row per night with h:mm and seconds, percents, joined peculiarities', () => {
    const d = detail({
      sessionId: 'x,1',
      peculiarities: ['NO_BREATHING_STABILITY', 'IN_PROGRESS'],
      discrepancies: [{ field: 'sleep_latency', server: 0, computed: 60 }],
      computedStat: { time_in_sleep: 27_000, sleep_efficiency: 0.88, sleep_latency: 600, time_in_wake: 1_230, rem_ratio: 0.285 },
    });
    const rows = parseCsv(nightsCsv(nightRows([d, noStart])));
    expect(rows[0]).toEqual([...NIGHTS_CSV_HEADER]);
    // the night without a start sorts by its first event (Jan 10): first
    expect(rows[1]?.slice(0, 2)).toEqual(['', 'Asia/Seoul']);
    expect(rows[1]?.[4]).toBe('');
    expect(rows[2]).toEqual([
      '2025-01-15',
      'Asia/Seoul',
      'G-user',
      'x,1',
      '2025-01-15T22:50:00+09:00',
      '2025-01-15T22:56:00+09:00',
      '7:30',
      '27000',
      '88',
      '600',
      '1230',
      '29',
      'NO_BREATHING_STABILITY;IN_PROGRESS',
      'complete',
      '1',
    ]);
  });
});

describe('sessionJson and parseSessionExport', () => {
  it('writes everything known with the format marker, and reads it back', () => {
    const d = detail({ conflicts: [{ inferenceSeqNum: 1, captureId: 'c9', originalCaptureId: 'c2' }], warnings: ['w'] });
    const capture = {
      id: 'c1',
      seq: 1,
      receivedAt: '2025-01-15T13:55:00.000Z',
      method: 'POST',
      path: '/webhook',
      status: 200,
      stage: 'done' as const,
      reason: null,
      event: 'INFERENCE_COMPLETE',
      layout: 'v3' as const,
      version: 'V3',
      valid: true,
      issues: [],
      warnings: [],
      duplicate: 'no' as const,
      duplicateOf: null,
      userId: 'G-user',
      sessionId: d.sessionId,
      size: 2,
      remoteAddress: '127.0.0.1',
      apiKey: { present: true, matched: true, last4: 'abcd' },
      answerMs: 1,
      headers: { 'x-api-key': '[redacted]' },
      body: '{}',
      bodyTruncated: false,
      response: { status: 200, body: '{}' },
      normalized: null,
    };
    const text = sessionJson(d, [capture], new Date('2025-02-01T00:00:00Z'));
    const raw = JSON.parse(text);
    expect(raw.format).toBe(SESSION_EXPORT_FORMAT);
    expect(raw.exportedAt).toBe('2025-02-01T00:00:00.000Z');
    expect(raw.session).toEqual(d);
    expect(raw.captures[0]).not.toHaveProperty('normalized');
    expect(raw.captures[0].body).toBe('{}');
    // arrays of values stay on one line
    expect(text).toContain('"sleep": [0,0,1,2,2,3,3,0,1,null,1,0]');

    const opened = parseSessionExport(text);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.session).toEqual(d);
    expect(opened.value.exportedAt).toBe('2025-02-01T00:00:00.000Z');
    expect(opened.value.captures).toHaveLength(1);
  });

  it('accepts a bare session detail (the local API answer) and a BOM', () => {
    const d = detail();
    const r = parseSessionExport('\ufeff' + JSON.stringify(d));
    expect(r.ok && r.value.session).toEqual(d);
    expect(r.ok && r.value.exportedAt).toBeNull();
  });

  it.each([
    ['not JSON', '{"format":', /not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['another format', JSON.stringify({ format: 'something/2' }), /format "something\/2"/],
    ['no format', JSON.stringify({ hello: 1 }), /format none/],
  ])('refuses %s with a plain reason', (_name, text, message) => {
    const r = parseSessionExport(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BAD_ARGS');
      expect(r.error.message).toMatch(message);
    }
  });

  it('says which field is wrong', () => {
    const d = detail();
    const bad = JSON.parse(sessionJson(d));
    bad.session.epochs.sleep[3] = 'deep';
    const r = parseSessionExport(JSON.stringify(bad));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/session\.epochs\.sleep\.3/);
  });

  it('prettyJson matches JSON.parse round trips', () => {
    const v = { a: [1, 'x', null, true], b: { c: [] , d: {} }, e: [{ f: 1 }], g: undefined };
    expect(JSON.parse(prettyJson(v))).toEqual({ a: [1, 'x', null, true], b: { c: [], d: {} }, e: [{ f: 1 }] });
  });
});

describe('exportFileName', () => {
  it('keeps names safe on every OS', () => {
    expect(exportFileName(['G-user', '2025_x'], 'csv')).toBe('G-user_2025_x.csv');
    expect(exportFileName(['../etc/passwd', 'a b:c'], 'json')).toBe('__etc_passwd_a_b_c.json');
    expect(exportFileName([''], 'csv')).toBe('_.csv');
  });
});

describe('nightRows: zone of a night still in progress', () => {
  it('assumes the participant’s latest known zone for a night without one', () => {
    const done = detail({ sessionId: 'a', startTime: '2025-01-15T13:50:00+00:00', timezone: 'Asia/Seoul' });
    const live = detail({ sessionId: 'b', state: 'live', startTime: '2025-01-16T14:00:00.000Z', timezone: null, endTime: null });
    const rows = nightRows([live, done]);
    expect(rows[1]).toMatchObject({ sessionId: 'b', timezone: 'Asia/Seoul', timezoneAssumed: true, date: '2025-01-16', startMinute: 23 * 60 });
    expect(rows[0]).toMatchObject({ timezoneAssumed: false });
    // alone, it keeps its own offset (UTC here)
    expect(nightRows([live])[0]).toMatchObject({ timezone: null, timezoneAssumed: false, startMinute: 14 * 60, date: '2025-01-16' });
  });
});

describe('CSV cells from untrusted ids', () => {
  it('never start with a formula character, while numbers stay numbers', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField(-30)).toBe('-30');
    expect(csvField('G-2025-abc')).toBe('G-2025-abc');
  });
});
