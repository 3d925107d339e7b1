import type {
  BrandVoiceModel,
  Chunk,
  UnansweredQuestion as DocsGap,
  Retriever,
} from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { coverageOnlyRouter } from '../../../../test/support/coverage-router.ts';
import { MapConversationStore } from '../../../../test/support/map-conversation-store.ts';
import { Assistant } from '../assistant.ts';
import type { TopicDetector } from '../router/features.ts';
import { NOT_SMALL_TALK, type SmallTalkClassifier } from './conversation-acts.ts';

const chunk: Chunk = {
  id: 'sensor.md#1',
  docId: 'sensor.md',
  title: 'Room sensors',
  sectionPath: ['Pair a room sensor'],
  text: 'Hold the sensor button for 3 seconds to pair it with the thermostat.',
  hash: 'h',
  position: 0,
};

/** A small-talk classifier that reads every message as an acknowledgement, `sure` of it. */
function eagerSmallTalk(sure: number): SmallTalkClassifier {
  return {
    predict: () => ({
      label: 'acknowledgement',
      confidence: sure,
      ranked: [
        { label: 'acknowledgement', probability: sure },
        { label: NOT_SMALL_TALK, probability: 1 - sure },
      ],
    }),
  };
}

/** Off topic: anything about lights or music. */
const lightsAndMusic: TopicDetector = {
  offTopicProbability: (text) => (/\b(lights?|music|song)\b/i.test(text) ? 0.9 : 0.1),
};

/** A real assistant whose retriever records what it was asked. */
function assistantWith(
  gaps: DocsGap[],
  queries: string[],
  extra: Partial<ConstructorParameters<typeof Assistant>[0]> = {},
) {
  const brandVoice: BrandVoiceModel = {
    id: 'test-brand',
    classify: () => ({ label: 'track_order', confidence: 0.1, ranked: [] }),
    async *respond() {
      yield 'brand reply';
    },
  };
  const retriever: Retriever = {
    async retrieve(query) {
      queries.push(query);
      const hit = /pair/i.test(query) && /sensor/i.test(query);
      return { query, hits: hit ? [{ chunk, score: 5, coverage: 1 }] : [], evidence: hit ? 1 : 0 };
    },
  };
  return new Assistant({
    brandVoice,
    retriever,
    memory: new MapConversationStore(),
    companyName: 'Nimbus Home',
    gaps: { record: async (gap) => void gaps.push(gap), recent: async () => gaps },
    router: coverageOnlyRouter(),
    ...extra,
  });
}

describe('conversation acts in the answer path', () => {
  it('answers "hi" and "ok thanks!" as small talk and never logs them as docs gaps', async () => {
    const gaps: DocsGap[] = [];
    const queries: string[] = [];
    const assistant = assistantWith(gaps, queries);
    const hi = await assistant.reply({ conversationId: 'c1', channel: 'web', text: 'hi' });
    expect(hi.route).toBe('smalltalk');
    expect(hi.decision.act).toBe('greeting');
    expect(hi.text).toContain('Nimbus Home');
    const thanks = await assistant.reply({
      conversationId: 'c1',
      channel: 'web',
      text: 'ok thanks!',
    });
    expect(thanks.route).toBe('smalltalk');
    expect(thanks.decision.act).toBe('thanks');
    expect(thanks.handoff).toBeUndefined();
    expect(gaps).toEqual([]);
    expect(queries).toEqual([]); // small talk never searches the docs
  });

  it('peels a greeting wrapper off a question and answers it like the bare question', async () => {
    const queries: string[] = [];
    const assistant = assistantWith([], queries);
    const wrapped = await assistant.reply({
      conversationId: 'c2',
      channel: 'web',
      text: 'Hi there, I was wondering if you could tell me how to pair a room sensor? Thanks!',
    });
    const bare = await assistant.reply({
      conversationId: 'c3',
      channel: 'web',
      text: 'how to pair a room sensor?',
    });
    expect(queries).toEqual(['how to pair a room sensor?', 'how to pair a room sensor?']);
    expect(wrapped.route).toBe('knowledge');
    expect(wrapped.text).toBe(bare.text);
    expect(wrapped.citations.map((c) => c.docId)).toEqual(['sensor.md']);
  });

  it('repeats its previous answer when asked to', async () => {
    const assistant = assistantWith([], []);
    const first = await assistant.reply({
      conversationId: 'c4',
      channel: 'web',
      text: 'how do I pair a room sensor',
    });
    const again = await assistant.reply({
      conversationId: 'c4',
      channel: 'web',
      text: 'can you repeat that?',
    });
    expect(again.route).toBe('smalltalk');
    expect(again.text).toContain(first.text);
  });

  it('weighs a learned act against the router: a sure docs answer wins, "not sure" does not', async () => {
    const gaps: DocsGap[] = [];
    const assistant = assistantWith(gaps, [], { smallTalk: eagerSmallTalk(0.8) });
    // The classifier reads small talk (0.8), but the docs answer this more surely (0.99).
    const question = await assistant.reply({
      conversationId: 'c5',
      channel: 'web',
      text: 'pairing my room sensor, yeah?',
    });
    expect(question.route).toBe('knowledge');
    // Nothing answers this one: small talk, not a refusal and not a docs gap.
    const spotOn = await assistant.reply({ conversationId: 'c5', channel: 'web', text: 'spot on' });
    expect(spotOn.route).toBe('smalltalk');
    expect(spotOn.decision.act).toBe('acknowledgement');
    expect(gaps).toEqual([]);
    // Unsure small talk (0.4) is not small talk.
    const unsure = assistantWith([], [], { smallTalk: eagerSmallTalk(0.4) });
    const reply = await unsure.reply({ conversationId: 'c6', channel: 'web', text: 'spot on' });
    expect(reply.route).toBe('handoff');
  });

  it('answers an off-topic request honestly without logging it as a docs gap', async () => {
    const gaps: DocsGap[] = [];
    const assistant = assistantWith(gaps, [], { topic: lightsAndMusic });
    const off = await assistant.reply({
      conversationId: 'c7',
      channel: 'web',
      text: 'turn off the lights in the living room',
    });
    expect(off.route).toBe('handoff');
    expect(off.decision.reason).toBe('out_of_scope');
    expect(off.handoff?.reason).toBe('out_of_scope');
    expect(off.text).toContain("I'm not able to help with that here");
    expect(off.text).toContain('Nimbus Home');
    expect(off.text).not.toContain('help centre');
    expect(gaps).toEqual([]);
    // A question about the company the docs do not answer is still a docs gap.
    const gap = await assistant.reply({
      conversationId: 'c7',
      channel: 'web',
      text: 'how do I descale the thermostat',
    });
    expect(gap.decision.reason).toBe('low_confidence');
    expect(gap.text).toContain('help centre');
    expect(gaps.map((g) => g.question)).toEqual(['how do I descale the thermostat']);
  });
});
