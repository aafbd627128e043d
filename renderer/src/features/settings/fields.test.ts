import { describe, expect, it } from 'vitest';
import { portSchema, retentionDaysSchema, staleMinutesSchema, webhookPathSchema } from '../../../../shared/settings';
import { check, parseNumber, sentence, webhookUrlFor } from './fields';

describe('settings form fields', () => {
  it('reads numbers strictly, so the schema can say what is wrong', () => {
    expect(parseNumber(' 4848 ')).toBe(4848);
    expect(parseNumber('12.5')).toBe(12.5);
    expect(parseNumber('')).toBeNaN();
    expect(parseNumber('0x10')).toBeNaN();
    expect(parseNumber('1e3')).toBeNaN();
  });

  it('gives the shared schema messages', () => {
    expect(check(portSchema, parseNumber('')).error).toBe('the port must be a number');
    expect(check(portSchema, parseNumber('65536')).error).toBe('the port must be between 1 and 65535');
    expect(check(portSchema, parseNumber('8080')).error).toBeNull();
    expect(check(webhookPathSchema, 'hook').error).toBe('the path must start with /');
    expect(check(webhookPathSchema, '/asleep/v1').error).toBeNull();
    expect(check(staleMinutesSchema, parseNumber('2.5')).error).toBe('the stale threshold must be whole minutes');
    expect(check(retentionDaysSchema, null).error).toBeNull();
    expect(check(retentionDaysSchema, parseNumber('0')).error).toBe('retention must be at least 1 day');
  });

  it('builds the webhook URL and sentences', () => {
    expect(webhookUrlFor(4848, '/webhook')).toBe('http://127.0.0.1:4848/webhook');
    expect(sentence('the port must be a number')).toBe('The port must be a number.');
  });
});
