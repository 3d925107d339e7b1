import {
  Assistant,
  type AssistantOptions,
  type ConversationStore,
  HandoffLoop,
  HandoffService,
  RedisHandoffStateStore,
} from '@switchboard/assistant';
import type { BrandVoiceModel, Chunk, Retriever } from '@switchboard/core';
import { ConversationOwners, RedisRateLimiter } from '@switchboard/web-channel';
import type { Redis } from 'ioredis';
import type { WebOptions } from '../../apps/server/src/web/web-options.ts';
import { coverageOnlyRouter } from './coverage-router.ts';
import { MapConversationStore } from './map-conversation-store.ts';

export { MapConversationStore };

const chunk: Chunk = {
  id: 'wifi.md#1',
  docId: 'wifi.md',
  title: 'Wi-Fi',
  sectionPath: ['Connect'],
  text: 'Hold the button for 3 seconds to enter pairing mode.',
  hash: 'h',
  position: 0,
};

/**
 * A real `Assistant` over the smallest real parts: "password" is a brand question answered
 * "Use the reset link.", "Wi-Fi"/"pair" finds one help chunk. For tests of transports, not models.
 */
export function tinyAssistant(
  memory: ConversationStore,
  extra: Pick<AssistantOptions, 'metrics' | 'tracer'> = {},
): Assistant {
  const brandVoice: BrandVoiceModel = {
    id: 'test-brand',
    classify(text) {
      const confidence = /password/i.test(text) ? 0.95 : 0.1;
      return {
        label: 'reset_password',
        confidence,
        ranked: [{ label: 'reset_password', probability: confidence }],
      };
    },
    async *respond() {
      yield 'Use the ';
      yield 'reset link.';
    },
  };
  const retriever: Retriever = {
    async retrieve(query) {
      const hit = /wi-?fi|pair/i.test(query);
      return { query, hits: hit ? [{ chunk, score: 1, coverage: 1 }] : [], evidence: hit ? 1 : 0 };
    },
  };
  return new Assistant({
    brandVoice,
    retriever,
    memory,
    router: coverageOnlyRouter(),
    ...extra,
  });
}

/**
 * The web channel's options over `tinyAssistant`, with real Redis rate limits and owners under
 * `prefix`; `overrides` replaces any of them (limits, secrets…).
 */
export function tinyWebOptions(
  redis: Redis,
  prefix: string,
  memory: MapConversationStore,
  overrides: Partial<WebOptions> = {},
): WebOptions {
  const assistant = tinyAssistant(memory);
  return {
    assistant,
    memory,
    feedback: { record: async () => undefined },
    handoff: new HandoffLoop({
      service: new HandoffService({ memory, targets: [] }),
      states: new RedisHandoffStateStore({ redis, prefix: `${prefix}handoff:`, ttlSeconds: 600 }),
      memory,
      timeoutMs: 600_000,
    }),
    limiter: new RedisRateLimiter({ redis, prefix }),
    owners: new ConversationOwners({ redis, prefix: `${prefix}owner:`, ttlSeconds: 600 }),
    sessionSecret: 'tiny-web-session-secret'.padEnd(40, 'x'),
    sessionTtlSeconds: 600,
    allowedOrigins: [],
    rateLimits: { perSessionPerMinute: 1000, perIpPerMinute: 1000 },
    maxMessageChars: 200,
    widget: async () => {
      throw new Error('the widget bundle is not built in this test');
    },
    ...overrides,
  };
}
