import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders emphasis, lists and http(s) links', () => {
    const html = renderMarkdown('*new* detector\n\n- [paper](https://arxiv.org/abs/2406.07016)');
    expect(html).toContain('<em>new</em>');
    expect(html).toContain('<a href="https://arxiv.org/abs/2406.07016" rel="noopener noreferrer nofollow" target="_blank">paper</a>');
  });

  it('shows raw HTML as text, never as markup', () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(2)> <a href="https://x.org" onclick="y()">z</a>');
    expect(html).not.toMatch(/<script|<img|<a /);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
  });

  it('keeps javascript:, data:, vbscript: and relative links as plain text', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:x',
      '/api/health',
      '//evil.example'
    ]) {
      const html = renderMarkdown(`[click](${href})`);
      expect(html, href).not.toContain('<a ');
    }
  });

  it('does not load images: an image becomes its text', () => {
    const html = renderMarkdown('![tracker](https://evil.example/pixel.png)');
    expect(html).not.toContain('<img');
  });

  it('escapes attribute-breaking characters in link addresses', () => {
    const html = renderMarkdown('[x](https://example.org/"onmouseover="alert(1))');
    expect(html).not.toMatch(/"\s*onmouseover=/);
  });
});
