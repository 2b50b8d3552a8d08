import { describe, expect, it } from 'vitest';
import { siteOf } from '../../lib/site';
import { siteOfUrl } from './site-cache';

// URLs whose host the cache keys on (plain http(s), lower-case ASCII host), beside ones it must
// look up whole; the same host reached through different paths, ports and queries.
const URLS = [
  'https://news.bbc.co.uk/a',
  'https://news.bbc.co.uk:8443/b?c=d#e',
  'https://news.bbc.co.uk?x',
  'https://news.bbc.co.uk',
  'https://news.bbc.co.uk/path@other.example.com/x',
  'https://site-7.example.org/p/7',
  'http://alice.github.io/p',
  'http://github.io/',
  'http://192.0.2.7/a',
  'http://localhost:8080/',
  'https://www.xn--bcher-kva.de/a',
  'https://www.bücher.de/a',
  'https://WWW.Example.ORG/path',
  'http://user:pw@a.b.example.co.uk:8080/x',
  'http://[2001:db8::1]:8080/a',
  'ftp://files.example.co.uk/x',
  'https://news.bbc.co.uk.:80/x',
  'https://a..b/x'
];

describe('the site of a crawl row, remembered per host', () => {
  it('is what siteOf says for the whole URL, on the first look-up and on later ones', () => {
    for (let pass = 0; pass < 2; pass++) {
      for (const url of URLS) expect(siteOfUrl(url)?.site ?? null, url).toEqual(siteOf(url));
    }
  });

  it('gives the members to append as JSON text naming the site', () => {
    const known = siteOfUrl('https://news.bbc.co.uk/a');
    expect(known?.append?.columns).toEqual(['domain', 'tld']);
    expect(JSON.parse(`{"x":1${known?.append?.members ?? ''}}`)).toEqual({ x: 1, domain: 'bbc.co.uk', tld: 'co.uk' });
  });

  it('stays right past the number of hosts it keeps', () => {
    const wrong: string[] = [];
    for (let i = 0; i < 25_000; i++) {
      const url = `https://h${i}.example${i % 7}.co.uk/x`;
      if (siteOfUrl(url)?.site.domain !== `example${i % 7}.co.uk`) wrong.push(url);
    }
    expect(wrong).toEqual([]);
    expect(siteOfUrl('https://news.bbc.co.uk/a')?.site).toEqual(siteOf('https://news.bbc.co.uk/a'));
  });

  it('has none for a URL without a host', () => {
    expect(siteOfUrl('http:///')).toBeNull();
    expect(siteOfUrl('http:///')).toBeNull();
  });
});
