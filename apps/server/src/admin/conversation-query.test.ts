import { isSwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import {
  parseConversationId,
  parseConversationQuery,
  parseOutcomeQuery,
} from './conversation-query.ts';

function refusal(parse: () => unknown): { field: unknown; message: string } {
  try {
    parse();
  } catch (error) {
    if (isSwitchboardError(error) && error.code === 'BAD_REQUEST')
      return { field: error.details?.field, message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

const NOW = Date.UTC(2026, 11, 3, 12);
const DAY = 86_400_000;

describe('conversation list query', () => {
  it('takes every filter, with defaults, and blank values as not given', () => {
    expect(parseConversationQuery({})).toEqual({ limit: 25 });
    expect(
      parseConversationQuery({
        q: '  solar power ',
        channel: 'slack',
        route: 'knowledge',
        outcome: 'handed_off',
        rating: 'down',
        from: '2026-12-01',
        to: '2026-12-02',
        limit: '100',
        cursor: '',
      }),
    ).toEqual({
      q: 'solar power',
      channel: 'slack',
      route: 'knowledge',
      outcome: 'handed_off',
      rating: 'down',
      from: Date.UTC(2026, 11, 1),
      // A date as `to` includes that whole day.
      to: Date.UTC(2026, 11, 3),
      limit: 100,
    });
    expect(parseConversationQuery({ from: '2026-12-01T10:00:00+02:00' }).from).toBe(
      Date.UTC(2026, 11, 1, 8),
    );
  });

  it('refuses bad values with the field and the reason', () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ sort: 'x' }, 'query', /unknown parameter "sort"/],
      [{ channel: 'fax' }, 'channel', /one of web, slack, botframework, api, cli/],
      [{ channel: ['web', 'slack'] }, 'channel', /given once/],
      [{ route: 'constructor' }, 'route', /one of brand, knowledge, smalltalk, handoff/],
      [
        { outcome: 'solved' },
        'outcome',
        /one of resolved, handed_off, negative, pending, small_talk/,
      ],
      [{ rating: 'meh' }, 'rating', /one of up, down, rated, unrated/],
      [{ limit: '0' }, 'limit', /1 to 100/],
      [{ limit: '101' }, 'limit', /1 to 100/],
      [{ limit: '1e2' }, 'limit', /1 to 100/],
      [{ from: 'yesterday' }, 'from', /ISO 8601/],
      [{ from: '2026-02-31' }, 'from', /not a real date/],
      [{ to: '2026-12-01T10:00' }, 'to', /ISO 8601/],
      [{ from: '2026-12-02', to: '2026-12-01' }, 'to', /after from/],
      [{ q: 'x'.repeat(201) }, 'q', /at most 200/],
      [{ cursor: 'bm90IGEgY3Vyc29y' }, 'cursor', /not a cursor/],
    ];
    for (const [query, field, message] of cases) {
      const refused = refusal(() => parseConversationQuery(query));
      expect(refused.field, JSON.stringify(query)).toBe(field);
      expect(refused.message).toMatch(message);
    }
  });
});

describe('outcomes query', () => {
  it('defaults to the 30 days up to now and takes a channel', () => {
    expect(parseOutcomeQuery({}, NOW)).toEqual({ from: NOW - 30 * DAY, to: NOW });
    expect(
      parseOutcomeQuery({ from: '2026-11-01', to: '2026-11-30', channel: 'web' }, NOW),
    ).toEqual({ from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1), channel: 'web' });
  });

  it('refuses a period over 366 days, an empty one, and other parameters', () => {
    expect(refusal(() => parseOutcomeQuery({ from: '2024-01-01', to: '2026-01-01' }, NOW))).toEqual(
      { field: 'to', message: 'to: the period may span at most 366 days' },
    );
    expect(refusal(() => parseOutcomeQuery({ from: '2026-12-04' }, NOW)).message).toMatch(
      /before to/,
    );
    expect(refusal(() => parseOutcomeQuery({ q: 'x' }, NOW)).message).toMatch(/unknown parameter/);
  });
});

describe('conversation id', () => {
  it('takes printable ASCII ids and refuses others', () => {
    expect(parseConversationId('web:4f1c')).toBe('web:4f1c');
    expect(refusal(() => parseConversationId('a b')).field).toBe('id');
    expect(refusal(() => parseConversationId('x'.repeat(257))).field).toBe('id');
  });
});
