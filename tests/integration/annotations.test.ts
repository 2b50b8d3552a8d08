// Annotations and claims against a real server on the real engine: the API (writes, versions,
// tombstones, bad input refused and nothing written), the NDJSON stream (all or nothing,
// Idempotency-Key), the curated files loaded at start, and the live push over a real socket.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation, AnnotationsDelta, AnnotationsSnapshot } from '../../src/lib/contract/annotations';
import type { ClaimsResponse } from '../../src/lib/contract/claims';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/contract/socket';
import { readCuratedEvents } from '../../server/annotations/curated';
import { canonicalJson, reportHash, sha256 } from '../../server/report/fingerprint';
import { startServer, type TestServer } from '../helpers/server';

const TOKEN = 'annotate-token-0123456789';
let s: TestServer;

beforeAll(async () => {
  s = await startServer({ env: { ANNOTATE_TOKEN: TOKEN } });
});
afterAll(async () => {
  await s.close();
});

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

async function post(body: unknown, headers: Record<string, string> = auth) {
  const r = await fetch(`${s.url}/api/annotations`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body)
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}
async function list(query = ''): Promise<Annotation[]> {
  const r = await fetch(`${s.url}/api/annotations${query}`);
  expect(r.status).toBe(200);
  return ((await r.json()) as { annotations: Annotation[] }).annotations;
}
async function userCount(): Promise<number> {
  return (await list()).filter((a) => a.origin !== 'curated').length;
}

describe('curated events', () => {
  it('are loaded at start, each with an http(s) source', async () => {
    const all = await list();
    const chatgpt = all.find((a) => a.id === 'curated.chatgpt-release');
    expect(chatgpt?.time).toBe(Date.parse('2022-11-30T00:00:00Z'));
    expect(chatgpt?.origin).toBe('curated');
    const curated = all.filter((a) => a.origin === 'curated');
    // Every entry of the shipped file, and nothing else.
    const shipped = (await readCuratedEvents()).map((e) => e.id);
    expect(curated.map((a) => a.id).sort()).toEqual([...shipped].sort());
    for (const a of curated) expect(a.source?.url).toMatch(/^https?:\/\//);
  });

  it('mark the studies the simulator and forecast rest on, with the dates their primary sources give', async () => {
    const all = await list();
    const byId = (id: string) => all.find((a) => a.id === id);
    expect(byId('curated.shumailov-2024-nature')?.time).toBe(Date.parse('2024-07-24T00:00:00Z'));
    // The proceedings give only the conference's days, so the paper is a region over them.
    const villalobos = byId('curated.villalobos-2024-icml');
    expect(villalobos?.kind).toBe('region');
    expect(villalobos?.time).toBe(Date.parse('2024-07-21T00:00:00Z'));
    expect(villalobos?.timeEnd).toBe(Date.parse('2024-07-28T00:00:00Z'));
    expect(villalobos?.source?.url).toBe('https://proceedings.mlr.press/v235/villalobos24a.html');
    expect((await list('?panel=forecast.peak_data&from=2024-07-01&to=2024-08-01')).map((a) => a.id)).toContain(
      'curated.villalobos-2024-icml'
    );
    expect((await list('?panel=market.rates&from=2024-07-01&to=2024-08-01')).map((a) => a.id)).not.toContain(
      'curated.villalobos-2024-icml'
    );
  });

  it('are not written again when a restart finds them unchanged', async () => {
    const before = await (await fetch(`${s.url}/api/annotations/curated.gpt-4-release/history`)).json();
    expect((before as { versions: unknown[] }).versions).toHaveLength(1);
  });
});

describe('POST, PATCH, DELETE and history', () => {
  it('creates an annotation, versions each edit and keeps a tombstone in the history', async () => {
    const created = await post({ time: '2025-01-10T12:00:00Z', title: 'Detector retrained', text: 'See *notes*', tags: ['detector'] });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.version).toBe(1);

    const patched = await fetch(`${s.url}/api/annotations/${id}`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ title: 'Detector v2 deployed' })
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toEqual({ id, version: 2 });
    const one = (await list('?tags=detector')).find((a) => a.id === id);
    expect(one).toMatchObject({ title: 'Detector v2 deployed', text: 'See *notes*', version: 2, origin: 'user' });

    const del = await fetch(`${s.url}/api/annotations/${id}`, { method: 'DELETE', headers: auth });
    expect(await del.json()).toEqual({ id, version: 3 });
    expect((await list()).some((a) => a.id === id)).toBe(false);
    const history = (await (await fetch(`${s.url}/api/annotations/${id}/history`)).json()) as {
      versions: { version: number; deleted: boolean; title: string }[];
    };
    expect(history.versions.map((v) => [v.version, v.deleted, v.title])).toEqual([
      [1, false, 'Detector retrained'],
      [2, false, 'Detector v2 deployed'],
      [3, true, 'Detector v2 deployed']
    ]);
    const again = await fetch(`${s.url}/api/annotations/${id}`, { method: 'DELETE', headers: auth });
    expect(again.status).toBe(404);
  });

  it('filters by window, tag and panel', async () => {
    await post({
      id: 'note.region',
      kind: 'region',
      time: '2024-03-01',
      timeEnd: '2024-03-31',
      title: 'Outage',
      tags: ['ops'],
      panels: ['provenance.ai_share']
    });
    const from = Date.parse('2024-03-15T00:00:00Z');
    const to = Date.parse('2024-04-15T00:00:00Z');
    const inWindow = await list(`?from=${from}&to=${to}&tags=ops`);
    expect(inWindow.map((a) => a.id)).toEqual(['note.region']);
    expect(inWindow[0]?.timeEnd).toBe(Date.parse('2024-03-31T00:00:00Z'));
    expect(await list(`?from=${from}&to=${to}&tags=ops&panel=market.rates`)).toEqual([]);
    expect((await list(`?from=2024-04-01&to=2024-05-01&tags=ops`)).length).toBe(0);
  });

  it('downloads the annotations of a window and panel as annotations.csv', async () => {
    const r = await fetch(`${s.url}/api/annotations?panel=published.job_postings&from=2022-11-01&to=2022-12-31&format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain('annotations.csv');
    const lines = (await r.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^"id","version","kind","time"/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['"curated.chatgpt-release"']);
    expect((await fetch(`${s.url}/api/annotations?format=xml`)).status).toBe(400);
  });

  it('keeps Markdown and HTML payloads as text: stored as sent, never turned into markup by the API', async () => {
    const payload = '<img src=x onerror=alert(1)> [x](javascript:alert(1)) <script>alert(2)</script>';
    const r = await post({ time: '2025-02-01', title: '<b>bold</b>', text: payload, source: { title: 't', url: 'https://example.org/a' } });
    expect(r.status).toBe(201);
    const got = (await list()).find((a) => a.id === r.body.id);
    expect(got?.text).toBe(payload);
    expect(got?.title).toBe('<b>bold</b>');
  });
});

describe('bad input', () => {
  const cases: [string, unknown, string][] = [
    ['a javascript: source link', { time: '2025-01-01', title: 't', source: { title: 's', url: 'javascript:alert(1)' } }, 'source.url'],
    [
      'a data: source link',
      { time: '2025-01-01', title: 't', source: { title: 's', url: 'data:text/html,<script>alert(1)</script>' } },
      'source.url'
    ],
    ['no title', { time: '2025-01-01' }, 'title'],
    ['an unknown field', { time: '2025-01-01', title: 't', html: '<b>' }, 'html'],
    ['a time that does not exist', { time: '2025-02-30', title: 't' }, 'time'],
    ['a region without its end', { kind: 'region', time: '2025-01-01', title: 't' }, 'timeEnd'],
    ['an end before the start', { time: '2025-01-02', timeEnd: '2025-01-01', title: 't' }, 'timeEnd'],
    ['an unknown panel', { time: '2025-01-01', title: 't', panels: ['nope.panel'] }, 'panels[0]'],
    ['a tag with spaces', { time: '2025-01-01', title: 't', tags: ['two words'] }, 'tags[0]'],
    ['an id with a slash', { id: 'a/b', time: '2025-01-01', title: 't' }, 'id'],
    ['a title of 201 characters', { time: '2025-01-01', title: 'x'.repeat(201) }, 'title']
  ];
  for (const [what, body, field] of cases) {
    it(`refuses ${what} with a 400 naming ${field}, writing nothing`, async () => {
      const before = await userCount();
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(r.body.field).toBe(field);
      expect(await userCount()).toBe(before);
    });
  }

  it('refuses a body that is not JSON', async () => {
    expect((await post('{"time":')).status).toBe(400);
  });

  it('refuses writes without the token, and a PATCH that changes the id', async () => {
    expect((await post({ time: '2025-01-01', title: 't' }, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await post({ time: '2025-01-01', title: 't' }, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    const r = await fetch(`${s.url}/api/annotations/note.region`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ id: 'other' })
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { field: string }).field).toBe('id');
  });

  it('refuses an unknown query parameter and a reversed window', async () => {
    expect((await fetch(`${s.url}/api/annotations?since=1`)).status).toBe(400);
    expect((await fetch(`${s.url}/api/annotations?from=2025-02-01&to=2025-01-01`)).status).toBe(400);
    expect((await fetch(`${s.url}/api/annotations?panel=nope`)).status).toBe(400);
  });
});

describe('POST /api/ingest/annotations', () => {
  const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

  it('writes nothing when one line is bad, and says which line and field', async () => {
    const before = await userCount();
    const r = await fetch(`${s.url}/api/ingest/annotations`, {
      method: 'POST',
      headers: auth,
      body: ndjson([
        { time: '2025-03-01', title: 'ok' },
        { time: '2025-03-02', title: 'bad', source: { title: 's', url: 'vbscript:x' } }
      ])
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ line: 2, field: 'source.url' });
    expect(await userCount()).toBe(before);
  });

  it('writes every line once, and a retry with the same Idempotency-Key writes nothing more', async () => {
    const before = await userCount();
    const body = ndjson([
      { time: '2025-04-01', title: 'first', tags: ['stream'] },
      { time: '2025-04-02', title: 'second', tags: ['stream'] }
    ]);
    const send = () => fetch(`${s.url}/api/ingest/annotations`, { method: 'POST', headers: { ...auth, 'idempotency-key': 'ann-1' }, body });
    const first = await send();
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 2, stream: 'annotations' });
    expect((await send()).status).toBe(200);
    expect(await userCount()).toBe(before + 2);
    expect((await list('?tags=stream')).every((a) => a.origin === 'ingest')).toBe(true);
  });
});

describe('live push', () => {
  type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
  const open = (): Promise<Client> =>
    new Promise((resolve, reject) => {
      const c: Client = connect(s.url, { transports: ['websocket'] });
      c.once('connect', () => resolve(c));
      c.once('connect_error', reject);
    });
  const subscribe = (c: Client) =>
    new Promise<AnnotationsSnapshot>((resolve) => c.emit('annotations:subscribe', {}, (r) => resolve(r as AnnotationsSnapshot)));

  it('sends the whole set, then a new note to every subscribed screen as a delta on that snapshot', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    try {
      const [snapA, snapB] = await Promise.all([subscribe(a), subscribe(b)]);
      expect(snapA.annotations.some((x) => x.id === 'curated.chatgpt-release')).toBe(true);
      const got = [a, b].map((c) => new Promise<AnnotationsDelta>((resolve) => c.once('annotations:delta', resolve)));
      const r = await post({ id: 'note.live', time: '2025-06-01', title: 'Anomaly found', panels: ['provenance.ai_share'] });
      expect(r.status).toBe(201);
      const [dA, dB] = await Promise.all(got);
      expect(dA?.base).toBe(snapA.seq);
      expect(dB?.base).toBe(snapB.seq);
      expect(dA?.upserts.map((x) => x.title)).toEqual(['Anomaly found']);
      const gone = new Promise<AnnotationsDelta>((resolve) => a.once('annotations:delta', resolve));
      await fetch(`${s.url}/api/annotations/note.live`, { method: 'DELETE', headers: auth });
      expect((await gone).removed).toEqual(['note.live']);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('GET /api/claims', () => {
  it('lists the curated claims with their honest status and the evidence beside them', async () => {
    const r = await fetch(`${s.url}/api/claims`);
    expect(r.status).toBe(200);
    const { claims } = (await r.json()) as ClaimsResponse;
    const byId = new Map(claims.map((c) => [c.id, c]));
    expect(byId.get('survey-2026-writing-decline')?.status).toBe('unsourced');
    expect(byId.get('majority-online-content-ai')?.status).toBe('secondary');
    expect(byId.get('villalobos-2024-peak-data')).toMatchObject({ status: 'sourced', value: 2026, value_high: 2032 });
    for (const c of claims) if (c.status !== 'unsourced') expect(c.source.url).toMatch(/^https?:\/\//);
    // The forecast always has rows; its reading says which year it gives.
    const peak = byId.get('villalobos-2024-peak-data')?.evidence;
    expect(peak?.panel).toBe('forecast.peak_data');
    expect(peak?.reading).toMatch(/median year|does not reach/);
  });

  it('takes claims over NDJSON and refuses a sourced claim without a url', async () => {
    const bad = await fetch(`${s.url}/api/ingest/claims`, {
      method: 'POST',
      headers: auth,
      body:
        JSON.stringify({ id: 'x', claim: 'c', as_of: '2025', scope: 's', status: 'sourced', source: { title: 't', kind: 'survey' } }) + '\n'
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ line: 1, field: 'source.url' });
    const ok = await fetch(`${s.url}/api/ingest/claims`, {
      method: 'POST',
      headers: auth,
      body:
        JSON.stringify({
          id: 'x',
          claim: 'c',
          as_of: '2025',
          scope: 's',
          status: 'unsourced',
          source: { title: 't', kind: 'commentary' }
        }) + '\n'
    });
    expect(ok.status).toBe(200);
    const { claims } = (await (await fetch(`${s.url}/api/claims`)).json()) as ClaimsResponse;
    expect(claims.find((c) => c.id === 'x')?.evidence).toBeNull();
  });
});

describe('report', () => {
  interface Evidence {
    as_of: string;
    fingerprint: string;
    streams: unknown;
    headlines: { id: string; sha256: string }[];
    panels: { panel: string; sha256: string }[];
    annotations: { sha256: string; items: Annotation[] };
  }
  const evidence = async (): Promise<Evidence> => {
    const r = await fetch(`${s.url}/api/report.json?panels=published.job_postings`);
    expect(r.status).toBe(200);
    return (await r.json()) as Evidence;
  };

  it('includes the annotations in its window in the fingerprint, and an edit changes their hash', async () => {
    const before = await evidence();
    expect(before.annotations.items.map((a) => a.id)).toContain('curated.chatgpt-release');
    expect(before.annotations.sha256).toBe(sha256(canonicalJson(before.annotations.items)));
    const recomputed = reportHash(before.as_of, before.streams, [
      ...before.headlines.map((h) => ({ panel: `headline:${h.id}`, sha256: h.sha256 })),
      ...before.panels.map((p) => ({ panel: p.panel, sha256: p.sha256 })),
      { panel: 'annotations', sha256: before.annotations.sha256 }
    ]);
    expect(before.fingerprint).toBe(recomputed);

    const r = await post({ id: 'note.report', time: '2023-06-01', title: 'Postings note', panels: ['published.job_postings'] });
    expect(r.status).toBe(201);
    const after = await evidence();
    expect(after.annotations.items.map((a) => a.id)).toContain('note.report');
    expect(after.annotations.sha256).not.toBe(before.annotations.sha256);
  });

  it('lists the annotations with their sources and numbers them on the chart', async () => {
    // A few observations of the postings series, so the report draws the chart (the published
    // files themselves take a minute to load).
    const rows = ['2022-01-03', '2022-11-28', '2023-06-05', '2024-01-01'].map((date, i) =>
      JSON.stringify({ series: 'indeed.postings', date, value: 100 - i * 5, source: 'test', labels: { sector: 'Software Development' } })
    );
    const ing = await fetch(`${s.url}/api/ingest/series`, { method: 'POST', body: rows.join('\n') + '\n' });
    expect(ing.status).toBe(200);
    const html = await (await fetch(`${s.url}/api/report?panels=published.job_postings`)).text();
    const section = html.slice(html.indexOf('<section id="annotations">'));
    expect(section).toContain('ChatGPT released');
    expect(section).toContain('href="https://openai.com/index/chatgpt/"');
    // Annotations of other panels (the crawls of the languages chart) are not in this report.
    expect(section).not.toContain('CC-MAIN-2024-10');
    const figure = html.slice(html.indexOf('id="published.job_postings"'), html.indexOf('<section id="annotations">'));
    expect(figure).toMatch(/<text[^>]*>1<\/text>/);
  });
});
