import { isSwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { parseHandoffReplyBody } from './reply-body.ts';
import { isBackToBotCommand } from './wording.ts';

describe("the customer's way back to the bot", () => {
  it('reads the command alone in a message, in any case', () => {
    for (const text of [
      '!bot',
      'Back to the bot',
      'back to bot please',
      'talk to the assistant!',
      'Take me back to the bot.',
    ])
      expect(isBackToBotCommand(text)).toBe(true);
  });

  it('leaves questions that merely mention the bot alone', () => {
    for (const text of [
      'is the bot back?',
      'I went back to the shop',
      'bot',
      'back to the bot and then what?',
    ])
      expect(isBackToBotCommand(text)).toBe(false);
  });
});

describe('the reply webhook body', () => {
  const refusal = (body: unknown) => {
    try {
      parseHandoffReplyBody(body);
    } catch (error) {
      if (isSwitchboardError(error) && error.code === 'BAD_REQUEST') return error.details?.field;
      throw error;
    }
    return 'accepted';
  };

  it('takes a reply, a hand-back, or both, with the agent as a name or {id, name}', () => {
    expect(
      parseHandoffReplyBody({ conversationId: ' web:abc ', text: ' Hi ', agent: 'Sam' }),
    ).toEqual({
      conversationId: 'web:abc',
      text: 'Hi',
      agent: { name: 'Sam' },
    });
    expect(
      parseHandoffReplyBody({
        conversationId: 'c',
        handBack: true,
        agent: { id: '9', name: 'Sam' },
        ticketId: 't',
      }),
    ).toEqual({ conversationId: 'c', handBack: true, agent: { id: '9', name: 'Sam' } });
  });

  it('refuses bodies that say nothing, unknown fields and wrong types, naming the field', () => {
    expect(refusal({ conversationId: 'c' })).toBe('text');
    expect(refusal({ conversationId: 'c', handBack: false })).toBe('text');
    expect(refusal({ text: 'hi' })).toBe('conversationId');
    expect(refusal({ conversationId: 'c', text: 'hi', constructor: 'x' })).toBe('constructor');
    expect(refusal({ conversationId: 'c', text: 'hi', agent: { role: 'x' } })).toBe('agent.role');
    expect(refusal({ conversationId: 'c', text: 'x'.repeat(8001) })).toBe('text');
    expect(refusal({ conversationId: 'c', handBack: 'yes' })).toBe('handBack');
    expect(refusal([])).toBe('(body)');
  });
});
