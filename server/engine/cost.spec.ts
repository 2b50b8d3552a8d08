// The engine-cost meter with a clock that moves only when the test says: each statement is begun
// and ended by hand, as the engine does around every call, with the elapsed time it reports.
import { describe, expect, it } from 'vitest';
import { measureEngine, statementBegins } from './cost';

function clock(t = 1_000) {
  const c = { t, now: () => c.t };
  return c;
}

describe('engine cost of a measured call', () => {
  it("sums the engine's own times, not the clock's time the statements were outstanding", async () => {
    const c = clock();
    const { value, cost } = await measureEngine(async () => {
      c.t += 3;
      // A statement that waited 200 ms behind others and ran for 12.
      const first = statementBegins();
      c.t += 200;
      first(12);
      c.t += 5;
      const second = statementBegins();
      c.t += 40;
      second(30.5);
      c.t += 2;
      return 'rows';
    }, c.now);
    expect(value).toBe('rows');
    expect(cost).toEqual({ engineMs: 42.5, statements: 2, unreported: 0, outstandingMs: 240, wallMs: 250 });
  });

  it('counts overlapping statements once in the outstanding time', async () => {
    const c = clock();
    const { cost } = await measureEngine(async () => {
      const a = statementBegins();
      c.t += 10;
      const b = statementBegins();
      c.t += 10;
      a(4);
      c.t += 10;
      b(6);
      c.t += 7;
    }, c.now);
    expect(cost).toEqual({ engineMs: 10, statements: 2, unreported: 0, outstandingMs: 30, wallMs: 37 });
  });

  it('counts a statement that reported no time, or no usable one, as unreported', async () => {
    const c = clock();
    const { cost } = await measureEngine(async () => {
      for (const ms of [null, -1, Number.NaN, Infinity, 8]) statementBegins()(ms);
    }, c.now);
    expect(cost).toMatchObject({ engineMs: 8, statements: 5, unreported: 4 });
  });

  it('ends a statement once, however often its end is called', async () => {
    const c = clock();
    const { cost } = await measureEngine(async () => {
      const end = statementBegins();
      c.t += 5;
      end(3);
      c.t += 5;
      end(3);
    }, c.now);
    expect(cost).toMatchObject({ engineMs: 3, statements: 1, outstandingMs: 5 });
  });

  it('counts a statement still outstanding when the call returns up to its return', async () => {
    const c = clock();
    let late: ((ms: number) => void) | null = null;
    const { cost } = await measureEngine(async () => {
      late = statementBegins();
      c.t += 9;
    }, c.now);
    expect(cost).toMatchObject({ statements: 0, outstandingMs: 9, wallMs: 9 });
    late!(1);
  });

  it('keeps calls measured at the same time apart, and counts a nested call in the outer one too', async () => {
    const c = clock();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = measureEngine(async () => {
      const end = statementBegins();
      await gate;
      end(7);
    }, c.now);
    const b = measureEngine(async () => {
      statementBegins()(2);
      const inner = await measureEngine(async () => statementBegins()(5), c.now);
      expect(inner.cost).toMatchObject({ engineMs: 5, statements: 1 });
    }, c.now);
    release();
    expect((await a).cost).toMatchObject({ engineMs: 7, statements: 1 });
    expect((await b).cost).toMatchObject({ engineMs: 7, statements: 2 });
  });

  it('is a no-op outside a measured call', () => {
    expect(() => statementBegins()(5)).not.toThrow();
  });
});
