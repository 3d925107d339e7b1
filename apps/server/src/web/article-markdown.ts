import MarkdownIt from 'markdown-it';

/**
 * The Markdown of help-centre documents as HTML, with the widget's guarantees: markup in a
 * document never becomes markup here (`html: false` escapes every tag as text), links only
 * to http(s), mailto or this site (no `javascript:` or `data:`), and nothing that loads:
 * an image shows as its alt text (the page's policy loads nothing anyway). Tables, lists that keep
 * their numbering, emphasis and bare URLs as links are Markdown's own (markdown-it, CommonMark
 * with GFM tables).
 */
const markdown = new MarkdownIt('default', {
  html: false,
  linkify: true,
  typographer: false,
});
markdown.renderer.rules.image = (tokens, idx) =>
  markdown.utils.escapeHtml(tokens[idx]?.content ?? '');

const SAFE_LINK = /^(https?:|mailto:|\/|#|\.{0,2}\/)/i;
markdown.validateLink = (url) =>
  SAFE_LINK.test(url.trim()) || !/^[a-z][a-z0-9+.-]*:/i.test(url.trim());

// Links to other sites tell them nothing (no referrer, no opener) and pass no ranking.
const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token && /^https?:/i.test(String(token.attrGet('href') ?? '')))
    token.attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/**
 * A section's text, rendered. Headings inside it start below `topLevel` (the page has its h1 and
 * the section trail's headings above them).
 */
export function renderSectionMarkdown(text: string, topLevel: number): string {
  const tokens = markdown.parse(text, {});
  for (const token of tokens)
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      const level = Math.min(6, Number(token.tag.slice(1)) + topLevel - 1);
      token.tag = `h${level}`;
    }
  return markdown.renderer.render(tokens, markdown.options, {});
}
