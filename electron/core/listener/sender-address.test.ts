import { describe, expect, it } from 'vitest';
import { isLoopback, senderAddress } from './sender-address';

describe('senderAddress', () => {
  it('is the socket address for a direct connection, whatever X-Forwarded-For claims', () => {
    expect(senderAddress('198.51.100.4', '203.0.113.7')).toBe('198.51.100.4');
    expect(senderAddress('127.0.0.1', undefined)).toBe('127.0.0.1');
  });

  it("is the last X-Forwarded-For entry (the tunnel proxy's) for a loopback connection", () => {
    expect(senderAddress('127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(senderAddress('::ffff:127.0.0.1', '10.9.8.7, 203.0.113.7')).toBe('203.0.113.7');
    expect(senderAddress('::1', ['1.1.1.1', '2001:db8::1'])).toBe('2001:db8::1');
  });

  it('falls back to the socket address when the last entry is not an address', () => {
    expect(senderAddress('127.0.0.1', '203.0.113.7, unknown')).toBe('127.0.0.1');
    expect(senderAddress('127.0.0.1', '203.0.113.7:5555')).toBe('127.0.0.1');
    expect(senderAddress('127.0.0.1', '')).toBe('127.0.0.1');
    expect(senderAddress(undefined, undefined)).toBe('unknown');
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.4.5.6', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '2001:db8::1', '1.127.0.0'].some(isLoopback)).toBe(false);
  });
});
