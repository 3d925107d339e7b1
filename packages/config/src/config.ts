import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SwitchboardError } from '@switchboard/core';
import { type Env, envSchema } from './schema.ts';

export type ProviderName = 'openai' | 'azure-openai' | 'ollama' | 'openai-compatible';

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

export interface Config {
  dataDir: string;
  knowledgePath: string;
  brandDataPath: string;
  companyProfilePath: string;
  companyName?: string;
  /** Company-agnostic out-of-scope utterances, used to fit the router's rejection thresholds. */
  outOfScopePath: string;
  server: { host: string; port: number; maxMessageChars: number; logLevel: Env['LOG_LEVEL'] };
  redis: { url: string; autostart: boolean };
  memory: { turns: number; ttlSeconds: number };
  llm: ProviderConfig | null;
  embeddings: ProviderConfig | null;
  /** Admin API settings; null when no token is configured (the admin API is then off). */
  admin: { token: string } | null;
  /** Where chunks are indexed: the embedded index under dataDir, or a Qdrant server. */
  index:
    | { kind: 'embedded' }
    | { kind: 'qdrant'; url: string; apiKey?: string; collection: string };
}

const repoData = fileURLToPath(new URL('../../../data/', import.meta.url));

/** Bundled sample data, used when nothing is configured so the assistant works on first start. */
export const SAMPLE_PATHS = Object.freeze({
  knowledge: resolve(repoData, 'sample/help-centre'),
  brandData: resolve(repoData, 'sample/brand-voice.jsonl'),
  companyProfile: resolve(repoData, 'sample/company.json'),
  outOfScope: resolve(repoData, 'out-of-scope.txt'),
});

function providerFrom(env: Env, kind: 'LLM' | 'EMBEDDINGS'): ProviderConfig | null {
  const provider = env[`${kind}_PROVIDER`];
  if (provider === 'none') return null;
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
    server: {
      host: e.HOST,
      port: e.PORT,
      maxMessageChars: e.MAX_MESSAGE_CHARS,
      logLevel: e.LOG_LEVEL,
    },
    redis: { url: e.REDIS_URL, autostart: e.SWITCHBOARD_AUTOSTART_REDIS },
    memory: { turns: e.MEMORY_TURNS, ttlSeconds: e.MEMORY_TTL_SECONDS },
    llm: providerFrom(e, 'LLM'),
    embeddings: providerFrom(e, 'EMBEDDINGS'),
    admin: e.SWITCHBOARD_ADMIN_TOKEN ? { token: e.SWITCHBOARD_ADMIN_TOKEN } : null,
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
  const provider = (p: ProviderConfig | null) =>
    p
      ? `${p.provider}:${p.model}${p.baseUrl ? ` @ ${redactUrl(p.baseUrl)}` : ''}`
      : 'none (offline)';
  return {
    dataDir: config.dataDir,
    knowledgePath: config.knowledgePath,
    brandData: config.brandDataPath,
    redis: redactUrl(config.redis.url),
    llm: provider(config.llm),
    embeddings: provider(config.embeddings),
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
