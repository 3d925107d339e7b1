import type { HandoffTicket } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { answerBlocks, decodeFeedback, encodeFeedback } from './answer-blocks.ts';
import { conversationIdOf, placeOf } from './conversation-id.ts';
import { createSlackChannel } from './create-slack-channel.ts';
import { ticketHeadline, transcriptText } from './handoff-target.ts';
import { withoutMention } from './messages.ts';
import { parseResync, progressText, summaryText } from './resync-report.ts';

describe('conversation ids', () => {
  it('make a thread one conversation and a DM top level another', () => {
    expect(conversationIdOf({ team: 'T1', channel: 'C1', thread: '17.5' })).toBe(
      'slack:T1:C1:17.5',
    );
    expect(conversationIdOf({ team: 'T1', channel: 'D1' })).toBe('slack:T1:D1:dm');
    expect(placeOf('slack:T1:C1:17.5')).toEqual({ team: 'T1', channel: 'C1', thread: '17.5' });
    expect(placeOf('slack:T1:D1:dm')).toEqual({ team: 'T1', channel: 'D1' });
    expect(placeOf('web:abc')).toBeNull();
  });
});

describe('answer blocks', () => {
  const reply = { conversationId: 'slack:T:C:1.2', messageId: 'm1', citations: [] };

  it('round-trip the feedback value and refuse values they did not write', () => {
    const value = { conversationId: 'slack:T:C:1.2', messageId: 'm1', rating: 'up' as const };
    expect(decodeFeedback(encodeFeedback(value))).toEqual(value);
    expect(decodeFeedback('{"c":"x","m":"y","r":"meh"}')).toBeNull();
    expect(decodeFeedback('not json')).toBeNull();
  });

  it('end every answer with feedback buttons and a handoff button, primary on handoff replies', () => {
    const plain = answerBlocks(reply);
    expect(plain.map((b) => b.type)).toEqual(['context_actions', 'actions']);
    expect(JSON.stringify(plain)).not.toContain('primary');
    const handoff = answerBlocks({ ...reply, handoff: { reason: 'no_docs' } });
    expect(JSON.stringify(handoff)).toContain('"style":"primary"');
  });
});

describe('messages and commands', () => {
  it('strip mentions of the bot only', () => {
    expect(withoutMention('<@UBOT> how do I <@UOTHER>?', 'UBOT')).toBe('how do I <@UOTHER>?');
    expect(withoutMention('<@UBOT>', 'UBOT')).toBe('');
  });

  it('parse resync commands', () => {
    expect(parseResync('resync help-centre')).toEqual({
      source: 'help-centre',
      mode: 'incremental',
    });
    expect(parseResync('resync docs full')).toEqual({ source: 'docs', mode: 'full' });
    expect(parseResync('resync')).toBeNull();
    expect(parseResync('resync a b c')).toBeNull();
  });

  it('format progress and summaries', () => {
    expect(progressText({ stage: 'fetching', done: 5, total: 10 })).toBe(
      'fetching 5/10 ▓▓▓▓▓░░░░░',
    );
    expect(
      summaryText('docs', {
        added: 1,
        updated: 2,
        unchanged: 3,
        deleted: 0,
        failed: 1,
        durationMs: 1500,
      }),
    ).toBe(
      ':warning: Re-sync of *docs* finished in 1.5s: 1 added, 2 updated, 3 unchanged, 0 deleted, 1 failed.',
    );
  });
});

describe('handoff tickets in Slack', () => {
  const ticket: HandoffTicket = {
    id: 't1',
    conversationId: 'web:abc',
    reason: 'no_docs',
    channel: 'web',
    transcript: [{ role: 'user', text: 'Is **this** <b>covered</b>?', at: 0 }],
    customer: { email: 'a@example.com' },
    at: 0,
  };

  it('name the customer, the reason and the conversation; escape what customers wrote', () => {
    expect(ticketHeadline(ticket)).toBe(
      ':raising_hand: a@example.com needs a person on web: the docs do not cover it. Conversation `web:abc`, ticket `t1`.',
    );
    expect(transcriptText(ticket.transcript)).toContain('Is *this* &lt;b&gt;covered&lt;/b&gt;?');
  });

  it('keep the newest turns when the transcript is too long for one message', () => {
    const long = Array.from({ length: 30 }, (_, i) => ({
      role: 'user' as const,
      text: `${i} ${'x'.repeat(2000)}`,
      at: 0,
    }));
    const text = transcriptText(long);
    expect(text.length).toBeLessThanOrEqual(38_000);
    expect(text).toContain('earlier messages left out');
    expect(text).toContain('29 x');
  });
});

describe('createSlackChannel', () => {
  const deps = {
    assistant: { stream: async function* () {} },
    feedback: { record: async () => {}, recent: async () => [] },
    handoff: { request: async () => ({ delivered: [], failed: [] }) },
    state: {
      claim: async () => true,
      release: async () => {},
      rememberThread: async () => {},
      isKnownThread: async () => false,
      forgetThread: async () => {},
    },
  };

  // Socket Mode needs Slack's WebSocket endpoint, so only its construction is checked here.
  it('builds a Socket Mode app with no HTTP handler', () => {
    const channel = createSlackChannel(deps, {
      config: { mode: 'socket', botToken: 'xoxb-1', appToken: 'xapp-1', adminUserIds: [] },
    });
    expect(channel.mode).toBe('socket');
    expect(channel.handler).toBeUndefined();
  });

  it('builds an HTTP mode app with a request handler at /slack/events', () => {
    const channel = createSlackChannel(deps, {
      config: { mode: 'http', botToken: 'xoxb-1', signingSecret: 's', adminUserIds: [] },
    });
    expect(channel.mode).toBe('http');
    expect(channel.endpoint).toBe('/slack/events');
    expect(typeof channel.handler?.verify).toBe('function');
    expect(typeof channel.handler?.dispatch).toBe('function');
  });
});
