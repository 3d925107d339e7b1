import { LlmBrandVoice, type OfflineBrandVoice } from '@switchboard/brand-voice';
import type { Config, ProviderConfig } from '@switchboard/config';
import { type ChatModel, type CompanyProfile, SwitchboardError } from '@switchboard/core';
import { type LoadVersionModel, loadLocalVersion } from '@switchboard/fine-tuning';
import { createChatModel } from '@switchboard/providers';
import { versionChatConfig } from './version-chat-config.ts';

export interface BrandVersionLoaderOptions {
  config: Config;
  profile: CompanyProfile;
  /** Classifier and reference replies for remote (fine-tuned LLM) versions: the base model (asked for only when needed). */
  baseOffline: () => Promise<OfflineBrandVoice>;
  /**
   * Load local versions without the configured LLM on top, as `train-local` scored them, so the
   * gate compares like with like (and evaluation makes no LLM calls for offline models).
   * @defaultValue false
   */
  offlineOnly?: boolean;
  /**
   * Builds a version's chat client (time limits, the endpoint's circuit breaker).
   * @defaultValue createChatModel with the configured time limits and no breaker
   */
  chatModel?: (config: ProviderConfig) => ChatModel;
}

/**
 * How the runtime serves a registry version: a local artifact is the offline model (rewritten by
 * the configured LLM when there is one, as at start); a remote version is an LLM brand voice on
 * the version's model id, served at its own base URL or the fine-tuning endpoint.
 */
export function brandVersionLoader(options: BrandVersionLoaderOptions): LoadVersionModel {
  const { config, profile } = options;
  const chatModel =
    options.chatModel ??
    ((c: ProviderConfig) => createChatModel(c, { timeouts: config.providerLimits.chat }));
  return async (version) => {
    if (version.provider === 'local') {
      const offline = await loadLocalVersion(version, profile);
      if (options.offlineOnly || !config.llm) return offline;
      return new LlmBrandVoice({ offline, chat: chatModel(config.llm), profile });
    }
    const chatConfig = versionChatConfig(config, version);
    if (chatConfig.provider === 'openai' && !chatConfig.apiKey && !chatConfig.baseUrl) {
      throw new SwitchboardError(
        'CONFIG_INVALID',
        `${version.version} is an OpenAI model (${version.modelId}): set OPENAI_API_KEY to serve it.`,
      );
    }
    // Served where it runs (its own base URL for vLLM/Ollama), at the configured temperature.
    const chat = chatModel({ ...chatConfig, temperature: config.llm?.temperature ?? 0.2 });
    return new LlmBrandVoice({ offline: await options.baseOffline(), chat, profile });
  };
}
