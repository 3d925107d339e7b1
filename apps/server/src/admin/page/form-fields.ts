import { h } from './dom.ts';

/** A labelled form control: the label names it for screen readers and is clickable. */
export function field(id: string, label: string, control: HTMLElement): HTMLElement {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

/** A `<select>` whose first option (value '') means "any". */
export function select(
  name: string,
  anyLabel: string,
  options: ReadonlyArray<string | [value: string, label: string]>,
): HTMLSelectElement {
  return h(
    'select',
    { name },
    h('option', { value: '' }, anyLabel),
    ...options.map((option) => {
      const [value, label] = typeof option === 'string' ? [option, option] : option;
      return h('option', { value }, label);
    }),
  );
}

/** Today's date in UTC (YYYY-MM-DD): the API reads plain dates as UTC days. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The UTC date `days` before today. */
export function utcDaysBefore(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}
