import type { Config, EmbeddingsConfig, ProviderConfig } from '@switchboard/config';
import type { ChatModel, Embedder } from '@switchboard/core';
import { createChatModel } from './chat-model.ts';
import type { CircuitSnapshot } from './circuit-breaker.ts';
import { circuitName, ProviderCircuits, type ProviderCircuitsOptions } from './circuits.ts';
import { createEmbedder } from './embedder.ts';

/** Chat models and embedders that share one set of circuits and the configured time limits. */
export interface ProviderSet {
  /** A chat model with the configured time limits and its endpoint's circuit breaker. */
  chat(config: ProviderConfig): ChatModel;
  /** An embedder with the configured time limits; its query embeddings use the endpoint's breaker. */
  embedder(config: EmbeddingsConfig): Embedder;
  /** The state of every circuit created so far (for health and readiness checks). */
  circuits(): CircuitSnapshot[];
}

/**
 * The providers of one process. Models served from the same endpoint share a breaker, so a
 * promoted fine-tune on the same server does not pay the timeout again to learn it is down.
 */
export function createProviderSet(
  limits: Config['providerLimits'],
  options: Pick<ProviderCircuitsOptions, 'clock' | 'onStateChange'> = {},
): ProviderSet {
  const circuits = new ProviderCircuits({ ...limits.breaker, ...options });
  return {
    chat: (config) =>
      createChatModel(config, {
        timeouts: limits.chat,
        breaker: circuits.for(circuitName('chat', config)),
      }),
    embedder: (config) =>
      createEmbedder(config, {
        timeouts: limits.embeddings,
        breaker: circuits.for(circuitName('embeddings', config)),
      }),
    circuits: () => circuits.snapshots(),
  };
}
