import { externalLink, h, icon, isSafeUrl } from './dom.ts';
import { renderMarkdown } from './markdown.ts';
import type { Citation, FinishedReply } from './protocol.ts';
import { fill, type Strings } from './strings.ts';

const THUMB =
  'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z';

export interface MessageHandlers {
  /** Resolves to whether the feedback was recorded (failures are shown by the caller). */
  onFeedback(messageId: string, rating: 'up' | 'down', reason?: string): Promise<boolean>;
  onHandoff(): void;
}

/** One assistant message: its text (re-rendered as it streams), sources and actions. */
export class AssistantMessage {
  readonly element = h('div', { class: 'msg assistant' });
  readonly #body = h('div', { class: 'body' });
  readonly #strings: Strings;
  readonly #handlers: MessageHandlers;
  #citations: Citation[] = [];

  constructor(strings: Strings, handlers: MessageHandlers) {
    this.#strings = strings;
    this.#handlers = handlers;
    this.element.append(h('span', { class: 'sr-only' }, `${strings.assistant}: `), this.#body);
  }

  /** Shows the answer so far; `[n]` markers link once the citations are known. */
  show(text: string, citations: Citation[] = this.#citations): void {
    this.#citations = citations;
    const byIndex = new Map(citations.map((c) => [c.index, c]));
    this.#body.replaceChildren(
      text
        ? renderMarkdown(text, {
            citationUrl: (n) => byIndex.get(n)?.url,
            citationLabel: (n) =>
              fill(this.#strings.source, { n, title: byIndex.get(n)?.title ?? '' }),
          })
        : h('p', { class: 'typing' }, this.#strings.typing),
    );
  }

  /** The final answer: text, numbered sources, feedback and (if offered) the human handoff. */
  finish(reply: Pick<FinishedReply, 'text' | 'citations' | 'handoff'> & { messageId?: string }) {
    this.show(reply.text, reply.citations);
    if (reply.citations.length) this.element.append(this.#sources(reply.citations));
    const actions = h('div', { class: 'actions' });
    if (reply.messageId) this.#feedback(actions, reply.messageId);
    if (reply.handoff) {
      const human = h('button', { type: 'button', class: 'chip' }, this.#strings.talkToHuman);
      human.addEventListener('click', () => this.#handlers.onHandoff());
      actions.append(human);
    }
    if (actions.childElementCount) this.element.append(actions);
  }

  fail(message: string): void {
    this.#body.replaceChildren(h('p', {}, message));
    this.element.classList.replace('assistant', 'notice');
  }

  #sources(citations: Citation[]): DocumentFragment {
    const fragment = document.createDocumentFragment();
    const id = `sources-${Math.random().toString(36).slice(2)}`;
    const list = h('ol', { class: 'sources', 'aria-labelledby': id });
    for (const c of [...citations].sort((a, b) => a.index - b.index)) {
      const item = h('li', { value: String(c.index) });
      item.append(isSafeUrl(c.url) ? externalLink(c.url, c.title) : c.title);
      list.append(item);
    }
    fragment.append(h('p', { class: 'sources-title', id }, this.#strings.sources), list);
    return fragment;
  }

  #feedback(actions: HTMLElement, messageId: string): void {
    const s = this.#strings;
    // Icons rather than 👍/👎 glyphs: they look the same on systems without an emoji font.
    const up = h('button', { type: 'button', class: 'chip', 'aria-pressed': 'false' }, icon(THUMB));
    const down = h(
      'button',
      { type: 'button', class: 'chip', 'aria-pressed': 'false' },
      icon(THUMB, 'rotate(180 12 12)'),
    );
    up.setAttribute('aria-label', s.helpful);
    down.setAttribute('aria-label', s.notHelpful);
    const group = h('span', { role: 'group', class: 'actions' }, up, down);
    group.style.margin = '0';
    group.setAttribute('aria-label', `${s.helpful} / ${s.notHelpful}`);
    const thank = () => {
      // Keep keyboard users where they were: the note replaces the control they just used.
      const note = h('span', { role: 'status', tabindex: '-1' }, s.feedbackThanks);
      group.replaceWith(note);
      note.focus();
    };
    up.addEventListener('click', async () => {
      up.setAttribute('aria-pressed', 'true');
      if (await this.#handlers.onFeedback(messageId, 'up')) thank();
    });
    down.addEventListener('click', () => {
      down.setAttribute('aria-pressed', 'true');
      up.setAttribute('aria-pressed', 'false');
      if (this.element.querySelector('.reason')) return;
      const input = h('input', { type: 'text', maxlength: '500', autocomplete: 'off' });
      const form = h(
        'form',
        { class: 'reason' },
        h('label', {}, s.reasonLabel, input),
        h('button', { type: 'submit', class: 'chip' }, s.sendFeedback),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        if (!(await this.#handlers.onFeedback(messageId, 'down', input.value.trim() || undefined)))
          return;
        form.remove();
        thank();
      });
      this.element.append(form);
      input.focus();
    });
    actions.append(group);
  }
}
