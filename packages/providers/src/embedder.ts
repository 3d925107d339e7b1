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

/** A dense Embedder backed by LangChain's provider integrations. */
export function createEmbedder(config: ProviderConfig): Embedder {
  const embeddings = createLangChainEmbeddings(config);
  const id = `${config.provider}:${config.model}`;
  const wrap = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
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
