import { ApiError } from './api.ts';
import { type Column, h, table, timeOf } from './dom.ts';
import type { FeedbackEntry, GapEntry } from './types.ts';

/** Entries each list shows (the API allows up to 500). */
const LIMIT = 100;

export interface ListPanelOptions<T> {
  root: HTMLElement;
  caption: string;
  columns: Column<T>[];
  load: (limit: number) => Promise<T[]>;
  empty: string;
  report: (err: unknown) => void;
}

/** A read-only list from the admin API (newest first) with a refresh button. */
export class ListPanel<T> {
  readonly #options: ListPanelOptions<T>;

  constructor(options: ListPanelOptions<T>) {
    this.#options = options;
  }

  async load(): Promise<void> {
    const { root, caption, columns, empty } = this.#options;
    let rows: T[];
    try {
      rows = await this.#options.load(LIMIT);
    } catch (err) {
      // A server started without the store has no such route: say so instead of failing.
      if (err instanceof ApiError && err.status === 404) {
        root.replaceChildren(h('p', { class: 'muted' }, 'Not available on this server.'));
        return;
      }
      throw err;
    }
    const refresh = h('button', { type: 'button', class: 'refresh' }, 'Refresh');
    refresh.setAttribute('aria-label', `Refresh ${caption.toLowerCase()}`);
    refresh.addEventListener('click', () => {
      this.load().catch(this.#options.report);
    });
    const content = rows.length ? table(caption, columns, rows) : h('p', { class: 'muted' }, empty);
    root.replaceChildren(refresh, content);
  }

  clear(): void {
    this.#options.root.replaceChildren();
  }
}

export const FEEDBACK_COLUMNS: Column<FeedbackEntry>[] = [
  {
    title: 'Rating',
    cell: (f) =>
      h(
        'span',
        { class: `rating ${f.rating}` },
        h('span', { 'aria-hidden': 'true' }, f.rating === 'up' ? '👍 ' : '👎 '),
        f.rating === 'up' ? 'Helpful' : 'Not helpful',
      ),
  },
  { title: 'Reason', cell: (f) => f.reason ?? h('span', { class: 'muted' }, 'none given') },
  { title: 'Channel', cell: (f) => f.channel },
  { title: 'Conversation', cell: (f) => h('code', {}, f.conversationId) },
  { title: 'Time', cell: (f) => timeOf(f.at) },
];

export const GAP_COLUMNS: Column<GapEntry>[] = [
  { title: 'Question', cell: (g) => g.question },
  { title: 'Reason', cell: (g) => g.reason },
  { title: 'Channel', cell: (g) => g.channel },
  { title: 'Time', cell: (g) => timeOf(g.at) },
];
