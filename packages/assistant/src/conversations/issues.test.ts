import { describe, expect, it } from 'vitest';
import type { ConversationEvent, TurnRating } from './conversation-record.ts';
import { conversationOutcome, issuesOf } from './issues.ts';

const HOUR = 3_600_000;
const WINDOW = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 2, 9);

const user = (at: number): ConversationEvent => ({ kind: 'user', at });
const answer = (at: number, route: ConversationEvent['route'], id: string, extra = {}) =>
  ({ kind: 'assistant', at, route, id, ...extra }) as ConversationEvent;

function judge(
  events: ConversationEvent[],
  now: number,
  ratings: Array<[string, TurnRating['rating']]> = [],
) {
  return issuesOf(
    { events, ratings: new Map(ratings.map(([id, rating]) => [id, { rating, at: 0 }])) },
    { windowMs: WINDOW, now },
  );
}

describe('issues and the resolution definition', () => {
  it('an answered question is pending inside the window and resolved once it passed', () => {
    const events = [user(T0), answer(T0 + 1000, 'knowledge', 'm1')];
    expect(judge(events, T0 + 23 * HOUR).map((i) => i.outcome)).toEqual(['pending']);
    const [issue] = judge(events, T0 + 1000 + WINDOW);
    expect(issue).toMatchObject({ outcome: 'resolved', route: 'knowledge', startAt: T0 });
  });

  it('a message within the window continues the same issue, and moves its window', () => {
    const events = [
      user(T0),
      answer(T0, 'knowledge', 'm1'),
      user(T0 + 20 * HOUR),
      answer(T0 + 20 * HOUR, 'knowledge', 'm2'),
    ];
    // 25 h after the first answer, but only 5 h after the customer came back: still open.
    const issues = judge(events, T0 + 25 * HOUR);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ outcome: 'pending', lastAt: T0 + 20 * HOUR });
    expect(judge(events, T0 + 44 * HOUR)[0]?.outcome).toBe('resolved');
  });

  it('a message after the window is a new issue: the first one stays resolved', () => {
    const events = [
      user(T0),
      answer(T0, 'brand', 'm1'),
      user(T0 + 30 * HOUR),
      answer(T0 + 30 * HOUR, 'handoff', 'm2', { reason: 'no_docs' }),
    ];
    const issues = judge(events, T0 + 31 * HOUR);
    expect(issues.map((i) => [i.route, i.outcome])).toEqual([
      ['brand', 'resolved'],
      ['handoff', 'handed_off'],
    ]);
    expect(issues[1]?.handoffReason).toBe('no_docs');
    expect(conversationOutcome(issues)).toBe('handed_off');
  });

  it('a 👎 makes the issue negative at once; a ticket or a person makes it handed off', () => {
    const answered = [user(T0), answer(T0, 'knowledge', 'm1')];
    expect(judge(answered, T0 + HOUR, [['m1', 'down']])[0]?.outcome).toBe('negative');
    expect(judge(answered, T0 + 2 * WINDOW, [['m1', 'up']])[0]?.outcome).toBe('resolved');
    const ticket: ConversationEvent = { kind: 'ticket', at: T0 + 60_000, reason: 'customer_asked' };
    const [handed] = judge([...answered, ticket], T0 + 2 * WINDOW, [['m1', 'down']]);
    // Handed off wins over 👎; the issue still belongs to the route that took it.
    expect(handed).toMatchObject({
      outcome: 'handed_off',
      handoffReason: 'customer_asked',
      route: 'knowledge',
    });
    const [agent] = judge([...answered, { kind: 'agent', at: T0 + HOUR }], T0 + 2 * WINDOW);
    expect(agent?.handoffReason).toBe('agent_replied');
  });

  it('a ticket long after the last message stays with that issue (only customers open issues)', () => {
    const events = [
      user(T0),
      answer(T0, 'knowledge', 'm1'),
      { kind: 'ticket', at: T0 + 3 * WINDOW, reason: 'customer_asked' } as ConversationEvent,
    ];
    const issues = judge(events, T0 + 5 * WINDOW);
    expect(issues.map((i) => i.outcome)).toEqual(['handed_off']);
    expect(issues[0]?.lastAt).toBe(T0);
  });

  it('small talk alone is neither resolved nor not; notices without a message id are no answers', () => {
    const chat = [user(T0), answer(T0, 'smalltalk', 'm1')];
    expect(judge(chat, T0 + 2 * WINDOW)[0]).toMatchObject({
      outcome: 'small_talk',
      route: 'smalltalk',
    });
    const notice: ConversationEvent = { kind: 'assistant', at: T0 + 1, route: 'handoff' };
    const [issue] = judge([...chat, notice], T0 + 2 * WINDOW);
    expect(issue?.answers).toHaveLength(1);
    expect(issue?.outcome).toBe('small_talk');
  });

  it('the route that took an issue is its first answer that was not small talk', () => {
    const events = [
      user(T0),
      answer(T0, 'smalltalk', 'm1'),
      user(T0 + 1),
      answer(T0 + 1, 'brand', 'm2'),
      user(T0 + 2),
      answer(T0 + 2, 'knowledge', 'm3'),
    ];
    expect(judge(events, T0 + 2 * WINDOW)[0]?.route).toBe('brand');
  });

  it('a conversation is pending while its last issue is, and resolved once any issue is', () => {
    const first = [user(T0), answer(T0, 'brand', 'm1')];
    const again = [...first, user(T0 + 2 * WINDOW), answer(T0 + 2 * WINDOW, 'brand', 'm2')];
    expect(conversationOutcome(judge(again, T0 + 2 * WINDOW + HOUR))).toBe('pending');
    expect(conversationOutcome(judge(again, T0 + 4 * WINDOW))).toBe('resolved');
    expect(conversationOutcome([])).toBe('small_talk');
  });
});
