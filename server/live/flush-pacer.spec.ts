import { describe, expect, it } from 'vitest';
import { FlushPacer } from './flush-pacer';

/** A clock that moves only when a "flush" says how long it took. */
function manual() {
  let t = 1_000;
  return { now: () => t, take: (ms: number) => (t += ms) };
}

describe('FlushPacer', () => {
  it('holds the minimum while flushes are cheap', () => {
    const c = manual();
    const p = new FlushPacer(50, 2, c.now);
    expect(p.holdMs()).toBe(50);
    p.time(() => (c.take(3), true));
    expect(p.holdMs()).toBe(50);
  });

  it('holds twice the last flush when that is longer, and comes back down when flushes are cheap again', () => {
    const c = manual();
    const p = new FlushPacer(50, 2, c.now);
    p.time(() => (c.take(180), true));
    expect(p.holdMs()).toBe(360);
    p.time(() => (c.take(10), true));
    expect(p.holdMs()).toBe(50);
  });

  it('ignores a flush that sent nothing', () => {
    const c = manual();
    const p = new FlushPacer(50, 2, c.now);
    p.time(() => (c.take(100), true));
    p.time(() => (c.take(1), false));
    expect(p.holdMs()).toBe(200);
  });
});
