import { describe, expect, it } from 'vitest';
import { canonicalJson, panelHash, reportHash, sha256 } from './fingerprint';

describe('report fingerprint', () => {
  it('writes the same JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }] })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('is the SHA-256 of the canonical JSON, so a reader can recompute it', () => {
    const e = { panel: 'p.x', sql: 'SELECT 1', params: { from: '2025-01-01 00:00:00.000' }, rows: [{ t: 1, v: 0.5 }] };
    expect(panelHash(e)).toBe(
      sha256('{"panel":"p.x","params":{"from":"2025-01-01 00:00:00.000"},"rows":[{"t":1,"v":0.5}],"sql":"SELECT 1"}')
    );
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('changes when any row, parameter or the SQL changes', () => {
    const base = { panel: 'p.x', sql: 'SELECT 1', params: {}, rows: [{ v: 1 }] };
    const h = panelHash(base);
    expect(panelHash({ ...base, rows: [{ v: 2 }] })).not.toBe(h);
    expect(panelHash({ ...base, sql: 'SELECT 2' })).not.toBe(h);
    expect(panelHash({ ...base, params: { a: 1 } })).not.toBe(h);
    expect(reportHash('t', {}, [{ panel: 'p.x', sha256: h }])).not.toBe(reportHash('t2', {}, [{ panel: 'p.x', sha256: h }]));
  });
});
