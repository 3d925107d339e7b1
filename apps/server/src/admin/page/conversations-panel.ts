import { ApiError, type InsightsApi } from './api.ts';
import { type ConversationSummary, OUTCOME_LABELS, outcomeLabel } from './conversation-types.ts';
import { type Column, h, table, timeOf } from './dom.ts';
import { field, select } from './form-fields.ts';
import { transcriptView } from './transcript-view.ts';

export interface ConversationsPanelOptions {
  /** The signed-in part of the page; the panel appends its own section to it. */
  container: HTMLElement;
  api: InsightsApi;
  announce: (text: string) => void;
  report: (err: unknown) => void;
}

/** Conversations a page shows (the API allows up to 100). */
const PAGE = 25;
const FILTERS = ['q', 'channel', 'route', 'outcome', 'rating', 'from', 'to'] as const;
const TRANSCRIPT_TITLE = 'transcript-title';

/**
 * "Conversations": search and filter (text, channel, route, outcome, rating, dates), newest
 * activity first with "Show more", and one conversation's transcript opened in place (focus
 * moves to it, and back to the row it was opened from). Hidden on a server without
 * conversations (the API answers 404).
 */
export class ConversationsPanel {
  readonly #o: ConversationsPanelOptions;
  readonly #section: HTMLElement;
  readonly #form: HTMLFormElement;
  readonly #list: HTMLElement;
  readonly #results: HTMLElement;
  readonly #transcript: HTMLElement;
  #rows: ConversationSummary[] = [];
  #next: string | null = null;
  #query: Record<string, string> = {};
  #loads = 0;
  /** The button the open transcript came from: focus goes back to it. */
  #opener: string | undefined;

  constructor(options: ConversationsPanelOptions) {
    this.#o = options;
    this.#form = h(
      'form',
      { class: 'toolbar filters', role: 'search', 'aria-label': 'Conversations' },
      field(
        'conversations-q',
        'Search',
        h('input', { type: 'search', name: 'q', maxlength: '200' }),
      ),
      field(
        'conversations-channel',
        'Channel',
        select('channel', 'All channels', ['web', 'slack', 'botframework', 'api', 'cli']),
      ),
      field(
        'conversations-route',
        'Route',
        select('route', 'Any route', ['brand', 'knowledge', 'smalltalk', 'handoff']),
      ),
      field(
        'conversations-outcome',
        'Outcome',
        select('outcome', 'Any outcome', [...OUTCOME_LABELS]),
      ),
      field(
        'conversations-rating',
        'Feedback',
        select('rating', 'Any feedback', [
          ['up', 'Rated helpful'],
          ['down', 'Rated not helpful'],
          ['rated', 'Rated'],
          ['unrated', 'Not rated'],
        ]),
      ),
      field('conversations-from', 'Active from', h('input', { type: 'date', name: 'from' })),
      field('conversations-to', 'Active to (inclusive)', h('input', { type: 'date', name: 'to' })),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit' }, 'Search'),
        h('button', { type: 'reset' }, 'Clear'),
      ),
    );
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.load().catch(options.report);
    });
    // After the reset the fields are empty: list everything again.
    this.#form.addEventListener('reset', () => {
      setTimeout(() => this.load().catch(options.report));
    });
    this.#results = h('p', { class: 'muted results', role: 'status' });
    this.#list = h('div', { class: 'body' });
    this.#transcript = h('div', {
      class: 'transcript-view',
      role: 'region',
      'aria-labelledby': TRANSCRIPT_TITLE,
      hidden: true,
    });
    this.#section = h(
      'section',
      { id: 'conversations', 'aria-labelledby': 'conversations-title', hidden: true },
      h('h2', { id: 'conversations-title' }, 'Conversations'),
      this.#form,
      this.#results,
      this.#list,
      this.#transcript,
    );
    options.container.append(this.#section);
  }

  /** Lists the first page for the form's filters. */
  async load(): Promise<void> {
    const data = new FormData(this.#form);
    this.#query = Object.fromEntries(FILTERS.map((name) => [name, String(data.get(name) ?? '')]));
    this.#rows = [];
    this.#next = null;
    this.#closeTranscript(false);
    await this.#page();
  }

  async #page(): Promise<void> {
    const load = ++this.#loads;
    let page: Awaited<ReturnType<InsightsApi['conversations']>>;
    try {
      page = await this.#o.api.conversations({
        ...this.#query,
        limit: String(PAGE),
        ...(this.#next ? { cursor: this.#next } : {}),
      });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        this.#section.hidden = true;
        return;
      }
      throw err;
    }
    if (load !== this.#loads) return;
    this.#section.hidden = false;
    this.#rows.push(...page.conversations);
    this.#next = page.nextCursor;
    this.#render();
  }

  #render(): void {
    const count = this.#rows.length;
    this.#results.textContent =
      count === 0
        ? 'No conversations match.'
        : `${count} conversation${count === 1 ? '' : 's'} shown${this.#next ? ', more available' : ''}.`;
    const content: Node[] = [];
    if (count)
      content.push(table('Conversations, newest activity first', this.#columns(), this.#rows));
    if (this.#next) {
      const more = h('button', { type: 'button', class: 'more' }, 'Show more conversations');
      more.addEventListener('click', () => {
        this.#page().catch(this.#o.report);
      });
      content.push(more);
    }
    this.#list.replaceChildren(...content);
  }

  #columns(): Column<ConversationSummary>[] {
    return [
      { title: 'Last activity', cell: (c) => timeOf(c.lastAt) },
      {
        title: 'Conversation',
        cell: (c) => {
          const open = h(
            'button',
            { type: 'button', class: 'link open', 'data-id': c.id },
            c.preview || `(no customer message) ${c.id}`,
          );
          open.addEventListener('click', () => {
            this.open(c.id).catch(this.#o.report);
          });
          return open;
        },
      },
      { title: 'Channel', cell: (c) => c.channel ?? 'unknown' },
      { title: 'Routes', cell: (c) => c.routes.join(', ') || '—' },
      { title: 'Outcome', cell: (c) => outcomeLabel(c.outcome) },
      {
        title: 'Feedback',
        cell: (c) =>
          c.ratings.up + c.ratings.down
            ? `${c.ratings.up} helpful · ${c.ratings.down} not helpful`
            : h('span', { class: 'muted' }, 'none'),
      },
    ];
  }

  /** Opens one conversation's transcript in place of the list; focus moves to its heading. */
  async open(id: string): Promise<void> {
    const detail = await this.#o.api.conversation(id);
    this.#opener = id;
    const back = h('button', { type: 'button', class: 'back' }, 'Back to the conversations');
    back.addEventListener('click', () => this.#closeTranscript(true));
    this.#transcript.replaceChildren(back, ...transcriptView(detail, TRANSCRIPT_TITLE));
    this.#form.hidden = true;
    this.#results.hidden = true;
    this.#list.hidden = true;
    this.#transcript.hidden = false;
    document.getElementById(TRANSCRIPT_TITLE)?.focus();
    this.#o.announce(`Opened the conversation of ${detail.turns.length} messages.`);
  }

  #closeTranscript(restoreFocus: boolean): void {
    this.#transcript.hidden = true;
    this.#transcript.replaceChildren();
    this.#form.hidden = false;
    this.#results.hidden = false;
    this.#list.hidden = false;
    if (restoreFocus && this.#opener) {
      const opener = [...this.#list.querySelectorAll<HTMLButtonElement>('button.open')].find(
        (button) => button.dataset.id === this.#opener,
      );
      opener?.focus();
    }
    this.#opener = undefined;
  }

  clear(): void {
    this.#loads++;
    this.#rows = [];
    this.#next = null;
    // Emptied field by field: `reset()` would fire the listener that lists again.
    for (const element of this.#form.elements)
      if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement)
        element.value = '';
    this.#closeTranscript(false);
    this.#list.replaceChildren();
    this.#results.textContent = '';
  }
}
