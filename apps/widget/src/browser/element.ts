import { WidgetApi } from './api.ts';
import { h, isSafeUrl } from './dom.ts';
import { HandoffPanel } from './handoff-view.ts';
import { localeStrings } from './locales.ts';
import { AssistantMessage, type MessageHandlers } from './message-view.ts';
import { buildPanel, type Panel } from './panel.ts';
import { ApiError, type HandoffAnswer, type HandoffView, type Turn } from './protocol.ts';
import {
  ATTRIBUTES,
  identityUser,
  parseStrings,
  parseSuggestions,
  rememberOpen,
  scriptOrigin,
  wasOpen,
} from './settings.ts';
import { fill, mergeStrings, type Strings } from './strings.ts';
import { STYLES } from './styles.ts';

/**
 * `<switchboard-chat>`: a launcher bubble and chat panel (or an inline panel with
 * `mode="inline"`), in Shadow DOM. Answers stream in, render as safe Markdown with numbered
 * sources, take 👍/👎 feedback, and survive reloads (the conversation id and its grant are kept in localStorage).
 */
export class SwitchboardChat extends HTMLElement {
  static readonly observedAttributes = ATTRIBUTES;
  readonly #root = this.attachShadow({ mode: 'open' });
  #ui: Panel | undefined;
  #handoffPanel: HandoffPanel | undefined;
  #api: WidgetApi | undefined;
  #strings: Strings = mergeStrings();
  #overrides: Partial<Strings> = {};
  #identity: string | undefined;
  #restored: Promise<void> | undefined;
  #busy = false;
  /** While an answer streams: keep its question in view until it reaches the top. */
  #following = false;
  /** The newest answer of this page view, and the timer that puts the closing question to it. */
  #last: AssistantMessage | undefined;
  #idle: ReturnType<typeof setTimeout> | undefined;

  /** UI strings for another language, e.g. `el.strings = { send: 'Envoyer' }`. */
  get strings(): Strings {
    return this.#strings;
  }
  set strings(value: Partial<Strings>) {
    this.#overrides = value;
    this.#rebuild();
  }

  /** An identity token minted by the host site's backend for a logged-in user. */
  set identityToken(value: string | undefined) {
    this.#identity = value;
    this.#api = undefined;
    this.#restored = undefined;
    this.#handoffPanel?.stop();
  }

  connectedCallback(): void {
    if (!this.#ui) this.#rebuild();
    if (this.#inline || wasOpen(this.#openKey)) void this.open(false);
  }

  attributeChangedCallback(name: string, previous: string | null, next: string | null): void {
    if (previous === next || !this.#ui) return;
    if (name === 'identity-token') this.identityToken = next ?? undefined;
    this.#rebuild();
  }

  get #inline(): boolean {
    return this.getAttribute('mode') === 'inline';
  }

  get #server(): string {
    const server = this.getAttribute('server');
    return server && isSafeUrl(server) ? server : scriptOrigin;
  }

  get #openKey(): string {
    return `switchboard-chat:open:${this.#server}`;
  }

  /** The language of the element (its own `lang` or its page's), for times. */
  get #lang(): string | undefined {
    return this.closest('[lang]')?.getAttribute('lang') || undefined;
  }

  /** Applies attributes and strings; keeps the conversation on screen. */
  #rebuild(): void {
    this.#strings = mergeStrings(
      localeStrings(this.getAttribute('lang')),
      { title: this.getAttribute('title') ?? undefined },
      { greeting: this.getAttribute('greeting') ?? undefined },
      { disclosure: this.getAttribute('disclosure') ?? undefined },
      parseStrings(this.getAttribute('strings')),
      this.#overrides,
    );
    const accent = this.getAttribute('accent-color');
    const accentText = this.getAttribute('accent-text-color');
    if (accent) this.style.setProperty('--sb-accent', accent);
    if (accentText) this.style.setProperty('--sb-accent-text', accentText);
    if (!this.#ui) {
      const style = h('style', {}, STYLES);
      this.#root.append(style);
      const max = Number(this.getAttribute('max-message-chars')) || 2000;
      this.#ui = buildPanel(this.#root, this.#strings, max);
      this.#wire(this.#ui);
      this.#handoffPanel = new HandoffPanel(this.#ui, {
        api: () => this.#client,
        strings: () => this.#strings,
        notice: (text) => this.#notice(text),
        announce: (text) => this.#announce(text),
        scroll: (element) => this.#reveal(element),
        stamp: (at) => this.#stamp(at),
      });
    }
    const ui = this.#ui;
    const s = this.#strings;
    ui.title.textContent = s.title;
    this.#syncLauncher(ui);
    ui.launcher.hidden = this.#inline;
    ui.messages.setAttribute('aria-label', s.conversation);
    ui.disclosure.textContent = s.disclosure;
    ui.disclosure.hidden = !s.disclosure;
    ui.human.textContent = s.talkToHuman;
    ui.back.textContent = s.backToBot;
    ui.send.textContent = s.send;
    ui.input.placeholder = s.placeholder;
    const label = this.#root.querySelector('label[for=sb-input]');
    if (label) label.textContent = s.inputLabel;
    const avatar = this.getAttribute('avatar');
    ui.avatar.hidden = !isSafeUrl(avatar ? new URL(avatar, location.href).href : undefined);
    if (!ui.avatar.hidden && avatar) ui.avatar.src = new URL(avatar, location.href).href;
  }

  /** The launcher opens the panel, and closes it while it is open: its icon and name say which. */
  #syncLauncher(ui: Panel): void {
    const open = !ui.panel.hidden;
    ui.launcher.setAttribute('aria-expanded', String(open));
    ui.launcher.setAttribute('aria-label', open ? this.#strings.closeChat : this.#strings.openChat);
  }

  #wire(ui: Panel): void {
    ui.launcher.addEventListener('click', () => {
      if (ui.panel.hidden) void this.open();
      else this.close();
    });
    for (const element of [ui.panel, ui.launcher])
      element.addEventListener('keydown', (event) => {
        if (event.key === 'Escape' && !this.#inline && !ui.panel.hidden) {
          event.stopPropagation();
          this.close();
        }
      });
    // Keyboard mode (a focus ring on text fields too) from Tab or a key on the launcher, until
    // the next click or touch: typing in the field is not a reason to draw a ring around it.
    this.#root.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Tab' || event.target === ui.launcher)
        ui.panel.classList.add('kb');
    });
    this.#root.addEventListener('pointerdown', () => ui.panel.classList.remove('kb'));
    // Someone scrolling (or reading with the keyboard) takes over from the streaming answer.
    for (const type of ['wheel', 'touchstart', 'keydown'])
      ui.messages.addEventListener(type, () => (this.#following = false), { passive: true });
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#send();
    });
    ui.input.addEventListener('keydown', (event) => {
      // Enter sends; Shift+Enter makes a new line (and IME composition is left alone).
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        void this.#send();
      }
    });
    ui.input.addEventListener('input', () => {
      ui.input.style.height = 'auto';
      ui.input.style.height = `${Math.min(ui.input.scrollHeight, 120)}px`;
    });
    ui.human.addEventListener('click', () => void this.#handoff());
  }

  /** When the element was sent (epoch ms; now by default), as a short local time. */
  #stamp(at = Date.now()): HTMLElement {
    const date = new Date(Number.isFinite(at) ? at : Date.now());
    let text: string;
    try {
      text = date.toLocaleTimeString(this.#lang, { hour: 'numeric', minute: '2-digit' });
    } catch {
      text = date.toLocaleTimeString(); // A `lang` the browser does not know (RangeError).
    }
    return h('time', { class: 'at', datetime: date.toISOString() }, text);
  }

  get #client(): WidgetApi {
    this.#api ??= new WidgetApi({
      server: this.#server,
      storageKey: `switchboard-chat:conversation:${this.#server}:${identityUser(this.#identityToken)}`,
      ...(this.#identityToken ? { identityToken: this.#identityToken } : {}),
    });
    return this.#api;
  }

  get #identityToken(): string | undefined {
    return this.#identity ?? this.getAttribute('identity-token') ?? undefined;
  }

  /** Opens the panel, restores the conversation the first time, and moves focus into it. */
  async open(focus = true): Promise<void> {
    const ui = this.#ui;
    if (!ui) return;
    ui.panel.hidden = false;
    this.#syncLauncher(ui);
    if (!this.#inline) rememberOpen(this.#openKey, true);
    if (focus) ui.input.focus();
    this.#restored ??= this.#restore(ui);
    await this.#restored;
  }

  /**
   * Closes the panel and gives focus back to the launcher. Closing ends the exchange: the last
   * answer (if not rated yet) asks "Did this solve it?" for when the panel opens again.
   */
  close(): void {
    const ui = this.#ui;
    if (!ui || this.#inline) return;
    ui.panel.hidden = true;
    this.#syncLauncher(ui);
    rememberOpen(this.#openKey, false);
    this.#last?.ask();
    ui.launcher.focus();
  }

  async #restore(ui: Panel): Promise<void> {
    ui.messages.replaceChildren(
      h('div', { class: 'msg assistant' }, h('p', { dir: 'auto' }, this.#strings.greeting)),
    );
    let turns: Turn[] = [];
    let handoff: HandoffView = { mode: 'bot' };
    let suggestions: unknown;
    try {
      ({ turns, handoff, suggestions } = await this.#client.transcript());
    } catch (err) {
      this.#notice(this.#errorText(err));
      return;
    }
    if (!turns.length) this.#suggest(ui, suggestions);
    let question: HTMLElement | undefined;
    for (const turn of turns) {
      if (turn.role === 'user') question = this.#userMessage(turn.text, turn.at);
      else if (turn.role === 'agent') this.#handoffPanel?.agentMessage(turn);
      else {
        const message = this.#assistantMessage();
        message.finish({
          text: turn.text,
          citations: turn.citations ?? [],
          ...(turn.id ? { messageId: turn.id } : {}),
        });
        message.element.append(this.#stamp(turn.at));
      }
    }
    // Waiting for a person, or with one: the status line and the live stream come back too.
    this.#handoffPanel?.show(handoff);
    // The last question and the start of its answer, not the end of a long answer.
    if (question) this.#reveal(question);
  }

  /** Suggested first questions (the `suggestions` attribute, else the server's), as buttons that ask them. */
  #suggest(ui: Panel, server: unknown): void {
    const questions = parseSuggestions(this.getAttribute('suggestions'), server);
    if (!questions.length) return;
    const group = h('div', {
      class: 'suggest',
      role: 'group',
      'aria-label': this.#strings.suggested,
    });
    for (const question of questions) {
      const button = h('button', { type: 'button', class: 'chip' }, question);
      button.addEventListener('click', () => void this.#send(question));
      group.append(button);
    }
    ui.messages.append(group);
  }

  get #handlers(): MessageHandlers {
    return {
      onFeedback: async (messageId, rating, reason) => {
        try {
          await this.#client.feedback(messageId, rating, reason);
          return true;
        } catch (err) {
          this.#notice(this.#errorText(err));
          return false;
        }
      },
      rating: (messageId) => this.#client.rating(messageId),
    };
  }

  #assistantMessage(): AssistantMessage {
    const message = new AssistantMessage(this.#strings, this.#handlers);
    this.#ui?.messages.append(message.element);
    return message;
  }

  #userMessage(text: string, at?: number): HTMLElement {
    const element = h(
      'div',
      { class: 'msg user' },
      h('span', { class: 'sr-only' }, `${this.#strings.you}: `),
      // Its own element: `dir="auto"` reads the direction from the customer's words alone.
      h('p', { dir: 'auto' }, text),
      this.#stamp(at),
    );
    this.#ui?.messages.append(element);
    return element;
  }

  #notice(text: string): void {
    const element = h('div', { class: 'msg notice' }, text);
    this.#ui?.messages.append(element);
    this.#announce(text);
    this.#reveal(element);
  }

  /** New messages are announced once, complete (a live region would read every streamed piece). */
  #announce(text: string): void {
    const live = this.#ui?.live;
    if (!live) return;
    live.textContent = '';
    // A fresh text node in a later task makes screen readers announce even a repeated message.
    setTimeout(() => {
      live.textContent = text;
    }, 50);
  }

  /**
   * Scrolls the conversation so `element` starts at its top, or as far as it goes: a short last
   * message is simply shown, a long answer is shown from its start (with its question above).
   */
  #reveal(element: HTMLElement): void {
    const list = this.#ui?.messages;
    if (list)
      list.scrollTop += element.getBoundingClientRect().top - list.getBoundingClientRect().top - 8;
  }

  #errorText(err: unknown): string {
    const s = this.#strings;
    if (!(err instanceof ApiError)) return s.errorNetwork;
    if (err.status === 413) return s.errorTooLong;
    if (err.status === 429)
      return fill(s.errorRateLimited, { seconds: err.retryAfterSeconds ?? 60 });
    return s.errorGeneric;
  }

  /** Sends `asked` (a suggested question) or what the customer typed. */
  async #send(asked?: string): Promise<void> {
    const ui = this.#ui;
    const text = (asked ?? ui?.input.value)?.trim();
    if (!ui || !text || this.#busy) return;
    this.#busy = true;
    clearTimeout(this.#idle);
    ui.send.setAttribute('aria-disabled', 'true');
    if (asked === undefined) {
      ui.input.value = '';
      ui.input.style.height = '';
    }
    await this.#restored;
    ui.messages.querySelector('.suggest')?.remove();
    const question = this.#userMessage(text);
    this.#following = true;
    const follow = () => {
      if (this.#following) this.#reveal(question);
    };
    const handoff = this.#handoffPanel;
    // While a person is asked for or holds the conversation, the assistant does not answer:
    // no "typing" bubble, only a notice if the server sends one.
    let message = handoff?.mode === 'bot' ? this.#assistantMessage() : undefined;
    const bubble = () => {
      message ??= this.#assistantMessage();
      return message;
    };
    message?.show('');
    follow();
    let answer = '';
    try {
      let messageId: string | undefined;
      for await (const event of this.#client.chat(text)) {
        if (event.type === 'meta') messageId = event.messageId;
        else if (event.type === 'delta') {
          answer += event.text;
          bubble().show(answer);
        } else if (event.reply.held) {
          answer = event.reply.text;
          if (answer) bubble().finish({ text: answer, citations: [] });
          else message?.element.remove();
          if (event.reply.held.mode === 'bot') handoff?.show({ mode: 'bot' });
        } else {
          answer = event.reply.text;
          const last = bubble();
          last.finish({ ...event.reply, messageId: event.reply.messageId ?? messageId });
          last.element.append(this.#stamp());
          this.#last = last;
          this.#askLater();
          // "I want a person" in words: the server brought one in.
          const mode = event.reply.handoff?.mode;
          if (mode && mode !== 'bot') handoff?.show({ mode });
        }
        follow();
      }
      if (answer) this.#announce(`${this.#strings.assistant}: ${answer}`);
    } catch (err) {
      bubble().fail(this.#errorText(err));
      this.#announce(this.#errorText(err));
    } finally {
      this.#busy = false;
      ui.send.removeAttribute('aria-disabled');
    }
  }

  /**
   * The closing question: when the conversation has been quiet for `closing-delay` seconds
   * (default 60; 0 turns it off) after an answer, that answer asks "Did this solve it?" next to
   * its 👍/👎 (recorded through the same feedback endpoint). Unobtrusive: no pop-up, no scroll.
   */
  #askLater(): void {
    clearTimeout(this.#idle);
    const seconds = Number(this.getAttribute('closing-delay') ?? 60);
    if (seconds > 0) this.#idle = setTimeout(() => this.#last?.ask(), seconds * 1000);
  }

  async #handoff(): Promise<void> {
    let answer: HandoffAnswer;
    try {
      answer = await this.#client.handoff();
    } catch (err) {
      this.#notice(this.#errorText(err));
      return;
    }
    if (answer.delivered) {
      this.#notice(this.#strings.handoffDelivered);
      this.#handoffPanel?.show({ mode: answer.mode ?? 'waiting' });
      return;
    }
    const c = answer.contact ?? {};
    const contact = [c.email, c.phone, c.hours, c.url].filter(Boolean).join(' · ');
    this.#notice(fill(this.#strings.handoffFallback, { contact: contact || '—' }));
  }
}
