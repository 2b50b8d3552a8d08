import { describe, expect, it } from 'vitest';
import { languageOf } from './document';
import { htmlText } from './records';

describe('language of a crawl record', () => {
  it("takes the first of Common Crawl's language codes, as ISO 639-1 where there is one", () => {
    expect(languageOf({ langHeader: 'eng,fra', text: '' })).toEqual({ lang: 'en', from: 'header' });
    expect(languageOf({ langHeader: 'yue', text: '' })).toEqual({ lang: 'yue', from: 'header' });
    expect(languageOf({ langHeader: 'de', text: '' })).toEqual({ lang: 'de', from: 'header' });
  });

  it('identifies the language from the text without a header, und when it cannot tell', () => {
    expect(languageOf({ langHeader: null, text: 'Le chat est assis sur le tapis et regarde la pluie tomber par la fenêtre.' })).toEqual({
      lang: 'fr',
      from: 'detected'
    });
    expect(languageOf({ langHeader: null, text: 'ok' })).toEqual({ lang: 'und', from: 'detected' });
  });
});

describe('text of an HTML page', () => {
  it('drops scripts, styles, comments and tags and decodes the common entities', () => {
    expect(htmlText('<html><style>p{}</style><script>x<1</script><!-- c --><p>Fish &amp; chips</p><p>&lt;3</p></html>')).toBe(
      'Fish & chips <3'
    );
  });

  it('decodes every named and numeric entity', () => {
    expect(htmlText('<p>It&#8217;s &hellip; caf&eacute; &#x2014; &euro;5&nbsp;off</p>')).toBe(
      'It\u2019s \u2026 caf\u00e9 \u2014 \u20ac5 off'
    );
  });

  it('keeps attribute text out even when an attribute holds >', () => {
    expect(htmlText('<p><a title="a > b" href="/x?q=1>2">link</a> text</p>')).toBe('link text');
  });

  it('leaves out noscript and template content and separates words at tags', () => {
    expect(htmlText('<noscript>enable js</noscript><template><p>later</p></template><h1>Title</h1><p>body</p>')).toBe('Title body');
  });
});
