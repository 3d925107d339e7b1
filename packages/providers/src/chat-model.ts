import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOllama } from '@langchain/ollama';
import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import type { ProviderConfig } from '@switchboard/config';
import { type ChatMessage, type ChatModel, SwitchboardError } from '@switchboard/core';
import { describeProviderError } from './provider-error.ts';

function createLangChainChat(config: ProviderConfig): BaseChatModel {
  switch (config.provider) {
    case 'openai':
    case 'openai-compatible':
      return new ChatOpenAI({
        model: config.model,
        temperature: config.temperature,
        streaming: true,
        // OpenAI-compatible servers (vLLM, LM Studio, llama.cpp) often need no key; the client insists on one.
        apiKey: config.apiKey ?? 'not-needed',
        maxRetries: 2,
        ...(config.baseUrl ? { configuration: { baseURL: config.baseUrl } } : {}),
      });
    case 'azure-openai':
      return new AzureChatOpenAI({
        model: config.model,
        temperature: config.temperature,
        streaming: true,
        maxRetries: 2,
        azureOpenAIApiKey: config.apiKey,
        azureOpenAIApiInstanceName: config.azure?.instanceName,
        azureOpenAIApiDeploymentName: config.azure?.deploymentName,
        azureOpenAIApiVersion: config.azure?.apiVersion,
      });
    case 'ollama':
      return new ChatOllama({
        model: config.model,
        temperature: config.temperature,
        baseUrl: config.baseUrl,
      });
  }
}

function toLangChain(message: ChatMessage) {
  if (message.role === 'system') return new SystemMessage(message.content);
  if (message.role === 'assistant') return new AIMessage(message.content);
  return new HumanMessage(message.content);
}

/** Text of a streamed chunk: providers send either a string or content parts. */
function chunkText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'object' && part && 'text' in part ? String(part.text) : ''))
      .join('');
  }
  return '';
}

/** A ChatModel backed by LangChain, so every provider LangChain supports is one case away. */
export function createChatModel(config: ProviderConfig): ChatModel {
  const model = createLangChainChat(config);
  return {
    id: `${config.provider}:${config.model}`,
    async *stream(messages, options) {
      try {
        const stream = await model.stream(messages.map(toLangChain), { signal: options?.signal });
        for await (const chunk of stream) {
          const text = chunkText(chunk.content);
          if (text) yield text;
        }
      } catch (err) {
        if (options?.signal?.aborted) throw err;
        throw new SwitchboardError(
          'PROVIDER_FAILED',
          `LLM ${config.provider}:${config.model} failed: ${describeProviderError(err)}`,
          {
            cause: err,
          },
        );
      }
    },
  };
}
