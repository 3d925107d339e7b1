import { WidgetApi } from './api.ts';
import { h, isSafeUrl } from './dom.ts';
import { HandoffPanel } from './handoff-view.ts';
import { AssistantMessage, type MessageHandlers } from './message-view.ts';
import { buildPanel, type Panel } from './panel.ts';
import { ApiError, type HandoffAnswer, type HandoffView, type Turn } from './protocol.ts';
import { fill, mergeStrings, type Strings } from './strings.ts';
import { STYLES } from './styles.ts';

/** Attributes the host page may set; every one is optional. */
const ATTRIBUTES = [
  'title',
  'greeting',
  'avatar',
  'position',
  'mode',
  'accent-color',
  'accent-text-color',
  'server',
  'strings',
  'identity-token',
  'max-message-chars',
] as const;

/** Where this script was loaded from: the default server (captured while the script runs). */
const scriptOrigin = (() => {
  const src = (document.currentScript as HTMLScriptElement | null)?.src;
  return src ? new URL(src, location.href).origin : location.origin;
})();

/** Whether the panel was open on the previous page (sessionStorage: per tab, cleared on close). */
function wasOpen(key: string): boolean {
  try {
    return sessionStorage.getItem(key) === '1';
  } catch {
    return false; // Storage refused (sandboxed frame, some privacy modes).
  }
}

function rememberOpen(key: string, open: boolean): void {
  try {
    if (open) sessionStorage.setItem(key, '1');
    else sessionStorage.removeItem(key);
  } catch {
    // See wasOpen.
  }
}

function parseStrings(json: string | null): Record<string, unknown> | undefined {
  try {
    const value: unknown = json ? JSON.parse(json) : undefined;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The user id inside an identity token (its payload is readable, only the signature is secret). */
function identityUser(token: string | undefined): string {
  try {
    const payload = token?.split('.')[0];
    if (!payload) return 'anonymous';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return String((JSON.parse(json) as { userId?: unknown }).userId ?? 'anonymous');
  } catch {
    return 'anonymous';
  }
}

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

  /** Applies attributes and strings; keeps the conversation on screen. */
  #rebuild(): void {
    this.#strings = mergeStrings(
      { title: this.getAttribute('title') ?? undefined },
      { greeting: this.getAttribute('greeting') ?? undefined },
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
        scroll: () => this.#scroll(),
      });
    }
    const ui = this.#ui;
    const s = this.#strings;
    ui.title.textContent = s.title;
    ui.launcher.setAttribute('aria-label', s.openChat);
    ui.launcher.hidden = this.#inline;
    ui.close.hidden = this.#inline;
    ui.close.setAttribute('aria-label', s.closeChat);
    ui.messages.setAttribute('aria-label', s.conversation);
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

  #wire(ui: Panel): void {
    ui.launcher.addEventListener('click', () => {
      if (ui.panel.hidden) void this.open();
      else this.close();
    });
    ui.close.addEventListener('click', () => this.close());
    ui.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.#inline) {
        event.stopPropagation();
        this.close();
      }
    });
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
    ui.launcher.setAttribute('aria-expanded', 'true');
    if (!this.#inline) rememberOpen(this.#openKey, true);
    if (focus) ui.input.focus();
    this.#restored ??= this.#restore(ui);
    await this.#restored;
  }

  /** Closes the panel and gives focus back to the launcher. */
  close(): void {
    const ui = this.#ui;
    if (!ui || this.#inline) return;
    ui.panel.hidden = true;
    ui.launcher.setAttribute('aria-expanded', 'false');
    rememberOpen(this.#openKey, false);
    ui.launcher.focus();
  }

  async #restore(ui: Panel): Promise<void> {
    ui.messages.replaceChildren(
      h('div', { class: 'msg assistant' }, h('p', {}, this.#strings.greeting)),
    );
    let turns: Turn[] = [];
    let handoff: HandoffView = { mode: 'bot' };
    try {
      ({ turns, handoff } = await this.#client.transcript());
    } catch (err) {
      this.#notice(this.#errorText(err));
      return;
    }
    for (const turn of turns) {
      if (turn.role === 'user') this.#userMessage(turn.text);
      else if (turn.role === 'agent') this.#handoffPanel?.agentMessage(turn);
      else
        this.#assistantMessage().finish({
          text: turn.text,
          citations: turn.citations ?? [],
          ...(turn.id ? { messageId: turn.id } : {}),
        });
    }
    // Waiting for a person, or with one: the status line and the live stream come back too.
    this.#handoffPanel?.show(handoff);
    this.#scroll();
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
      onHandoff: () => void this.#handoff(),
    };
  }

  #assistantMessage(): AssistantMessage {
    const message = new AssistantMessage(this.#strings, this.#handlers);
    this.#ui?.messages.append(message.element);
    return message;
  }

  #userMessage(text: string): void {
    this.#ui?.messages.append(
      h(
        'div',
        { class: 'msg user' },
        h('span', { class: 'sr-only' }, `${this.#strings.you}: `),
        text,
      ),
    );
  }

  #notice(text: string): void {
    this.#ui?.messages.append(h('div', { class: 'msg notice' }, text));
    this.#announce(text);
    this.#scroll();
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

  #scroll(): void {
    const list = this.#ui?.messages;
    if (list) list.scrollTop = list.scrollHeight;
  }

  #errorText(err: unknown): string {
    const s = this.#strings;
    if (!(err instanceof ApiError)) return s.errorNetwork;
    if (err.status === 413) return s.errorTooLong;
    if (err.status === 429)
      return fill(s.errorRateLimited, { seconds: err.retryAfterSeconds ?? 60 });
    return s.errorGeneric;
  }

  async #send(): Promise<void> {
    const ui = this.#ui;
    const text = ui?.input.value.trim();
    if (!ui || !text || this.#busy) return;
    this.#busy = true;
    ui.send.setAttribute('aria-disabled', 'true');
    ui.input.value = '';
    ui.input.style.height = '';
    await this.#restored;
    this.#userMessage(text);
    const handoff = this.#handoffPanel;
    // While a person is asked for or holds the conversation, the assistant does not answer:
    // no "typing" bubble, only a notice if the server sends one.
    let message = handoff?.mode === 'bot' ? this.#assistantMessage() : undefined;
    const bubble = () => {
      message ??= this.#assistantMessage();
      return message;
    };
    message?.show('');
    this.#scroll();
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
          bubble().finish({ ...event.reply, messageId: event.reply.messageId ?? messageId });
          // "I want a person" in words: the server brought one in.
          const mode = event.reply.handoff?.mode;
          if (mode && mode !== 'bot') handoff?.show({ mode });
        }
        this.#scroll();
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
