export { describeConfig, loadConfig, redactUrl, SAMPLE_PATHS } from './config.ts';
export {
  type Config,
  DEFAULT_LOCAL_EMBEDDINGS_DIR,
  type EmbeddingsConfig,
  type HttpTimeouts,
  type ProviderConfig,
  type ProviderName,
} from './config-types.ts';
export {
  type ApiKeyHash,
  LOOPBACK_CALLER,
  type TrustProxy,
} from './security-settings.ts';
