import type { AdminApi } from './api.ts';
import { h, table } from './dom.ts';
import { activeRunView, countsOf, lastRunView } from './run-views.ts';
import type { SourceRow, SyncMode, SyncStatus } from './types.ts';

export interface SourcesPanelOptions {
  /** Where the table goes. */
  root: HTMLElement;
  api: AdminApi;
  /** A run was triggered for this source (the monitor then polls fast). */
  onTriggered: (source: string) => void;
  /** Says something in the page's live region. */
  announce: (text: string) => void;
  report: (err: unknown) => void;
}

const SYNC_BUTTONS: Array<{ label: string; mode: SyncMode }> = [
  { label: 'Sync now', mode: 'incremental' },
  { label: 'Full', mode: 'full' },
  { label: 'Failed only', mode: 'failed-only' },
];

/**
 * The sources table: each source with its last run and its buttons, plus, while a run is
 * active, its live progress (fed by `showStatus`).
 */
export class SourcesPanel {
  readonly #options: SourcesPanelOptions;
  #rows: SourceRow[] = [];
  #status: SyncStatus | undefined;
  /** Per source: the cell showing its state, and the sync buttons disabled while it runs. */
  #cells = new Map<string, { state: HTMLElement; sync: HTMLButtonElement[] }>();

  constructor(options: SourcesPanelOptions) {
    this.#options = options;
  }

  async load(): Promise<SourceRow[]> {
    this.#rows = await this.#options.api.sources();
    this.#render();
    return this.#rows;
  }

  /** The last run of `source` as one sentence, for the live region. */
  describeLastRun(source: string): string {
    const run = this.#rows.find((row) => row.name === source)?.lastRun;
    if (!run) return `Sync of ${source} ended.`;
    return `Sync of ${source} ${run.error ? 'failed' : 'finished'}: ${countsOf(run)}.`;
  }

  showStatus(status: SyncStatus): void {
    this.#status = status;
    for (const [name, cells] of this.#cells) {
      const row = this.#rows.find((r) => r.name === name);
      const run = status.sources.find((s) => s.name === name)?.activeRun ?? null;
      cells.state.replaceChildren(run ? activeRunView(name, run) : row?.paused ? 'Paused' : 'Idle');
      for (const button of cells.sync) button.disabled = Boolean(run) || Boolean(row?.paused);
    }
  }

  clear(): void {
    this.#rows = [];
    this.#status = undefined;
    this.#cells.clear();
    this.#options.root.replaceChildren();
  }

  #render(): void {
    // Re-rendering replaces the buttons: keep keyboard focus on the same action.
    const focused = (document.activeElement as HTMLElement | null)?.dataset.key;
    this.#cells.clear();
    if (!this.#rows.length) {
      this.#options.root.replaceChildren(h('p', { class: 'muted' }, 'No sources.'));
      return;
    }
    const view = table(
      'Knowledge sources',
      [
        { title: 'Source', cell: (row) => h('strong', {}, row.name) },
        { title: 'Kind', cell: (row) => row.kind },
        { title: 'Origin', cell: (row) => row.origin },
        { title: 'State', cell: (row) => this.#stateCell(row) },
        { title: 'Last run', cell: (row) => lastRunView(row.lastRun) },
        { title: 'Actions', cell: (row) => this.#actions(row) },
      ],
      this.#rows,
    );
    this.#options.root.replaceChildren(view);
    if (this.#status) this.showStatus(this.#status);
    if (focused) {
      for (const button of this.#options.root.querySelectorAll('button')) {
        if (button.dataset.key === focused) button.focus();
      }
    }
  }

  #stateCell(row: SourceRow): HTMLElement {
    const state = h('div', { class: 'state' }, row.paused ? 'Paused' : 'Idle');
    this.#cells.set(row.name, { state, sync: [] });
    return state;
  }

  #actions(row: SourceRow): HTMLElement {
    const sync = SYNC_BUTTONS.map(({ label, mode }) => {
      const button = this.#button(row.name, label, mode, () =>
        this.#trigger(row.name, mode, label),
      );
      button.disabled = row.paused;
      return button;
    });
    const cells = this.#cells.get(row.name);
    if (cells) cells.sync = sync;
    const pause = this.#button(row.name, row.paused ? 'Resume' : 'Pause', 'pause', () =>
      this.#setPaused(row.name, !row.paused),
    );
    return h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': `Actions for ${row.name}` },
      ...sync,
      pause,
    );
  }

  #button(source: string, label: string, action: string, run: () => Promise<void>) {
    // The name repeats the source: "Sync now" alone is ambiguous in a list of rows.
    const button = h('button', { type: 'button', 'aria-label': `${label} ${source}` }, label);
    button.dataset.key = `${action}\u0000${source}`;
    button.addEventListener('click', () => void run());
    return button;
  }

  async #trigger(source: string, mode: SyncMode, label: string): Promise<void> {
    try {
      const run = await this.#options.api.sync(source, mode);
      this.#options.announce(
        run.joined
          ? `A sync of ${source} is already queued or running; showing its progress.`
          : `Sync of ${source} started (${label.toLowerCase()}).`,
      );
      this.#options.onTriggered(source);
    } catch (err) {
      this.#options.report(err);
    }
  }

  async #setPaused(source: string, paused: boolean): Promise<void> {
    try {
      await this.#options.api.setPaused(source, paused);
      this.#options.announce(`${source} ${paused ? 'paused' : 'resumed'}.`);
      await this.load();
    } catch (err) {
      this.#options.report(err);
    }
  }
}
