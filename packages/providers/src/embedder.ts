import type { Embeddings } from '@langchain/core/embeddings';
import type { EmbeddingsConfig, ProviderConfig } from '@switchboard/config';
import { type Embedder, SwitchboardError } from '@switchboard/core';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { CallDeadline } from './deadline.ts';
import { LocalEmbedder } from './local-embedder.ts';
import { circuitOpenError, describeProviderError, providerCallError } from './provider-error.ts';

/** Time limits of embedding calls. */
export interface EmbeddingTimeouts {
  /** Embedding one search query, while a customer waits. @defaultValue 5_000 */
  queryMs: number;
  /** Embedding one batch of chunks during a sync, retries included. @defaultValue 60_000 */
  batchMs: number;
}

export const DEFAULT_EMBEDDING_TIMEOUTS: Readonly<EmbeddingTimeouts> = Object.freeze({
  queryMs: 5_000,
  batchMs: 60_000,
});

export interface EmbedderOptions {
  timeouts?: Partial<EmbeddingTimeouts>;
  /**
   * Guards query embeddings: while it is open, `embedQuery` fails at once and retrieval goes
   * lexical-only. Sync batches are background work with their own retries and never skipped.
   */
  breaker?: CircuitBreaker;
}

/**
 * One client per call, its `fetch` bound to the call's deadline, its LangChain package imported
 * on the first call (see chat-model.ts).
 */
async function createLangChainEmbeddings(
  config: ProviderConfig,
  call: { fetch: typeof fetch; maxRetries: number; timeoutMs: number },
): Promise<Embeddings> {
  const { maxRetries } = call;
  switch (config.provider) {
    case 'openai':
    case 'openai-compatible': {
      const { OpenAIEmbeddings } = await import('@langchain/openai');
      return new OpenAIEmbeddings({
        model: config.model,
        apiKey: config.apiKey ?? 'not-needed',
        maxRetries,
        timeout: call.timeoutMs,
        configuration: {
          fetch: call.fetch,
          ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
        },
      });
    }
    case 'azure-openai': {
      const { AzureOpenAIEmbeddings } = await import('@langchain/openai');
      return new AzureOpenAIEmbeddings({
        model: config.model,
        maxRetries,
        timeout: call.timeoutMs,
        configuration: { fetch: call.fetch },
        azureOpenAIApiKey: config.apiKey,
        azureOpenAIApiInstanceName: config.azure?.instanceName,
        azureOpenAIApiDeploymentName: config.azure?.deploymentName,
        azureOpenAIApiVersion: config.azure?.apiVersion,
      });
    }
    case 'ollama': {
      const { OllamaEmbeddings } = await import('@langchain/ollama');
      return new OllamaEmbeddings({
        model: config.model,
        baseUrl: config.baseUrl,
        maxRetries,
        fetch: call.fetch,
      });
    }
  }
}

/** HTTP 429 from the provider, after the client's own retries. */
function isRateLimit(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { status?: unknown }).status === 429;
}

/** The provider's Retry-After, in ms, when its error carries the response headers. */
function retryAfterMs(err: unknown): number | undefined {
  const headers = (err as { headers?: unknown }).headers;
  const value =
    headers instanceof Headers
      ? headers.get('retry-after')
      : typeof headers === 'object' && headers !== null
        ? (headers as Record<string, unknown>)['retry-after']
        : undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * The configured embedder: a model on this machine (`local`, no network, no deadline needed), or
 * a provider's through LangChain (see `createProviderEmbedder`).
 */
export function createEmbedder(config: EmbeddingsConfig, options: EmbedderOptions = {}): Embedder {
  if (config.provider === 'local') return new LocalEmbedder({ directory: config.model });
  return createProviderEmbedder(config, options);
}

/**
 * A dense Embedder backed by LangChain's provider integrations. A query embedding gets one
 * attempt within `queryMs` (the retriever goes lexical-only when it fails); a sync batch gets
 * the client's retries within `batchMs`.
 */
function createProviderEmbedder(config: ProviderConfig, options: EmbedderOptions): Embedder {
  const id = `${config.provider}:${config.model}`;
  const timeouts: EmbeddingTimeouts = { ...DEFAULT_EMBEDDING_TIMEOUTS, ...options.timeouts };
  const call = async <T>(
    run: (embeddings: Embeddings) => Promise<T>,
    limits: { timeoutMs: number; maxRetries: number },
  ): Promise<T> => {
    const deadline = new CallDeadline();
    try {
      const embeddings = await createLangChainEmbeddings(config, {
        ...limits,
        fetch: deadline.fetch(),
      });
      // Armed once the client exists: loading LangChain is not the provider's time.
      deadline.arm('total', limits.timeoutMs);
      return await deadline.race(run(embeddings));
    } catch (err) {
      if (isRateLimit(err)) {
        // The sync worker pauses its queue on this (BullMQ's rate limiter) instead of failing.
        throw new SwitchboardError(
          'RATE_LIMITED',
          `Embeddings ${id} rate-limited: ${describeProviderError(err)}`,
          {
            cause: err,
            details: { retryAfterMs: retryAfterMs(err) ?? 1000 },
          },
        );
      }
      throw providerCallError(`Embeddings ${id}`, err, deadline.expired);
    } finally {
      deadline.dispose();
    }
  };
  const breaker = options.breaker;
  return {
    id,
    embedDocuments: (texts) =>
      call((e) => e.embedDocuments(texts), { timeoutMs: timeouts.batchMs, maxRetries: 2 }),
    async embedQuery(text) {
      const permit = breaker?.tryAcquire();
      if (breaker && !permit) throw circuitOpenError(`Embeddings ${id}`, breaker.name);
      try {
        const vector = await call((e) => e.embedQuery(text), {
          timeoutMs: timeouts.queryMs,
          maxRetries: 0,
        });
        permit?.success();
        return vector;
      } catch (err) {
        permit?.failure();
        throw err;
      }
    },
  };
}
