import { describe, expect, it } from 'vitest';
import { eachRow, summaryMs } from './answer';

describe("a statement's answer", () => {
  it('reads a JSONEachRow answer as one object a line, with or without a last newline', () => {
    expect(eachRow('{"t":1,"s":"a\\nb"}\n{"t":2,"s":null}\n')).toEqual([
      { t: 1, s: 'a\nb' },
      { t: 2, s: null }
    ]);
    expect(eachRow('{"t":1}')).toEqual([{ t: 1 }]);
    expect(eachRow('')).toEqual([]);
  });

  it('refuses a line that is not JSON, rather than leave it out', () => {
    expect(() => eachRow('"t","docs"\n')).toThrow(SyntaxError);
    expect(() => eachRow('Code: 241. DB::Exception: Memory limit exceeded\n')).toThrow(SyntaxError);
  });

  it("reads the summary's elapsed nanoseconds as ms, and nothing from a summary without them", () => {
    expect(summaryMs({ elapsed_ns: '12500000' })).toBe(12.5);
    expect(summaryMs({ elapsed_ns: '0' })).toBe(0);
    for (const bad of [undefined, {}, { elapsed_ns: '' }, { elapsed_ns: '-5' }, { elapsed_ns: '1e6' }]) expect(summaryMs(bad)).toBeNull();
  });
});
