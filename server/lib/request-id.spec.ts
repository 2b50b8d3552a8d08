import { describe, expect, it } from 'vitest';
import { outsideRequest, requestId, requestIdFrom, withRequestId } from './request-id';

describe('request ids', () => {
  it('keeps a well-formed id from the caller and replaces anything else', () => {
    expect(requestIdFrom('lb-7f3a.1')).toBe('lb-7f3a.1');
    expect(requestIdFrom(['first', 'second'])).toBe('first');
    for (const bad of [undefined, '', "x'; DROP", 'a'.repeat(65), 'with space']) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });

  it('follows the request across awaits and stops at its edge', async () => {
    expect(requestId()).toBeUndefined();
    const seen = await withRequestId('r1', async () => {
      await Promise.resolve();
      const inner = await new Promise<string | undefined>((resolve) => setImmediate(() => resolve(requestId())));
      return [inner, outsideRequest(() => requestId())];
    });
    expect(seen).toEqual(['r1', undefined]);
    expect(requestId()).toBeUndefined();
  });
});
