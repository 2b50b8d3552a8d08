import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BatchError, buildBatch } from './batch';
import { buildBatchParallel, workerChecks } from './parallel';
import { ROW_SPECS } from './rows';

const row = (i: number, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    ts: 1735689600000 + i,
    url: `https://a${i % 9}.example/x${i}`,
    lang: 'en',
    content_type: 'article',
    tokens: i % 5000,
    provenance: 'human',
    ...over
  });

function body(n: number, at?: { index: number; line: string }): Buffer {
  const lines = Array.from({ length: n }, (_, i) => row(i));
  if (at) lines[at.index] = at.line;
  return Buffer.from(lines.join('\n') + '\n');
}

// Each case checks 8 MB twice (and the first bundles the worker): seconds on a busy 2-core machine.
describe('checking a large body on two threads', { timeout: 30_000 }, () => {
  const n = 60_000; // about 8 MB: above the threshold, so the worker takes the second half

  it('gives the same batch as the single-threaded check, without copying a clean body', async () => {
    const b = body(n);
    const one = buildBatch(ROW_SPECS.crawl, b);
    const two = await buildBatchParallel('crawl', b);
    expect(two).toMatchObject({ rows: one.rows, maxTime: one.maxTime, rewritten: 0 });
    expect(two.body).toBe(b);
    // The second half really went through the worker thread, not the fallback.
    expect(workerChecks()).toBeGreaterThan(0);
  });

  it('checks a body in shared memory (as the HTTP route reads it) in place, with the same result', async () => {
    const plain = body(n, { index: n - 2, line: row(n - 2, { detector: null }) });
    const shared = Buffer.from(new SharedArrayBuffer(plain.length));
    plain.copy(shared);
    const before = workerChecks();
    const two = await buildBatchParallel('crawl', shared);
    expect(workerChecks()).toBe(before + 1);
    const one = buildBatch(ROW_SPECS.crawl, plain);
    expect(two).toMatchObject({ rows: one.rows, maxTime: one.maxTime, rewritten: 1, columns: one.columns });
    expect(two.body.equals(one.body)).toBe(true);
  });

  it('splices rewrites from both halves into place', async () => {
    const lines = Array.from({ length: n }, (_, i) => row(i));
    lines[10] = row(10, { crawl_source: null });
    lines[n - 10] = row(n - 10, { domain: `A${(n - 10) % 9}.EXAMPLE` });
    const b = Buffer.from(lines.join('\n'));
    const two = await buildBatchParallel('crawl', b);
    expect(two.rewritten).toBe(2);
    expect(two.body.equals(buildBatch(ROW_SPECS.crawl, b).body)).toBe(true);
    const out = two.body.toString().split('\n');
    expect(JSON.parse(out[10] ?? '')).toMatchObject({ crawl_source: 'unknown' });
    expect(JSON.parse(out[n - 10] ?? '')).toMatchObject({ domain: `a${(n - 10) % 9}.example` });
  });

  it('passes the second half through as sent when only the first has rewrites', async () => {
    const lines = Array.from({ length: n }, (_, i) => row(i));
    lines[3] = row(3, { detector: null });
    lines[n - 3] = row(n - 3, { quality: 0.25 });
    const b = Buffer.from(lines.join('\n') + '\n');
    const one = buildBatch(ROW_SPECS.crawl, b);
    const two = await buildBatchParallel('crawl', b);
    expect(two.rewritten).toBe(1);
    expect(two.body.equals(one.body)).toBe(true);
    // The tail's quality column is named in the insert, found by the worker.
    expect(two.columns).toEqual(one.columns);
    expect(two.columns).toContain('quality');
  });

  it('extends every row of both halves with its site, in one buffer laid out as the single-threaded check writes it', async () => {
    // Hosts whose registrable domain the table's DEFAULT gets wrong: each line gains domain and tld.
    const lines = Array.from({ length: n }, (_, i) => row(i, { url: `https://s${i % 7}.example.org/p${i}` }));
    const b = Buffer.from(lines.join('\n') + '\n');
    const one = buildBatch(ROW_SPECS.crawl, b);
    const two = await buildBatchParallel('crawl', b);
    expect(two.rewritten).toBe(n);
    expect(two.body.equals(one.body)).toBe(true);
    expect(JSON.parse(two.body.toString().split('\n')[n - 1] ?? '')).toMatchObject({ domain: 'example.org', tld: 'org' });
  });

  it('joins the halves when only the second has edits', async () => {
    const lines = Array.from({ length: n }, (_, i) => row(i));
    lines[n - 3] = row(n - 3, { detector: null });
    const b = Buffer.from(lines.join('\n') + '\n');
    const one = buildBatch(ROW_SPECS.crawl, b);
    const two = await buildBatchParallel('crawl', b);
    expect(two.rewritten).toBe(1);
    expect(two.body.equals(one.body)).toBe(true);
  });

  it('names the right line for an error in the second half, blank lines counted', async () => {
    const lines = Array.from({ length: n }, (_, i) => row(i));
    lines.splice(100, 0, '', '');
    lines[n - 5] = row(n - 5, { tokens: -1 });
    const b = Buffer.from(lines.join('\r\n'));
    const err = await buildBatchParallel('crawl', b).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchError);
    expect(err).toMatchObject({ line: n - 4, field: 'tokens' });
  });

  it('reports the first error when both halves have one', async () => {
    const b = body(n, { index: 7, line: '{broken' });
    const err = (await buildBatchParallel('crawl', b).catch((e: unknown) => e)) as BatchError;
    expect(err.line).toBe(8);
  });

  it('holds a process open while a check is under way, and not after', async () => {
    // A script that checks one large body and ends, as an import run does: it must neither
    // exit while it awaits the worker's answer (exit code 13) nor stay open for the idle worker.
    const dir = mkdtempSync(join(tmpdir(), 'pdo-parallel-'));
    try {
      const script = join(dir, 'check.mts');
      writeFileSync(
        script,
        [
          `import { buildBatchParallel, workerChecks } from ${JSON.stringify(join(import.meta.dirname, 'parallel.ts'))};`,
          `const lines = Array.from({ length: ${n} }, (_, i) => JSON.stringify({ ts: 1735689600000 + i, url: 'https://a.example/x' + i, lang: 'en', content_type: 'article', tokens: 5, provenance: 'human' }));`,
          `const b = await buildBatchParallel('crawl', Buffer.from(lines.join('\\n') + '\\n'));`,
          // What would still hold it open, but for its pipes to this test; then it ends at once
          // either way, so a worker left holding it fails the test rather than hanging it.
          `const open = process.getActiveResourcesInfo().filter((r) => r !== 'PipeWrap');`,
          `console.log(JSON.stringify({ rows: b.rows, worker: workerChecks(), open }));`,
          `process.exit(0);`
        ].join('\n')
      );
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 25_000 });
      expect(JSON.parse(stdout)).toEqual({ rows: n, worker: 1, open: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
