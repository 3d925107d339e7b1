import type { Config, ProviderConfig } from '@switchboard/config';
import type { RegisteredVersion } from '@switchboard/fine-tuning';

/**
 * The key a served model gets: OPENAI_API_KEY only for endpoints it was configured for (OpenAI,
 * FINE_TUNE_BASE_URL, LLM_BASE_URL), never for an arbitrary GPU box someone typed in.
 */
function keyFor(
  config: Config,
  provider: RegisteredVersion['provider'],
  baseUrl?: string,
): string | undefined {
  const trusted = [config.fineTuning.baseUrl, config.llm?.baseUrl].filter(Boolean);
  if (provider === 'openai' && !baseUrl) return config.fineTuning.apiKey;
  return baseUrl && trusted.includes(baseUrl) ? config.fineTuning.apiKey : undefined;
}

/** The chat client of a registered version (what the gate scores and the runtime serves). */
export function versionChatConfig(config: Config, version: RegisteredVersion): ProviderConfig {
  const provider = version.provider === 'local' ? 'openai' : version.provider;
  const baseUrl =
    version.baseUrl ?? (provider === 'openai' ? config.fineTuning.baseUrl : undefined);
  const apiKey = keyFor(config, provider, version.baseUrl);
  return {
    provider,
    model: version.modelId,
    temperature: 0,
    ...(baseUrl ? { baseUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}
