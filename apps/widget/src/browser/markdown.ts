import { externalLink, h, isSafeUrl } from './dom.ts';

export interface MarkdownOptions {
  /** The link of citation `[n]`, if it has one. */
  citationUrl(index: number): string | undefined;
  /** What a screen reader says for citation `[n]`. */
  citationLabel(index: number): string;
}

// Order matters: a link `[text](url)` before a citation `[n]`, bold before italic; a bare URL
// (optionally in <>) last, without trailing punctuation: "see https://x.com/a." links "…/a".
const INLINE =
  /\[([^\]\n]+)\]\(([^)\s]+)\)|\[(\d{1,3})\]|\*\*(\S[^*\n]*?)\*\*|\*(\S[^*\n]*?)\*|(?<!\w)_(\S[^_\n]*?)_(?!\w)|`([^`\n]+)`|<?(https?:\/\/[^\s<>]*[^\s<>.,;:!?'")\]*_])>?/g;

/** Citation `[n]`: a link once its URL is known, else a span (upgraded when the answer ends). */
export function citeMarker(n: number, options: MarkdownOptions): HTMLElement {
  const url = options.citationUrl(n);
  const marker = isSafeUrl(url) ? externalLink(url, `[${n}]`) : h('span', {}, `[${n}]`);
  marker.className = 'cite';
  marker.setAttribute('aria-label', options.citationLabel(n));
  return marker;
}

/**
 * Inline Markdown as DOM nodes: bold, italic, code, http(s) links (written or bare) and citation
 * markers. Every piece of text goes in through text nodes; nothing is ever parsed as HTML.
 */
function inline(text: string, options: MarkdownOptions): Node[] {
  const nodes: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const start = m.index ?? 0;
    if (start > last) nodes.push(document.createTextNode(text.slice(last, start)));
    last = start + m[0].length;
    const [, linkText, href, cite, bold, star, under, code, bare] = m;
    if (linkText !== undefined) {
      // A URL as the link's text stays text: a link inside a link is not valid HTML.
      const label = /https?:/.test(linkText) ? [linkText] : inline(linkText, options);
      nodes.push(isSafeUrl(href) ? externalLink(href, ...label) : h('span', {}, ...label));
    } else if (cite !== undefined) nodes.push(citeMarker(Number(cite), options));
    else if (bold !== undefined) nodes.push(h('strong', {}, ...inline(bold, options)));
    else if (star !== undefined || under !== undefined)
      nodes.push(h('em', {}, ...inline(star ?? under ?? '', options)));
    else if (code !== undefined) nodes.push(h('code', {}, code));
    else if (bare !== undefined)
      nodes.push(isSafeUrl(bare) ? externalLink(bare, bare) : document.createTextNode(m[0]));
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*(\d{1,3})[.)]\s+(.*)$/;
const HEADING = /^#{1,6}\s+(.*)$/;
/** A table's delimiter row: `| --- | :-: |` (a pipe is required, so `---` alone is not one). */
const DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const isDelimiter = (line = '') => line.includes('|') && DELIMITER.test(line);

/** The cells of a table row: `| a | b\|c |` → `a`, `b|c`. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||(?<!\\)\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}

type State = [
  HTMLElement | null,
  HTMLElement | null,
  HTMLElement | null,
  HTMLElement | null,
  string | undefined,
];

/**
 * Renders the small Markdown subset answers use — paragraphs, bullet and numbered lists,
 * headings (as bold paragraphs), GFM tables, bold, italic, inline code, links, bare URLs and
 * `[n]` citations — as DOM nodes built with text nodes only (HTML in the text stays text), line
 * by line and incrementally: a streamed answer's complete lines are rendered once, into the
 * open paragraph, list or table, and only its unfinished last line is drawn again for each
 * delta (a preview that the next update takes back). The work grows with the answer's length,
 * not with length × deltas.
 */
export class MarkdownBlocks {
  readonly #out: ParentNode;
  readonly #options: () => MarkdownOptions;
  /** How much of the text is rendered for good (complete lines). */
  #read = 0;
  #list: HTMLElement | null = null;
  #item: HTMLElement | null = null;
  #para: HTMLElement | null = null;
  /** The open table's body, and its columns' alignment. */
  #rows: HTMLElement | null = null;
  #aligns: string[] = [];
  /** A line with a pipe: a table's header if a delimiter row follows, else an ordinary line. */
  #header: string | undefined;
  /** What the current preview added, and the state before it. */
  #journal: ChildNode[] | undefined;
  #saved: State = [null, null, null, null, undefined];

  constructor(out: ParentNode, options: () => MarkdownOptions) {
    this.#out = out;
    this.#options = options;
  }

  /** Takes the text so far; `done`: it is complete, render its last line for good too. */
  update(text: string, done = false): void {
    this.#undo();
    const end = text.lastIndexOf('\n') + 1;
    if (end > this.#read) {
      for (const line of text.slice(this.#read, end - 1).split('\n')) this.#next(line);
      this.#read = end;
    }
    const rest = text.slice(this.#read);
    if (!done) {
      this.#saved = [this.#list, this.#item, this.#para, this.#rows, this.#header];
      this.#journal = [];
    } else this.#read = text.length;
    this.#next(rest);
    this.#end();
  }

  #undo(): void {
    for (const node of this.#journal ?? []) node.remove();
    if (this.#journal) [this.#list, this.#item, this.#para, this.#rows, this.#header] = this.#saved;
    this.#journal = undefined;
  }

  #add(parent: ParentNode, ...nodes: Array<Node | string>): void {
    const added = nodes.map((n) => (typeof n === 'string' ? document.createTextNode(n) : n));
    parent.append(...added);
    this.#journal?.push(...(added as ChildNode[]));
  }

  #next(line: string): void {
    const header = this.#header;
    this.#header = undefined;
    if (header !== undefined) {
      if (isDelimiter(line)) {
        this.#table(header, line);
        return;
      }
      this.#line(header);
    }
    if (line.includes('|') && !this.#rows) this.#header = line;
    else this.#line(line);
  }

  #end(): void {
    const header = this.#header;
    this.#header = undefined;
    if (header !== undefined) this.#line(header);
  }

  #close(): void {
    this.#list = this.#item = this.#para = this.#rows = null;
  }

  #line(line: string): void {
    const options = this.#options();
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const heading = HEADING.exec(line);
    if (this.#rows && line.includes('|')) this.#add(this.#rows, this.#row(line, 'td'));
    else if (!line.trim()) this.#close();
    else if (bullet || numbered) {
      const tag = bullet ? 'ul' : 'ol';
      if (this.#para || this.#rows || this.#list?.tagName.toLowerCase() !== tag) {
        this.#close();
        // A list cut by a blank line goes on with its own numbers ("3." stays 3).
        this.#list = h(tag, { start: numbered?.[1] !== '1' && numbered?.[1] });
        this.#add(this.#out, this.#list);
      }
      this.#item = h('li', {}, ...inline((bullet?.[1] ?? numbered?.[2]) || '', options));
      this.#add(this.#list, this.#item);
    } else if (heading) {
      this.#close();
      this.#add(this.#out, h('p', {}, h('strong', {}, ...inline(heading[1] ?? '', options))));
    } else if (this.#item) this.#add(this.#item, ' ', ...inline(line.trim(), options));
    else if (this.#para) this.#add(this.#para, h('br'), ...inline(line, options));
    else {
      this.#close();
      this.#para = h('p', {}, ...inline(line, options));
      this.#add(this.#out, this.#para);
    }
  }

  /** A GFM table (header, alignment, body rows) in a wrapper that scrolls sideways when narrow. */
  #table(head: string, delimiter: string): void {
    this.#close();
    this.#aligns = cells(delimiter).map((c) =>
      c.endsWith(':') ? (c.startsWith(':') ? 'center' : 'end') : '',
    );
    this.#rows = h('tbody');
    const table = h('table', {}, h('thead', {}, this.#row(head, 'th')), this.#rows);
    this.#add(this.#out, h('div', { class: 'tbl', tabindex: '0' }, table));
  }

  #row(line: string, tag: 'th' | 'td'): HTMLTableRowElement {
    const row = h('tr');
    cells(line).forEach((text, i) => {
      const cell = h(tag, {}, ...inline(text, this.#options()));
      // CSSOM, not a style attribute: a page's strict style-src does not block it.
      if (this.#aligns[i]) cell.style.textAlign = this.#aligns[i];
      row.append(cell);
    });
    return row;
  }
}

/** The whole of `text`, rendered at once (an agent's message, a restored answer). */
export function renderMarkdown(text: string, options: MarkdownOptions): DocumentFragment {
  const out = document.createDocumentFragment();
  new MarkdownBlocks(out, () => options).update(text.replace(/\r\n?/g, '\n'), true);
  return out;
}
