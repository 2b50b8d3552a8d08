// Annotation text is Markdown written by anyone holding the annotate token, shown to every
// screen: rendered with markdown-it with raw HTML off (tags come out as text) and links kept
// only when they are http or https (javascript:, data: and relative links stay plain text).
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

md.validateLink = (url: string): boolean => /^https?:\/\//i.test(url.trim());

// Links open outside the dashboard and tell the target nothing about where they came from.
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const t = tokens[idx];
  t?.attrSet('rel', 'noopener noreferrer nofollow');
  t?.attrSet('target', '_blank');
  return defaultLinkOpen(tokens, idx, options, env, self);
};
// Images would load from any address on every screen: shown as their alt text instead.
md.disable('image');

/** Safe HTML for an annotation's Markdown text. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}
