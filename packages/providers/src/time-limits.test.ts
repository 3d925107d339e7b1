import type { ProviderConfig } from '@switchboard/config';
import { isSwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { startFaultyLlm } from '../../../test/support/faulty-llm-servers.ts';
import { createChatModel } from './chat-model.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { createEmbedder } from './embedder.ts';

const tokens = ['Hold the button ', 'for ten seconds', ' and wait', ' for the light.'];
// Small limits keep the tests quick; what is asserted is the outcome, not the time it took.
const timeouts = { firstTokenMs: 300, stallMs: 300, totalMs: 5_000 };
/** For servers that answer at once: room for a loaded CI machine, so only a hang can time out. */
const generous = { firstTokenMs: 5_000, stallMs: 5_000, totalMs: 10_000 };

async function collect(stream: AsyncIterable<string>): Promise<{ out: string[]; error: unknown }> {
  const out: string[] = [];
  try {
    for await (const piece of stream) out.push(piece);
    return { out, error: undefined };
  } catch (error) {
    return { out, error };
  }
}

function reasonOf(error: unknown): unknown {
  return isSwitchboardError(error) && error.code === 'PROVIDER_FAILED'
    ? error.details?.reason
    : error;
}

const openAi = (url: string): ProviderConfig => ({
  provider: 'openai-compatible',
  model: 'brand-model',
  baseUrl: `${url}/v1`,
  temperature: 0,
});
const ollama = (url: string): ProviderConfig => ({
  provider: 'ollama',
  model: 'llama3.1',
  baseUrl: url,
  temperature: 0,
});
const hi = [{ role: 'user' as const, content: 'Hi' }];

describe('provider time limits against local protocol servers', () => {
  for (const [name, config] of [
    ['OpenAI', openAi],
    ['Ollama', ollama],
  ] as const) {
    it(`${name}: a hanging provider times out and its request is really cancelled`, async () => {
      await using server = await startFaultyLlm({ tokens });
      server.chat = 'hang';
      const chat = createChatModel(config(server.url), { timeouts });

      const { out, error } = await collect(chat.stream(hi));

      expect(out).toEqual([]);
      expect(reasonOf(error)).toBe('timeout');
      await server.waitForAbandoned(1);
      expect(server.abandoned[0]).toMatch(/chat/);
    });

    it(`${name}: a stream that stalls after some tokens fails as stalled and is cancelled`, async () => {
      await using server = await startFaultyLlm({ tokens, stallAfter: 2 });
      server.chat = 'stall';
      const chat = createChatModel(config(server.url), { timeouts });

      const { out, error } = await collect(chat.stream(hi));

      expect(out.join('')).toBe(tokens.slice(0, 2).join(''));
      expect(reasonOf(error)).toBe('stalled');
      await server.waitForAbandoned(1);
    });
  }

  it('streams a healthy answer to the end and keeps the circuit closed', async () => {
    await using server = await startFaultyLlm({ tokens });
    const breaker = new CircuitBreaker({ name: 'chat:test', failureThreshold: 1 });
    const chat = createChatModel(openAi(server.url), { timeouts: generous, breaker });

    const { out, error } = await collect(chat.stream(hi));

    expect(error).toBeUndefined();
    expect(out).toEqual(tokens);
    expect(breaker.state).toBe('closed');
  });

  it('a refusing provider (500) opens the breaker, which then skips it without a request', async () => {
    await using server = await startFaultyLlm({ tokens });
    server.chat = 'refuse';
    const breaker = new CircuitBreaker({ name: 'chat:test', failureThreshold: 2 });
    const chat = createChatModel(openAi(server.url), { timeouts: generous, breaker });

    expect(reasonOf((await collect(chat.stream(hi))).error)).toBe('error');
    expect(breaker.state).toBe('closed');
    expect(reasonOf((await collect(chat.stream(hi))).error)).toBe('error');
    expect(breaker.state).toBe('open');
    // One request each: no client-side retries for an interactive answer.
    expect(server.calls('chat')).toBe(2);

    expect(reasonOf((await collect(chat.stream(hi))).error)).toBe('circuit_open');
    expect(server.calls('chat')).toBe(2);
  });

  it('a refused connection counts as a failure too', async () => {
    const breaker = new CircuitBreaker({ name: 'chat:down', failureThreshold: 1 });
    // Port 9 (discard) on loopback: nothing listens.
    const chat = createChatModel(openAi('http://127.0.0.1:9'), { timeouts, breaker });

    expect(reasonOf((await collect(chat.stream(hi))).error)).toBe('error');
    expect(breaker.state).toBe('open');
  });

  it('a caller abort is neither a failure nor a fallback reason', async () => {
    await using server = await startFaultyLlm({ tokens });
    server.chat = 'hang';
    const breaker = new CircuitBreaker({ name: 'chat:test', failureThreshold: 1 });
    const chat = createChatModel(openAi(server.url), {
      timeouts: { ...timeouts, firstTokenMs: 5_000 },
      breaker,
    });
    const controller = new AbortController();
    const pending = collect(chat.stream(hi, { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('customer left')), 50);

    const { error } = await pending;

    expect(isSwitchboardError(error)).toBe(false);
    expect(breaker.state).toBe('closed');
    await server.waitForAbandoned(1);
  });

  for (const [name, config] of [
    ['OpenAI', openAi],
    ['Ollama', ollama],
  ] as const) {
    it(`${name}: a query embedding that hangs times out, is cancelled and feeds the breaker`, async () => {
      await using server = await startFaultyLlm({ tokens });
      const breaker = new CircuitBreaker({ name: 'embeddings:test', failureThreshold: 1 });
      const embedder = createEmbedder(config(server.url), {
        timeouts: { queryMs: 300, batchMs: 5_000 },
        breaker,
      });
      expect(await embedder.embedQuery('wifi')).toHaveLength(16);

      server.embeddings = 'hang';
      const error = await embedder.embedQuery('wifi').catch((e: unknown) => e);

      expect(reasonOf(error)).toBe('timeout');
      await server.waitForAbandoned(1);
      expect(breaker.state).toBe('open');
      expect(reasonOf(await embedder.embedQuery('wifi').catch((e: unknown) => e))).toBe(
        'circuit_open',
      );
      expect(server.calls('embeddings')).toBe(2);
    });
  }

  it('sync batches are never skipped by the query breaker', async () => {
    await using server = await startFaultyLlm({ tokens });
    const breaker = new CircuitBreaker({ name: 'embeddings:test', failureThreshold: 1 });
    const embedder = createEmbedder(openAi(server.url), { breaker });
    breaker.tryAcquire()?.failure();
    expect(breaker.state).toBe('open');

    expect(await embedder.embedDocuments(['a', 'b'])).toHaveLength(2);
  });
});
