import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRecordLines, readNdjsonLines } from './read';

describe('csvRecordLines', () => {
  it('finds the line each record starts on, across quoted line breaks', () => {
    // line 1 header; record 0 on line 2; record 1 spans lines 3-4 (quoted newline, doubled quote);
    // record 2 on line 5; the final newline starts nothing.
    const text = 'a,b\n1,2\n3,"x\n""y"""\n5,6\n';
    expect(csvRecordLines(text)).toEqual([2, 3, 5]);
    expect(csvRecordLines('\ufeffa,b\r\n1,2\r\n3,4')).toEqual([2, 3]);
  });
});

describe('readNdjsonLines', () => {
  it('keeps the file line of every non-blank line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdo-read-'));
    try {
      const f = join(dir, 'a.ndjson');
      writeFileSync(f, '\ufeff{"a":1}\r\n\n{"a":2}\n  \n{"a":3}');
      expect(readNdjsonLines(f)).toEqual([
        { line: 1, text: '{"a":1}' },
        { line: 3, text: '{"a":2}' },
        { line: 5, text: '{"a":3}' }
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
