import type { Env } from './schema.ts';
import type { ApiKeyHash, TrustProxy } from './security-settings.ts';

/**
 * The configuration's shape: what every package reads. Loaded and validated from the environment
 * in config.ts, the one place that reads it.
 */

export type ProviderName = 'openai' | 'azure-openai' | 'ollama' | 'openai-compatible';

/** Where embeddings come from: a provider, or a model directory on this machine (`local`). */
export type EmbeddingsConfig =
  | ProviderConfig
  | { provider: 'local' /** The model directory (absolute). */; model: string };

/** Where scripts/embedding-model/fetch-minilm.sh puts the local model, relative to the cwd. */
export const DEFAULT_LOCAL_EMBEDDINGS_DIR = '.switchboard/models/all-MiniLM-L6-v2';

/** Everything a provider client needs; secrets stay in here and are never logged. */
export interface ProviderConfig {
  provider: ProviderName;
  /** Model id; for azure-openai the deployment name stands in when absent. */
  model: string;
  baseUrl?: string;
  apiKey?: string;
  temperature: number;
  azure?: { instanceName: string; deploymentName: string; apiVersion: string };
}

/** How long the HTTP server waits for a client, in milliseconds. */
export interface HttpTimeouts {
  /** To receive a whole request; a response being streamed is not limited by it. */
  requestMs: number;
  /** To receive the request headers; at most `requestMs`. */
  headersMs: number;
  /** An idle keep-alive connection stays open this long. */
  keepAliveMs: number;
}

export interface Config {
  dataDir: string;
  knowledgePath: string;
  brandDataPath: string;
  companyProfilePath: string;
  companyName?: string;
  /** Company-agnostic out-of-scope utterances, used to fit the router's rejection thresholds. */
  outOfScopePath: string;
  /** Conversation acts the small-talk detector learns (`act<TAB>message` lines, shipped in data/). */
  smallTalkPath: string;
  server: {
    host: string;
    port: number;
    maxMessageChars: number;
    logLevel: Env['LOG_LEVEL'];
    /** Proxies allowed to name the client (`X-Forwarded-For`); false = the socket address. */
    trustProxy: TrustProxy;
    /** Time limits of HTTP connections (ms): whole request, headers, idle keep-alive. */
    timeouts: HttpTimeouts;
  };
  /** `POST /api/chat`: named keys (SHA-256 only) and the per-key rate limit. */
  api: { keys: ApiKeyHash[]; perKeyPerMinute: number };
  /** `prefix` starts every key Switchboard writes (e.g. `switchboard:conv:…`). */
  redis: { url: string; autostart: boolean; prefix: string };
  /** Conversation memory: turns kept, and the retention period (days, and the same in seconds). */
  memory: { turns: number; retentionDays: number; ttlSeconds: number };
  /** Outcomes: hours after an issue's last message before it can count as resolved. */
  resolutionWindowHours: number;
  llm: ProviderConfig | null;
  embeddings: EmbeddingsConfig | null;
  /** Time limits of LLM and embedding calls, and the circuit breaker that skips a failing provider. */
  providerLimits: {
    chat: { firstTokenMs: number; stallMs: number; totalMs: number };
    embeddings: { queryMs: number; batchMs: number };
    breaker: { failureThreshold: number; windowMs: number; cooldownMs: number };
  };
  /** Admin API settings; null when no token is configured (the admin API is then off). */
  admin: { token: string } | null;
  /** Knowledge sync: the sources file, where jobs run, and how fast. */
  sync: {
    sourcesFile?: string;
    worker: 'in-process' | 'off';
    concurrency: number;
    /** BullMQ rate limiter for document jobs (provider limits). */
    rateLimit?: { max: number; durationMs: number };
  };
  /** The public web channel: widget sessions, allowed origins, rate limits. */
  web: {
    publicUrl?: string;
    allowedOrigins: string[];
    /** Absent: a random secret is made at start (sessions end on restart). */
    sessionSecret?: string;
    identitySecret?: string;
    sessionTtlSeconds: number;
    rateLimits: { perSessionPerMinute: number; perIpPerMinute: number };
    /** Serve the demo product page at `/` (SWITCHBOARD_DEMO_PAGE; off in production by default). */
    demoPage: boolean;
    /**
     * Suggested first questions in a new widget conversation (WIDGET_SUGGESTIONS): `auto`, the
     * most asked (computed from answered conversations); `off`; or the operator's own list.
     */
    suggestions: 'auto' | 'off' | readonly string[];
  };
  /** The Teams app package's links (`switchboard teams package`); absent: the server's own pages. */
  teams: { privacyUrl?: string; termsUrl?: string };
  /** Slack channel; null when no Slack credentials are configured. */
  slack:
    | ({
        botToken: string;
        adminUserIds: string[];
        handoffChannel?: string;
        apiUrl?: string;
      } & ({ mode: 'http'; signingSecret: string } | { mode: 'socket'; appToken: string }))
    | null;
  /** Bot Framework channel; null when neither credentials nor local mode are configured. */
  botframework:
    | {
        mode: 'authenticated';
        appId: string;
        appPassword?: string;
        tenantId?: string;
        appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
      }
    | { mode: 'local' }
    | null;
  /**
   * The fine-tuning API (`brand train --openai`): absent URL = OpenAI's default. The key is
   * OPENAI_API_KEY; secrets stay in here and are never logged.
   */
  fineTuning: { baseUrl?: string; apiKey?: string };
  /**
   * Where handoff tickets go besides the Slack handoff channel, and how long a handed-off
   * conversation is held without a word from the team. Secrets stay in here, never logged.
   */
  handoff: {
    webhook?: { url: string; secret: string };
    chatwoot?: {
      baseUrl: string;
      apiToken: string;
      accountId: number;
      inboxId: number;
      webhookToken: string;
    };
    timeoutMinutes: number;
  };
  /** Operations: who may scrape `/metrics`, and where traces go (null: not traced). */
  observability: {
    /** Bearer token of `/metrics`; absent: loopback callers only. */
    metricsToken?: string;
    tracing: {
      /** Full OTLP/HTTP traces URL (`…/v1/traces`). */
      url: string;
      serviceName: string;
      headers: Record<string, string>;
      exportDelayMs: number;
    } | null;
  };
  /** Where chunks are indexed: the embedded index under dataDir, or a Qdrant server. */
  index:
    | { kind: 'embedded' }
    | { kind: 'qdrant'; url: string; apiKey?: string; collection: string };
}
