import { externalLink, h, isSafeUrl } from './dom.ts';

export interface MarkdownOptions {
  /** The link of citation `[n]`, if it has one. */
  citationUrl(index: number): string | undefined;
  /** What a screen reader says for citation `[n]`. */
  citationLabel(index: number): string;
}

// Order matters: a link `[text](url)` before a citation `[n]`, bold before italic.
const INLINE =
  /\[([^\]\n]+)\]\(([^)\s]+)\)|\[(\d{1,3})\]|\*\*(\S[^*\n]*?)\*\*|\*(\S[^*\n]*?)\*|(?<!\w)_(\S[^_\n]*?)_(?!\w)|`([^`\n]+)`/g;

/**
 * Inline Markdown as DOM nodes: bold, italic, code, http(s) links and citation markers. Every
 * piece of text goes in through text nodes; nothing is ever parsed as HTML.
 */
function inline(text: string, options: MarkdownOptions): Node[] {
  const nodes: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const start = m.index ?? 0;
    if (start > last) nodes.push(document.createTextNode(text.slice(last, start)));
    last = start + m[0].length;
    const [, linkText, href, cite, bold, star, under, code] = m;
    if (linkText !== undefined) {
      const label = inline(linkText, options);
      nodes.push(isSafeUrl(href) ? externalLink(href, ...label) : h('span', {}, ...label));
    } else if (cite !== undefined) {
      const n = Number(cite);
      const url = options.citationUrl(n);
      const marker = isSafeUrl(url) ? externalLink(url, `[${n}]`) : h('span', {}, `[${n}]`);
      marker.className = 'cite';
      marker.setAttribute('aria-label', options.citationLabel(n));
      nodes.push(marker);
    } else if (bold !== undefined) nodes.push(h('strong', {}, ...inline(bold, options)));
    else if (star !== undefined || under !== undefined)
      nodes.push(h('em', {}, ...inline(star ?? under ?? '', options)));
    else if (code !== undefined) nodes.push(h('code', {}, code));
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

/** Lines of one paragraph, with line breaks kept. */
function paragraph(lines: string[], options: MarkdownOptions): HTMLParagraphElement {
  const p = h('p');
  lines.forEach((line, i) => {
    if (i > 0) p.append(h('br'));
    p.append(...inline(line, options));
  });
  return p;
}

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+(.*)$/;
const HEADING = /^#{1,6}\s+(.*)$/;

/**
 * Renders the small Markdown subset answers use — paragraphs, bullet and numbered lists,
 * headings (as bold paragraphs), bold, italic, inline code, links and `[n]` citations — as DOM
 * nodes built with text nodes only. HTML in the text stays text.
 */
export function renderMarkdown(text: string, options: MarkdownOptions): DocumentFragment {
  const out = document.createDocumentFragment();
  let lines: string[] = [];
  let list: HTMLUListElement | HTMLOListElement | null = null;
  let item: HTMLLIElement | null = null;
  const flush = () => {
    if (lines.length) out.append(paragraph(lines, options));
    lines = [];
    list = null;
    item = null;
  };
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const heading = HEADING.exec(line);
    if (!line.trim()) flush();
    else if (bullet || numbered) {
      const tag = bullet ? 'ul' : 'ol';
      // `flush` (a closure) resets `list`, which the compiler's narrowing cannot see.
      const open = list as HTMLElement | null;
      if (lines.length || open?.tagName.toLowerCase() !== tag) {
        flush();
        list = h(tag);
        out.append(list);
      }
      item = h('li', {}, ...inline((bullet ?? numbered)?.[1] ?? '', options));
      list?.append(item);
    } else if (heading) {
      flush();
      out.append(h('p', {}, h('strong', {}, ...inline(heading[1] ?? '', options))));
    } else if (item) item.append(' ', ...inline(line.trim(), options));
    else lines.push(line);
  }
  flush();
  return out;
}
