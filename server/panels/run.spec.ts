import { describe, expect, it } from 'vitest';
import { panelCost } from './run';

const cost = (over: Partial<Parameters<typeof panelCost>[0]> = {}) => ({
  engineMs: 0,
  statements: 1,
  unreported: 0,
  outstandingMs: 0,
  wallMs: 0,
  ...over
});

describe("a panel's cost", () => {
  it("is the engine's own time of its statements plus the clock time outside them, not the time they were outstanding", () => {
    // Three statements that ran 9 ms in all, outstanding 400 ms (waiting for the engine), in a call of 430 ms.
    expect(panelCost(cost({ engineMs: 9, statements: 3, outstandingMs: 400, wallMs: 430 }))).toBe(39);
  });

  it('is the Node time alone for a call that ran no statement', () => {
    expect(panelCost(cost({ statements: 0, wallMs: 17 }))).toBe(17);
  });

  it('is unknown when a statement reported no engine time', () => {
    expect(panelCost(cost({ engineMs: 5, statements: 2, unreported: 1, outstandingMs: 20, wallMs: 21 }))).toBeNull();
  });

  it('never counts negative Node time', () => {
    expect(panelCost(cost({ engineMs: 4, outstandingMs: 10, wallMs: 9 }))).toBe(4);
  });
});
