import { describe, expect, it } from 'vitest';
import { createGlobMatcher, globToRegExp } from './glob.ts';

describe('createGlobMatcher', () => {
  it('matches ** across any depth, including none', () => {
    const match = createGlobMatcher(['**/*.{md,txt}']);
    expect(match('a.md')).toBe(true);
    expect(match('x/y/z.txt')).toBe(true);
    expect(match('x/y/z.html')).toBe(false);
    expect(match('a.md.bak')).toBe(false);
  });

  it('keeps * and ? inside one segment', () => {
    const match = createGlobMatcher(['docs/*.md', 'n?te.txt']);
    expect(match('docs/a.md')).toBe(true);
    expect(match('docs/sub/a.md')).toBe(false);
    expect(match('note.txt')).toBe(true);
    expect(match('nooote.txt')).toBe(false);
  });

  it('supports nested braces and escapes regex characters', () => {
    expect(globToRegExp('{guide,faq/{en,fr}}/*.md').test('faq/fr/x.md')).toBe(true);
    expect(globToRegExp('{guide,faq/{en,fr}}/*.md').test('faq/de/x.md')).toBe(false);
    expect(globToRegExp('a+b(1).md').test('a+b(1).md')).toBe(true);
    expect(globToRegExp('a.md').test('aXmd')).toBe(false);
  });

  it('rejects an unclosed brace', () => {
    expect(() => globToRegExp('{a,b')).toThrow(/Unclosed/);
  });
});
