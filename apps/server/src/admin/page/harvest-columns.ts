import { collapsibleText } from './collapsible-text.ts';
import { type Column, h, timeOf } from './dom.ts';
import type { HarvestCandidate } from './types.ts';

/** Where the example came from, in the reviewer's words. */
function sourceOf(c: HarvestCandidate): Node {
  if (c.source === 'thumbs_up') {
    const count = c.count ?? 1;
    return h('span', {}, count > 1 ? `👍 from ${count} customers` : '👍 from a customer');
  }
  return h(
    'span',
    {},
    'written by an agent',
    c.agent ? h('span', { class: 'muted' }, ` (${c.agent})`) : '',
  );
}

/** When it was harvested and, once reviewed, when that happened. */
function timesOf(c: HarvestCandidate): Node {
  if (c.reviewedAt === undefined) return timeOf(c.createdAt);
  return h(
    'div',
    {},
    h('div', {}, 'harvested ', timeOf(c.createdAt)),
    h('div', { class: 'muted' }, 'reviewed ', timeOf(c.reviewedAt)),
  );
}

/** The columns of a candidate row, without its buttons (the panel adds those). */
export const CANDIDATE_COLUMNS: Column<HarvestCandidate>[] = [
  { title: 'Question', cell: (c) => h('span', { class: 'prose' }, c.question) },
  { title: 'Answer', cell: (c) => collapsibleText(c.answer, 'answer') },
  { title: 'Intent', cell: (c) => c.intent ?? h('span', { class: 'muted' }, 'none') },
  { title: 'Source', cell: sourceOf },
  { title: 'Conversation', cell: (c) => h('code', {}, c.conversationId) },
  { title: 'Time', cell: timesOf },
];
