import type { SourceDocument } from '@switchboard/core';

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

/** Readable text of an HTML document: scripts and styles dropped, tags removed, block breaks kept. */
function htmlText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\/(p|div|h[1-6]|li|tr|section|article)\s*>|<br\s*\/?>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** Paragraphs, headings and list items of a document, every character escaped. */
function body(doc: SourceDocument): string {
  const text = doc.format === 'html' ? htmlText(doc.text) : doc.text;
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const heading = /^(#{1,6})\s+(.*)$/.exec(block);
      if (heading) {
        const level = Math.min(6, (heading[1]?.length ?? 1) + 1);
        return `<h${level}>${escapeHtml(heading[2] ?? '')}</h${level}>`;
      }
      const lines = block.split('\n');
      if (lines.every((l) => /^\s*([-*+]|\d+[.)])\s+/.test(l)))
        return `<ul>${lines.map((l) => `<li>${escapeHtml(l.replace(/^\s*([-*+]|\d+[.)])\s+/, ''))}</li>`).join('')}</ul>`;
      return `<p>${lines.map(escapeHtml).join('<br>')}</p>`;
    })
    .join('\n');
}

/**
 * A help-centre page for a cited document without its own URL. Documents are rendered as
 * escaped text only: markup in a document never becomes markup here.
 */
export function renderArticlePage(doc: SourceDocument, siteName: string): string {
  const title = escapeHtml(doc.title);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${escapeHtml(siteName)}</title>
<style>body{margin:0 auto;max-width:760px;padding:32px 24px;font:17px/1.6 system-ui,sans-serif;color:#1d2433}a{color:#0b57d0}</style>
</head><body><p><a href="/">${escapeHtml(siteName)}</a> › Help centre</p>
<main><h1>${title}</h1>
${body(doc).replace(/^<h2>[^<]*<\/h2>\n?/, '')}
</main></body></html>`;
}
