export {
  type Config,
  DEFAULT_LOCAL_EMBEDDINGS_DIR,
  describeConfig,
  type EmbeddingsConfig,
  type HttpTimeouts,
  loadConfig,
  type ProviderConfig,
  type ProviderName,
  redactUrl,
  SAMPLE_PATHS,
} from './config.ts';
export {
  type ApiKeyHash,
  LOOPBACK_CALLER,
  type TrustProxy,
} from './security-settings.ts';
