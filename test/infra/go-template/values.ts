/**
 * How Go templates (as Helm runs them) see and print values: truth, emptiness, `%v` formatting and
 * comparison. Values come from YAML through JSON, so every number is a float64.
 */

export type Value = unknown;

export function isMap(value: Value): value is Record<string, Value> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** text/template's truth: false, 0, nil, "" and empty lists and maps are false. */
export function truth(value: Value): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '')
    return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isMap(value)) return Object.keys(value).length > 0;
  return true;
}

/** Go's `fmt` `%v` for a float64: shortest digits, exponent form from 1e+06 and below 1e-04. */
export function formatNumber(n: number): string {
  if (n === 0) return '0';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : Number.isNaN(n) ? 'NaN' : '-Inf';
  const [mantissa = '', exponentText = '0'] = n.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(n);
}

/** What `{{ value }}` writes; nil writes "<no value>", which Helm then removes. */
export function printValue(value: Value): string {
  if (value === null || value === undefined) return '<no value>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(printValue).join(' ')}]`;
  if (isMap(value))
    return `map[${Object.keys(value)
      .sort()
      .map((k) => `${k}:${printValue(value[k])}`)
      .join(' ')}]`;
  throw new Error(`cannot print ${typeof value}`);
}

/** Sprig's strval: the value as a string (`%v` for anything but a string). */
export function stringValue(value: Value): string {
  return typeof value === 'string' ? value : printValue(value);
}

/** `eq`/`ne`: basic kinds only, as text/template; different kinds are an error, not false. */
export function basicEqual(a: Value, b: Value): boolean {
  const kind = (v: Value) => (v === null || v === undefined ? 'nil' : typeof v);
  if (kind(a) === 'nil' || kind(b) === 'nil') return kind(a) === kind(b);
  if (!['string', 'number', 'boolean'].includes(kind(a)))
    throw new Error(`eq: invalid type for comparison: ${kind(a)}`);
  if (kind(a) !== kind(b)) throw new Error(`eq: incompatible types for comparison`);
  return a === b;
}

/** Sprig's `empty`: the zero value of its kind (as `default` and `required` judge). */
export function empty(value: Value): boolean {
  return !truth(value);
}
