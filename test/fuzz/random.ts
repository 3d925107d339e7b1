import { PROPERTY_NAMES } from '../support/property-names.ts';

/** A small seeded PRNG (mulberry32): the same seed gives the same inputs, so failures reproduce. */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }
}

/** JavaScript property names, as-is and in the shapes a key or id takes. */
export const NAMES: readonly string[] = PROPERTY_NAMES;

/**
 * Strings that break naive code: empty, whitespace, control and unicode edge cases, markup,
 * paths, numbers in disguise. None of them names a real directory (admin sources are fuzzed too).
 */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m',
  '\u200b\u200e\u202e',
  '\ufeff{}',
  '\ud800',
  '\udfff\ud800',
  '💥🧨',
  'é'.normalize('NFD'),
  'Ω≈ç√∫',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  '../../../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  // A template injection probe: `$` `{7*7}` and `{{7*7}}`.
  ['$', '{7*7}{{7*7}}'].join(''),
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e400',
  '0x10',
  'true',
  '[]',
  '{}',
  'slack:T0FAKE:C0GENERAL:1.2',
  'api:fuzz:x',
  'widget:abc',
  '\\',
  '/',
];

export function hugeString(rng: Rng): string {
  return rng.pick(['a', 'é', '💥', 'constructor ', '\u0000']).repeat(rng.pick([1_000, 70_000]));
}

export function randomString(rng: Rng): string {
  const roll = rng.int(10);
  if (roll < 4) return rng.pick(NAMES);
  if (roll < 8) return rng.pick(NASTY_STRINGS);
  if (roll < 9) return hugeString(rng);
  return `${rng.pick(NAMES)} ${rng.pick(NASTY_STRINGS)} how do I pair a sensor ${rng.pick(NAMES)}`;
}

/** `depth` nested arrays or objects around a value. */
export function deeplyNested(rng: Rng, depth: number): unknown {
  let value: unknown = rng.pick(NAMES);
  for (let i = 0; i < depth; i += 1)
    value = rng.chance(0.5) ? [value] : { [rng.pick(NAMES)]: value };
  return value;
}

/** Any JSON value, biased towards the ones code forgets: null, wrong types, prototype keys. */
export function randomValue(rng: Rng, depth = 0): unknown {
  const roll = rng.int(14);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1.5, 2 ** 53 + 1, -0, 1e308]);
    case 3:
      return [];
    case 4:
      return {};
    case 5:
      return depth < 3 ? [randomValue(rng, depth + 1), randomValue(rng, depth + 1)] : [];
    case 6:
      return depth < 3 ? { [rng.pick(NAMES)]: randomValue(rng, depth + 1) } : {};
    case 7:
      return deeplyNested(rng, rng.pick([10, 200, 2_000]));
    default:
      return randomString(rng);
  }
}

/** JSON text with the same key twice (parsers keep the last; validators may see the first). */
export function withDuplicateKey(json: string, rng: Rng): string {
  const match = /^\{"([^"]+)":/.exec(json);
  if (!match) return json;
  return `{"${match[1]}":${JSON.stringify(randomValue(rng))},${json.slice(1)}`;
}

/** Broken JSON of the kinds clients really send. */
export const BAD_JSON: readonly string[] = [
  '{',
  '}',
  '{"message":}',
  '{"message":"unterminated',
  "{'message':'single quotes'}",
  '{"message":"a",}',
  'nul',
  '{"a":1}{"b":2}',
  '\ufeff{"message":"bom"}',
  '{"message":"\\ud800"}',
  '{"__proto__":{"polluted":true},"message":"hi"}',
  '{"constructor":{"prototype":{"polluted":true}},"message":"hi"}',
  '[',
  '',
  '\u0000',
  '1'.repeat(400),
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
];

export const CONTENT_TYPES: readonly (string | undefined)[] = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'application/*',
  '*/*',
  'constructor',
  '__proto__/toString',
  undefined,
];
