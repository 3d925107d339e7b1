/**
 * Charts in plain SVG, built with DOM calls (no library, no inline styles: the CSP allows none;
 * colours come from admin.css classes). Each chart is an image with a text alternative, and
 * every mark carries its number in a `data-*` attribute and a `<title>` tooltip.
 */

const SVG = 'http://www.w3.org/2000/svg';

type Attributes = Record<string, string | number>;

function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string>
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

const tip = (text: string) => s('title', {}, text);

/** A round ceiling for an axis: 1, 2, 5 × 10ⁿ. */
function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function chartRoot(label: string, width: number, height: number): SVGSVGElement {
  return s('svg', {
    class: 'chart',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': label,
    preserveAspectRatio: 'xMinYMin meet',
  });
}

export interface TimePoint {
  /** The bucket's start, ISO 8601. */
  start: string;
  count: number;
  /** 0..1, or null when nothing was decided in the bucket. */
  rate: number | null;
  /** The tooltip of the bucket. */
  describe: string;
}

/**
 * Bars of a count over time with a line of a rate (0–100 %, right axis) across them: issues and
 * their resolution rate per day or week.
 */
export function barsWithRate(label: string, points: TimePoint[]): SVGSVGElement {
  const width = 720;
  const height = 240;
  const m = { left: 36, right: 44, top: 14, bottom: 34 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const max = niceMax(Math.max(0, ...points.map((p) => p.count)));
  const band = plotW / Math.max(1, points.length);
  const y = (count: number) => m.top + plotH - (count / max) * plotH;
  const yRate = (rate: number) => m.top + plotH - rate * plotH;
  const svg = chartRoot(label, width, height);
  const axis = s('g', { class: 'axis' });
  for (const tick of [0, max / 2, max]) {
    axis.append(
      s('line', { x1: m.left, x2: width - m.right, y1: y(tick), y2: y(tick), class: 'gridline' }),
      s('text', { x: m.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, String(tick)),
    );
  }
  for (const tick of [0, 0.5, 1])
    axis.append(
      s(
        'text',
        { x: width - m.right + 6, y: yRate(tick) + 4, class: 'rate-axis' },
        `${tick * 100}%`,
      ),
    );
  // At most about eight date labels, whatever the number of buckets.
  const every = Math.max(1, Math.ceil(points.length / 8));
  points.forEach((point, i) => {
    if (i % every === 0)
      axis.append(
        s(
          'text',
          { x: m.left + band * (i + 0.5), y: height - m.bottom + 16, 'text-anchor': 'middle' },
          point.start.slice(5, 10),
        ),
      );
  });
  svg.append(axis);
  const bars = s('g', { class: 'bars' });
  points.forEach((point, i) => {
    const top = y(point.count);
    bars.append(
      s(
        'rect',
        {
          class: 'bar',
          x: m.left + band * i + band * 0.15,
          y: top,
          width: Math.max(1, band * 0.7),
          height: m.top + plotH - top,
          'data-start': point.start,
          'data-count': point.count,
          'data-rate': point.rate === null ? '' : point.rate,
        },
        tip(point.describe),
      ),
    );
  });
  svg.append(bars);
  const placed = points.map((point, i) => ({ point, x: m.left + band * (i + 0.5) }));
  // The line joins consecutive buckets only: a bucket with nothing decided breaks it.
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) svg.append(s('polyline', { class: 'rate-line', points: run.join(' ') }));
    run = [];
  };
  for (const { point, x } of placed) {
    if (point.rate === null) flush();
    else run.push(`${x},${yRate(point.rate)}`);
  }
  flush();
  const rated = placed.filter(({ point }) => point.rate !== null);
  for (const { point, x } of rated)
    svg.append(
      s(
        'circle',
        { class: 'rate-dot', cx: x, cy: yRate(point.rate ?? 0), r: 4 },
        tip(point.describe),
      ),
    );
  return svg;
}

export interface BarRow {
  label: string;
  /** The bar's length, against `max`. */
  value: number;
  /** Written after the bar: the number a reader needs (e.g. "75.0% of 4 rated"). */
  text: string;
  /** Extra attributes for the bar (`data-*` with the API's numbers). */
  data?: Record<string, string | number>;
}

/** Horizontal bars, one row each: handoff reasons, CSAT per route or channel. */
export function horizontalBars(label: string, rows: BarRow[], max: number): SVGSVGElement {
  const width = 720;
  const rowH = 30;
  const labelW = 170;
  const textW = 190;
  const height = rows.length * rowH + 8;
  const svg = chartRoot(label, width, height);
  const plotW = width - labelW - textW;
  rows.forEach((row, i) => {
    const top = 4 + i * rowH;
    const length = max > 0 ? (row.value / max) * plotW : 0;
    svg.append(
      s(
        'g',
        { class: 'row' },
        s('text', { x: labelW - 8, y: top + 19, 'text-anchor': 'end' }, row.label),
        s('rect', { class: 'track', x: labelW, y: top + 5, width: plotW, height: 18 }),
        s(
          'rect',
          {
            class: 'bar',
            x: labelW,
            y: top + 5,
            width: Math.max(0, length),
            height: 18,
            ...(row.data ?? {}),
          },
          tip(`${row.label}: ${row.text}`),
        ),
        s('text', { x: labelW + plotW + 8, y: top + 19, class: 'value' }, row.text),
      ),
    );
  });
  return svg;
}
