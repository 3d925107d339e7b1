import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { jsonLogger, type Reply, type ReplyEvent } from '@switchboard/core';
import { openRuntime, type Runtime } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultyLlmServer, startFaultyLlm } from '../support/faulty-llm-servers.ts';
import { runtimeEnv } from '../support/runtime-env.ts';

/**
 * Issue 9, "time limits everywhere": a provider that hangs, stalls or refuses costs the customer
 * at most the configured limit, and once its circuit is open, nothing. The real LangChain
 * clients talk to a local server that speaks the OpenAI protocol and misbehaves on demand.
 */

const KNOWLEDGE_QUESTION = 'How do I pair a room sensor with the thermostat?';
const BRAND_QUESTION = 'I forgot my password, help';
// Words no help-centre page contains, so the abandoned start of an answer is easy to spot.
const TOKENS = ['Zephyrine partial start ', 'quintessa [1] ', 'never finished.'];
const SECRET_KEY = 'sk-test-must-never-be-logged-0123456789';

interface Asked {
  reply: Reply;
  deltas: string[];
  ms: number;
}

async function ask(runtime: Runtime, text: string): Promise<Asked> {
  const started = performance.now();
  const deltas: string[] = [];
  let reply: Reply | undefined;
  const events: ReplyEvent[] = [];
  for await (const event of runtime.assistant.stream({
    conversationId: crypto.randomUUID(),
    text,
    channel: 'api',
  })) {
    events.push(event);
    if (event.type === 'delta') deltas.push(event.text);
    if (event.type === 'done') reply = event.reply;
  }
  if (!reply) throw new Error('no done event');
  return { reply, deltas, ms: performance.now() - started };
}

async function open(
  server: FaultyLlmServer,
  extra: Record<string, string>,
): Promise<{ runtime: Runtime; dataDir: string; logLines: string[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-limits-'));
  const logLines: string[] = [];
  const config = loadConfig({
    ...runtimeEnv(dataDir),
    LLM_PROVIDER: 'openai-compatible',
    LLM_MODEL: 'brand-model',
    LLM_BASE_URL: `${server.url}/v1`,
    OPENAI_API_KEY: SECRET_KEY,
    ...extra,
  });
  const runtime = await openRuntime(config, { events: jsonLogger((line) => logLines.push(line)) });
  return { runtime, dataDir, logLines };
}

function circuit(runtime: Runtime, kind: 'chat' | 'embeddings') {
  return runtime.providers.circuits().find((c) => c.name.startsWith(`${kind}:`));
}

const TIMEOUT_MS = 1_500;

describe('a hanging LLM provider behind a circuit breaker', () => {
  let server: FaultyLlmServer;
  let runtime: Runtime;
  let dataDir: string;
  let logLines: string[];

  beforeAll(async () => {
    server = await startFaultyLlm({ tokens: TOKENS });
    ({ runtime, dataDir, logLines } = await open(server, {
      LLM_TIMEOUT_MS: String(TIMEOUT_MS),
      PROVIDER_BREAKER_FAILURES: '2',
      PROVIDER_BREAKER_COOLDOWN_MS: '600000',
    }));
    server.chat = 'hang';
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens its circuit after repeated timeouts; then a message never reaches it', async () => {
    for (let i = 0; i < 3 && circuit(runtime, 'chat')?.state !== 'open'; i++) {
      const { reply } = await ask(runtime, BRAND_QUESTION);
      expect(reply.text).toMatch(/password/i);
    }
    expect(circuit(runtime, 'chat')?.state).toBe('open');
    const opened = logLines.map((l) => JSON.parse(l)).find((l) => l.event === 'provider.circuit');
    expect(opened).toMatchObject({ level: 'warn', state: 'open', previous: 'closed' });
    expect(opened.name).toMatch(/^chat:openai-compatible@127\.0\.0\.1:\d+$/);
    expect(logLines.join('\n')).not.toContain(SECRET_KEY);

    const callsBefore = server.calls('chat');
    for (const question of [KNOWLEDGE_QUESTION, BRAND_QUESTION]) {
      const { reply, ms } = await ask(runtime, question);
      expect(reply.text.length).toBeGreaterThan(0);
      // Far below the timeout: the open circuit answers offline at once (see the report figure).
      expect(ms).toBeLessThan(TIMEOUT_MS);
    }
    expect(server.calls('chat')).toBe(callsBefore);
    expect((await runtime.health()).checks.providers).toEqual([
      expect.objectContaining({ state: 'open' }),
    ]);
  }, 60_000);
});

describe('a provider that hangs or stalls mid-answer, and embeddings that time out', () => {
  let server: FaultyLlmServer;
  let runtime: Runtime;
  let dataDir: string;
  let logLines: string[];

  beforeAll(async () => {
    server = await startFaultyLlm({ tokens: TOKENS, stallAfter: 2 });
    ({ runtime, dataDir, logLines } = await open(server, {
      LLM_TIMEOUT_MS: String(TIMEOUT_MS),
      LLM_STALL_TIMEOUT_MS: '300',
      EMBEDDINGS_PROVIDER: 'openai-compatible',
      EMBEDDINGS_MODEL: 'text-embedding-3-small',
      EMBEDDINGS_BASE_URL: `${server.url}/v1`,
      EMBEDDINGS_TIMEOUT_MS: '300',
      // These tests are about single calls; the breaker has its own tests above.
      PROVIDER_BREAKER_FAILURES: '100',
    }));
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers with the fallback within the configured timeout and cancels the request', async () => {
    server.chat = 'hang';
    server.embeddings = 'ok';
    const before = server.abandoned.length;

    const { reply, ms } = await ask(runtime, KNOWLEDGE_QUESTION);

    expect(reply.route).toBe('knowledge');
    expect(reply.model).toBe('switchboard:extractive');
    expect(reply.citations.length).toBeGreaterThan(0);
    // The limit plus a generous allowance for a loaded two-core machine; the SDK default was 10 min.
    expect(ms).toBeLessThan(TIMEOUT_MS + 5_000);
    await server.waitForAbandoned(before + 1);
  }, 30_000);

  it('a stalled grounded answer ends with the extractive answer and its valid citations', async () => {
    server.chat = 'stall';
    server.embeddings = 'ok';
    const before = server.abandoned.length;

    const { reply, deltas } = await ask(runtime, KNOWLEDGE_QUESTION);

    // The customer saw the start stream by, then the fallback after a break…
    expect(deltas.join('')).toContain('Zephyrine partial start');
    expect(deltas).toContain('\n\n');
    // …and the reply they keep is the fallback alone, its citations pointing at real passages.
    expect(reply.model).toBe('switchboard:extractive');
    expect(reply.text).not.toMatch(/Zephyrine|quintessa/);
    expect(reply.citations.length).toBeGreaterThan(0);
    for (const citation of reply.citations) expect(reply.text).toContain(`[${citation.index}]`);
    const turns = await runtime.memory.load(reply.conversationId);
    expect(turns.at(-1)?.text).toBe(reply.text);
    await server.waitForAbandoned(before + 1);
  }, 30_000);

  it('a stalled brand reply ends with the approved reply', async () => {
    server.chat = 'stall';
    server.embeddings = 'ok';

    const { reply, deltas } = await ask(runtime, BRAND_QUESTION);

    expect(reply.route).toBe('brand');
    expect(deltas.join('')).toContain('Zephyrine partial start');
    expect(reply.text).not.toMatch(/Zephyrine|quintessa/);
    expect(reply.text).toMatch(/password/i);
    expect(reply.text).not.toMatch(/\{\{|\}\}/);
  }, 30_000);

  it('an embedding timeout falls back to lexical-only retrieval and still answers with citations', async () => {
    server.chat = 'ok';
    server.embeddings = 'hang';
    const before = server.abandoned.length;
    try {
      const { reply } = await ask(runtime, KNOWLEDGE_QUESTION);

      expect(reply.route).toBe('knowledge');
      expect(reply.citations.length).toBeGreaterThan(0);
      await server.waitForAbandoned(before + 1);
      expect(server.abandoned.at(-1)).toBe('/v1/embeddings');
      expect(logLines.some((l) => JSON.parse(l).event === 'retrieval.lexical_only')).toBe(true);
    } finally {
      server.embeddings = 'ok';
    }
  }, 30_000);
});
