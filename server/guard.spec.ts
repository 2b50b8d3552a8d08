import { EventEmitter } from 'node:events';
import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { IO_DEGRADED_MS, ProcessGuard, classify } from './guard';
import { createLogger } from './log';

function setup() {
  const registry = new Registry();
  const counter = new Counter({ name: 'uncaught_total', help: 'x', labelNames: ['kind', 'class'] as const, registers: [registry] });
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('debug', (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  let now = Date.UTC(2026, 0, 1);
  const guard = new ProcessGuard(log, counter, () => now);
  const target = new EventEmitter();
  const uninstall = guard.install(target);
  const count = async (kind: string, cls: string) =>
    (await counter.get()).values.find((v) => v.labels.kind === kind && v.labels.class === cls)?.value ?? 0;
  return { guard, target, uninstall, lines, count, advance: (ms: number) => (now += ms) };
}

function ioError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: gone`), { code });
}

describe('process guard', () => {
  it('classifies errno and stream errors as I/O, anything else as a bug', () => {
    expect(classify(ioError('ECONNRESET'))).toBe('io');
    expect(classify(ioError('ENOENT'))).toBe('io');
    expect(classify(ioError('ERR_STREAM_PREMATURE_CLOSE'))).toBe('io');
    expect(classify(new TypeError('x is undefined'))).toBe('bug');
    expect(classify(ioError('ERR_INVALID_ARG_TYPE'))).toBe('bug');
  });

  it('survives an uncaught I/O error: logged, counted, degraded for a while, then ok again', async () => {
    const { guard, target, lines, count, advance } = setup();
    expect(guard.status().degraded).toBe(false);
    target.emit('uncaughtException', ioError('ENOENT'));
    expect(await count('exception', 'io')).toBe(1);
    expect(lines.at(-1)).toMatchObject({ level: 'warn', class: 'io', code: 'ENOENT' });
    expect(guard.status()).toMatchObject({ degraded: true, uncaught_errors: 1, last_uncaught: { class: 'io', message: 'ENOENT: gone' } });
    advance(IO_DEGRADED_MS - 1);
    expect(guard.status().degraded).toBe(true);
    advance(1);
    expect(guard.status()).toMatchObject({ degraded: false, uncaught_errors: 1 });
  });

  it('keeps health degraded after a bug until restart, and counts rejections apart', async () => {
    const { guard, target, lines, count, advance } = setup();
    target.emit('unhandledRejection', new TypeError('cannot read properties of undefined'));
    target.emit('unhandledRejection', 'a string, not an Error');
    expect(await count('rejection', 'bug')).toBe(2);
    expect(await count('exception', 'bug')).toBe(0);
    expect(lines.at(-1)).toMatchObject({ level: 'error', kind: 'rejection', error: 'a string, not an Error' });
    advance(24 * 3600_000);
    expect(guard.status()).toMatchObject({ degraded: true, uncaught_errors: 2 });
  });

  it('stops listening when uninstalled', () => {
    const { target, uninstall } = setup();
    expect(target.listenerCount('uncaughtException')).toBe(1);
    uninstall();
    expect(target.listenerCount('uncaughtException')).toBe(0);
    expect(target.listenerCount('unhandledRejection')).toBe(0);
  });
});
