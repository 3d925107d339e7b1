import { type HTMLElement, type Node, NodeType, parse } from 'node-html-parser';
import { HeadingTrail, type Section, tidyParagraphs } from './section.ts';

// Never content: code, styling, navigation chrome and the <head> (whose <title> is the doc title).
const DROPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NAV',
  'FOOTER',
  'NOSCRIPT',
  'TEMPLATE',
  'HEAD',
  'TITLE',
  'SVG',
  'IFRAME',
]);

// Elements that start and end a paragraph; everything else is inline and joins the running text.
const BLOCKS = new Set(
  (
    'ADDRESS ARTICLE ASIDE BLOCKQUOTE BODY CAPTION CENTER DD DETAILS DIALOG DIV DL DT FIELDSET ' +
    'FIGCAPTION FIGURE FORM HEADER HGROUP HR HTML LI MAIN OL P SECTION SUMMARY UL'
  ).split(' '),
);

const HEADING = /^H([1-6])$/;

/**
 * Turns an HTML page into heading-delimited sections of plain text: h1–h6 open sections (their
 * `id` becomes the section anchor), block elements become paragraphs, list items `- item`,
 * table rows `cell | cell`. Only decoded text is kept, never markup.
 */
export function htmlSections(html: string, title: string): Section[] {
  const root = parse(html, { comment: false });
  const walker = new SectionWalker(title);
  walker.walk(root.querySelector('body') ?? root);
  return walker.finish();
}

class SectionWalker {
  readonly #sections: Section[] = [];
  readonly #trail: HeadingTrail;
  #current: { path: string[]; anchor?: string; paragraphs: string[] } = {
    path: [],
    paragraphs: [],
  };
  #lines: string[] = [];
  #line = '';
  #prefix = '';
  #listDepth = 0;

  constructor(title: string) {
    this.#trail = new HeadingTrail(title);
  }

  walk(node: Node): void {
    for (const child of node.childNodes) {
      if (child.nodeType === NodeType.TEXT_NODE) this.#line += child.text;
      else if (child.nodeType === NodeType.ELEMENT_NODE) this.#element(child as HTMLElement);
    }
  }

  finish(): Section[] {
    this.#closeSection();
    return this.#sections.filter((s) => s.text !== '');
  }

  #element(el: HTMLElement): void {
    const tag = el.tagName;
    const level = HEADING.exec(tag)?.[1];
    if (DROPPED.has(tag)) {
      // skipped with everything inside
    } else if (level !== undefined) {
      this.#heading(Number(level), el);
    } else if (tag === 'BR') {
      this.#endLine();
    } else if (tag === 'PRE') {
      this.#endParagraph();
      this.#current.paragraphs.push(el.text.replace(/\s+$/, ''));
    } else if (tag === 'TABLE') {
      this.#table(el);
    } else if (BLOCKS.has(tag)) {
      this.#block(el);
    } else {
      this.walk(el); // inline: its text joins the running line
    }
  }

  #block(el: HTMLElement): void {
    const isList = el.tagName === 'UL' || el.tagName === 'OL';
    this.#endParagraph();
    if (isList) this.#listDepth++;
    if (el.tagName === 'LI') this.#prefix = `${'  '.repeat(Math.max(0, this.#listDepth - 1))}- `;
    this.walk(el);
    this.#endParagraph();
    this.#prefix = ''; // an empty <li> must not lend its bullet to the next paragraph
    if (isList) this.#listDepth--;
  }

  #heading(level: number, el: HTMLElement): void {
    this.#closeSection();
    this.#trail.enter(level, collapse(el.text));
    // The anchor is the heading's own id, or that of an <a id|name> inside it (older doc tools).
    const inner = el.querySelector('a[id], a[name]');
    const anchor = el.id || inner?.id || inner?.getAttribute('name');
    this.#current = { path: this.#trail.path, paragraphs: [] };
    if (anchor) this.#current.anchor = anchor;
  }

  #table(table: HTMLElement): void {
    this.#endParagraph();
    const rows: string[] = [];
    for (const row of table.querySelectorAll('tr')) {
      if (row.closest('table') !== table) continue; // rows of a nested table are its own
      const cells = row.childNodes
        .filter((c): c is HTMLElement => c.nodeType === NodeType.ELEMENT_NODE)
        .filter((c) => c.tagName === 'TD' || c.tagName === 'TH')
        .map((c) => collapse(c.text));
      if (cells.some((c) => c !== '')) rows.push(cells.join(' | '));
    }
    if (rows.length > 0) this.#current.paragraphs.push(rows.join('\n'));
  }

  #endLine(): void {
    const line = collapse(this.#line);
    if (line) this.#lines.push(line);
    this.#line = '';
  }

  #endParagraph(): void {
    this.#endLine();
    if (this.#lines.length === 0) return;
    this.#current.paragraphs.push(this.#prefix + this.#lines.join('\n'));
    this.#lines = [];
    this.#prefix = '';
  }

  #closeSection(): void {
    this.#endParagraph();
    const { path, anchor, paragraphs } = this.#current;
    const section: Section = { path, text: tidyParagraphs(paragraphs.join('\n\n')) };
    if (anchor) section.anchor = anchor;
    this.#sections.push(section);
    this.#current = { path: this.#trail.path, paragraphs: [] };
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
