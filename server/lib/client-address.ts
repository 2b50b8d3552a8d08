// The address a request or socket comes from. Behind a load balancer every TCP peer is the
// balancer, so per-address limits would count the whole audience as one client; the balancer
// names the real one in X-Forwarded-For. That header is only believed when the peer that sent
// it is a proxy the operator listed (TRUST_PROXY): anyone else could write any address in it.
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** The proxies whose X-Forwarded-For is believed: addresses and CIDR ranges, IPv4 or IPv6. */
export interface ProxyTrust {
  trusts(address: string): boolean;
}

/**
 * A trust list from entries such as `10.0.0.0/8`, `127.0.0.1`, `fd00::/8` (server/config.ts has
 * checked them). Throws on an entry that is not one, naming it.
 */
export function proxyTrust(entries: readonly string[]): ProxyTrust {
  const list = new BlockList();
  for (const entry of entries) {
    const [ip = '', bits] = entry.split('/');
    const type = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : null;
    if (type === null) throw new Error(`${JSON.stringify(entry)} is not an IP address or CIDR range`);
    if (bits === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(bits), type);
  }
  return {
    trusts(address) {
      if (isIPv4(address)) return list.check(address, 'ipv4');
      if (isIPv6(address)) return list.check(address, 'ipv6');
      return false;
    }
  };
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) as `10.0.0.1`, so both spellings are one client. */
export function plainAddress(address: string): string {
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return m?.[1] ?? address;
}

/**
 * One X-Forwarded-For hop as an address, or null. Proxies write bare addresses; some add a port
 * (`1.2.3.4:5678`, `[2001:db8::1]:443`), which is dropped.
 */
function hopAddress(text: string): string | null {
  const t = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (bracketed) return isIPv6(bracketed[1] ?? '') ? plainAddress(bracketed[1] ?? '') : null;
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(t);
  const bare = withPort?.[1] ?? t;
  return isIPv4(bare) || isIPv6(bare) ? plainAddress(bare) : null;
}

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy, in which case the
 * X-Forwarded-For hops are read from the right (each proxy appends the address it received the
 * request from) for as long as the address reached is itself a trusted proxy. The first address
 * that is not is the client; hops to its left were written by the client or its own proxies and
 * are never believed. A hop that is not an address ends the walk at the trusted proxy that
 * passed it on. Without a trust list the header is ignored.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trust: ProxyTrust | null): string {
  let address = plainAddress(peer ?? '');
  if (trust === null || forwardedFor === undefined) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  for (let i = hops.length - 1; i >= 0 && trust.trusts(address); i--) {
    const hop = hopAddress(hops[i] ?? '');
    if (hop === null) break;
    address = hop;
  }
  return address;
}
