import { parse } from 'node-html-parser';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// A text file's first line can be a whole paragraph; a title longer than this is cut.
const MAX_TEXT_TITLE = 120;
const H1 = /^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;

/** The first `# ` heading outside fenced code, or `undefined`. */
export function markdownTitle(text: string): string | undefined {
  let fence: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const marker = FENCE.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const title = H1.exec(line)?.[1]?.trim();
    if (title) return title;
  }
  return undefined;
}

/** `<title>`, else the first `<h1>`, with entities decoded and whitespace collapsed. */
export function htmlTitle(html: string): string | undefined {
  const root = parse(html);
  for (const selector of ['title', 'h1']) {
    const text = root.querySelector(selector)?.text.replace(/\s+/g, ' ').trim();
    if (text) return text;
  }
  return undefined;
}

/** The first non-empty line of plain text, cut to a title-like length. */
export function textTitle(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed)
      return trimmed.length > MAX_TEXT_TITLE ? `${trimmed.slice(0, MAX_TEXT_TITLE)}…` : trimmed;
  }
  return undefined;
}

/** Whether the text has at least one ATX heading line, i.e. is worth chunking as Markdown. */
export function looksLikeMarkdown(text: string): boolean {
  return /^ {0,3}#{1,6}[ \t]+\S/m.test(text);
}
