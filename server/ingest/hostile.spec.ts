import { describe, expect, it } from 'vitest';
import { BatchError, buildBatch } from './batch';
import { duplicateKey, membersParsed, membersWritten } from './json-shape';
import { ROW_SPECS } from './rows';

const ok = '{"ts":"2025-01-02T03:04:05Z","url":"https://a.example/x","lang":"en","content_type":"article","tokens":5,"provenance":"ai"}';

function refusal(body: string | Buffer): BatchError {
  try {
    buildBatch(ROW_SPECS.crawl, body);
  } catch (e) {
    if (e instanceof BatchError) return e;
    throw e;
  }
  throw new Error('expected the body to be refused');
}

describe('a body means one thing, whatever its formatting', () => {
  it('refuses a line that only looks blank: no-break space, U+2028, a lone byte order mark', () => {
    for (const ws of ['\u00a0', '\u2028', '\ufeff', '\u3000', '\f', '\v']) {
      const e = refusal(`${ok}\n${ws}\n`);
      expect([JSON.stringify(ws), e.line]).toEqual([JSON.stringify(ws), 2]);
    }
  });

  it('skips lines of spaces and tabs, as ClickHouse does', () => {
    expect(buildBatch(ROW_SPECS.crawl, `${ok}\n  \t \n${ok}\r\n`).rows).toBe(2);
  });

  it('refuses a key given twice, spelled plainly or escaped, naming it', () => {
    for (const dup of ['"tokens":7,', '"t\\u0073":"2025-01-02T03:04:05Z",', '"\\u0074s":1735787045000,']) {
      const e = refusal(`${ok}\n${ok.replace('{', `{${dup}`)}\n`);
      expect(e.line).toBe(2);
      expect(e.message).toMatch(/given more than once/);
      expect(['tokens', 'ts']).toContain(e.field);
    }
  });

  it('refuses a lone surrogate escape in any string, and takes a proper pair', () => {
    const e = refusal(ok.replace('a.example/x', 'a.example/\\ud800'));
    expect(e).toMatchObject({ line: 1, field: 'url' });
    expect(refusal(ok.replace('a.example/x', 'a.example/\\udfff\\ud800'))).toMatchObject({ field: 'url' });
    expect(buildBatch(ROW_SPECS.crawl, ok.replace('a.example/x', 'a.example/\\ud83d\\ude00')).rows).toBe(1);
  });

  it('refuses bytes that are not UTF-8, naming the line', () => {
    const bad = Buffer.concat([Buffer.from(`${ok}\n${ok.slice(0, 60)}`), Buffer.from([0xff, 0xfe]), Buffer.from(`${ok.slice(60)}\n`)]);
    expect(refusal(bad)).toMatchObject({ line: 2 });
    // UTF-8 encoded surrogates (CESU-8) are not UTF-8 either.
    const cesu = Buffer.concat([Buffer.from(ok.slice(0, 60)), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(ok.slice(60))]);
    expect(refusal(cesu)).toMatchObject({ line: 1 });
  });

  it('refuses dates that do not exist instead of rolling them over', () => {
    for (const ts of [
      '2024-02-30',
      '2023-02-29T00:00:00Z',
      '2025-04-31',
      '2025-01-02T24:00:00Z',
      '2025-01-02T23:59:60Z',
      '2025-01-02T03:04:05+24:00'
    ]) {
      for (const spaced of [false, true]) {
        const line = ok.replace('2025-01-02T03:04:05Z', ts);
        const e = refusal(spaced ? line.replace(/,/g, ', ').replace(/":/g, '": ') : line);
        expect([ts, spaced, e.field]).toEqual([ts, spaced, 'ts']);
      }
    }
    expect(buildBatch(ROW_SPECS.crawl, ok.replace('2025-01-02T03:04:05Z', '2024-02-29')).maxTime).toBe(Date.UTC(2024, 1, 29));
  });

  it('refuses epoch milliseconds with a fraction rather than cutting it off', () => {
    expect(refusal(ok.replace('"2025-01-02T03:04:05Z"', '1735787045000.5'))).toMatchObject({ field: 'ts' });
  });

  it('refuses a byte order mark at the start of the body, saying so', () => {
    expect(refusal(`\ufeff${ok}`).message).toMatch(/byte order mark/);
  });
});

describe('counting object members', () => {
  it('counts keys, not strings that merely contain colons or escaped quotes', () => {
    const line = '{"a":"x:\\"y\\":z","b" : {"c":"d","e":["f:",{"g":1}]},"h":"\\\\"}';
    expect(membersWritten(line)).toBe(membersParsed(JSON.parse(line)));
    expect(membersWritten(line)).toBe(6);
  });

  it('finds a duplicate nested key and tells sibling objects apart', () => {
    expect(duplicateKey('{"a":{"x":1,"x":2}}')).toBe('x');
    expect(duplicateKey('{"a":{"x":1},"b":{"x":2}}')).toBeNull();
    expect(duplicateKey('{"a":"\\"a\\":","a":1}')).toBe('a');
  });
});
