import type { ChatMessage, ChatModel } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { SUPPORT_EXAMPLES } from './fixtures/support-examples.ts';
import { LlmBrandVoice } from './llm-brand-voice.ts';
import { OfflineBrandVoice } from './offline-brand-voice.ts';
import { trainBrandVoice } from './train.ts';

/** A chat model that records its input and yields scripted tokens. */
class ScriptedChat implements ChatModel {
  readonly id = 'scripted';
  readonly calls: Array<{ messages: ChatMessage[]; signal: AbortSignal | undefined }> = [];
  constructor(private readonly tokens: string[]) {}
  async *stream(
    messages: ChatMessage[],
    options?: { signal?: AbortSignal },
  ): AsyncIterable<string> {
    this.calls.push({ messages, signal: options?.signal });
    for (const token of this.tokens) yield token;
  }
}

const profile = {
  'Company Name': 'Nimbus Home',
  'Website Name': 'Nimbus Home',
  'Support Phone': '+1 555 0100',
};
const offline = OfflineBrandVoice.fromArtifact(trainBrandVoice(SUPPORT_EXAMPLES), profile);

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

describe('LlmBrandVoice', () => {
  it('classifies with the offline classifier', () => {
    const llm = new LlmBrandVoice({ offline, chat: new ScriptedChat([]), profile });
    expect(llm.classify('please refund my money')).toEqual(
      offline.classify('please refund my money'),
    );
  });

  it('neutralises placeholders the LLM splits across tokens', async () => {
    const chat = new ScriptedChat([
      'Your order ',
      '{{Order ',
      'Number}}',
      ' is late, sorry. Call ',
      '{{Customer Support ',
      'Phone Number}}',
      '.',
    ]);
    const llm = new LlmBrandVoice({ offline, chat, profile });
    const text = 'order #10482 is late and still not delivered';
    const chunks = await collect(llm.respond({ text, intent: llm.classify(text), history: [] }));
    expect(chunks.join('')).toBe('Your order 10482 is late, sorry. Call +1 555 0100.');
    for (const chunk of chunks) expect(chunk).not.toMatch(/\{\{|\}\}/);
  });

  it('prompts with the brand voice, the history and the filled approved reply', async () => {
    const chat = new ScriptedChat(['ok']);
    const controller = new AbortController();
    const llm = new LlmBrandVoice({ offline, chat, profile });
    const text = 'it is late, not delivered';
    const history = [
      { role: 'user' as const, text: 'hello, order 10482' },
      { role: 'assistant' as const, text: 'Hi! How can we help?' },
    ];
    await collect(
      llm.respond({ text, intent: llm.classify(text), history }, { signal: controller.signal }),
    );
    const { messages, signal } = chat.calls[0]!;
    expect(signal).toBe(controller.signal);
    expect(messages[0]!.role).toBe('system');
    expect(messages[0]!.content).toContain('Nimbus Home');
    // The reference answer is the approved reply, filled with the order number from the history.
    expect(messages[0]!.content).toContain(
      'We are sorry order 10482 is late. Call us on +1 555 0100',
    );
    expect(messages[0]!.content).not.toMatch(/\{\{Order Number\}\}/);
    expect(messages.slice(1)).toEqual([
      { role: 'user', content: 'hello, order 10482' },
      { role: 'assistant', content: 'Hi! How can we help?' },
      { role: 'user', content: text },
    ]);
  });

  it('writes grounded answers from numbered passages only', async () => {
    const chat = new ScriptedChat(['Hold the button for 10 s [1]. See ', '{{Website ', 'Name}}.']);
    const llm = new LlmBrandVoice({
      offline,
      chat,
      profile,
      systemPrompt: 'You speak for Nimbus.',
    });
    const answer = await collect(
      llm.groundedAnswer({
        question: 'How do I reset the thermostat?',
        passages: [
          { index: 1, title: 'Factory reset', text: 'Hold the button for 10 seconds.' },
          { index: 2, title: 'Wi-Fi', text: 'Open the app.' },
        ],
      }),
    );
    expect(answer.join('')).toBe('Hold the button for 10 s [1]. See Nimbus Home.');
    const [system, user] = chat.calls[0]!.messages;
    expect(system!.content).toMatch(/^You speak for Nimbus\./);
    expect(system!.content).toMatch(/only the numbered passages/);
    expect(system!.content).toMatch(/could not find it/);
    expect(user!.content).toContain('[1] Factory reset\nHold the button for 10 seconds.');
    expect(user!.content).toContain('[2] Wi-Fi\nOpen the app.');
    expect(user!.content).toMatch(/Question: How do I reset the thermostat\?$/);
  });

  it('replaces an answer that stalls mid-stream with the approved reply, and says so', async () => {
    class StallingChat implements ChatModel {
      readonly id = 'stalling';
      async *stream(): AsyncIterable<string> {
        yield 'We are so';
        throw new Error('stalled mid-answer');
      }
    }
    const llm = new LlmBrandVoice({ offline, chat: new StallingChat(), profile });
    const text = 'order #10482 is late and still not delivered';
    const input = { text, intent: llm.classify(text), history: [] };
    let restarts = 0;

    const chunks = await collect(llm.respond(input, { onRestart: () => restarts++ }));

    const approved = (await collect(offline.respond(input))).join('');
    expect(restarts).toBe(1);
    expect(chunks.join('')).toBe(`We are so\n\n${approved}`);
  });
});
