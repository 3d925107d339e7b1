export {
  type ChatModelOptions,
  type ChatTimeouts,
  createChatModel,
  DEFAULT_CHAT_TIMEOUTS,
} from './chat-model.ts';
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitPermit,
  type CircuitSnapshot,
  type CircuitState,
} from './circuit-breaker.ts';
export {
  type CircuitSettings,
  circuitName,
  ProviderCircuits,
  type ProviderCircuitsOptions,
} from './circuits.ts';
export {
  createEmbedder,
  DEFAULT_EMBEDDING_TIMEOUTS,
  type EmbedderOptions,
  type EmbeddingTimeouts,
} from './embedder.ts';
export {
  createFineTuneProvider,
  OPENAI_DEFAULT_BASE_URL,
  OpenAiFineTuner,
  type OpenAiFineTunerInit,
} from './fine-tuner.ts';
export {
  LOCAL_EMBEDDING_MODEL_FILES,
  LocalEmbedder,
  type LocalEmbedderOptions,
} from './local-embedder.ts';
export { type ProviderFailureReason, providerFailureReason } from './provider-error.ts';
export { createProviderSet, type ProviderSet } from './provider-set.ts';
