import { describe, expect, it } from 'vitest';
import { Router } from './router';

describe('the API router', () => {
  const noop = () => undefined;
  const r = new Router().add('GET', '/api/panels/:id', noop).add('POST', '/api/ingest/:stream', noop);

  it('matches literal and named segments and decodes them', () => {
    const m = r.match('GET', '/api/panels/provenance.ai%5Fshare');
    expect(m).not.toBeNull();
    expect(m !== null && m !== 'method' && m.params).toEqual({ id: 'provenance.ai_share' });
  });

  it('tells a wrong method from a missing path', () => {
    expect(r.match('GET', '/api/ingest/crawl')).toBe('method');
    expect(r.match('GET', '/api/nothing')).toBeNull();
    expect(r.match('GET', '/api/panels/a/b')).toBeNull();
  });

  it('answers HEAD with the GET handler', () => {
    const getPanel = () => undefined;
    const postIngest = () => undefined;
    const h = new Router().add('GET', '/api/panels/:id', getPanel).add('POST', '/api/ingest/:stream', postIngest);
    const m = h.match('HEAD', '/api/panels/x');
    expect(m !== null && m !== 'method' && m.handler).toBe(getPanel);
    expect(m !== null && m !== 'method' && m.params).toEqual({ id: 'x' });
    // HEAD borrows only GET: a path served by POST alone is the wrong method.
    expect(h.match('HEAD', '/api/ingest/crawl')).toBe('method');
  });
});
