import {
  type Citation,
  type ConversationDetail,
  type HandoffState,
  outcomeLabel,
  reasonLabel,
  type TranscriptTurn,
} from './conversation-types.ts';
import { h, timeOf } from './dom.ts';

const MODES = new Map([
  ['bot', 'With the assistant'],
  ['waiting', 'Waiting for a person'],
  ['agent', 'With a person'],
]);
const modeLabel = (mode: string) => MODES.get(mode) ?? mode;

/** Only web links and this server's own paths become links; anything else stays text. */
function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function who(turn: TranscriptTurn): string {
  if (turn.role === 'user') return 'Customer';
  if (turn.role === 'assistant') return 'Assistant';
  if (turn.role === 'agent') {
    const name = turn.agent?.name;
    const via = turn.agent?.via;
    return `Person from the team${name ? `: ${name}` : ''}${via ? ` (via ${via})` : ''}`;
  }
  return turn.role;
}

function citationItem(citation: Citation): HTMLElement {
  const label = `[${citation.index}] ${citation.title}`;
  const href = safeHref(citation.url);
  const section = citation.sectionPath.filter(Boolean).join(' › ');
  return h(
    'li',
    { 'data-doc': citation.docId },
    href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, label) : label,
    section ? h('span', { class: 'muted' }, ` — ${section}`) : '',
  );
}

function assistantDetails(turn: TranscriptTurn): Node[] {
  const parts: Node[] = [];
  const meta: Node[] = [];
  if (turn.route)
    meta.push(h('span', { class: 'route', 'data-route': turn.route }, `Route: ${turn.route}`));
  if (typeof turn.confidence === 'number')
    meta.push(
      h(
        'span',
        { class: 'confidence', 'data-confidence': String(turn.confidence) },
        `Confidence ${(turn.confidence * 100).toFixed(0)}%`,
      ),
    );
  if (turn.handoffReason)
    meta.push(h('span', { class: 'handoff' }, `Handoff: ${reasonLabel(turn.handoffReason)}`));
  if (meta.length)
    parts.push(
      h('p', { class: 'turn-meta' }, ...meta.flatMap((node, i) => (i ? [' · ', node] : [node]))),
    );
  if (turn.citations?.length)
    parts.push(
      h(
        'div',
        { class: 'citations' },
        h('span', { class: 'muted' }, 'Sources'),
        h('ol', {}, ...turn.citations.map(citationItem)),
      ),
    );
  if (turn.feedback) {
    const up = turn.feedback.rating === 'up';
    parts.push(
      h(
        'p',
        { class: `feedback rating ${turn.feedback.rating}` },
        h('span', { 'aria-hidden': 'true' }, up ? '👍 ' : '👎 '),
        up ? 'Rated helpful' : 'Rated not helpful',
        turn.feedback.reason ? `: “${turn.feedback.reason}”` : '',
      ),
    );
  }
  return parts;
}

function turnItem(turn: TranscriptTurn): HTMLElement {
  return h(
    'li',
    {
      class: `turn turn-${turn.role === 'user' || turn.role === 'assistant' ? turn.role : 'person'}`,
      'data-role': turn.role,
    },
    h('p', { class: 'turn-head' }, h('strong', {}, who(turn)), ' ', timeOf(turn.at)),
    h('p', { class: 'prose' }, turn.text),
    ...(turn.role === 'assistant' ? assistantDetails(turn) : []),
  );
}

function handoffBlock(state: HandoffState): HTMLElement {
  const agent = state.agent?.name
    ? `, ${state.agent.name}${state.agent.via ? ` via ${state.agent.via}` : ''}`
    : '';
  return h(
    'div',
    { class: 'handoff-state', 'data-mode': state.mode },
    h(
      'p',
      {},
      h('strong', {}, `Handoff: ${modeLabel(state.mode)}`),
      agent,
      state.reason ? ` (${reasonLabel(state.reason)})` : '',
      ' since ',
      timeOf(state.since),
    ),
    state.history.length
      ? h(
          'ol',
          { class: 'history' },
          ...state.history.map((step) =>
            h('li', {}, `${modeLabel(step.mode)} (by ${step.by}) `, timeOf(step.at)),
          ),
        )
      : '',
  );
}

function fact(term: string, value: Node | string): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, value)];
}

/**
 * One conversation: its facts (channel, customer, activity, outcome, handoff state) and the whole
 * transcript, each assistant turn with its route, confidence, handoff reason, citations (links)
 * and the feedback it got. Rendered as text only: nothing the customer wrote is parsed as HTML.
 */
export function transcriptView(detail: ConversationDetail, headingId: string): HTMLElement[] {
  const c = detail.conversation;
  const facts = h(
    'dl',
    { class: 'facts' },
    ...fact('Channel', c.channel ?? 'unknown'),
    ...(c.userId ? fact('Customer', c.userId) : []),
    ...fact('Started', timeOf(c.firstAt)),
    ...fact('Last activity', timeOf(c.lastAt)),
    ...fact('Outcome', outcomeLabel(c.outcome)),
    ...fact(
      'Issues',
      detail.issues.map((issue) => `${issue.route}: ${outcomeLabel(issue.outcome)}`).join('; ') ||
        'none',
    ),
    ...fact('Feedback', `${c.ratings.up} helpful · ${c.ratings.down} not helpful`),
  );
  return [
    h('h3', { id: headingId, tabindex: '-1' }, `Conversation ${c.id}`),
    facts,
    detail.handoff
      ? handoffBlock(detail.handoff)
      : h('p', { class: 'muted handoff-state' }, 'No handoff state kept for this conversation.'),
    h('ol', { class: 'transcript', 'aria-label': 'Transcript' }, ...detail.turns.map(turnItem)),
  ];
}
