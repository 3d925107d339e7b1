import { h, icon } from './dom.ts';
import type { Strings } from './strings.ts';

/**
 * The widget's static DOM: launcher, panel, header, message list, live region, composer, AI
 * disclosure. The launcher is also the close button while the panel is open (it shows a cross
 * and is named "Close chat"); on a phone it sits in the full-screen panel's header corner.
 */
export interface Panel {
  launcher: HTMLButtonElement;
  panel: HTMLElement;
  title: HTMLHeadingElement;
  avatar: HTMLImageElement;
  messages: HTMLElement;
  live: HTMLElement;
  human: HTMLButtonElement;
  /** Who answers while a person is asked for or holds the conversation. */
  status: HTMLElement;
  /** "Back to the assistant", shown while a person is asked for or holds the conversation. */
  back: HTMLButtonElement;
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  send: HTMLButtonElement;
  /** The AI disclosure line under the composer. */
  disclosure: HTMLElement;
}

export function buildPanel(root: ShadowRoot, strings: Strings, maxChars: number): Panel {
  const launcher = h('button', {
    type: 'button',
    class: 'launcher',
    'aria-expanded': 'false',
    'aria-controls': 'sb-panel',
    'aria-label': strings.openChat,
  });
  launcher.append(
    icon('M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z'),
    icon(
      'M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z',
    ),
  );
  const title = h('h2', { id: 'sb-title' }, strings.title);
  const avatar = h('img', { class: 'avatar', alt: '', hidden: true });
  const messages = h('div', {
    class: 'messages',
    role: 'region',
    tabindex: '0',
    'aria-label': strings.conversation,
  });
  const live = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const human = h('button', { type: 'button', class: 'link-button' }, strings.talkToHuman);
  const status = h('p', { class: 'status', hidden: true });
  const back = h(
    'button',
    { type: 'button', class: 'link-button', hidden: true },
    strings.backToBot,
  );
  const input = h('textarea', {
    id: 'sb-input',
    dir: 'auto',
    rows: '1',
    maxlength: String(maxChars),
    placeholder: strings.placeholder,
    autocomplete: 'off',
  });
  const send = h('button', { type: 'submit', class: 'send' }, strings.send);
  const form = h(
    'form',
    { class: 'composer' },
    h('label', { class: 'sr-only', for: 'sb-input' }, strings.inputLabel),
    input,
    send,
  );
  const disclosure = h('p', { class: 'disclosure', dir: 'auto' });
  const panel = h(
    'section',
    { id: 'sb-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'sb-title', hidden: true },
    h('div', { class: 'head' }, avatar, title),
    messages,
    live,
    h('div', { class: 'bar' }, status, human, back),
    form,
    disclosure,
  );
  root.append(launcher, panel);
  return {
    launcher,
    panel,
    title,
    avatar,
    messages,
    live,
    human,
    status,
    back,
    form,
    input,
    send,
    disclosure,
  };
}
