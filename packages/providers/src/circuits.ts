import {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitSnapshot,
} from './circuit-breaker.ts';

export type CircuitSettings = Omit<CircuitBreakerOptions, 'name' | 'onStateChange' | 'clock'>;

export interface ProviderCircuitsOptions extends CircuitSettings {
  /** Injected clock (epoch ms), for tests. @defaultValue Date.now */
  clock?: () => number;
  /** Called on every state change of any circuit (the runtime logs it as one JSON line). */
  onStateChange?: CircuitBreakerOptions['onStateChange'];
}

/**
 * The circuit breakers of one process, one per provider endpoint, so every model served from
 * the same endpoint (the configured LLM, a fine-tuned version on it) shares what is known
 * about it. Owned by the runtime and passed in; never a module-level global.
 */
export class ProviderCircuits {
  readonly #options: ProviderCircuitsOptions;
  readonly #breakers = new Map<string, CircuitBreaker>();

  constructor(options: ProviderCircuitsOptions = {}) {
    this.#options = options;
  }

  /** The breaker named `name`, created on first use. */
  for(name: string): CircuitBreaker {
    let breaker = this.#breakers.get(name);
    if (!breaker) {
      breaker = new CircuitBreaker({ ...this.#options, name });
      this.#breakers.set(name, breaker);
    }
    return breaker;
  }

  /** Every circuit's state, for health and readiness checks. */
  snapshots(): CircuitSnapshot[] {
    return [...this.#breakers.values()].map((b) => b.snapshot());
  }
}

/**
 * A circuit name for a provider endpoint: kind, provider and host only, so neither a key nor a
 * password in the URL reaches a log line.
 */
export function circuitName(
  kind: 'chat' | 'embeddings',
  config: { provider: string; baseUrl?: string; azure?: { instanceName: string } },
): string {
  let where = 'default';
  if (config.baseUrl) {
    try {
      where = new URL(config.baseUrl).host;
    } catch {
      where = 'custom';
    }
  } else if (config.azure?.instanceName) {
    where = config.azure.instanceName;
  }
  return `${kind}:${config.provider}@${where}`;
}
