import { describe, expect, it } from 'vitest';
import { emptyHint } from './domains';

describe('what an empty panel says', () => {
  it('names the stream and the ingest docs when nothing was ever sent on it', () => {
    const hint = emptyHint('market.rates', ['market'], () => 0);
    expect(hint).toContain('“market” stream');
    expect(hint).toContain('POST /api/ingest/market');
    expect(hint).toContain('docs/INGEST.md');
    expect(hint).not.toMatch(/Widen the time range/);
  });

  it('asks to widen the window when the stream has rows, just not in it', () => {
    expect(emptyHint('market.rates', ['market'], () => 12)).toMatch(/^No data in this window\. Widen the time range/);
    // Before the stream counts are known, the general hint.
    expect(emptyHint('market.rates', ['market'], null)).toMatch(/^No data in this window/);
  });

  it('keeps a panel’s own hint', () => {
    expect(emptyHint('provenance.marker_words', ['crawl'], () => 0)).toMatch(/^No crawl files in this window/);
  });
});
