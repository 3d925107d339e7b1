import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { ProviderConfig } from '@switchboard/config';
import type { ChatMessage, ChatModel } from '@switchboard/core';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { CallDeadline } from './deadline.ts';
import { circuitOpenError, providerCallError } from './provider-error.ts';

/** Time limits of one streamed answer. */
export interface ChatTimeouts {
  /** From the request to the first token (connecting included). @defaultValue 8_000 */
  firstTokenMs: number;
  /** Longest silence between two tokens once the answer has started. @defaultValue 5_000 */
  stallMs: number;
  /** Cap on the whole answer. @defaultValue 60_000 */
  totalMs: number;
}

export const DEFAULT_CHAT_TIMEOUTS: Readonly<ChatTimeouts> = Object.freeze({
  firstTokenMs: 8_000,
  stallMs: 5_000,
  totalMs: 60_000,
});

export interface ChatModelOptions {
  timeouts?: Partial<ChatTimeouts>;
  /** Skips calls while the provider is known to be down; absent = every call is tried. */
  breaker?: CircuitBreaker;
}

/**
 * One LangChain client per call, with a `fetch` bound to the call's deadline: LangChain's
 * Ollama client never hands its `signal` to the HTTP request, so this is the only way a hung
 * request is really cancelled. No client-side retries: for a chat the offline answer is the
 * retry, and a retry after a timeout would double the wait. The provider's LangChain package is
 * imported here, on the first call, so a process with no LLM configured never loads LangChain
 * (about half a second of a start).
 */
async function createLangChainChat(
  config: ProviderConfig,
  call: { fetch: typeof fetch; totalMs: number },
): Promise<BaseChatModel> {
  switch (config.provider) {
    case 'openai':
    case 'openai-compatible': {
      const { ChatOpenAI } = await import('@langchain/openai');
      return new ChatOpenAI({
        model: config.model,
        temperature: config.temperature,
        streaming: true,
        // OpenAI-compatible servers (vLLM, LM Studio, llama.cpp) often need no key; the client insists on one.
        apiKey: config.apiKey ?? 'not-needed',
        maxRetries: 0,
        timeout: call.totalMs,
        configuration: {
          fetch: call.fetch,
          ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
        },
      });
    }
    case 'azure-openai': {
      const { AzureChatOpenAI } = await import('@langchain/openai');
      return new AzureChatOpenAI({
        model: config.model,
        temperature: config.temperature,
        streaming: true,
        maxRetries: 0,
        timeout: call.totalMs,
        configuration: { fetch: call.fetch },
        azureOpenAIApiKey: config.apiKey,
        azureOpenAIApiInstanceName: config.azure?.instanceName,
        azureOpenAIApiDeploymentName: config.azure?.deploymentName,
        azureOpenAIApiVersion: config.azure?.apiVersion,
      });
    }
    case 'ollama': {
      const { ChatOllama } = await import('@langchain/ollama');
      return new ChatOllama({
        model: config.model,
        temperature: config.temperature,
        baseUrl: config.baseUrl,
        fetch: call.fetch,
      });
    }
  }
}

/** The messages as LangChain's message classes (imported with the first call, like the clients). */
async function toLangChain(messages: readonly ChatMessage[]) {
  const { AIMessage, HumanMessage, SystemMessage } = await import('@langchain/core/messages');
  return messages.map((message) => {
    if (message.role === 'system') return new SystemMessage(message.content);
    if (message.role === 'assistant') return new AIMessage(message.content);
    return new HumanMessage(message.content);
  });
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

/**
 * A ChatModel backed by LangChain, so every provider LangChain supports is one case away. Every
 * call has a first-token, a stall and a total deadline; when one passes, the HTTP request is
 * cancelled and the stream fails with PROVIDER_FAILED (`details.reason` says which limit), which
 * the answer path turns into its offline answer. With a breaker, a call while the circuit is
 * open fails at once (`details.reason: 'circuit_open'`) without contacting the provider.
 */
export function createChatModel(config: ProviderConfig, options: ChatModelOptions = {}): ChatModel {
  const id = `${config.provider}:${config.model}`;
  const timeouts: ChatTimeouts = { ...DEFAULT_CHAT_TIMEOUTS, ...options.timeouts };
  const breaker = options.breaker;
  return {
    id,
    async *stream(messages, callOptions) {
      const permit = breaker?.tryAcquire();
      if (breaker && !permit) throw circuitOpenError(`LLM ${id}`, breaker.name);
      const call = new CallDeadline(callOptions?.signal);
      let outcome: 'success' | 'failure' | 'cancel' = 'cancel';
      try {
        // The clocks start once the client exists: loading LangChain is not the provider's time.
        const model = await createLangChainChat(config, {
          fetch: call.fetch(),
          totalMs: timeouts.totalMs,
        });
        const input = await toLangChain(messages);
        call.arm('first_token', timeouts.firstTokenMs);
        call.arm('total', timeouts.totalMs);
        const stream = await call.race(model.stream(input, { signal: call.signal }));
        const chunks = stream[Symbol.asyncIterator]();
        for (;;) {
          const next = await call.race(chunks.next());
          if (next.done) break;
          const text = chunkText(next.value.content);
          if (!text) continue;
          call.clear('first_token');
          call.clear('stall');
          yield text;
          // The stall clock measures the provider only, not how long the consumer took.
          call.arm('stall', timeouts.stallMs);
        }
        // Some clients end the stream quietly when their signal fires instead of throwing.
        if (call.signal.aborted) throw call.signal.reason;
        outcome = 'success';
      } catch (err) {
        if (callOptions?.signal?.aborted) throw err;
        outcome = 'failure';
        throw providerCallError(`LLM ${id}`, err, call.expired);
      } finally {
        call.dispose();
        if (outcome === 'success') permit?.success();
        else if (outcome === 'failure') permit?.failure();
        else permit?.cancel();
      }
    },
  };
}
