import { type AdminApi, ApiError } from './api.ts';
import { excerpt } from './collapsible-text.ts';
import { h, table } from './dom.ts';
import { CANDIDATE_COLUMNS } from './harvest-columns.ts';
import type { CandidateState, HarvestCandidate } from './types.ts';

/** Candidates each view shows (the API allows up to 500). */
const LIMIT = 100;

type Action = 'accept' | 'reject';

/** Each filter's option label, empty state and the reviews its rows offer (a verdict can change). */
const VIEWS: Record<CandidateState, { label: string; empty: string; actions: Action[] }> = {
  pending: {
    label: 'Waiting for review',
    empty: 'Nothing to review.',
    actions: ['accept', 'reject'],
  },
  accepted: { label: 'Accepted', empty: 'No accepted examples.', actions: ['reject'] },
  rejected: { label: 'Rejected', empty: 'No rejected examples.', actions: ['accept'] },
};

const ACTIONS: Record<Action, { label: string; done: (question: string) => string }> = {
  accept: {
    label: 'Accept',
    done: (q) => `Accepted “${q}”: it enters the next dataset build.`,
  },
  reject: {
    label: 'Reject',
    done: (q) => `Rejected “${q}”: it stays out of the dataset.`,
  },
};

export interface HarvestPanelOptions {
  /** The signed-in part of the page; the panel appends its own section to it. */
  container: HTMLElement;
  api: AdminApi;
  /** Says something in the page's live region. */
  announce: (text: string) => void;
  report: (err: unknown) => void;
}

/**
 * "Training examples to review": candidates harvested from conversations (👍 replies, agent
 * answers), accepted or rejected one by one before they can enter a dataset. Hidden on a server
 * without a harvest store (the API answers 404).
 */
export class HarvestPanel {
  readonly #options: HarvestPanelOptions;
  readonly #section: HTMLElement;
  readonly #filter: HTMLSelectElement;
  readonly #body: HTMLElement;
  #state: CandidateState = 'pending';
  /** Counts loads, so an answer overtaken by a newer load (another filter) is dropped. */
  #loads = 0;
  /** Candidates with a review on its way: a second click waits for the first. */
  readonly #busy = new Set<string>();

  constructor(options: HarvestPanelOptions) {
    this.#options = options;
    this.#filter = h(
      'select',
      { id: 'harvest-state' },
      ...Object.entries(VIEWS).map(([state, view]) => h('option', { value: state }, view.label)),
    );
    this.#filter.addEventListener('change', () => {
      this.#state = this.#filter.value as CandidateState;
      this.load().catch(options.report);
    });
    const refresh = h(
      'button',
      { type: 'button', 'aria-label': 'Refresh training examples' },
      'Refresh',
    );
    refresh.addEventListener('click', () => {
      this.load().catch(options.report);
    });
    this.#body = h('div', { class: 'body' });
    this.#section = h(
      'section',
      { id: 'harvest', 'aria-labelledby': 'harvest-title', hidden: true },
      h('h2', { id: 'harvest-title' }, 'Training examples to review'),
      h(
        'p',
        { class: 'hint' },
        'Accepted examples enter the next ',
        h('code', {}, 'switchboard brand dataset build --include-harvested'),
        '.',
      ),
      h(
        'div',
        { class: 'toolbar' },
        h('label', { for: 'harvest-state' }, 'Show'),
        this.#filter,
        refresh,
      ),
      this.#body,
    );
    options.container.append(this.#section);
  }

  async load(): Promise<void> {
    const load = ++this.#loads;
    let candidates: HarvestCandidate[];
    try {
      candidates = await this.#options.api.harvest(this.#state, LIMIT);
    } catch (err) {
      // A server without a harvest store has no such route: the panel is not for it.
      if (err instanceof ApiError && err.status === 404) {
        this.#section.hidden = true;
        return;
      }
      throw err;
    }
    if (load !== this.#loads) return;
    this.#section.hidden = false;
    this.#render(candidates);
  }

  /** Signed out: no data left on the page, and the next session starts on the pending list. */
  clear(): void {
    this.#loads++;
    this.#state = 'pending';
    this.#filter.value = 'pending';
    this.#body.replaceChildren();
    this.#section.hidden = true;
  }

  #render(candidates: HarvestCandidate[]): void {
    const view = VIEWS[this.#state];
    if (!candidates.length) {
      this.#body.replaceChildren(h('p', { class: 'muted' }, view.empty));
      return;
    }
    const columns = [
      ...CANDIDATE_COLUMNS,
      { title: 'Review', cell: (c: HarvestCandidate) => this.#buttons(c, view.actions) },
    ];
    const list = table(`Training examples: ${view.label.toLowerCase()}`, columns, candidates);
    list.classList.add('candidates');
    this.#body.replaceChildren(list);
  }

  #buttons(candidate: HarvestCandidate, actions: Action[]): HTMLElement {
    const name = excerpt(candidate.question, 60);
    const buttons = actions.map((action) => {
      // The name repeats the question: "Accept" alone is ambiguous in a list of rows.
      const { label } = ACTIONS[action];
      const button = h('button', { type: 'button', 'aria-label': `${label}: ${name}` }, label);
      button.dataset.action = action;
      button.addEventListener('click', () => void this.#review(candidate, action, button));
      return button;
    });
    return h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': `Review: ${name}` },
      ...buttons,
    );
  }

  async #review(candidate: HarvestCandidate, action: Action, button: HTMLElement): Promise<void> {
    if (this.#busy.has(candidate.id)) return;
    this.#busy.add(candidate.id);
    try {
      await this.#options.api.review(candidate.id, action);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        this.#options.announce('That example no longer exists; the list is reloaded.');
        await this.load().catch(this.#options.report);
      } else this.#options.report(err);
      return;
    } finally {
      this.#busy.delete(candidate.id);
    }
    this.#removeRow(button, action);
    this.#options.announce(ACTIONS[action].done(excerpt(candidate.question, 80)));
  }

  /** The reviewed row leaves this list; keyboard focus moves to the same button one row on. */
  #removeRow(button: HTMLElement, action: Action): void {
    const row = button.closest('tr');
    if (!row?.isConnected) return; // the list was reloaded meanwhile
    const hadFocus = row.contains(document.activeElement);
    const neighbour = row.nextElementSibling ?? row.previousElementSibling;
    row.remove();
    if (!this.#body.querySelector('tbody tr')) this.#render([]);
    if (!hadFocus) return;
    const next = neighbour?.querySelector<HTMLElement>(`button[data-action="${action}"]`);
    (next ?? this.#filter).focus();
  }
}
