import type { WidgetApi } from './api.ts';
import { h } from './dom.ts';
import { renderMarkdown } from './markdown.ts';
import type { Panel } from './panel.ts';
import type { HandoffMode, HandoffView, LiveEvent } from './protocol.ts';
import { fill, type Strings } from './strings.ts';

/** What the handoff view needs from the element around it. */
export interface HandoffHost {
  api(): WidgetApi;
  strings(): Strings;
  /** Shows (and announces) a notice line in the conversation. */
  notice(text: string): void;
  /** Announces a line through the live region without adding it to the list. */
  announce(text: string): void;
  /** Scrolls the conversation to show the start of `element`. */
  scroll(element: HTMLElement): void;
  /** The time line of a message sent at `at` (epoch ms). */
  stamp(at?: number): HTMLElement;
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The widget's part of a handoff: a status line ("Waiting for a person…", "You are chatting with
 * Ana"), agents' messages as they arrive (a live stream, opened only while a person is asked for
 * or holds the conversation, reconnected when it drops), and the way back to the assistant.
 */
export class HandoffPanel {
  readonly #ui: Panel;
  readonly #host: HandoffHost;
  #mode: HandoffMode = 'bot';
  #live: AbortController | undefined;
  /** Agent messages on screen, by id: the live stream and a reload never show one twice. */
  readonly #shown = new Set<string>();

  constructor(ui: Panel, host: HandoffHost) {
    this.#ui = ui;
    this.#host = host;
    ui.back.addEventListener('click', () => void this.#backToBot());
  }

  get mode(): HandoffMode {
    return this.#mode;
  }

  /** An agent's message in the conversation (from the transcript or live). */
  agentMessage(message: {
    id?: string;
    text: string;
    at?: number;
    agent?: { name?: string };
  }): void {
    if (message.id) {
      if (this.#shown.has(message.id)) return;
      this.#shown.add(message.id);
    }
    const s = this.#host.strings();
    const name = message.agent?.name ?? s.team;
    const body = h('div', { class: 'body', dir: 'auto' });
    body.append(
      renderMarkdown(message.text, { citationUrl: () => undefined, citationLabel: () => '' }),
    );
    const element = h(
      'div',
      { class: 'msg agent' },
      h('span', { class: 'who' }, `${name}: `),
      body,
      this.#host.stamp(message.at),
    );
    this.#ui.messages.append(element);
    this.#host.scroll(element);
  }

  /** Applies a handoff state: the status line, the buttons, and the live stream while held. */
  show(view: HandoffView): void {
    const s = this.#host.strings();
    const was = this.#mode;
    this.#mode = view.mode;
    const name = view.agent?.name;
    const status =
      view.mode === 'waiting'
        ? s.waitingForPerson
        : view.mode === 'agent'
          ? name
            ? fill(s.withPerson, { name })
            : s.withTeam
          : '';
    this.#ui.status.textContent = status;
    this.#ui.status.hidden = !status;
    this.#ui.human.hidden = view.mode !== 'bot';
    this.#ui.back.hidden = view.mode === 'bot';
    if (view.mode === 'agent' && was === 'waiting')
      this.#host.announce(fill(s.agentJoined, { name: name ?? s.someone }));
    if (view.mode === 'bot') this.stop();
    else this.#follow();
  }

  /** Closes the live stream (the conversation went back to the bot, or the widget is rebuilt). */
  stop(): void {
    this.#live?.abort();
    this.#live = undefined;
  }

  #follow(): void {
    if (this.#live) return;
    const live = new AbortController();
    this.#live = live;
    void (async () => {
      let failures = 0;
      while (!live.signal.aborted) {
        try {
          for await (const event of this.#host.api().events(live.signal)) {
            failures = 0;
            this.#apply(event);
          }
        } catch {
          // Dropped (network, server restart, expired session): try again, more slowly each time.
        }
        if (live.signal.aborted) break;
        await pause(Math.min(30_000, 1_000 * 2 ** failures++), live.signal);
      }
    })();
  }

  #apply(event: LiveEvent): void {
    if (event.type === 'message') {
      this.agentMessage(event.message);
      this.#host.announce(
        `${event.message.agent.name ?? this.#host.strings().team}: ${event.message.text}`,
      );
      return;
    }
    const { state } = event;
    if (state.text) this.#host.notice(state.text);
    if (state.mode !== this.#mode || state.mode === 'agent') this.show(state);
  }

  async #backToBot(): Promise<void> {
    try {
      const answer = await this.#host.api().endHandoff();
      this.show({ mode: 'bot' });
      if (answer.text) this.#host.notice(answer.text);
    } catch {
      this.#host.notice(this.#host.strings().errorGeneric);
    }
  }
}
