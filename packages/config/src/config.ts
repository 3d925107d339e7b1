import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SwitchboardError } from '@switchboard/core';
import {
  type Config,
  DEFAULT_LOCAL_EMBEDDINGS_DIR,
  type EmbeddingsConfig,
  type ProviderConfig,
} from './config-types.ts';
import { type Env, envSchema } from './schema.ts';

const repoData = fileURLToPath(new URL('../../../data/', import.meta.url));

/** Bundled sample data, used when nothing is configured so the assistant works on first start. */
export const SAMPLE_PATHS = Object.freeze({
  knowledge: resolve(repoData, 'sample/help-centre'),
  brandData: resolve(repoData, 'sample/brand-voice.jsonl'),
  companyProfile: resolve(repoData, 'sample/company.json'),
  outOfScope: resolve(repoData, 'out-of-scope.txt'),
  smallTalk: resolve(repoData, 'small-talk.tsv'),
});

function providerFrom(env: Env, kind: 'LLM' | 'EMBEDDINGS'): ProviderConfig | null {
  const provider = env[`${kind}_PROVIDER`];
  if (provider === 'none' || provider === 'local') return null;
  const azureDeployment =
    kind === 'LLM'
      ? env.AZURE_OPENAI_API_DEPLOYMENT_NAME
      : (env.AZURE_OPENAI_API_EMBEDDINGS_DEPLOYMENT_NAME ?? env.AZURE_OPENAI_API_DEPLOYMENT_NAME);
  const model = env[`${kind}_MODEL`] ?? azureDeployment ?? '';
  const baseUrl = env[`${kind}_BASE_URL`];
  const apiKey = provider === 'azure-openai' ? env.AZURE_OPENAI_API_KEY : env.OPENAI_API_KEY;
  return {
    provider,
    model,
    temperature: env.LLM_TEMPERATURE,
    ...(baseUrl ? { baseUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(provider === 'azure-openai'
      ? {
          azure: {
            instanceName: env.AZURE_OPENAI_API_INSTANCE_NAME ?? '',
            deploymentName: azureDeployment ?? model,
            apiVersion: env.AZURE_OPENAI_API_VERSION,
          },
        }
      : {}),
  };
}

/** Comma-separated list → trimmed, non-empty items. */
/** `auto`, `off`, or questions separated by `|` (a question may hold commas). */
function suggestionsFrom(value: string): 'auto' | 'off' | string[] {
  const word = value.toLowerCase();
  if (word === 'auto' || word === 'off') return word;
  return value
    .split('|')
    .map((q) => q.trim())
    .filter(Boolean);
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** `50/1` → at most 50 per 1000 ms (the schema checked the shape). */
function parseRate(value: string): { max: number; durationMs: number } {
  const [max = '1', seconds = '1'] = value.split('/');
  return { max: Number(max), durationMs: Math.round(Number(seconds) * 1000) };
}

function slackFrom(e: Env): Config['slack'] {
  if (!e.SLACK_BOT_TOKEN) return null;
  const common = {
    botToken: e.SLACK_BOT_TOKEN,
    adminUserIds: list(e.SLACK_ADMIN_USER_IDS),
    ...(e.SLACK_HANDOFF_CHANNEL ? { handoffChannel: e.SLACK_HANDOFF_CHANNEL } : {}),
    ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
  };
  const mode = e.SLACK_MODE ?? (e.SLACK_APP_TOKEN ? 'socket' : 'http');
  // The schema already refused a mode without its secret.
  return mode === 'socket'
    ? { ...common, mode, appToken: e.SLACK_APP_TOKEN ?? '' }
    : { ...common, mode, signingSecret: e.SLACK_SIGNING_SECRET ?? '' };
}

function botframeworkFrom(e: Env): Config['botframework'] {
  if (e.MICROSOFT_APP_ID) {
    return {
      mode: 'authenticated',
      appId: e.MICROSOFT_APP_ID,
      appType: e.MICROSOFT_APP_TYPE,
      ...(e.MICROSOFT_APP_PASSWORD ? { appPassword: e.MICROSOFT_APP_PASSWORD } : {}),
      ...(e.MICROSOFT_APP_TENANT_ID ? { tenantId: e.MICROSOFT_APP_TENANT_ID } : {}),
    };
  }
  return e.BOTFRAMEWORK_LOCAL ? { mode: 'local' } : null;
}

function fineTuningFrom(e: Env): Config['fineTuning'] {
  const baseUrl =
    e.FINE_TUNE_BASE_URL ?? (e.LLM_PROVIDER === 'openai-compatible' ? e.LLM_BASE_URL : undefined);
  return {
    ...(baseUrl ? { baseUrl } : {}),
    ...(e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY } : {}),
  };
}

/** Traces go to the traces endpoint as given, or to `<endpoint>/v1/traces`; neither: off. */
function tracingFrom(e: Env): Config['observability']['tracing'] {
  const base = e.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  const url = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base}/v1/traces` : undefined);
  if (!url) return null;
  return {
    url,
    serviceName: e.OTEL_SERVICE_NAME,
    headers: e.OTEL_EXPORTER_OTLP_HEADERS ?? {},
    exportDelayMs: e.OTEL_BSP_SCHEDULE_DELAY,
  };
}

function handoffFrom(e: Env): Config['handoff'] {
  const { CHATWOOT_BASE_URL: baseUrl, CHATWOOT_API_TOKEN: apiToken } = e;
  const { CHATWOOT_ACCOUNT_ID: accountId, CHATWOOT_INBOX_ID: inboxId } = e;
  const webhookToken = e.CHATWOOT_WEBHOOK_TOKEN;
  return {
    ...(e.HANDOFF_WEBHOOK_URL && e.HANDOFF_WEBHOOK_SECRET
      ? { webhook: { url: e.HANDOFF_WEBHOOK_URL, secret: e.HANDOFF_WEBHOOK_SECRET } }
      : {}),
    // The schema refused a partial Chatwoot setup.
    ...(baseUrl && apiToken && accountId && inboxId && webhookToken
      ? { chatwoot: { baseUrl, apiToken, accountId, inboxId, webhookToken } }
      : {}),
    timeoutMinutes: e.HANDOFF_TIMEOUT_MINUTES,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates the environment once, at start-up, into a frozen typed object. The only function in
 * the project that reads environment variables (tests pass their own `env`).
 * @throws SwitchboardError CONFIG_INVALID naming each bad variable and how to fix it.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): Config {
  // Empty strings mean "unset" (a common .env artefact), not "invalid".
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  - ${i.path.join('.') || '(environment)'}: ${i.message}`,
    );
    throw new SwitchboardError('CONFIG_INVALID', `Invalid configuration:\n${lines.join('\n')}`, {
      details: { variables: parsed.error.issues.map((i) => i.path.join('.')) },
    });
  }
  const e = parsed.data;
  return deepFreeze<Config>({
    dataDir: resolve(cwd, e.SWITCHBOARD_DATA_DIR),
    knowledgePath: resolve(cwd, e.SWITCHBOARD_KNOWLEDGE_PATH ?? SAMPLE_PATHS.knowledge),
    brandDataPath: resolve(cwd, e.SWITCHBOARD_BRAND_DATA ?? SAMPLE_PATHS.brandData),
    companyProfilePath: resolve(cwd, e.SWITCHBOARD_COMPANY_PROFILE ?? SAMPLE_PATHS.companyProfile),
    ...(e.SWITCHBOARD_COMPANY_NAME ? { companyName: e.SWITCHBOARD_COMPANY_NAME } : {}),
    outOfScopePath: SAMPLE_PATHS.outOfScope,
    smallTalkPath: SAMPLE_PATHS.smallTalk,
    server: {
      host: e.HOST,
      port: e.PORT,
      maxMessageChars: e.MAX_MESSAGE_CHARS,
      logLevel: e.LOG_LEVEL,
      trustProxy: e.TRUST_PROXY ?? false,
      timeouts: {
        requestMs: e.HTTP_REQUEST_TIMEOUT_MS,
        headersMs: e.HTTP_HEADERS_TIMEOUT_MS,
        keepAliveMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      },
    },
    api: { keys: e.SWITCHBOARD_API_KEYS ?? [], perKeyPerMinute: e.API_RATE_LIMIT_PER_MINUTE },
    redis: { url: e.REDIS_URL, autostart: e.SWITCHBOARD_AUTOSTART_REDIS, prefix: e.REDIS_PREFIX },
    memory: {
      turns: e.MEMORY_TURNS,
      retentionDays: e.SWITCHBOARD_RETENTION_DAYS,
      ttlSeconds: e.SWITCHBOARD_RETENTION_DAYS * 86_400,
    },
    resolutionWindowHours: e.SWITCHBOARD_RESOLUTION_WINDOW_HOURS,
    llm: providerFrom(e, 'LLM'),
    embeddings:
      e.EMBEDDINGS_PROVIDER === 'local'
        ? {
            provider: 'local',
            model: resolve(cwd, e.EMBEDDINGS_MODEL ?? DEFAULT_LOCAL_EMBEDDINGS_DIR),
          }
        : providerFrom(e, 'EMBEDDINGS'),
    providerLimits: {
      chat: {
        firstTokenMs: e.LLM_TIMEOUT_MS,
        stallMs: e.LLM_STALL_TIMEOUT_MS,
        totalMs: e.LLM_TOTAL_TIMEOUT_MS,
      },
      embeddings: { queryMs: e.EMBEDDINGS_TIMEOUT_MS, batchMs: e.EMBEDDINGS_BATCH_TIMEOUT_MS },
      breaker: {
        failureThreshold: e.PROVIDER_BREAKER_FAILURES,
        windowMs: e.PROVIDER_BREAKER_WINDOW_MS,
        cooldownMs: e.PROVIDER_BREAKER_COOLDOWN_MS,
      },
    },
    admin: e.SWITCHBOARD_ADMIN_TOKEN ? { token: e.SWITCHBOARD_ADMIN_TOKEN } : null,
    sync: {
      ...(e.SWITCHBOARD_SOURCES ? { sourcesFile: resolve(cwd, e.SWITCHBOARD_SOURCES) } : {}),
      worker: e.SWITCHBOARD_WORKER,
      concurrency: e.SYNC_CONCURRENCY,
      ...(e.SYNC_RATE_LIMIT ? { rateLimit: parseRate(e.SYNC_RATE_LIMIT) } : {}),
    },
    web: {
      ...(e.PUBLIC_URL ? { publicUrl: e.PUBLIC_URL.replace(/\/+$/, '') } : {}),
      allowedOrigins: list(e.WIDGET_ALLOWED_ORIGINS),
      ...(e.WIDGET_SESSION_SECRET ? { sessionSecret: e.WIDGET_SESSION_SECRET } : {}),
      ...(e.WIDGET_IDENTITY_SECRET ? { identitySecret: e.WIDGET_IDENTITY_SECRET } : {}),
      sessionTtlSeconds: e.WIDGET_SESSION_TTL_SECONDS,
      rateLimits: {
        perSessionPerMinute: e.RATE_LIMIT_SESSION_PER_MINUTE,
        perIpPerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
      },
      demoPage: e.SWITCHBOARD_DEMO_PAGE ?? e.NODE_ENV !== 'production',
      suggestions: suggestionsFrom(e.WIDGET_SUGGESTIONS),
    },
    teams: {
      ...(e.TEAMS_PRIVACY_URL ? { privacyUrl: e.TEAMS_PRIVACY_URL } : {}),
      ...(e.TEAMS_TERMS_URL ? { termsUrl: e.TEAMS_TERMS_URL } : {}),
    },
    slack: slackFrom(e),
    botframework: botframeworkFrom(e),
    fineTuning: fineTuningFrom(e),
    handoff: handoffFrom(e),
    observability: {
      ...(e.METRICS_TOKEN ? { metricsToken: e.METRICS_TOKEN } : {}),
      tracing: tracingFrom(e),
    },
    index: e.QDRANT_URL
      ? {
          kind: 'qdrant',
          url: e.QDRANT_URL,
          collection: e.QDRANT_COLLECTION,
          ...(e.QDRANT_API_KEY ? { apiKey: e.QDRANT_API_KEY } : {}),
        }
      : { kind: 'embedded' },
  });
}

/** A log-safe summary: provider names and models, never keys or passwords in URLs. */
export function describeConfig(config: Config): Record<string, unknown> {
  const provider = (p: EmbeddingsConfig | null) =>
    p
      ? `${p.provider}:${p.model}${'baseUrl' in p && p.baseUrl ? ` @ ${redactUrl(p.baseUrl)}` : ''}`
      : 'none (offline)';
  return {
    dataDir: config.dataDir,
    knowledgePath: config.knowledgePath,
    brandData: config.brandDataPath,
    redis: redactUrl(config.redis.url),
    llm: provider(config.llm),
    embeddings: provider(config.embeddings),
    channels: {
      web: 'on',
      slack: config.slack ? `on (${config.slack.mode} mode)` : 'off',
      botframework: config.botframework ? `on (${config.botframework.mode})` : 'off',
    },
    worker: config.sync.worker,
    // Names only: the handoff targets' URLs and secrets stay out of the log.
    handoff: {
      webhook: config.handoff.webhook ? 'on' : 'off',
      chatwoot: config.handoff.chatwoot ? `on (inbox ${config.handoff.chatwoot.inboxId})` : 'off',
      timeoutMinutes: config.handoff.timeoutMinutes,
    },
    // Names only: the keys themselves are never kept, let alone logged.
    apiKeys: config.api.keys.map((key) => key.name),
    trustProxy: config.server.trustProxy,
    metrics: config.observability.metricsToken ? 'bearer token' : 'loopback only',
    tracing: config.observability.tracing ? redactUrl(config.observability.tracing.url) : 'off',
    index:
      config.index.kind === 'qdrant'
        ? `qdrant ${redactUrl(config.index.url)} (${config.index.collection})`
        : 'embedded',
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.username && u.password) u.username = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}
