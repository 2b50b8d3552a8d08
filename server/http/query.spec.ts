import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from './errors';
import { checkQuery, parseParams } from './query';

const url = (q: string) => new URL(`http://x/api/y?${q}`);

/** The 400 a call throws, as status and body. */
function refusal(fn: () => unknown): { status: number; error: string; param?: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof HttpError) return { status: e.status, ...e.body };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('checkQuery', () => {
  it('takes the access token out and parses the filters into canonical form', () => {
    const q = checkQuery(url('access_token=s3cret&lang=fr,en&lang=de&from=now-7d&format=csv'), { params: ['format'], filters: true });
    expect(q.params).toEqual({ format: 'csv' });
    expect(q.filters).toEqual({ from: 'now-7d', lang: ['de', 'en', 'fr'] });
  });

  it('refuses a key the route does not take, naming it and what the route takes', () => {
    const r = refusal(() => checkQuery(url('colour=red'), { params: ['format'], filters: true }));
    expect(r).toMatchObject({ status: 400, param: 'colour' });
    expect(r.error).toContain('format, from, to, grain, limit, the dimension filters');
    expect(refusal(() => checkQuery(url('lang=fr'), { params: ['q'] }))).toMatchObject({ status: 400, param: 'lang' });
  });

  it('refuses a single-valued key given twice, but not a dimension or a list', () => {
    expect(refusal(() => checkQuery(url('from=now-1d&from=now-2d'), { filters: true }))).toMatchObject({ param: 'from' });
    expect(refusal(() => checkQuery(url('seed=1&seed=2'), { params: ['seed'] })).error).toBe('seed is given 2 times; give it once');
    const q = checkQuery(url('panels=a,b&panel=c&panels=d&lang=fr&lang=en'), { lists: ['panels', 'panel'], filters: true });
    expect(q.lists).toEqual({ panels: ['a', 'b', 'd'], panel: ['c'] });
    expect(q.filters.lang).toEqual(['en', 'fr']);
  });

  it('refuses a filter the schema rejects, naming it', () => {
    expect(refusal(() => checkQuery(url('grain=week;'), { filters: true }))).toMatchObject({ status: 400, param: 'grain' });
    expect(refusal(() => checkQuery(url('limit=0'), { filters: true }))).toMatchObject({ status: 400, param: 'limit' });
  });
});

describe('parseParams', () => {
  const schema = z.strictObject({ n: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).optional() });

  it('returns the parsed parameters', () => {
    expect(parseParams(schema, { n: '12' })).toEqual({ n: 12 });
  });

  it('names the parameter the schema rejects', () => {
    expect(refusal(() => parseParams(schema, { n: 'ten' }))).toEqual({ status: 400, error: 'n: must be a whole number', param: 'n' });
  });
});
