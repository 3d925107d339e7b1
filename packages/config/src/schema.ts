import { z } from 'zod';
import { parseApiKeys, parseTrustProxy } from './security-settings.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalUrl = z.string().url().optional();

const trustProxy = z.string().transform((value, ctx) => {
  const parsed = parseTrustProxy(value);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

const apiKeys = z.string().transform((value, ctx) => {
  const parsed = parseApiKeys(value);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

/** `key=value,key2=value2` (values percent-encoded, as the OpenTelemetry spec says) → a record. */
const otlpHeaders = z.string().transform((value, ctx) => {
  // Pairs, then fromEntries: a key like `__proto__` becomes a header, not a prototype.
  const pairs: Array<[string, string]> = [];
  for (const entry of value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    const key = entry.slice(0, at).trim();
    if (at <= 0 || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) {
      ctx.addIssue({ code: 'custom', message: 'must be key=value pairs separated by commas' });
      return z.NEVER;
    }
    try {
      pairs.push([key, decodeURIComponent(entry.slice(at + 1).trim())]);
    } catch {
      ctx.addIssue({ code: 'custom', message: `the value of ${key} is not percent-encoded` });
      return z.NEVER;
    }
  }
  return Object.fromEntries(pairs);
});

/**
 * Every environment variable Switchboard reads, with its default. README's configuration table is
 * generated from the same names; keep the TSDoc here as the source of truth.
 */
export const envSchema = z
  .object({
    /** Directory for the index, trained models and local Redis. Default `.switchboard` in the working directory. */
    SWITCHBOARD_DATA_DIR: z.string().min(1).default('.switchboard'),
    /** Help-centre folder or JSONL corpus ingested at start-up. Default: the bundled sample. */
    SWITCHBOARD_KNOWLEDGE_PATH: z.string().min(1).optional(),
    /** Brand-voice training data (JSONL chat format or CSV instruction,intent,response). Default: the bundled sample. */
    SWITCHBOARD_BRAND_DATA: z.string().min(1).optional(),
    /** JSON file of company facts used to fill reply placeholders. Default: the bundled sample profile. */
    SWITCHBOARD_COMPANY_PROFILE: z.string().min(1).optional(),
    /** Company name shown in replies; overrides the profile's "Company Name". */
    SWITCHBOARD_COMPANY_NAME: z.string().min(1).optional(),
    /** HTTP port of the server. */
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Interface the server binds to. */
    HOST: z.string().min(1).default('127.0.0.1'),
    /**
     * Which proxies may tell the client's address (`X-Forwarded-For`) and scheme/host: `false`
     * (default: the socket address is the client) or the proxies' comma-separated IPs/CIDRs
     * (`10.0.0.0/8,192.168.1.5`; also `loopback`, `linklocal`, `uniquelocal`). Hop counts and
     * `true` are refused: they would let a client that connects directly pick its own address.
     * Rate limits and the admin login throttle key on the address this yields.
     */
    TRUST_PROXY: trustProxy.optional(),
    /**
     * API keys for `POST /api/chat`: comma-separated `name:secret` (secret at least 32 characters,
     * e.g. `openssl rand -hex 32`) or `name:sha256:<hex digest of the secret>`. Only the SHA-256 is
     * kept in memory; each name has its own conversations and rate limit. Remove a key and restart
     * to revoke it. Unset: `/api/chat` answers only loopback callers, and only when HOST is a
     * loopback address. Never logged.
     */
    SWITCHBOARD_API_KEYS: apiKeys.optional(),
    /** Requests per minute one API key may make to `/api/chat`. */
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    /** Redis for conversation memory. When it is the default and unreachable, a local redis-server is started. */
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
    /** Prefix of every Redis key Switchboard writes (queues, records, conversations), so deployments can share one Redis. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . and - only')
      .default('switchboard'),
    /** Start a private redis-server under the data dir when REDIS_URL is unreachable. */
    SWITCHBOARD_AUTOSTART_REDIS: bool.default(true),
    /** How many past turns are kept per conversation. */
    MEMORY_TURNS: z.coerce.number().int().min(1).max(100).default(12),
    /**
     * Days a conversation and its per-customer data (turns, widget owner records, feedback and
     * docs-gap entries) are kept after the conversation's last message.
     */
    SWITCHBOARD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
    /**
     * Hours after an issue's last message before it counts as resolved by the assistant (no
     * handoff, no 👎, and the customer did not come back within them); a message sooner
     * continues the same issue. The admin page's outcomes use it.
     */
    SWITCHBOARD_RESOLUTION_WINDOW_HOURS: z.coerce.number().min(0.25).max(720).default(24),
    /** Replaced by SWITCHBOARD_RETENTION_DAYS; set, it stops the start with that advice. */
    MEMORY_TTL_SECONDS: z.string().optional(),
    /** Longest accepted customer message, in characters. */
    MAX_MESSAGE_CHARS: z.coerce.number().int().min(10).max(100_000).default(2_000),
    /**
     * Milliseconds a client has to send a whole request (headers and body); past it the
     * connection is closed (408). Only receiving counts: a streamed answer (SSE) may take longer.
     */
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    /**
     * Milliseconds a client has to send the request headers (slow-header clients are cut off);
     * at most HTTP_REQUEST_TIMEOUT_MS.
     */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).max(600_000).default(10_000),
    /**
     * Milliseconds an idle keep-alive connection stays open after a response. Keep it above the
     * idle timeout of a load balancer in front (e.g. 60 s on AWS ALB).
     */
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(72_000),
    /** LLM for brand-voice replies and grounded answers: none (offline model) or a provider. */
    LLM_PROVIDER: z
      .enum(['none', 'openai', 'azure-openai', 'ollama', 'openai-compatible'])
      .default('none'),
    /** Model id, e.g. gpt-4o-mini or a fine-tune id ft:gpt-4o-mini:acme::abc123, or an Ollama model. */
    LLM_MODEL: z.string().min(1).optional(),
    /** Base URL for openai-compatible (e.g. http://localhost:8000/v1) or Ollama (http://localhost:11434). */
    LLM_BASE_URL: optionalUrl,
    /** Sampling temperature for the LLM. */
    LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0.2),
    /**
     * Dense embeddings for hybrid retrieval: none (lexical only), a provider, or `local` (a
     * sentence-embedding model on this machine; EMBEDDINGS_MODEL is then its directory, made by
     * scripts/embedding-model/fetch-minilm.sh).
     */
    EMBEDDINGS_PROVIDER: z
      .enum(['none', 'openai', 'azure-openai', 'ollama', 'openai-compatible', 'local'])
      .default('none'),
    EMBEDDINGS_MODEL: z.string().min(1).optional(),
    EMBEDDINGS_BASE_URL: optionalUrl,
    /**
     * Milliseconds an LLM answer may take to produce its first token (connecting included);
     * past it the request is cancelled and the offline answer is given instead.
     */
    LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(8_000),
    /** Longest silence (ms) between two tokens of a streamed LLM answer before it counts as stalled. */
    LLM_STALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(5_000),
    /** Cap (ms) on a whole LLM answer. */
    LLM_TOTAL_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
    /** Milliseconds to embed a search query; past it retrieval is lexical-only for that message. */
    EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(5_000),
    /** Milliseconds to embed one batch of chunks during a sync, retries included. */
    EMBEDDINGS_BATCH_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
    /**
     * Consecutive LLM or query-embedding failures (timeouts, refusals, 5xx) within
     * PROVIDER_BREAKER_WINDOW_MS after which that provider is skipped (offline answers,
     * lexical-only retrieval) for PROVIDER_BREAKER_COOLDOWN_MS; then one probe call decides.
     */
    PROVIDER_BREAKER_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
    /** Window (ms) in which the failures above must fall to open the circuit. */
    PROVIDER_BREAKER_WINDOW_MS: z.coerce.number().int().min(1_000).default(60_000),
    /** How long (ms) an open circuit skips the provider before probing it again. */
    PROVIDER_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(100).default(30_000),
    /** API key for openai / openai-compatible providers. Never logged. */
    OPENAI_API_KEY: z.string().min(1).optional(),
    /** Azure OpenAI: key, endpoint instance name, deployment and API version. */
    AZURE_OPENAI_API_KEY: z.string().min(1).optional(),
    AZURE_OPENAI_API_INSTANCE_NAME: z.string().min(1).optional(),
    AZURE_OPENAI_API_DEPLOYMENT_NAME: z.string().min(1).optional(),
    AZURE_OPENAI_API_EMBEDDINGS_DEPLOYMENT_NAME: z.string().min(1).optional(),
    AZURE_OPENAI_API_VERSION: z.string().min(1).default('2024-10-21'),
    /** Qdrant server; when set, Qdrant is the knowledge index instead of the embedded one. */
    QDRANT_URL: optionalUrl,
    /** API key for Qdrant Cloud or a secured server. Never logged. */
    QDRANT_API_KEY: z.string().min(1).optional(),
    /** Collection (alias) name in Qdrant. */
    QDRANT_COLLECTION: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
      .default('switchboard'),
    /** Bearer token for the admin API under /admin/api; unset = admin API disabled. Never logged. */
    SWITCHBOARD_ADMIN_TOKEN: z
      .string()
      .min(16, 'must be at least 16 characters (use a random secret)')
      .optional(),
    /**
     * JSON file declaring knowledge sources (`{"sources": [{"name", "kind", …, "schedule"?}]}`).
     * The knowledge path above is always the `default` source unless the file declares one.
     */
    SWITCHBOARD_SOURCES: z.string().min(1).optional(),
    /** Where sync jobs run: inside the server process (`in-process`) or only in `npm run worker` processes (`off`). */
    SWITCHBOARD_WORKER: z.enum(['in-process', 'off']).default('in-process'),
    /** Sync jobs one worker runs at once. */
    SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** Cap on document jobs per window, for provider rate limits: `<max>/<seconds>`, e.g. `50/1`. */
    SYNC_RATE_LIMIT: z
      .string()
      .regex(/^\d+\/\d+(\.\d+)?$/, 'must be <max>/<seconds>, e.g. 50/1')
      .optional(),
    /** Public base URL of the server (links in Slack/Teams messages, the widget's script). */
    PUBLIC_URL: optionalUrl,
    /** The demo product page at `/` (and its avatar); default: on unless NODE_ENV=production. */
    SWITCHBOARD_DEMO_PAGE: bool.optional(),
    /** The company's own privacy page for the Teams app; default: the server's `/privacy`. */
    TEAMS_PRIVACY_URL: optionalUrl,
    /** The company's own terms of use for the Teams app; default: the server's `/terms`. */
    TEAMS_TERMS_URL: optionalUrl,
    /** `production` turns development conveniences off by default (the demo page). */
    NODE_ENV: z.string().optional(),
    /** Comma-separated origins allowed to embed the web widget (the server's own is always allowed). */
    WIDGET_ALLOWED_ORIGINS: z.string().optional(),
    /** HMAC secret signing widget session tokens; unset = a random one per start (sessions end on restart). Never logged. */
    WIDGET_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Shared secret with which a host site's backend mints tokens for identified users. Never logged. */
    WIDGET_IDENTITY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /**
     * The widget's suggested first questions: `auto` (the most asked, from answered conversations),
     * `off`, or the questions themselves separated by `|`.
     */
    WIDGET_SUGGESTIONS: z.string().trim().min(1).default('auto'),
    /** Lifetime of a widget session token, in seconds. */
    WIDGET_SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3_600),
    /** Messages per minute one widget session may send. */
    RATE_LIMIT_SESSION_PER_MINUTE: z.coerce.number().int().min(1).default(20),
    /** Requests per minute one client IP may make to the public chat endpoints. */
    RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    /** Slack bot token (xoxb-…); unset = Slack channel off. Never logged. */
    SLACK_BOT_TOKEN: z.string().min(1).optional(),
    /** Slack signing secret, for HTTP mode (events at /slack/events). Never logged. */
    SLACK_SIGNING_SECRET: z.string().min(1).optional(),
    /** Slack app-level token (xapp-…), for Socket Mode. Never logged. */
    SLACK_APP_TOKEN: z.string().min(1).optional(),
    /** `http` or `socket`; default: socket when SLACK_APP_TOKEN is set, else http. */
    SLACK_MODE: z.enum(['http', 'socket']).optional(),
    /** Comma-separated Slack user ids allowed to run `/switchboard resync`. */
    SLACK_ADMIN_USER_IDS: z.string().optional(),
    /** Slack channel id that receives handoff transcripts. */
    SLACK_HANDOFF_CHANNEL: z.string().min(1).optional(),
    /** Slack Web API base URL (tests and proxies); default Slack's own. */
    SLACK_API_URL: optionalUrl,
    /** Bot Framework (Azure Bot) app id; unset = Bot Framework channel off unless BOTFRAMEWORK_LOCAL. */
    MICROSOFT_APP_ID: z.string().min(1).optional(),
    /** Bot Framework app password (client secret). Never logged. */
    MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
    /** Tenant id, for SingleTenant bots. */
    MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
    MICROSOFT_APP_TYPE: z
      .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])
      .default('MultiTenant'),
    /** Bot Framework without credentials, as the Emulator uses: no JWT validation. Local use only. */
    BOTFRAMEWORK_LOCAL: bool.default(false),
    /** URL that receives handoff tickets as signed JSON. */
    HANDOFF_WEBHOOK_URL: optionalUrl,
    /** HMAC secret signing handoff webhook bodies. Never logged. */
    HANDOFF_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * Minutes a handed-off conversation waits for a word from the team (or stays with a person
     * who went quiet) before the assistant takes it back and tells the customer.
     */
    HANDOFF_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30),
    /** Chatwoot (self-hosted or cloud) base URL, e.g. `https://chatwoot.example.com`; set, handoffs go to Chatwoot. */
    CHATWOOT_BASE_URL: optionalUrl,
    /** Access token of the Chatwoot agent whose API calls create the contacts and conversations. Never logged. */
    CHATWOOT_API_TOKEN: z.string().min(1).optional(),
    /** Chatwoot account id. */
    CHATWOOT_ACCOUNT_ID: z.coerce.number().int().min(1).optional(),
    /** Id of the Chatwoot API-channel inbox handed-off conversations are created in. */
    CHATWOOT_INBOX_ID: z.coerce.number().int().min(1).optional(),
    /**
     * Secret in the webhook URL Chatwoot posts agent replies to
     * (`<PUBLIC_URL>/api/handoff/chatwoot/<token>`): Chatwoot does not sign webhooks. Never logged.
     */
    CHATWOOT_WEBHOOK_TOKEN: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{24,200}$/,
        'must be 24+ letters, digits, _ or - (e.g. openssl rand -hex 24)',
      )
      .optional(),
    /**
     * Base URL of the fine-tuning API (Files + fine_tuning/jobs). Default: LLM_BASE_URL when
     * LLM_PROVIDER=openai-compatible, else OpenAI's own. The key is OPENAI_API_KEY.
     */
    FINE_TUNE_BASE_URL: optionalUrl,
    /**
     * Lowest level written by the server, the worker and the CLI (one JSON line per event; the
     * CLI's on stderr): `warn` writes no info line (no request lines), `silent` nothing.
     */
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /**
     * Bearer token for `GET /metrics` (Prometheus). Unset: `/metrics` answers only callers on
     * this machine (loopback, not forwarded by a proxy). Never logged.
     */
    METRICS_TOKEN: z
      .string()
      .min(16, 'must be at least 16 characters (use a random secret)')
      .optional(),
    /**
     * OpenTelemetry collector (OTLP/HTTP) base URL, e.g. `http://127.0.0.1:4318`: traces go to
     * `<url>/v1/traces`. Unset (and no OTEL_EXPORTER_OTLP_TRACES_ENDPOINT): no tracing, and the
     * OpenTelemetry SDK is not even loaded.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
    /** Full URL for traces, used as is; overrides OTEL_EXPORTER_OTLP_ENDPOINT for traces. */
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl,
    /** Headers sent with every export, `key=value,key2=value2` (a hosted backend's key). Never logged. */
    OTEL_EXPORTER_OTLP_HEADERS: otlpHeaders.optional(),
    /** `service.name` of the spans. */
    OTEL_SERVICE_NAME: z.string().min(1).default('switchboard'),
    /** Longest wait (ms) between two span exports. */
    OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(10).max(600_000).default(5_000),
  })
  .superRefine((env, ctx) => {
    const need = (key: keyof typeof env, when: string) => {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `is required ${when}` });
    };
    if (env.SLACK_BOT_TOKEN) {
      const mode = env.SLACK_MODE ?? (env.SLACK_APP_TOKEN ? 'socket' : 'http');
      if (mode === 'http') need('SLACK_SIGNING_SECRET', 'for Slack in HTTP mode');
      else need('SLACK_APP_TOKEN', 'for Slack in Socket Mode (an xapp- app-level token)');
    } else if (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) {
      need('SLACK_BOT_TOKEN', 'when other SLACK_ variables are set');
    }
    if (env.MICROSOFT_APP_ID) {
      if (env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI')
        need('MICROSOFT_APP_PASSWORD', 'when MICROSOFT_APP_ID is set');
      if (env.MICROSOFT_APP_TYPE === 'SingleTenant')
        need('MICROSOFT_APP_TENANT_ID', 'for a SingleTenant bot');
      if (env.BOTFRAMEWORK_LOCAL)
        ctx.addIssue({
          code: 'custom',
          path: ['BOTFRAMEWORK_LOCAL'],
          message: 'cannot be combined with MICROSOFT_APP_ID (local mode turns authentication off)',
        });
    }
    if (env.HANDOFF_WEBHOOK_URL) need('HANDOFF_WEBHOOK_SECRET', 'when HANDOFF_WEBHOOK_URL is set');
    const chatwoot = [
      'CHATWOOT_BASE_URL',
      'CHATWOOT_API_TOKEN',
      'CHATWOOT_ACCOUNT_ID',
      'CHATWOOT_INBOX_ID',
      'CHATWOOT_WEBHOOK_TOKEN',
    ] as const;
    if (chatwoot.some((key) => env[key] !== undefined))
      for (const key of chatwoot)
        need(key, 'for the Chatwoot handoff (set all CHATWOOT_ variables)');
    if (env.MEMORY_TTL_SECONDS !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['MEMORY_TTL_SECONDS'],
        message:
          'is no longer read: conversations are kept SWITCHBOARD_RETENTION_DAYS days (default 30); set that instead and remove MEMORY_TTL_SECONDS',
      });
    if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['HTTP_HEADERS_TIMEOUT_MS'],
        message: 'must not be larger than HTTP_REQUEST_TIMEOUT_MS',
      });
    for (const kind of ['LLM', 'EMBEDDINGS'] as const) {
      const provider = env[`${kind}_PROVIDER`];
      // `local` embeddings default to the directory scripts/embedding-model/fetch-minilm.sh fills.
      if (provider === 'none' || provider === 'local') continue;
      if (!env[`${kind}_MODEL`] && provider !== 'azure-openai') {
        ctx.addIssue({
          code: 'custom',
          path: [`${kind}_MODEL`],
          message: `is required when ${kind}_PROVIDER=${provider} (e.g. ${kind === 'LLM' ? 'gpt-4o-mini or llama3.1' : 'text-embedding-3-small or nomic-embed-text'})`,
        });
      }
      if ((provider === 'openai-compatible' || provider === 'ollama') && !env[`${kind}_BASE_URL`]) {
        ctx.addIssue({
          code: 'custom',
          path: [`${kind}_BASE_URL`],
          message: `is required when ${kind}_PROVIDER=${provider} (e.g. http://localhost:11434)`,
        });
      }
      if (provider === 'openai' && !env.OPENAI_API_KEY) {
        ctx.addIssue({
          code: 'custom',
          path: ['OPENAI_API_KEY'],
          message: `is required when ${kind}_PROVIDER=openai`,
        });
      }
      if (provider === 'azure-openai') {
        for (const key of ['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_API_INSTANCE_NAME'] as const) {
          if (!env[key]) {
            ctx.addIssue({
              code: 'custom',
              path: [key],
              message: `is required when ${kind}_PROVIDER=azure-openai`,
            });
          }
        }
      }
    }
  });

export type Env = z.infer<typeof envSchema>;
