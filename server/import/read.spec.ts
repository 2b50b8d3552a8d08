import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNdjsonLines } from './read';

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
