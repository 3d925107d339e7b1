import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS, greetingText, MAX_PROMPTS, threadTitle } from './assistant-greeting.ts';

describe('threadTitle', () => {
  it('keeps a short question as it is, on one line', () => {
    expect(threadTitle('  how do I pair\na room sensor?  ')).toBe('how do I pair a room sensor?');
  });

  it('shows links and mentions as their text, and the escaped characters as typed', () => {
    expect(threadTitle('is <https://ex.com/a|the guide> right for <@U1|ana> &amp; me?')).toBe(
      'is the guide (https://ex.com/a) right for ana & me?',
    );
  });

  it('cuts a long question at a word, within 60 characters', () => {
    const title = threadTitle(
      'my thermostat keeps losing its connection to the hub every night around midnight, why?',
    );
    expect(title).toBe('my thermostat keeps losing its connection to the hub every…');
    expect(title.length).toBeLessThanOrEqual(60);
  });

  it('cuts a question without spaces where the title ends', () => {
    expect(threadTitle('x'.repeat(200))).toBe(`${'x'.repeat(59)}…`);
  });
});

describe('greetingText', () => {
  it("names the company when the profile has one, and no one's otherwise", () => {
    expect(greetingText(' Acme ')).toMatch(/^Hi! I'm the Acme assistant\. /);
    expect(greetingText(undefined)).toMatch(/^Hi! I'm the virtual assistant here\. /);
    expect(greetingText('')).toMatch(/^Hi! I'm the virtual assistant here\. /);
  });
});

it('offers no more default prompts than Slack shows', () => {
  expect(DEFAULT_PROMPTS.length).toBeLessThanOrEqual(MAX_PROMPTS);
});
