import { describe, expect, it } from 'vitest';
import { memoized } from './memo.ts';

describe('memoized', () => {
  it('computes each input once while it stays among the most recently used', () => {
    const calls: string[] = [];
    const upper = memoized((text: string) => {
      calls.push(text);
      return text.toUpperCase();
    }, 2);
    expect(upper('a')).toBe('A');
    expect(upper('b')).toBe('B');
    expect(upper('a')).toBe('A'); // a is now the most recent
    expect(upper('c')).toBe('C'); // evicts b, the least recently used
    expect(upper('a')).toBe('A');
    expect(upper('b')).toBe('B');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keys by the exact string, "constructor" included', () => {
    const length = memoized((text: string) => text.length, 4);
    expect(length('constructor')).toBe(11);
    expect(length('__proto__')).toBe(9);
  });
});
