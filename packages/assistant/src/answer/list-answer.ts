import type { QueryWeights } from './relevance.ts';
import { wordCount } from './select.ts';
import type { ListUnit } from './sentences.ts';

export interface ListLimits {
  /** Most items shown; beyond it the answer says how many more the page has. @defaultValue 12 */
  maxItems?: number;
  /** Most words of list shown (a list of steps may exceed the prose limit). @defaultValue 400 */
  maxListWords?: number;
}

export interface ListAnswer {
  /** Markdown lines: a table (header, separator, rows) or one line per item. */
  lines: string[];
  /** Items of the list on the page that are not shown (0 when whole or when picked on purpose). */
  more: number;
  /** What the items are, for "…and 6 more codes": from a table's first header cell, else steps/items. */
  noun: string;
}

/**
 * The rows of a table or bullet list that the question names (a code, a model), when few rows
 * carry most of the question and the others almost none ("what does E6 mean?"); else undefined,
 * and the whole list answers. Numbered steps are never picked apart.
 */
function namedItems(list: ListUnit, weights: QueryWeights): string[] | undefined {
  if (list.style === 'ordered' || list.items.length < (list.style === 'table' ? 3 : 6))
    return undefined;
  const scores = list.items.map((item) => weights.score(item));
  const best = Math.max(...scores);
  if (best < (list.style === 'table' ? 0.3 : 0.6)) return undefined;
  const picked = list.items.filter((_, i) => scores[i]! >= best * 0.75);
  const others = scores.filter((s) => s < best * 0.75);
  return picked.length <= 2 && others.every((s) => s < best / 2) ? picked : undefined;
}

function nounFor(list: ListUnit): string {
  const first = list.header?.split(' | ')[0]?.trim().toLowerCase();
  if (first && /^[a-z][a-z -]{1,20}$/.test(first)) return first.endsWith('s') ? first : `${first}s`;
  return list.style === 'ordered' ? 'steps' : 'items';
}

function tableRow(row: string): string {
  return `| ${row} |`;
}

/**
 * A list as the answer shows it: the rows asked about, or the whole list, cut at an honest
 * limit with the count of what is left on the page.
 */
export function listAnswer(
  list: ListUnit,
  weights: QueryWeights,
  limits: ListLimits = {},
): ListAnswer {
  const maxItems = limits.maxItems ?? 12;
  const maxWords = limits.maxListWords ?? 400;
  const named = namedItems(list, weights);
  let items = named ?? list.items;
  let more = 0;
  if (!named) {
    let words = 0;
    let shown = 0;
    for (const item of items) {
      words += wordCount(item);
      if (shown >= maxItems || (shown > 0 && words > maxWords)) break;
      shown++;
    }
    more = items.length - shown;
    items = items.slice(0, shown);
  }
  const noun = nounFor(list);
  if (list.style === 'table' && list.header) {
    const columns = list.header.split(' | ').length;
    const separator = `| ${Array.from({ length: columns }, () => '---').join(' | ')} |`;
    return { lines: [tableRow(list.header), separator, ...items.map(tableRow)], more, noun };
  }
  const lines = items.map((item, i) =>
    list.style === 'ordered'
      ? `${i + 1}. ${item}`
      : `- ${list.style === 'table' ? item.split(' | ').join(' — ') : item}`,
  );
  return { lines, more, noun };
}
