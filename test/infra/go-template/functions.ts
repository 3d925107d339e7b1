import { stringify } from 'yaml';
import { basicEqual, empty, formatNumber, isMap, stringValue, type Value } from './values.ts';

/**
 * The Helm and Sprig functions the chart's templates use, with their argument order (the piped
 * value is the last argument). `and`, `or`, `include` and `template` live in the evaluator: the
 * first two do not evaluate every argument, the last two render other templates.
 */
export type TemplateFunction = (...args: Value[]) => Value;

const asString = (value: Value, fn: string): string => {
  if (typeof value !== 'string') throw new Error(`${fn}: expected a string, got ${typeof value}`);
  return value;
};
const asCount = (value: Value, fn: string): number => {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new Error(`${fn}: expected an integer, got ${String(value)}`);
  return value;
};
/** Sprig's indent: every line, empty ones included, gets the padding. */
const indent = (spaces: Value, text: Value): string => {
  const pad = ' '.repeat(asCount(spaces, 'indent'));
  return pad + stringValue(text).replaceAll('\n', `\n${pad}`);
};
/** Go's %q for the strings templates quote: JSON's escaping, which YAML reads the same way. */
const goQuote = (text: string): string => JSON.stringify(text);

export const FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  default: (fallback, ...given) => (given.length === 0 || empty(given[0]) ? fallback : given[0]),
  required: (message, value) => {
    if (value === null || value === undefined || value === '')
      throw new Error(`required: ${stringValue(message)}`);
    return value;
  },
  fail: (message) => {
    throw new Error(`fail: ${stringValue(message)}`);
  },
  empty: (value) => empty(value),
  not: (value) => empty(value),
  eq: (a, ...others) => {
    if (others.length === 0) throw new Error('eq: missing argument');
    return others.some((b) => basicEqual(a, b));
  },
  ne: (a, b) => !basicEqual(a, b),
  quote: (...values) =>
    values
      .filter((v) => v !== null && v !== undefined)
      .map((v) => goQuote(stringValue(v)))
      .join(' '),
  squote: (...values) =>
    values
      .filter((v) => v !== null && v !== undefined)
      .map((v) => `'${stringValue(v)}'`)
      .join(' '),
  toString: (value: Value) => stringValue(value),
  // Helm's toYaml writes YAML 1.1 (go-yaml v2), quoting strings such as "off" and "yes".
  toYaml: (value) =>
    value === null || value === undefined
      ? 'null'
      : stringify(value, {
          version: '1.1',
          sortMapEntries: true,
          indentSeq: false,
          lineWidth: 0,
        }).replace(/\n$/, ''),
  indent: (spaces, text) => indent(spaces, text),
  nindent: (spaces, text) => `\n${indent(spaces, text)}`,
  trunc: (count, text) => {
    const n = asCount(count, 'trunc');
    const s = asString(text, 'trunc');
    if (n < 0) return s.length + n > 0 ? s.slice(s.length + n) : s;
    return s.length > n ? s.slice(0, n) : s;
  },
  trimSuffix: (suffix, text) => {
    const s = asString(text, 'trimSuffix');
    const end = asString(suffix, 'trimSuffix');
    return end !== '' && s.endsWith(end) ? s.slice(0, -end.length) : s;
  },
  contains: (part, text) => asString(text, 'contains').includes(asString(part, 'contains')),
  replace: (from, to, text) =>
    asString(text, 'replace').replaceAll(asString(from, 'replace'), asString(to, 'replace')),
  lower: (text) => asString(text, 'lower').toLowerCase(),
  upper: (text) => asString(text, 'upper').toUpperCase(),
  b64enc: (text) => Buffer.from(stringValue(text), 'utf8').toString('base64'),
  printf: (format, ...args) => sprintf(asString(format, 'printf'), args),
  print: (...args) =>
    // fmt.Sprint: a space only between two operands that are both not strings.
    args
      .map((a, i) =>
        i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string'
          ? ` ${stringValue(a)}`
          : stringValue(a),
      )
      .join(''),
  len: (value) => {
    if (typeof value === 'string' || Array.isArray(value)) return value.length;
    if (isMap(value)) return Object.keys(value).length;
    throw new Error(`len of ${typeof value}`);
  },
  hasKey: (map, key) => isMap(map) && Object.hasOwn(map, asString(key, 'hasKey')),
  list: (...items) => items,
  dict: (...pairs) => {
    const out: Record<string, Value> = {};
    for (let i = 0; i < pairs.length; i += 2) out[asString(pairs[i], 'dict')] = pairs[i + 1] ?? '';
    return out;
  },
};

/** Go's fmt for the verbs templates use: %s, %v and %q (and %%). */
function sprintf(format: string, args: Value[]): string {
  let next = 0;
  const out = format.replace(/%([svdq%])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) return `%!${verb}(MISSING)`;
    const arg = args[next++];
    // Values reach templates as float64, which Go's %d prints as "%!d(float64=3000)".
    if (verb === 'd') throw new Error('printf: %d prints a float64 value wrongly in Helm; use %v');
    if (verb === 'q') return goQuote(stringValue(arg));
    return typeof arg === 'number' ? formatNumber(arg) : stringValue(arg);
  });
  if (next < args.length) throw new Error(`printf: ${args.length - next} extra argument(s)`);
  return out;
}
