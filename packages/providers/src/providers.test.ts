import type { ProviderConfig } from '@switchboard/config';
import { isSwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import {
  startFakeOllama,
  startFakeOpenAI,
  toyEmbedding,
} from '../../../test/support/fake-llm-servers.ts';
import { createChatModel } from './chat-model.ts';
import { createEmbedder } from './embedder.ts';

const tokens = ['Hello', ' from', ' the', ' fine-tune', '.'];

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const t of stream) out.push(t);
  return out;
}

describe('LangChain-backed providers against local protocol servers', () => {
  it('streams an OpenAI-compatible chat completion token by token', async () => {
    await using server = await startFakeOpenAI({ tokens });
    const config: ProviderConfig = {
      provider: 'openai-compatible',
      model: 'ft:gpt-4o-mini:nimbus::abc',
      baseUrl: `${server.url}/v1`,
      apiKey: 'sk-test',
      temperature: 0,
    };
    const chat = createChatModel(config);
    const out = await collect(
      chat.stream([
        { role: 'system', content: 'Be kind.' },
        { role: 'user', content: 'Hi' },
      ]),
    );
    expect(out).toEqual(tokens);
    const request = server.requests.find((r) => r.path === '/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(request?.body).toMatchObject({ model: 'ft:gpt-4o-mini:nimbus::abc', stream: true });
  });

  it('streams from Ollama', async () => {
    await using server = await startFakeOllama({ tokens });
    const chat = createChatModel({
      provider: 'ollama',
      model: 'llama3.1',
      baseUrl: server.url,
      temperature: 0,
    });
    expect((await collect(chat.stream([{ role: 'user', content: 'Hi' }]))).join('')).toBe(
      tokens.join(''),
    );
  });

  it('embeds through the OpenAI protocol (including base64 transport)', async () => {
    await using server = await startFakeOpenAI({ tokens });
    const embedder = createEmbedder({
      provider: 'openai-compatible',
      model: 'text-embedding-3-small',
      baseUrl: `${server.url}/v1`,
      temperature: 0,
    });
    const [a, b] = await embedder.embedDocuments(['reset the thermostat', 'pair a sensor']);
    expect(a).toHaveLength(16);
    expect(a?.[0]).toBeCloseTo(toyEmbedding('reset the thermostat')[0]!, 5);
    expect(b).not.toEqual(a);
    expect((await embedder.embedQuery('pair a sensor'))[3]).toBeCloseTo(
      toyEmbedding('pair a sensor')[3]!,
      5,
    );
  });

  it('embeds through Ollama', async () => {
    await using server = await startFakeOllama({ tokens });
    const embedder = createEmbedder({
      provider: 'ollama',
      model: 'nomic-embed-text',
      baseUrl: server.url,
      temperature: 0,
    });
    expect(await embedder.embedQuery('wifi')).toEqual(toyEmbedding('wifi'));
  });

  it('turns an unreachable provider into PROVIDER_FAILED with the reason', async () => {
    const chat = createChatModel({
      provider: 'openai-compatible',
      model: 'm',
      baseUrl: 'http://127.0.0.1:9/v1',
      temperature: 0,
    });
    const error = await collect(chat.stream([{ role: 'user', content: 'Hi' }])).catch(
      (e: unknown) => e,
    );
    expect(isSwitchboardError(error) && error.code).toBe('PROVIDER_FAILED');
  });
});
