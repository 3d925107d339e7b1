import type { webApi } from '@slack/bolt';

/**
 * Web API client settings shared by the channel and the handoff target: an optional base URL
 * (tests point it at a local fake) and a short retry budget — the SDK's default retries for
 * about half an hour, which would hold an answer or a handoff far too long.
 */
export function webClientOptions(apiUrl: string | undefined): webApi.WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 500 },
  };
}
