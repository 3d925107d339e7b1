import type { Config } from '@switchboard/config';
import type { Runtime } from '@switchboard/runtime';
import { RedisRateLimiter, sharedSessionSecret } from '@switchboard/web-channel';
import { buildWidget, readDemoAvatar, readDemoPage } from '@switchboard/widget';
import { indexArticles } from './articles.ts';
import type { FallbackContact, WebOptions } from './web-options.ts';

/** Keeps the first successful result; a failed attempt is retried on the next call. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= make().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

/**
 * The web channel wired from config and the runtime: Redis rate limits, the session secret
 * (when none is configured, one kept in Redis, so every server process accepts every session),
 * the widget bundle (built once, here), the demo page, help pages read from the index (every
 * source), and the company's contact details.
 */
export async function webOptionsFrom(config: Config, runtime: Runtime): Promise<WebOptions> {
  const { web } = config;
  const { profile } = runtime;
  const contact: FallbackContact = {
    ...(profile['Support Email'] ? { email: profile['Support Email'] } : {}),
    ...(profile['Support Phone'] ? { phone: profile['Support Phone'] } : {}),
    ...(profile['Support Hours'] ? { hours: profile['Support Hours'] } : {}),
    ...(profile['Website URL'] ? { url: profile['Website URL'] } : {}),
  };
  // Built at start, in memory: a broken bundle stops the start instead of the first visitor.
  const bundle = await buildWidget();
  return {
    assistant: runtime.assistant,
    memory: runtime.memory,
    feedback: runtime.support.feedback,
    handoff: runtime.support.handoff,
    live: runtime.handoffs.live,
    limiter: new RedisRateLimiter({ redis: runtime.redis, prefix: `${config.redis.prefix}:rate:` }),
    // Owner records live as long as the conversation memory they guard (the retention period).
    owners: runtime.owners,
    sessionSecret:
      web.sessionSecret ??
      (await sharedSessionSecret(runtime.redis, `${config.redis.prefix}:widget:session-secret`)),
    ...(web.identitySecret ? { identitySecret: web.identitySecret } : {}),
    sessionTtlSeconds: web.sessionTtlSeconds,
    allowedOrigins: web.allowedOrigins,
    ...(web.publicUrl ? { publicUrl: web.publicUrl } : {}),
    rateLimits: web.rateLimits,
    maxMessageChars: config.server.maxMessageChars,
    contact,
    retentionDays: config.memory.retentionDays,
    ...(profile['Company Name'] ? { siteName: profile['Company Name'] } : {}),
    suggestions: () => runtime.widgetSuggestions.current(),
    widget: async () => bundle,
    ...(web.demoPage ? { demoPage: readDemoPage, demoAvatar: once(readDemoAvatar) } : {}),
    articles: indexArticles(runtime.index),
  };
}
