import { h } from './dom.ts';

/** Characters shown before a long text is cut; about four lines of the answer column. */
const PREVIEW_CHARS = 280;

let nextId = 0;

/** The start of `text`, cut at a word boundary, with an ellipsis. */
export function excerpt(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const cut = text.slice(0, chars).replace(/\s+\S*$/, '');
  return `${cut || text.slice(0, chars)}…`;
}

/**
 * Text shown in full when short; when long, its start with a "Show all" toggle. The toggle says
 * whether it is expanded (`aria-expanded`) and which text it controls, and the text is always set
 * with textContent, so it is never parsed as HTML.
 */
export function collapsibleText(text: string, what: string): HTMLElement {
  const body = h('span', { class: 'prose' }, text);
  if (text.length <= PREVIEW_CHARS) return h('div', {}, body);
  const preview = excerpt(text, PREVIEW_CHARS);
  body.id = `collapsible-${++nextId}`;
  body.textContent = preview;
  const label = h('span', {}, 'Show all');
  const toggle = h(
    'button',
    { type: 'button', class: 'link', 'aria-expanded': 'false', 'aria-controls': body.id },
    label,
    // Spoken, not shown: "Show all of the answer" says what opens. The space stays outside the
    // spans: an accessible name is built from each element's trimmed text.
    ' ',
    h('span', { class: 'visually-hidden' }, `of the ${what}`),
  );
  toggle.addEventListener('click', () => {
    const expanded = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(expanded));
    body.textContent = expanded ? text : preview;
    label.textContent = expanded ? 'Show less' : 'Show all';
  });
  return h('div', { class: 'collapsible' }, body, ' ', toggle);
}
