type Attributes = Record<string, string | boolean | undefined>;

/**
 * Creates an element with attributes and children. Text children become text nodes, so data
 * passed here is never parsed as HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children);
  return element;
}

/** The element with this id; the page shell always has it, so its absence is a bug. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`admin page: #${id} is missing`);
  return element as T;
}

/** A `<time>` for an epoch-milliseconds instant, in the reader's locale. */
export function timeOf(at: number): HTMLTimeElement {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return h('time', {}, 'unknown time');
  return h('time', { datetime: date.toISOString() }, date.toLocaleString());
}

export interface Column<T> {
  title: string;
  cell: (row: T) => Node | string;
}

/**
 * A table of `rows`; each cell carries its column title in `data-label`, which the narrow-screen
 * layout shows in front of the value when rows become stacked cards.
 */
export function table<T>(caption: string, columns: Column<T>[], rows: T[]): HTMLTableElement {
  const head = h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c.title)));
  const body = rows.map((row) =>
    h('tr', {}, ...columns.map((c) => h('td', { 'data-label': c.title }, c.cell(row)))),
  );
  return h(
    'table',
    { class: 'grid' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, head),
    h('tbody', {}, ...body),
  );
}
