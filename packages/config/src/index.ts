export {
  type Config,
  describeConfig,
  loadConfig,
  type ProviderConfig,
  type ProviderName,
  redactUrl,
  SAMPLE_PATHS,
} from './config.ts';
