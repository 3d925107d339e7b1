import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalUrl = z.string().url().optional();

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
    /** Redis for conversation memory. When it is the default and unreachable, a local redis-server is started. */
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
    /** Start a private redis-server under the data dir when REDIS_URL is unreachable. */
    SWITCHBOARD_AUTOSTART_REDIS: bool.default(true),
    /** How many past turns are kept per conversation. */
    MEMORY_TURNS: z.coerce.number().int().min(1).max(100).default(12),
    /** Seconds a conversation is remembered after its last message. */
    MEMORY_TTL_SECONDS: z.coerce.number().int().min(60).default(86_400),
    /** Longest accepted customer message, in characters. */
    MAX_MESSAGE_CHARS: z.coerce.number().int().min(10).max(100_000).default(2_000),
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
    /** Dense embeddings for hybrid retrieval: none (lexical only) or a provider. */
    EMBEDDINGS_PROVIDER: z
      .enum(['none', 'openai', 'azure-openai', 'ollama', 'openai-compatible'])
      .default('none'),
    EMBEDDINGS_MODEL: z.string().min(1).optional(),
    EMBEDDINGS_BASE_URL: optionalUrl,
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
    /** Log level of the server. */
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .superRefine((env, ctx) => {
    for (const kind of ['LLM', 'EMBEDDINGS'] as const) {
      const provider = env[`${kind}_PROVIDER`];
      if (provider === 'none') continue;
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
