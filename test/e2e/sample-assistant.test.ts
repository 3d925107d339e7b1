import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import type { Reply } from '@switchboard/core';
import { openRuntime, type Runtime } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeEnv } from '../support/runtime-env.ts';

/**
 * The acceptance path on the bundled sample data, through the same runtime `npm start` uses:
 * real embedded index, real trained brand-voice model, fitted router, real Redis.
 */
describe('Switchboard on the bundled sample (offline defaults)', () => {
  let runtime: Runtime;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-e2e-'));
    const config = loadConfig(runtimeEnv(dataDir));
    runtime = await openRuntime(config);
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const ask = (text: string, conversationId = crypto.randomUUID()): Promise<Reply> =>
    runtime.assistant.reply({ conversationId, text, channel: 'api' });

  it('answers a password reset in the brand voice', async () => {
    const reply = await ask('I forgot my password and cannot log in');
    expect(reply.route).toBe('brand');
    expect(reply.decision.scores.brandIntent).toBe('reset_password');
    expect(reply.text).not.toMatch(/\{\{|\}\}/);
    expect(reply.text.length).toBeGreaterThan(40);
  });

  it('answers a product question from the help centre with citations to retrieved chunks', async () => {
    const reply = await ask('How do I pair a room sensor with my thermostat?');
    expect(reply.route).toBe('knowledge');
    expect(reply.citations.length).toBeGreaterThan(0);
    expect(reply.citations[0]?.docId).toMatch(/sensor/i);
    for (const citation of reply.citations) expect(reply.text).toContain(`[${citation.index}]`);
  });

  it('refuses an unrelated question honestly and offers a human', async () => {
    const reply = await ask('Who won the football world cup in 1998?');
    expect(reply.route).toBe('handoff');
    expect(reply.handoff).toBeDefined();
    expect(reply.citations).toEqual([]);
    expect(reply.text).toMatch(/couldn't find|not sure|team/i);
  });

  it('says off-topic requests are outside what it does, never logging them as docs gaps', async () => {
    const conversationId = crypto.randomUUID();
    for (const text of [
      'will it rain in Lisbon tomorrow',
      'play something relaxing on spotify',
      'what is the square root of 144',
    ]) {
      const reply = await ask(text, conversationId);
      expect(reply, text).toMatchObject({ route: 'handoff', handoff: { reason: 'out_of_scope' } });
      expect(reply.text).toMatch(/not able to help with that here/);
      expect(reply.citations).toEqual([]);
    }
    const gaps = await runtime.support.gaps.recent(50);
    expect(gaps.filter((g) => g.conversationId === conversationId)).toEqual([]);
  });

  it('hands off when the customer asks for a person', async () => {
    const reply = await ask('I want to talk to a real human being please');
    expect(reply).toMatchObject({ route: 'handoff', handoff: { reason: 'customer_asked' } });
  });

  it('resolves a follow-up from the conversation kept in Redis', async () => {
    const conversationId = crypto.randomUUID();
    await ask('How do I turn on Eco mode?', conversationId);
    const followUp = await ask('and how do I turn it off?', conversationId);
    expect(followUp.resolvedQuery.toLowerCase()).toContain('eco');
    expect(followUp.route).toBe('knowledge');
  });

  it('reports health', async () => {
    const health = await runtime.health();
    expect(health.status).toBe('ok');
    expect((health.checks.index as { chunks: number }).chunks).toBeGreaterThan(20);
  });
});
