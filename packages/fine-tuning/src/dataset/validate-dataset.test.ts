import { describe, expect, it } from 'vitest';
import { readChatJsonl, readInstructionCsv } from './read-sources.ts';
import { stratifiedSplit } from './split.ts';
import { validateDataset } from './validate-dataset.ts';

const line = (user: string, assistant: string, intent = 'track_order') =>
  JSON.stringify({
    messages: [
      { role: 'user', content: user },
      { role: 'assistant', content: assistant },
    ],
    intent,
  });

const REPLY =
  'Your parcel is on its way; the tracking link in your confirmation e-mail shows where it is right now, and it updates every few hours until the courier delivers it to your door. If the link shows no movement for three days, reply to this message and we will open a trace with the courier for you.';

/** One line per finding the validator must report, in file order (line numbers 1..11). */
const FIXTURE = [
  line('where is my parcel', REPLY),
  '{"messages": [oops',
  JSON.stringify({
    messages: [
      { role: 'assistant', content: 'Hi!' },
      { role: 'user', content: 'hello' },
    ],
  }),
  line('   ', 'Something useful'),
  line('where is my parcel', REPLY),
  line('where is my parcel now', REPLY),
  line('refund please', 'Refunds go back to {{Card Number} within 5 days.', 'refund'),
  line(
    'refund status',
    'Refunds take {{Refund Processing Time}}; see {{Loyalty Discount Code}}.',
    'refund',
  ),
  line(
    'my e-mail is ann@example.org, call 0161 496 0000',
    'Thanks! We wrote to ann@example.org about order #88231 and card 4111 1111 1111 1111.',
    'contact',
  ),
  JSON.stringify({
    messages: [
      { role: 'user', content: 'x' },
      { role: 'bot', content: 'y' },
    ],
  }),
  JSON.stringify({
    messages: [
      { role: 'system', content: 'Be nice.' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'cancel my order' },
    ],
  }),
].join('\n');

describe('validateDataset', () => {
  const { report, records } = validateDataset([readChatJsonl(FIXTURE, 'data.jsonl')]);
  const at = (n: number) => report.problems.filter((p) => p.line === n);

  it('reports malformed lines, role order, empty turns and placeholder syntax as errors, per line', () => {
    const errors = report.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.line, p.code])).toEqual([
      [2, 'invalid_json'],
      [3, 'role_order'],
      [4, 'empty_turn'],
      [7, 'placeholder_syntax'],
      [10, 'schema'],
      [11, 'role_order'],
    ]);
    expect(at(3)[0]!.reason).toMatch(/message 0 is "assistant" where "user" was expected/);
    expect(at(10)[0]!.reason).toMatch(/unknown role "bot"/);
    expect(at(11)[0]!.reason).toMatch(/does not end with an assistant reply/);
    expect(at(7)[0]!.reason).toMatch(/unbalanced placeholder braces/);
    expect(errors.every((p) => p.source === 'data.jsonl')).toBe(true);
    expect(report.ok).toBe(false);
  });

  it('reports exact duplicates (left out) and near duplicates (kept) against the earlier line', () => {
    expect(at(5)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'duplicate',
        reason: expect.stringMatching(/of line 1; left out/),
      }),
    ]);
    expect(at(6)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'near_duplicate',
        reason: expect.stringMatching(/of line 1; kept/),
      }),
    ]);
    expect(records.map((r) => r.origin.line)).toEqual([1, 6, 8, 9]);
  });

  it('warns about placeholder names nothing can fill, and accepts known ones', () => {
    expect(at(8)).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'unknown_placeholder' }),
    ]);
    expect(at(8)[0]!.reason).toContain('{{Loyalty Discount Code}}');
    expect(at(8)[0]!.reason).not.toContain('Refund Processing Time');
    expect(report.unknownPlaceholders).toEqual({ 'Loyalty Discount Code': 1 });
  });

  it('scrubs PII in questions and replies and counts it by kind', () => {
    const contact = records.find((r) => r.intent === 'contact')!;
    expect(contact.messages.map((m) => m.content)).toEqual([
      'my e-mail is {{Customer Email}}, call {{Customer Phone Number}}',
      'Thanks! We wrote to {{Customer Email}} about order {{Order Number}} and card {{Card Number}}.',
    ]);
    expect(report.pii).toEqual({
      counts: { email: 2, phone: 1, card: 1, account: 0, order: 1 },
      linesScrubbed: 1,
    });
    expect(JSON.stringify(records)).not.toMatch(/ann@example|4111|0161/);
  });

  it('counts tokens, estimates cost and reports intent balance', () => {
    expect(report.counts).toMatchObject({ lines: 11, errors: 6, examples: 4, intents: 3 });
    expect(report.tokens.total).toBeGreaterThan(40);
    expect(report.cost.usd).not.toBeNull();
    expect(report.cost.billedTokens).toBe(report.tokens.train * 3);
    expect(report.balance).toMatchObject({ min: 1, max: 2, imbalanceRatio: 2 });
    expect(report.balance.belowMinimum).toEqual(['contact', 'refund', 'track_order']);
  });

  it('reports over-long turns as errors by token count', () => {
    const long = validateDataset([readChatJsonl(line('hi', 'word '.repeat(50)), 'x.jsonl')], {
      maxTurnTokens: 20,
    });
    expect(long.report.problems).toEqual([
      expect.objectContaining({ line: 1, code: 'too_long', severity: 'error' }),
    ]);
  });

  it('numbers CSV problems by the line the row starts on', () => {
    const csv = [
      'instruction,intent,response',
      'where is my order,track_order,"It ships\nsoon."',
      ',track_order,"No question"',
      'too short',
    ].join('\n');
    const read = readInstructionCsv(csv, 'x.csv');
    expect(read.records).toHaveLength(1);
    expect(read.problems.map((p) => [p.line, p.code])).toEqual([
      [4, 'empty_turn'],
      [5, 'schema'],
    ]);
  });
});

describe('stratifiedSplit', () => {
  const intents = ['a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'c', 'c', 'c', 'd'];

  it('puts every intent with two or more examples on both sides, reproducibly per seed', () => {
    const split = stratifiedSplit(intents, { seed: 7, validationFraction: 0.2 });
    const side = (indices: number[]) => new Set(indices.map((i) => intents[i]));
    expect(side(split.train)).toEqual(new Set(['a', 'b', 'c', 'd']));
    expect(side(split.validation)).toEqual(new Set(['a', 'b', 'c']));
    expect([...split.train, ...split.validation].sort((x, y) => x - y)).toEqual(
      intents.map((_, i) => i),
    );
    expect(split.validation.filter((i) => intents[i] === 'a')).toHaveLength(2);
    expect(stratifiedSplit(intents, { seed: 7, validationFraction: 0.2 })).toEqual(split);
  });

  it('keeps a group (near-duplicate family) on one side', () => {
    const groupOf = (i: number) => (i < 6 ? 0 : i);
    for (const seed of [1, 2, 3, 4, 5]) {
      const split = stratifiedSplit(intents, { seed, groupOf });
      const family = [0, 1, 2, 3, 4, 5];
      const inValidation = family.filter((i) => split.validation.includes(i)).length;
      expect([0, 6]).toContain(inValidation);
    }
  });
});
