import { randomUUID } from 'node:crypto';
import { loadConfig } from '@switchboard/config';
import { silentLogger, type Turn } from '@switchboard/core';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { customerStores } from './customer-stores.ts';
import { openWidgetSuggestions } from './widget-suggestions.ts';

/**
 * WIDGET_SUGGESTIONS as the server serves it: `auto` computes the most asked questions from the
 * conversations in Redis (the real stores, the real PII scrubber), a configured list wins over
 * them, `off` shows none.
 */
describe('widget suggestions from config and traffic (real Redis)', () => {
  const testRedis = useTestRedis();
  // REDIS_PREFIX allows no colon: a prefix of this file's own, its keys deleted after it.
  const base = `test-${randomUUID()}`;
  let n = 0;
  afterAll(async () => {
    const keys = await testRedis.redis.keys(`${base}*`);
    if (keys.length) await testRedis.redis.del(...keys);
  });

  /** Stores under a prefix of their own, and a way to write one answered conversation. */
  function setUp(env: Record<string, string> = {}) {
    const config = loadConfig({ REDIS_PREFIX: `${base}-${n++}`, ...env });
    const stores = customerStores(config, testRedis.redis);
    let id = 0;
    const answered = async (question: string, route: Turn['route'] = 'brand') => {
      const conversationId = `web-${id++}`;
      const at = Date.now() - 60_000 + id;
      await stores.memory.append(
        conversationId,
        [
          { role: 'user', text: question, at },
          {
            role: 'assistant',
            text: 'Here is how.',
            at: at + 1,
            id: `m-${conversationId}`,
            ...(route ? { route } : {}),
          },
        ],
        { channel: 'web' },
      );
    };
    return { config, stores, answered };
  }

  it('auto: a question answered in three conversations, not one in two or with an order number', async () => {
    const { config, stores, answered } = setUp();
    expect(config.web.suggestions).toBe('auto');
    for (let i = 0; i < 3; i++) {
      await answered('How do I reset my password?');
      await answered('Where is my order ORD-20411?');
      await answered('Please reset the password for anna.lima@example.com');
    }
    await answered('Can I pay by invoice?');
    await answered('Can I pay by invoice?');
    const suggestions = openWidgetSuggestions({ config, stores, events: silentLogger });
    try {
      expect(await suggestions.refresh()).toEqual(['How do I reset my password?']);
      expect(suggestions.current()).toEqual(['How do I reset my password?']);
    } finally {
      await suggestions.close();
    }
  });

  it('auto: refreshed periodically in the background, never per read', async () => {
    const { config, stores, answered } = setUp();
    const suggestions = openWidgetSuggestions({
      config,
      stores,
      events: silentLogger,
      refreshMs: 100,
    });
    try {
      await expect.poll(() => suggestions.current(), { timeout: 2_000 }).toEqual([]);
      for (let i = 0; i < 3; i++) await answered('Is my boiler compatible?');
      await expect
        .poll(() => suggestions.current(), { timeout: 5_000 })
        .toEqual(['Is my boiler compatible?']);
    } finally {
      await suggestions.close();
    }
  });

  it("the operator's list wins over the most asked, and off shows none", async () => {
    const list = setUp({
      WIDGET_SUGGESTIONS: 'How do I pair a sensor? | What does Eco mode do, exactly?',
    });
    expect(list.config.web.suggestions).toEqual([
      'How do I pair a sensor?',
      'What does Eco mode do, exactly?',
    ]);
    for (let i = 0; i < 3; i++) await list.answered('How do I reset my password?');
    const configured = openWidgetSuggestions({ ...list, events: silentLogger });
    expect(configured.current()).toEqual(list.config.web.suggestions);
    expect(await configured.refresh()).toEqual(list.config.web.suggestions);
    await configured.close();

    const off = setUp({ WIDGET_SUGGESTIONS: 'off' });
    expect(off.config.web.suggestions).toBe('off');
    for (let i = 0; i < 3; i++) await off.answered('How do I reset my password?');
    const none = openWidgetSuggestions({ ...off, events: silentLogger });
    expect(await none.refresh()).toEqual([]);
    expect(none.current()).toEqual([]);
    await none.close();
  });
});
