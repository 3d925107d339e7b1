import type { Turn } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { resolveFollowUp, topicOf } from './followup.ts';

const user = (text: string): Turn => ({ role: 'user', text, at: 0 });
const bot = (text: string): Turn => ({ role: 'assistant', text, at: 0 });

describe('resolveFollowUp', () => {
  it('puts the previous topic in place of a pronoun', () => {
    const r = resolveFollowUp('and how do I turn it off?', [
      user('How do I turn on dark mode?'),
      bot('Open Settings…'),
    ]);
    expect(r.resolved).toBe(true);
    expect(r.query).toBe('how do I turn dark mode off?');
  });

  it('appends the topic to a continuation without a pronoun', () => {
    const r = resolveFollowUp('what about in Eco mode?', [
      user('What temperature does the schedule use?'),
    ]);
    expect(r.resolved).toBe(true);
    expect(r.query).toMatch(/temperature schedule/);
  });

  it('leaves self-contained questions alone', () => {
    const r = resolveFollowUp('How do I pair a room sensor?', [
      user('How do I turn on dark mode?'),
    ]);
    expect(r).toEqual({ query: 'How do I pair a room sensor?', resolved: false });
  });

  it('does nothing without history', () => {
    expect(resolveFollowUp('how do I turn it off?', []).resolved).toBe(false);
  });

  it('follows a chain through the previous resolved query', () => {
    const history: Turn[] = [
      user('How do I turn on dark mode?'),
      { ...user('and off?'), resolvedQuery: 'and off dark mode' },
    ];
    expect(resolveFollowUp('does it save battery?', history).query).toBe(
      'does dark mode save battery?',
    );
  });

  it('extracts topic words without question words or generic verbs', () => {
    expect(topicOf('How can I change the Wi-Fi network?')).toBe('wi fi network');
  });
});
