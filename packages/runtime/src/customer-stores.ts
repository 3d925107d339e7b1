import {
  ConversationInsights,
  type CustomerKeyedLog,
  RedisConversationIndex,
  RedisConversationStore,
  RedisCustomerAddresses,
  RedisDocsGapLog,
  RedisFeedbackStore,
  RedisHandoffStateStore,
} from '@switchboard/assistant';
import type { Config } from '@switchboard/config';
import type { Metrics } from '@switchboard/core';
import { ConversationOwners } from '@switchboard/web-channel';
import type { Redis } from 'ioredis';
import { CustomerData } from './customer-data.ts';

/** The stores that hold customers' data, keyed and retained as config says. */
export interface CustomerStores {
  /** Conversation turns, kept for the retention period after the last message. */
  memory: RedisConversationStore;
  /** Per conversation: channel, activity, outcome events, ratings, search digest (same retention). */
  index: RedisConversationIndex;
  /** The admin's conversation list, transcripts and outcome figures, read from the stores above. */
  conversations: ConversationInsights;
  /** Who owns each widget conversation (grant digest, identified user), retained alike. */
  owners: ConversationOwners;
  feedback: RedisFeedbackStore;
  gaps: RedisDocsGapLog;
  /** Handoff states (mode, history, agent) per conversation, retained alike. */
  handoffs: RedisHandoffStateStore;
  /** How channels reach a customer later (Teams conversation references), retained alike. */
  addresses: RedisCustomerAddresses;
  /** Export and deletion of one customer's data across the stores above. */
  customers: CustomerData;
}

/**
 * Builds the customer-data stores on `redis` with the configured key prefix and retention. The
 * server and the CLI (`switchboard data export|delete`) both use this, so they agree on keys.
 */
export function customerStores(config: Config, redis: Redis, metrics?: Metrics): CustomerStores {
  const { prefix } = config.redis;
  const retentionSeconds = config.memory.ttlSeconds;
  const index = new RedisConversationIndex({
    redis,
    prefix: `${prefix}:`,
    ttlSeconds: retentionSeconds,
  });
  const memory = new RedisConversationStore({
    redis,
    prefix: `${prefix}:conv:`,
    maxTurns: config.memory.turns,
    ttlSeconds: retentionSeconds,
    index,
  });
  const owners = new ConversationOwners({
    redis,
    prefix: `${prefix}:conv-owner:`,
    ttlSeconds: retentionSeconds,
  });
  // `metrics` counts each rating as it is recorded (the server's /metrics).
  const feedback = new RedisFeedbackStore({
    redis,
    prefix: `${prefix}:`,
    retentionSeconds,
    ...(metrics ? { metrics } : {}),
    ratedTurns: index,
  });
  const gaps = new RedisDocsGapLog({ redis, prefix: `${prefix}:`, retentionSeconds });
  const conversations = new ConversationInsights({
    index,
    transcripts: memory,
    gaps,
    resolutionWindowMs: config.resolutionWindowHours * 3_600_000,
  });
  const handoffs = new RedisHandoffStateStore({
    redis,
    prefix: `${prefix}:handoff:`,
    ttlSeconds: retentionSeconds,
  });
  const addresses = new RedisCustomerAddresses({
    redis,
    prefix: `${prefix}:address:`,
    ttlSeconds: retentionSeconds,
  });
  const customers = new CustomerData({
    conversations: memory,
    index,
    owners,
    feedback,
    gaps,
    retentionDays: config.memory.retentionDays,
    // The handoff loop's data about a conversation is the customer's too.
    other: new Map<string, CustomerKeyedLog<unknown>>([
      ['handoffs', handoffs],
      ['channelAddresses', addresses],
    ]),
  });
  return {
    memory,
    index,
    conversations,
    owners,
    feedback,
    gaps,
    handoffs,
    addresses,
    customers,
  };
}
