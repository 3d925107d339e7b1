import {
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { BotFrameworkSettings } from './ports.ts';

/**
 * The SDK's authentication from our config values (never from environment variables, which the
 * SDK's defaults would read). With an app id, every inbound request must carry a JWT signed by the
 * Bot Framework for that app id; without one, the SDK turns JWT validation off and accepts any
 * `Authorization` header, which is why that only happens in the explicit local mode.
 */
export function createAuthentication(
  settings: BotFrameworkSettings,
): ConfigurationBotFrameworkAuthentication {
  if (settings.mode === 'local') return new ConfigurationBotFrameworkAuthentication({});
  const credentials = {
    MicrosoftAppId: settings.appId,
    MicrosoftAppType: settings.appType,
    ...(settings.appPassword ? { MicrosoftAppPassword: settings.appPassword } : {}),
    ...(settings.tenantId ? { MicrosoftAppTenantId: settings.tenantId } : {}),
  };
  return new ConfigurationBotFrameworkAuthentication(
    credentials,
    new ConfigurationServiceClientCredentialFactory(credentials),
  );
}
