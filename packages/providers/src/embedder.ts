import type { Embeddings } from '@langchain/core/embeddings';
import { OllamaEmbeddings } from '@langchain/ollama';
import { AzureOpenAIEmbeddings, OpenAIEmbeddings } from '@langchain/openai';
import type { ProviderConfig } from '@switchboard/config';
import { type Embedder, SwitchboardError } from '@switchboard/core';
import { describeProviderError } from './provider-error.ts';

function createLangChainEmbeddings(config: ProviderConfig): Embeddings {
  switch (config.provider) {
    case 'openai':
    case 'openai-compatible':
      return new OpenAIEmbeddings({
        model: config.model,
        apiKey: config.apiKey ?? 'not-needed',
        maxRetries: 2,
        ...(config.baseUrl ? { configuration: { baseURL: config.baseUrl } } : {}),
      });
    case 'azure-openai':
      return new AzureOpenAIEmbeddings({
        model: config.model,
        maxRetries: 2,
        azureOpenAIApiKey: config.apiKey,
        azureOpenAIApiInstanceName: config.azure?.instanceName,
        azureOpenAIApiDeploymentName: config.azure?.deploymentName,
        azureOpenAIApiVersion: config.azure?.apiVersion,
      });
    case 'ollama':
      return new OllamaEmbeddings({ model: config.model, baseUrl: config.baseUrl });
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

/** A dense Embedder backed by LangChain's provider integrations. */
export function createEmbedder(config: ProviderConfig): Embedder {
  const embeddings = createLangChainEmbeddings(config);
  const id = `${config.provider}:${config.model}`;
  const wrap = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
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
      throw new SwitchboardError(
        'PROVIDER_FAILED',
        `Embeddings ${id} failed: ${describeProviderError(err)}`,
        { cause: err },
      );
    }
  };
  return {
    id,
    embedDocuments: (texts) => wrap(() => embeddings.embedDocuments(texts)),
    embedQuery: (text) => wrap(() => embeddings.embedQuery(text)),
  };
}
