import { ApiError, type InsightsApi } from './api.ts';
import { type BarRow, barsWithRate, horizontalBars } from './charts.ts';
import {
  OUTCOME_LABELS,
  type OutcomeFigures,
  type OutcomeReport,
  percent,
  reasonLabel,
} from './conversation-types.ts';
import { h, table, timeOf } from './dom.ts';
import { field, select, todayUtc, utcDaysBefore } from './form-fields.ts';

export interface OutcomesPanelOptions {
  /** The signed-in part of the page; the panel appends its own section to it. */
  container: HTMLElement;
  api: InsightsApi;
  report: (err: unknown) => void;
}

const CHANNELS = ['web', 'slack', 'botframework', 'api', 'cli'];

/** One headline number, its API value in `data-value` (for the tests and for copying). */
function tile(metric: string, label: string, shown: string, value: number | null): HTMLElement {
  return h(
    'div',
    { class: 'tile', 'data-metric': metric, 'data-value': value === null ? '' : String(value) },
    h('dt', {}, label),
    h('dd', {}, shown),
  );
}

function tiles(totals: OutcomeFigures): HTMLElement {
  return h(
    'dl',
    { class: 'tiles' },
    tile('conversations', 'Conversations', String(totals.conversations), totals.conversations),
    tile('issues', 'Issues', String(totals.issues), totals.issues),
    tile(
      'resolutionRate',
      'Resolution rate',
      percent(totals.resolutionRate),
      totals.resolutionRate,
    ),
    tile('handoffRate', 'Handoff rate', percent(totals.handoffRate), totals.handoffRate),
    tile('csat', 'CSAT (helpful of rated)', percent(totals.csat), totals.csat),
    tile('pending', 'Pending', String(totals.outcomes.pending), totals.outcomes.pending),
  );
}

const csatText = (f: OutcomeFigures) =>
  f.csat === null
    ? 'no rated answers'
    : `${percent(f.csat)} of ${f.ratings.up + f.ratings.down} rated`;

function csatRows<T extends OutcomeFigures>(rows: T[], name: (row: T) => string): BarRow[] {
  return rows.map((row) => ({
    label: name(row),
    value: row.csat ?? 0,
    text: csatText(row),
    data: { 'data-key': name(row), 'data-csat': row.csat === null ? '' : row.csat },
  }));
}

function chartBlock(title: string, chart: Node | null, empty: string): HTMLElement {
  return h(
    'div',
    { class: 'chart-block' },
    h('h3', {}, title),
    chart ?? h('p', { class: 'muted' }, empty),
  );
}

/**
 * "Outcomes": for a period and channel, the headline figures, issues and resolution over time,
 * handoffs by reason, CSAT per route and per channel, the figures per route and channel, and
 * docs gaps grouped by similar question: every number as `/admin/api/outcomes` answers it.
 * Hidden on a server without conversations (the API answers 404).
 */
export class OutcomesPanel {
  readonly #o: OutcomesPanelOptions;
  readonly #section: HTMLElement;
  readonly #form: HTMLFormElement;
  readonly #body: HTMLElement;
  #loads = 0;

  constructor(options: OutcomesPanelOptions) {
    this.#o = options;
    this.#body = h('div', { class: 'body', 'aria-live': 'polite', 'aria-busy': 'false' });
    this.#form = h(
      'form',
      { class: 'toolbar filters', 'aria-label': 'Outcomes period' },
      field('outcomes-from', 'From', h('input', { type: 'date', name: 'from', required: true })),
      field(
        'outcomes-to',
        'To (inclusive)',
        h('input', { type: 'date', name: 'to', required: true }),
      ),
      field('outcomes-channel', 'Channel', select('channel', 'All channels', CHANNELS)),
      h('button', { type: 'submit' }, 'Show outcomes'),
    );
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.load().catch(options.report);
    });
    this.#section = h(
      'section',
      { id: 'outcomes', 'aria-labelledby': 'outcomes-title', hidden: true },
      h('h2', { id: 'outcomes-title' }, 'Outcomes'),
      this.#form,
      this.#body,
    );
    options.container.append(this.#section);
    this.#resetPeriod();
  }

  #resetPeriod(): void {
    const input = (name: string) => this.#form.elements.namedItem(name) as HTMLInputElement;
    input('from').value = utcDaysBefore(29);
    input('to').value = todayUtc();
  }

  /** The form's values, as the API takes them. */
  query(): Record<string, string> {
    const data = new FormData(this.#form);
    return Object.fromEntries(
      ['from', 'to', 'channel'].map((name) => [name, String(data.get(name) ?? '')]),
    );
  }

  async load(): Promise<void> {
    const load = ++this.#loads;
    this.#body.setAttribute('aria-busy', 'true');
    let report: OutcomeReport;
    try {
      report = await this.#o.api.outcomes(this.query());
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        this.#section.hidden = true;
        return;
      }
      throw err;
    } finally {
      if (load === this.#loads) this.#body.setAttribute('aria-busy', 'false');
    }
    if (load !== this.#loads) return;
    this.#section.hidden = false;
    this.#render(report);
  }

  #render(report: OutcomeReport): void {
    const { totals } = report;
    const definition = h(
      'p',
      { class: 'hint' },
      `An issue is resolved by the assistant when a question was answered with no handoff and no “not helpful” rating, and the customer did not write again within ${report.windowHours} h of its last message. Rates are of decided issues (resolved, handed off, rated not helpful); pending ones are still inside that window. CSAT is the share of helpful ratings among rated answers.`,
    );
    const series = report.series.map((point) => ({
      start: point.start,
      count: point.issues,
      rate: point.resolutionRate,
      describe: `${point.start.slice(0, 10)}: ${point.issues} issues, ${point.resolved} of ${point.decided} decided resolved (${percent(point.resolutionRate)})`,
    }));
    const over = report.bucket === 'day' ? 'per day' : 'per week';
    const volume = chartBlock(
      `Issues ${over} and resolution rate`,
      totals.issues > 0
        ? h(
            'figure',
            { class: 'chart-figure' },
            barsWithRate(
              `Issues ${over} (bars) and the resolution rate (line), ${report.series.length} ${report.bucket}s`,
              series,
            ),
            h(
              'figcaption',
              { class: 'muted' },
              'Bars: issues that started (left axis). Line: resolution rate (right axis).',
            ),
          )
        : null,
      'No issues in this period.',
    );
    const numbers = h(
      'details',
      {},
      h('summary', {}, `Issues and resolution ${over}, as numbers`),
      table(
        `Issues ${over}`,
        [
          { title: 'Start', cell: (p) => p.start.slice(0, 10) },
          { title: 'Issues', cell: (p) => String(p.issues) },
          { title: 'Resolved', cell: (p) => String(p.resolved) },
          { title: 'Decided', cell: (p) => String(p.decided) },
          { title: 'Resolution rate', cell: (p) => percent(p.resolutionRate) },
        ],
        report.series,
      ),
    );
    const handoffs = chartBlock(
      'Handoffs by reason',
      totals.handoffsByReason.length
        ? horizontalBars(
            'Handed-off issues by the reason of their first handoff',
            totals.handoffsByReason.map((row) => ({
              label: reasonLabel(row.reason),
              value: row.issues,
              text: `${row.issues} (${percent(row.rate)} of decided)`,
              data: { 'data-key': row.reason, 'data-issues': row.issues, 'data-rate': row.rate },
            })),
            Math.max(...totals.handoffsByReason.map((row) => row.issues)),
          )
        : null,
      'No handoffs in this period.',
    );
    const rated = (rows: OutcomeFigures[]) => rows.some((row) => row.csat !== null);
    const csatByRoute = chartBlock(
      'CSAT by route',
      rated(report.byRoute)
        ? horizontalBars(
            'Share of helpful ratings among rated answers, per route',
            csatRows(report.byRoute, (row) => row.route),
            1,
          )
        : null,
      'No rated answers in this period.',
    );
    const csatByChannel = chartBlock(
      'CSAT by channel',
      rated(report.byChannel)
        ? horizontalBars(
            'Share of helpful ratings among rated answers, per channel',
            csatRows(report.byChannel, (row) => row.channel),
            1,
          )
        : null,
      'No rated answers in this period.',
    );
    const slices = h(
      'div',
      { class: 'chart-block' },
      h('h3', {}, 'By route and channel'),
      report.byRouteAndChannel.length
        ? table(
            'Outcomes by route and channel',
            [
              { title: 'Route', cell: (r) => r.route },
              { title: 'Channel', cell: (r) => r.channel },
              { title: 'Issues', cell: (r) => String(r.issues) },
              { title: 'Answers', cell: (r) => String(r.answers) },
              { title: 'Resolution rate', cell: (r) => percent(r.resolutionRate) },
              { title: 'Handoff rate', cell: (r) => percent(r.handoffRate) },
              { title: 'CSAT', cell: (r) => percent(r.csat) },
            ],
            report.byRouteAndChannel,
          )
        : h('p', { class: 'muted' }, 'No conversations in this period.'),
    );
    const gaps = h(
      'div',
      { class: 'chart-block docs-gaps' },
      h('h3', {}, 'Docs gaps, grouped by similar question'),
      report.docsGaps.length
        ? table(
            'Docs gaps grouped by similar question',
            [
              { title: 'Question', cell: (g) => g.question },
              { title: 'Asked', cell: (g) => String(g.count) },
              {
                title: 'Also asked as',
                cell: (g) =>
                  g.variants.length
                    ? h('ul', { class: 'plain' }, ...g.variants.map((v) => h('li', {}, v)))
                    : h('span', { class: 'muted' }, '—'),
              },
              {
                title: 'Channels',
                cell: (g) => g.channels.map((c) => `${c.channel} ${c.count}`).join(', '),
              },
              { title: 'Last asked', cell: (g) => timeOf(g.lastAt) },
            ],
            report.docsGaps,
          )
        : h('p', { class: 'muted' }, 'No docs gaps in this period.'),
    );
    const outcomeCounts = h(
      'p',
      { class: 'muted outcome-counts' },
      [...OUTCOME_LABELS].map(([o, label]) => `${label}: ${totals.outcomes[o]}`).join(' · '),
    );
    this.#body.replaceChildren(
      definition,
      tiles(totals),
      outcomeCounts,
      volume,
      numbers,
      handoffs,
      csatByRoute,
      csatByChannel,
      slices,
      gaps,
    );
  }

  clear(): void {
    this.#loads++;
    this.#body.replaceChildren();
    this.#resetPeriod();
  }
}
