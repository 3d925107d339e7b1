import { fileURLToPath } from 'node:url';
import {
  LlmBrandVoice,
  loadBrandDataset,
  OfflineBrandVoice,
  trainBrandVoice,
} from '@switchboard/brand-voice';
import { createChatModel } from '@switchboard/providers';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../support/fake-llm-servers.ts';

/**
 * Issue 10: no bracket or placeholder reaches a customer on the LLM brand voice either. The real
 * LangChain OpenAI client streams from a local server speaking the OpenAI protocol; the scripted
 * model copies template syntax from its training data and splits it across tokens.
 */
const FIXTURE = fileURLToPath(
  new URL('../../packages/brand-voice/src/fixtures/leaky-support.csv', import.meta.url),
);
const profile = {
  'Company Name': 'Nimbus Home',
  'Support Phone': '+1 555 0100',
  'Support Email': 'help@nimbus.example',
};

async function brandVoice(tokens: string[]) {
  const server = await startFakeOpenAI({ tokens });
  const { examples } = await loadBrandDataset(FIXTURE);
  const offline = OfflineBrandVoice.fromArtifact(
    trainBrandVoice(examples, { companyFacts: profile }),
    profile,
  );
  const chat = createChatModel({
    provider: 'openai-compatible',
    model: 'ft:gpt-4o-mini:nimbus::brand1',
    baseUrl: `${server.url}/v1`,
    apiKey: 'sk-test',
    temperature: 0,
  });
  return { server, voice: new LlmBrandVoice({ offline, chat, profile }) };
}

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

describe('issue 10: LLM brand replies, streamed', () => {
  it('fills or drops bracket and brace slots split across tokens; no chunk holds one', async () => {
    const { server, voice } = await brandVoice([
      'Your order ',
      '{{Order ',
      'Number}} is on its way. ',
      'Call [Customer ',
      'Support Phone Number] or write to [Customer Support Email]. ',
      'Deliveries take [X to ',
      'Y] days. ',
      'Check the [Order History] section. ',
      'Your {Account Type} plan is ready.',
    ]);
    await using _ = server;
    const text = 'where is order 55501234?';
    const chunks = await collect(
      voice.respond({ text, intent: voice.classify(text), history: [] }),
    );
    for (const chunk of chunks) expect(chunk).not.toMatch(/[[\]{}]/);
    // (A dropped last sentence can leave the space already streamed before it.)
    const reply = chunks.join('').trimEnd();
    expect(reply).toBe(
      'Your order 55501234 is on its way. Call +1 555 0100 or write to help@nimbus.example. Check the Order History section.',
    );
  });

  it('never shows the number from the reference reply to a customer who gave none', async () => {
    const { server, voice } = await brandVoice(['Sure. ', 'Your order is on its way.']);
    await using _ = server;
    const text = 'where is my order';
    await collect(voice.respond({ text, intent: voice.classify(text), history: [] }));
    const request = server.requests.find((r) => r.path === '/v1/chat/completions');
    if (!request) throw new Error('the model was never called');
    const { messages } = request.body as { messages: Array<{ content: string }> };
    // The approved reference the LLM follows is already scrubbed and filled.
    const reference = messages[0]!.content.split('Approved reference answer:')[1];
    expect(reference).toContain('Your order is on its way.');
    expect(reference).not.toMatch(/\d{5,}|[[\]{}]/);
  });

  it('keeps the [n] citation markers of grounded answers, and only those', async () => {
    const { server, voice } = await brandVoice([
      'Hold the button for 3 seconds [1]. Call ',
      '[Customer Support Phone Number] if it blinks [2].',
    ]);
    await using _ = server;
    const chunks = await collect(
      voice.groundedAnswer({
        question: 'how do I pair it?',
        passages: [
          { index: 1, title: 'Pairing', text: 'Hold the button for 3 seconds.' },
          { index: 2, title: 'Lights', text: 'Blinking means pairing.' },
        ],
      }),
    );
    expect(chunks.join('')).toBe(
      'Hold the button for 3 seconds [1]. Call +1 555 0100 if it blinks [2].',
    );
  });
});
