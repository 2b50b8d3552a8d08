// Admission control over real HTTP: ingest bodies held at once are bounded, the excess gets a
// 429 with Retry-After at once (its body is never held), and capacity comes back when the
// holder finishes. The holding upload is a stream this test feeds by hand, so the order of
// events is fixed by the test, not by timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlRow, startServer, type TestServer } from '../helpers/server';

let s: TestServer;

beforeAll(async () => {
  s = await startServer({ app: { admission: { maxBodies: 1, maxBytes: 1024 * 1024 } } });
});
afterAll(async () => {
  await s.close();
});

const line = (i: number) => JSON.stringify(crawlRow(i)) + '\n';

/** An upload whose bytes the test sends when it likes. */
function heldUpload() {
  let push!: (s: string | null) => void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      push = (s) => (s === null ? controller.close() : controller.enqueue(new TextEncoder().encode(s)));
    }
  });
  const answer = fetch(`${s.url}/api/ingest/crawl`, { method: 'POST', body, duplex: 'half' } as RequestInit);
  return { push, answer };
}

describe('ingest admission', () => {
  it('answers 429 with Retry-After while the bound is taken, and 200 once it is free', async () => {
    const held = heldUpload();
    held.push(line(1));
    await admitted();
    const refused = await fetch(`${s.url}/api/ingest/crawl`, { method: 'POST', body: line(2) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { error: string }).error).toMatch(/capacity/);
    held.push(line(3));
    held.push(null);
    const first = await held.answer;
    expect([first.status, await first.json()]).toEqual([200, { accepted: 2, stream: 'crawl' }]);
    const after = await fetch(`${s.url}/api/ingest/crawl`, { method: 'POST', body: line(4) });
    expect(after.status).toBe(200);
  });

  it('lets one body in alone whatever its size, up to the size limit', async () => {
    const held = heldUpload();
    held.push(line(10));
    await admitted();
    // A body alone is always let in, whatever its size up to the limit.
    held.push(line(11).padEnd(2 * 1024 * 1024, ' ') + '\n');
    held.push(null);
    const r = await held.answer;
    expect(r.status).toBe(200);
  });
});

/** Resolves once the server holds the upload's slot (it takes it when the headers arrive). */
async function admitted(): Promise<void> {
  for (let turns = 0; s.app.admission.inFlight().bodies === 0; turns++) {
    if (turns > 100_000) throw new Error('the upload never reached the server');
    await new Promise((r) => setImmediate(r));
  }
}
