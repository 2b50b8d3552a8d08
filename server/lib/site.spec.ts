import { describe, expect, it } from 'vitest';
import { siteOf } from './site';

describe('the site of a URL', () => {
  it.each([
    // Registrable domain and public suffix, the suffix of one label or several.
    ['https://www.Example.ORG/path', 'www.example.org', 'example.org', 'org'],
    ['https://news.bbc.co.uk/a', 'news.bbc.co.uk', 'bbc.co.uk', 'co.uk'],
    ['http://user:pw@a.b.example.co.uk:8080/x', 'a.b.example.co.uk', 'example.co.uk', 'co.uk'],
    // Private suffixes count: each user's pages are a site of their own.
    ['https://alice.github.io/p', 'alice.github.io', 'alice.github.io', 'github.io'],
    ['https://foo.blogspot.com/p', 'foo.blogspot.com', 'foo.blogspot.com', 'blogspot.com'],
    // A host that is a public suffix, or under none listed, stands for itself.
    ['https://github.io/', 'github.io', 'github.io', 'github.io'],
    ['http://localhost:8080/', 'localhost', 'localhost', 'localhost'],
    // IP addresses, v4 and v6.
    ['http://192.0.2.7/a', '192.0.2.7', '192.0.2.7', 'ip'],
    ['http://[2001:db8::1]:8080/a', '2001:db8::1', '2001:db8::1', 'ip'],
    // Internationalised names in ASCII, whichever way the URL spells them.
    ['https://www.bücher.de/a', 'www.xn--bcher-kva.de', 'xn--bcher-kva.de', 'de'],
    ['https://www.xn--bcher-kva.de/a', 'www.xn--bcher-kva.de', 'xn--bcher-kva.de', 'de'],
    ['https://пример.рф/', 'xn--e1afmkfd.xn--p1ai', 'xn--e1afmkfd.xn--p1ai', 'xn--p1ai'],
    // A bare host name is read as well as a URL.
    ['shop.example.co.uk', 'shop.example.co.uk', 'example.co.uk', 'co.uk']
  ])('%s → host %s, domain %s, tld %s', (input, host, domain, tld) => {
    expect(siteOf(input)).toEqual({ host, domain, tld });
  });

  it('has none for a URL without a host or with one that is no host name', () => {
    for (const input of ['', 'https://', 'http:///', 'urn:x-feed:item-3', 'http://exa mple.com/']) expect(siteOf(input), input).toBeNull();
  });
});
