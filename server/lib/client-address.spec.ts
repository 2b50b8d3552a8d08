import { describe, expect, it } from 'vitest';
import { clientAddress, plainAddress, proxyTrust } from './client-address';

const balancers = proxyTrust(['10.0.0.0/24', '127.0.0.1', 'fd00::/8']);

describe('the client address behind trusted proxies', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.7', null)).toBe('10.0.0.2');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('198.51.100.4', '203.0.113.7', balancers)).toBe('198.51.100.4');
    expect(clientAddress('10.0.1.2', '203.0.113.7', balancers)).toBe('10.0.1.2');
  });

  it('takes the address a trusted proxy appended', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.7', balancers)).toBe('203.0.113.7');
    expect(clientAddress('fd00::5', '2001:db8::9', balancers)).toBe('2001:db8::9');
  });

  it("never believes hops the client wrote: a forged trusted address to the left of the proxy's stops nothing", () => {
    // The client claimed to be 10.0.0.9 (a balancer); nginx appended the address it really came from.
    expect(clientAddress('10.0.0.2', '10.0.0.9, 203.0.113.7', balancers)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', 'anything, 198.51.100.1', balancers)).toBe('198.51.100.1');
  });

  it('walks through a chain of trusted proxies to the first address that is not one', () => {
    expect(clientAddress('127.0.0.1', '192.0.2.1, 203.0.113.7, 10.0.0.3', balancers)).toBe('203.0.113.7');
    // Two header lines are one list, in order.
    expect(clientAddress('127.0.0.1', ['192.0.2.1, 203.0.113.7', '10.0.0.3'], balancers)).toBe('203.0.113.7');
  });

  it('stops at the trusted proxy when the hop it passed on is not an address', () => {
    expect(clientAddress('10.0.0.2', 'unknown', balancers)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '', balancers)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '203.0.113.7, 10.0.0.3, not-an-ip', balancers)).toBe('10.0.0.2');
  });

  it('reads hops with a port, and one client in both spellings of an IPv4 address', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.7:51234', balancers)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', '[2001:db8::9]:443', balancers)).toBe('2001:db8::9');
    expect(clientAddress('::ffff:10.0.0.2', '::ffff:203.0.113.7', balancers)).toBe('203.0.113.7');
    expect(plainAddress('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(plainAddress('2001:db8::1')).toBe('2001:db8::1');
  });

  it('refuses a list entry that is not an address', () => {
    expect(() => proxyTrust(['balancer.internal'])).toThrow(/"balancer.internal" is not an IP address or CIDR range/);
  });
});
