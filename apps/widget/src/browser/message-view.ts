import { externalLink, h, icon, isSafeUrl } from './dom.ts';
import { citeMarker, MarkdownBlocks, type MarkdownOptions } from './markdown.ts';
import type { Citation, FinishedReply, Rating } from './protocol.ts';
import { fill, type Strings } from './strings.ts';

const THUMB =
  'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z';
const thumb = (rating: Rating) => icon(THUMB, rating === 'down' ? 'rotate(180 12 12)' : undefined);

export interface MessageHandlers {
  /** Resolves to whether the feedback was recorded (failures are shown by the caller). */
  onFeedback(messageId: string, rating: Rating, reason?: string): Promise<boolean>;
  /** The rating this browser already gave the message (kept across reloads), if any. */
  rating(messageId: string): Rating | undefined;
}

/** One assistant message: its text (rendered as it streams), sources and feedback. */
export class AssistantMessage {
  readonly element = h('div', { class: 'msg assistant' });
  readonly #body = h('div', { class: 'body', dir: 'auto' });
  readonly #strings: Strings;
  readonly #handlers: MessageHandlers;
  #citations: Citation[] = [];
  /** The text shown, rendered incrementally into the body; "Typing…" until the first words. */
  #text = '';
  #blocks = this.#renderer();
  #typing: HTMLElement | undefined;
  /** The 👍/👎 group while it waits for a rating. */
  #group: HTMLElement | undefined;

  constructor(strings: Strings, handlers: MessageHandlers) {
    this.#strings = strings;
    this.#handlers = handlers;
    this.element.append(h('span', { class: 'sr-only' }, `${strings.assistant}: `), this.#body);
  }

  get #markdown(): MarkdownOptions {
    const byIndex = new Map(this.#citations.map((c) => [c.index, c]));
    return {
      citationUrl: (n) => byIndex.get(n)?.url,
      citationLabel: (n) => fill(this.#strings.source, { n, title: byIndex.get(n)?.title ?? '' }),
    };
  }

  #renderer(): MarkdownBlocks {
    return new MarkdownBlocks(this.#body, () => this.#markdown);
  }

  /** Shows the answer so far (each delta renders only what is new: see `MarkdownBlocks`). */
  show(text: string, done = false): void {
    this.#typing?.remove();
    if (text) this.#blocks.update(text, done);
    else {
      this.#typing = h('p', { class: 'typing' }, this.#strings.typing);
      this.#body.append(this.#typing);
    }
    this.#text = text;
  }

  /** The final answer: text, numbered sources and feedback. */
  finish(reply: Pick<FinishedReply, 'text' | 'citations'> & { messageId?: string }): void {
    this.#citations = reply.citations;
    // A reply that restarted (or a restored one) differs from what streamed: render it afresh.
    if (reply.text !== this.#text) this.#reset();
    this.show(reply.text, true);
    // Markers in finished blocks were drawn before the citations were known: link them now.
    for (const span of this.#body.querySelectorAll('span.cite'))
      span.replaceWith(citeMarker(Number(span.textContent?.slice(1, -1)), this.#markdown));
    if (reply.citations.length) this.element.append(this.#sources(reply.citations));
    if (reply.messageId) {
      const actions = h('div', { class: 'actions' });
      this.#feedback(actions, reply.messageId);
      this.element.append(actions);
    }
  }

  fail(message: string): void {
    this.#reset();
    this.#body.append(h('p', {}, message));
    this.element.classList.replace('assistant', 'notice');
  }

  /** The closing question, put to the last answer when the conversation goes quiet. */
  ask(): void {
    const group = this.#group;
    if (!group?.isConnected || group.querySelector('.ask')) return;
    group.prepend(h('span', { class: 'ask' }, this.#strings.solved));
    group.setAttribute('aria-label', this.#strings.solved);
  }

  #reset(): void {
    this.#body.replaceChildren();
    this.#text = '';
    this.#blocks = this.#renderer();
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

  /** "Thanks", with the thumb given: what a rated message shows, now and after a reload. */
  #rated(rating: Rating): HTMLElement {
    return h(
      'span',
      { class: 'rated', role: 'status', tabindex: '-1' },
      thumb(rating),
      this.#strings.feedbackThanks,
    );
  }

  #feedback(actions: HTMLElement, messageId: string): void {
    const s = this.#strings;
    const given = this.#handlers.rating(messageId);
    if (given) {
      actions.append(this.#rated(given));
      return;
    }
    // Icons rather than 👍/👎 glyphs: they look the same on systems without an emoji font.
    const up = h('button', { type: 'button', class: 'chip', 'aria-pressed': 'false' }, thumb('up'));
    const down = h(
      'button',
      { type: 'button', class: 'chip', 'aria-pressed': 'false' },
      thumb('down'),
    );
    up.setAttribute('aria-label', s.helpful);
    down.setAttribute('aria-label', s.notHelpful);
    const group = h('span', { role: 'group', class: 'thumbs' }, up, down);
    group.setAttribute('aria-label', `${s.helpful} / ${s.notHelpful}`);
    this.#group = group;
    const thank = (rating: Rating) => {
      // Keep keyboard users where they were: the note replaces the control they just used.
      const note = this.#rated(rating);
      group.replaceWith(note);
      note.focus();
    };
    up.addEventListener('click', async () => {
      up.setAttribute('aria-pressed', 'true');
      if (await this.#handlers.onFeedback(messageId, 'up')) thank('up');
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
        thank('down');
      });
      this.element.append(form);
      input.focus();
    });
    actions.append(group);
  }
}
