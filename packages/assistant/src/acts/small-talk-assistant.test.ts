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

const chunk: Chunk = {
  id: 'sensor.md#1',
  docId: 'sensor.md',
  title: 'Room sensors',
  sectionPath: ['Pair a room sensor'],
  text: 'Hold the sensor button for 3 seconds to pair it with the thermostat.',
  hash: 'h',
  position: 0,
};

/** A real assistant whose retriever records what it was asked. */
function assistantWith(gaps: DocsGap[], queries: string[]) {
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
});
