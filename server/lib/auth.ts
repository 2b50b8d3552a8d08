import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Constant-time comparison (of hashes, so unequal lengths leak nothing either). */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h);
  return m?.[1]?.trim();
}

/**
 * Loopback clients only: the default when no ingest token is configured. `address` is the
 * client's (server/lib/client-address.ts): behind a proxy on the same machine that is the address
 * the proxy names, so a remote client does not pass for a local one.
 */
export function isLoopback(address: string): boolean {
  return address === '::1' || address === '::ffff:127.0.0.1' || address.startsWith('127.');
}
