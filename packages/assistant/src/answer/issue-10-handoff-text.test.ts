import type { BrandVoiceModel, Retriever } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { coverageOnlyRouter } from '../../../../test/support/coverage-router.ts';
import { MapConversationStore } from '../../../../test/support/map-conversation-store.ts';
import { Assistant } from '../assistant.ts';
import { contactDetails, handoffRequestedText, refusalText } from './messages.ts';

/** Issue 10: the handoff reply promises a person only when a handoff target can bring one. */
const profile = {
  'Company Name': 'Nimbus Home',
  'Website URL': 'https://nimbus.example',
  'Support Email': 'help@nimbus.example',
  'Support Phone': '+1 555 0100',
  'Support Hours': 'Monday to Friday, 8am–8pm ET',
  'Returns Window': '30 days',
};
const PROMISE = /bringing in a member|connect you with a member/;

/** A real Assistant whose brand model reads every message as a request for a person. */
function assistant(options: { peopleAvailable?: boolean; profile?: typeof profile }) {
  const brandVoice: BrandVoiceModel = {
    id: 'test-brand',
    classify: () => ({
      label: 'contact_human_agent',
      confidence: 0.99,
      ranked: [{ label: 'contact_human_agent', probability: 0.99 }],
    }),
    async *respond() {
      yield 'not used';
    },
  };
  const retriever: Retriever = { retrieve: async (query) => ({ query, hits: [], evidence: 0 }) };
  return new Assistant({
    brandVoice,
    retriever,
    memory: new MapConversationStore(),
    companyName: 'Nimbus Home',
    ...options,
    router: coverageOnlyRouter(['contact_human_agent']),
  });
}

const ask = (a: Assistant) =>
  a.reply({ conversationId: 'c1', text: 'I need to speak with an agent', channel: 'api' });

describe('issue 10: honest handoff text', () => {
  it('without a handoff target, gives the contact details from the profile, promising nobody', async () => {
    const reply = await ask(assistant({ peopleAvailable: false, profile }));
    expect(reply.route).toBe('handoff');
    expect(reply.handoff?.reason).toBe('customer_asked');
    expect(reply.text).not.toMatch(PROMISE);
    expect(reply.text).toContain('help@nimbus.example');
    expect(reply.text).toContain('+1 555 0100 (Monday to Friday, 8am–8pm ET)');
  });

  it('with a handoff target, keeps the promise that someone is coming', async () => {
    const reply = await ask(assistant({ peopleAvailable: true, profile }));
    expect(reply.text).toMatch(/bringing in a member of the Nimbus Home team now/);
  });

  it('promises nobody by default (no target configured)', async () => {
    const reply = await ask(assistant({}));
    expect(reply.text).not.toMatch(PROMISE);
    expect(reply.text).toMatch(/contact details on our website/);
  });

  it('words the contact details from whatever the profile names', () => {
    expect(contactDetails(profile)).toBe(
      'e-mail help@nimbus.example or phone +1 555 0100 (Monday to Friday, 8am–8pm ET)',
    );
    expect(contactDetails({ customer_support_email: 'care@x.example' })).toBe(
      'e-mail care@x.example',
    );
    expect(contactDetails({ Website: 'https://x.example' })).toBe(
      'use the contact options on https://x.example',
    );
    // Not contact details: a returns window, a phone key without digits, an e-mail without @.
    expect(
      contactDetails({ 'Returns Window': '30 days', Phone: 'ask us', Email: 'n/a' }),
    ).toBeUndefined();
    expect(contactDetails({ constructor: 'x', __proto__: 'y' } as never)).toBeUndefined();
  });

  it('the "not sure" reply offers a person only when one can come', () => {
    const without = refusalText({ peopleAvailable: false, profile });
    expect(without).not.toMatch(PROMISE);
    expect(without).toContain('help@nimbus.example');
    expect(refusalText({ peopleAvailable: true, profile })).toMatch(/connect you with a member/);
    expect(handoffRequestedText({ peopleAvailable: false })).not.toMatch(PROMISE);
  });
});
