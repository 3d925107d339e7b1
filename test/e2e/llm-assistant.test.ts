import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import type { ReplyEvent } from '@switchboard/core';
import { openRuntime, type Runtime } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../support/fake-llm-servers.ts';
import type { LocalServer } from '../support/http-server.ts';
import { runtimeEnv } from '../support/runtime-env.ts';

/**
 * With an LLM configured, the brand-voice model is that LLM: the real LangChain OpenAI client
 * talks to a local server that speaks the OpenAI protocol and streams scripted tokens.
 */
describe('Switchboard with an OpenAI-compatible LLM', () => {
  let runtime: Runtime;
  let server: LocalServer;
  let dataDir: string;
  // The scripted model cites one real passage, invents another, and splits a placeholder.
  const tokens = [
    'Hold the Nimbus button ',
    'for 3 seconds [1]',
    ' (see [9]). ',
    'Questions? Call {{Support ',
    'Phone}}.',
  ];

  beforeAll(async () => {
    server = await startFakeOpenAI({ tokens });
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-llm-'));
    const config = loadConfig({
      ...runtimeEnv(dataDir),
      LLM_PROVIDER: 'openai-compatible',
      LLM_MODEL: 'ft:gpt-4o-mini:nimbus::brand1',
      LLM_BASE_URL: `${server.url}/v1`,
    });
    runtime = await openRuntime(config);
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function collect(text: string): Promise<ReplyEvent[]> {
    const events: ReplyEvent[] = [];
    for await (const e of runtime.assistant.stream({
      conversationId: crypto.randomUUID(),
      text,
      channel: 'api',
    })) {
      events.push(e);
    }
    return events;
  }

  it('streams a grounded answer token by token and keeps only citations that exist', async () => {
    const events = await collect('How do I pair a room sensor with the thermostat?');
    expect(events[0]).toMatchObject({ type: 'meta', decision: { route: 'knowledge' } });
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThanOrEqual(
      tokens.length - 1,
    );
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.reply.model).toMatch(
      /^llm:openai-compatible:ft:gpt-4o-mini:nimbus::brand1\+offline:/,
    );
    expect(done.reply.citations.map((c) => c.index)).toEqual([1]);
    expect(done.reply.text).not.toContain('[9]');
    expect(done.reply.text).toContain('+1 555 0100');
    expect(done.reply.text).not.toMatch(/\{\{|\}\}/);
    const request = server.requests.find((r) => r.path === '/v1/chat/completions');
    if (!request) throw new Error('the model was never called');
    const messages = (request.body as { messages: Array<{ content: string }> }).messages;
    expect(messages.map((m) => m.content).join('\n')).toMatch(/room sensor/i);
  });

  it('writes brand replies with the LLM and never leaks a placeholder split across tokens', async () => {
    const events = await collect('I forgot my password, help');
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.reply.route).toBe('brand');
    const streamed = events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
    expect(streamed).not.toMatch(/\{\{|\}\}/);
    expect(done.reply.text).toContain('+1 555 0100');
  });
});

describe('Switchboard when the configured LLM is down', () => {
  let runtime: Runtime;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-llm-down-'));
    const config = loadConfig({
      ...runtimeEnv(dataDir),
      LLM_PROVIDER: 'openai-compatible',
      LLM_MODEL: 'brand-model',
      // Port 9 (discard) on loopback: nothing listens, every call fails fast.
      LLM_BASE_URL: 'http://127.0.0.1:9/v1',
    });
    runtime = await openRuntime(config);
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const ask = (text: string) =>
    runtime.assistant.reply({ conversationId: crypto.randomUUID(), text, channel: 'api' });

  it('answers product questions extractively, with citations', async () => {
    const reply = await ask('How do I pair a room sensor with the thermostat?');
    expect(reply.route).toBe('knowledge');
    expect(reply.model).toBe('switchboard:extractive');
    expect(reply.citations.length).toBeGreaterThan(0);
  }, 30_000);

  it('answers common queries with the approved reply', async () => {
    const reply = await ask('I forgot my password, help');
    expect(reply.route).toBe('brand');
    expect(reply.text).toMatch(/password/i);
    expect(reply.text).not.toMatch(/\{\{|\}\}/);
  }, 30_000);
});
