import { describe, expect, it } from 'vitest';
import { progressBar } from './progress';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, write: (s: string) => out.push(s), isTTY };
}

describe('progressBar', () => {
  it('redraws one line in place on a terminal', () => {
    let t = 0;
    const s = sink(true);
    const bar = progressBar('import', 200, s, () => t);
    bar.update(50);
    t += 1000;
    bar.update(200);
    bar.finish();
    expect(s.out[0]).toBe('\rimport [########----------------------]  25% 50/200 rows\x1b[K');
    expect(s.out.at(-2)).toContain('100% 200/200 rows');
    expect(s.out.at(-1)).toBe('\n');
  });

  it('writes plain lines, seldom and never the same twice, into a log', () => {
    let t = 0;
    const s = sink(false);
    const bar = progressBar('import', 1000, s, () => t);
    bar.update(10);
    t += 100;
    bar.update(20); // too soon after the last line
    t += 5000;
    bar.update(1000);
    bar.finish(); // nothing new to say
    expect(s.out).toEqual(['import: 1% 10/1,000 rows\n', 'import: 100% 1,000/1,000 rows\n']);
  });
});
