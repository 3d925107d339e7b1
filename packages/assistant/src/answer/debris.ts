/**
 * Web debris in crawled help pages: what a page shows around its content (share buttons,
 * breadcrumbs, "On this page" menus, runs of link titles) and the page's own reference marks.
 * None of it answers anything, and a source "[3]" would read as one of our citation numbers.
 */

/** The page's own reference marks: [3], [12], [edit], [citation needed], [note 2], [a]. */
const SOURCE_MARKER =
  /\s?\[(?:\d{1,3}|[a-z]|edit|citation needed|clarification needed|note \d{1,3}|update)\]/gi;
/** Footnote and superscript marks glued to words: ¹ ² ³ † ‡. */
const FOOTNOTE_MARK = /[\u00b9\u00b2\u00b3\u2070-\u2079\u2020\u2021]+/g;
const MARKDOWN_IMAGE = /!\[[^\]]*\]\([^)]*\)/g;
const MARKDOWN_LINK = /\[([^\]]+)\]\([^)\s]*(?:\s+"[^"]*")?\)/g;
const BARE_URL = /\bhttps?:\/\/\S+/g;

/** Whole lines that are page furniture, compared after trimming and emphasis removal. */
const NAV_LABEL =
  /^(?:share(?: (?:this|link|on \w+))?(?: page| article)?|print(?: this (?:page|article))?|e-?mail this (?:page|article)|tweet|copy link|back to top|skip to (?:main )?content|on this page|in this (?:article|section)|table of contents|contents|related (?:articles|pages|topics|links)|was this (?:article|page) helpful|yes\s*no|learn more|read more|see more|show more|next|previous|last (?:updated|modified)\b.*)\W*$/i;
/** "On this page" and friends introduce a menu of the page's own headings: drop what follows. */
const MENU_LABEL = /^(?:on this page|in this (?:article|section)|table of contents|contents)\W*$/i;
/** Labels glued in front of real text by a crawl: "share link Thinking about college…". */
const LEADING_LABEL =
  /^(?:share link|share this (?:page|article)|print this (?:page|article)|view (?:the )?(?:accessible|text\s*-\s*only|text-only|printable) version of .{1,80}? (?:infographic|chart|graphic|video|table|image))\s+/i;
/** A trailing call to action in capitals: "… get your eligibility back. LEARN ABOUT REGAINING ELIGIBILITY". */
const TRAILING_SHOUT = /\s+[A-Z]{2,}(?:\s+[A-Z]{2,}){2,}\s*$/;
const LIST_ITEM = /^\s*(?:[-*•+]|\d+[.)])\s/;
const BREADCRUMB_SEPARATOR = /\s+(?:>|»|›|\/|\|)\s+/;

/** Removes the source's own markers and turns Markdown links into their text. */
export function stripSourceMarkers(text: string): string {
  return text
    .replace(MARKDOWN_IMAGE, '')
    .replace(MARKDOWN_LINK, '$1')
    .replace(SOURCE_MARKER, '')
    .replace(FOOTNOTE_MARK, '');
}

const plain = (line: string) => line.replace(/[*_`#]+/g, '').trim();
const tokens = (line: string) => line.split(/\s+/).filter(Boolean);

function capitalisedShare(words: string[]): number {
  if (words.length === 0) return 0;
  return words.filter((w) => /^[^a-z]*[A-Z0-9]/.test(w)).length / words.length;
}

/**
 * A run of link titles flattened into one line ("Eligibility Requirements Students With a Parent
 * … Regaining Eligibility"): many words, mostly capitalised, with no sentence punctuation.
 */
export function isTitleRun(text: string): boolean {
  const words = tokens(text);
  return words.length >= 8 && !/[.!?;,]/.test(text) && capitalisedShare(words) >= 0.6;
}

/** A short, capitalised fragment without sentence punctuation: a heading, not content. */
export function isHeadingLike(text: string): boolean {
  const words = tokens(plain(text));
  if (words.length === 0 || words.length > 8 || /[.!?;,]$/.test(text.trim())) return false;
  const significant = words.filter((w) => w.length > 3 || /^[A-Z]/.test(w));
  return capitalisedShare(significant.length > 0 ? significant : words) >= 0.6;
}

/** A line made of links (or link text) with little else: a menu or a "related" list. */
function isLinkLine(raw: string): boolean {
  const links = [...raw.matchAll(MARKDOWN_LINK)];
  const urls = raw.match(BARE_URL) ?? [];
  if (links.length === 0 && urls.length === 0) return false;
  const rest = raw
    .replace(MARKDOWN_LINK, '')
    .replace(BARE_URL, '')
    .replace(/^\s*(?:[-*•+]|\d+[.)])\s+/, '')
    .replace(/[\s|·•,;:–—-]+/g, '');
  const linkChars = links.reduce((n, m) => n + (m[1]?.length ?? 0), 0);
  return rest.length === 0 || (links.length >= 2 && rest.length < linkChars * 0.4);
}

function isBreadcrumb(line: string): boolean {
  const parts = line.split(BREADCRUMB_SEPARATOR);
  if (parts.length < 3 || /[.!?]$/.test(line)) return false;
  if (!parts.every((p) => tokens(p).length > 0 && tokens(p).length <= 5)) return false;
  return /^(?:home|help|support|docs|documentation|knowledge base|faq)\b/i.test(parts[0] ?? '');
}

/**
 * A call to action in capitals on its own: "LEARN HOW TO STAY ELIGIBLE". A capitalised warning
 * ("CAUTION: DO NOT …") has punctuation and stays.
 */
function isShout(line: string): boolean {
  const words = tokens(line);
  return (
    words.length >= 3 &&
    words.length <= 7 &&
    !/[a-z]/.test(line) &&
    !/[:.!,;]/.test(line) &&
    /[A-Z]{2}/.test(line)
  );
}

/** True when a whole line (before marker stripping) is page furniture. */
export function isDebrisLine(raw: string): boolean {
  const line = plain(raw);
  if (!line) return true;
  return (
    NAV_LABEL.test(line) ||
    isLinkLine(raw) ||
    isBreadcrumb(line) ||
    isShout(line) ||
    // A list item or table row of names ("Room Sensor Power Adapter …") is content.
    (isTitleRun(line) && !raw.includes(' | ') && !LIST_ITEM.test(raw))
  );
}

/** Text of a content line without the labels and shouted links a crawl glued to it. */
export function tidyLine(line: string): string {
  let out = line.trim();
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(LEADING_LABEL, '').replace(TRAILING_SHOUT, '').trim();
  }
  // Crawls often leave a space before punctuation ("deferment , you"); it reads as a typo.
  return out.replace(/\s+([,;:!?.])(?=\s|$)/g, '$1');
}

/**
 * The content lines of a passage: furniture lines dropped (and the menu after "On this page"),
 * the rest tidied, source markers removed. Blank lines are kept as paragraph breaks.
 */
export function contentLines(text: string): string[] {
  const out: string[] = [];
  // After "On this page": its first line is the menu, and so is any list or title that follows.
  let menu: 'none' | 'first' | 'entries' = 'none';
  for (const raw of text.split('\n')) {
    if (!raw.trim()) {
      if (menu === 'none') out.push('');
      continue;
    }
    if (MENU_LABEL.test(plain(raw))) {
      menu = 'first';
      continue;
    }
    if (menu === 'first' || (menu === 'entries' && isMenuEntry(raw))) {
      menu = 'entries';
      continue;
    }
    menu = 'none';
    if (isDebrisLine(raw)) continue;
    const line = tidyLine(stripSourceMarkers(raw));
    if (line) out.push(line);
  }
  return out;
}

function isMenuEntry(raw: string): boolean {
  return LIST_ITEM.test(raw) || isHeadingLike(raw) || isTitleRun(raw);
}
