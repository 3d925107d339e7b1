import { contentSecurityPolicy, cspHash, type PagePolicy } from '../page-security.ts';
import { renderSectionMarkdown } from './article-markdown.ts';
import type { HelpArticle } from './articles.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** The sections with headings where the trail changes (h2 for top-level headings). */
function sections(article: HelpArticle): string {
  let trail: string[] = [];
  return article.sections
    .map((section) => {
      let same = 0;
      while (same < trail.length && trail[same] === section.path[same]) same++;
      const headings = section.path.slice(same).map((text, i) => {
        const level = Math.min(6, same + i + 2);
        return `<h${level}>${escapeHtml(text)}</h${level}>`;
      });
      trail = section.path;
      const below = Math.min(6, same + section.path.slice(same).length + 2);
      return [...headings, renderSectionMarkdown(section.text, below)].join('\n');
    })
    .join('\n');
}

const STYLE =
  'body{margin:0 auto;max-width:760px;padding:32px 24px;font:17px/1.6 system-ui,sans-serif;color:#1d2433}a{color:#0b57d0}';

/**
 * Help pages load nothing and run nothing: their one inline style is allowed by its hash.
 * Not framable: citations open them in a tab of their own, and nothing of ours frames them.
 */
export const ARTICLE_PAGE_POLICY: PagePolicy = {
  csp: contentSecurityPolicy({ 'style-src': [cspHash(STYLE)] }),
};

/**
 * A help-centre page for a cited document without its own URL. Section text is rendered as
 * Markdown with raw HTML escaped (see article-markdown.ts): markup in a document never becomes
 * markup here.
 */
export function renderArticlePage(article: HelpArticle, siteName: string): string {
  return renderPage({
    title: article.title,
    siteName,
    trail: 'Help centre',
    main: sections(article),
  });
}

/**
 * The shell of the server's own pages (help articles, privacy, terms): escaped title and site
 * name, one inline style (ARTICLE_PAGE_POLICY allows it), and `main`, which must be safe HTML.
 */
export function renderPage(page: {
  title: string;
  siteName: string;
  trail: string;
  main: string;
}): string {
  const title = escapeHtml(page.title);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${escapeHtml(page.siteName)}</title>
<style>${STYLE}</style>
</head><body><p><a href="/">${escapeHtml(page.siteName)}</a> › ${escapeHtml(page.trail)}</p>
<main><h1>${title}</h1>
${page.main}
</main></body></html>`;
}
