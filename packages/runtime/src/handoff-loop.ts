import {
  ChatwootHandoffTarget,
  type ConversationStore,
  HandoffLoop,
  type HandoffService,
  type HandoffStateStore,
  type RedisCustomerAddresses,
  RedisLiveEvents,
  WebhookHandoffTarget,
} from '@switchboard/assistant';
import type { Config } from '@switchboard/config';
import type { CompanyProfile, HandoffTarget, Logger } from '@switchboard/core';
import { describeError } from '@switchboard/core';
import { type HarvestStore, harvestAgentReply } from '@switchboard/fine-tuning';
import type { Redis } from 'ioredis';

/** The handoff loop and the stores around it, as the runtime exposes them. */
export interface HandoffParts {
  loop: HandoffLoop;
  /** Live events of widget conversations (the widget's subscription). */
  live: RedisLiveEvents;
  /** Where channels keep how to reach a customer later (Teams conversation references). */
  addresses: RedisCustomerAddresses;
  /** Hands back conversations nobody answered in time; stops the sweep. */
  close(): Promise<void>;
}

/** The targets config declares: the signed webhook and Chatwoot (channels add their own). */
export function configuredHandoffTargets(config: Config): HandoffTarget[] {
  const { webhook, chatwoot } = config.handoff;
  return [
    ...(webhook ? [new WebhookHandoffTarget(webhook)] : []),
    ...(chatwoot ? [new ChatwootHandoffTarget(chatwoot)] : []),
  ];
}

export interface OpenHandoffOptions {
  config: Config;
  redis: Redis;
  /** Builds and delivers the tickets (with every target). */
  service: HandoffService;
  /** Handoff states and channel addresses (the customer-data stores, retained like conversations). */
  states: HandoffStateStore;
  addresses: RedisCustomerAddresses;
  memory: ConversationStore;
  profile: CompanyProfile;
  harvest: HarvestStore;
  events: Logger;
  /** How often held conversations are checked for their timeout. @defaultValue 15_000 */
  sweepMs?: number;
}

/**
 * The handoff loop around the ticket service: states retained like conversations, live events
 * for the widget, agents' replies queued for review, and a sweep that hands timed-out
 * conversations back to the bot.
 */
export function openHandoffLoop(o: OpenHandoffOptions): HandoffParts {
  const { config, redis, service } = o;
  const prefix = config.redis.prefix;
  const live = new RedisLiveEvents({
    redis,
    subscriber: () => redis.duplicate(),
    channel: `${prefix}:handoff-events`,
  });
  const loop = new HandoffLoop({
    service,
    states: o.states,
    memory: o.memory,
    timeoutMs: config.handoff.timeoutMinutes * 60_000,
    wording: { companyName: o.profile['Company Name'] ?? 'our', profile: o.profile },
    // Every agent's reply is a training candidate for review, like the reply webhook's.
    onAgentReply: (reply) => harvestAgentReply(o.harvest, reply),
    onError: (what, error) =>
      o.events.warn('handoff.failed', { what, message: describeError(error) }),
  });
  loop.deliverTo(live);
  const sweep = setInterval(() => {
    loop
      .expireDue()
      .catch((error: unknown) =>
        o.events.warn('handoff.sweep_failed', { message: describeError(error) }),
      );
  }, o.sweepMs ?? 15_000);
  sweep.unref();
  return {
    loop,
    live,
    addresses: o.addresses,
    async close() {
      clearInterval(sweep);
      await live.close();
    },
  };
}
