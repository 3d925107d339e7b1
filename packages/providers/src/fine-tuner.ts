import type { Config } from '@switchboard/config';
import {
  type FineTuneEvent,
  type FineTuneJobStatus,
  type FineTuneProvider,
  SwitchboardError,
} from '@switchboard/core';
import type OpenAI from 'openai';
import { describeProviderError } from './provider-error.ts';

/** OpenAI's own API, used when no fine-tuning base URL is configured. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAiFineTunerInit {
  /** OPENAI_API_KEY; OpenAI-compatible servers often need none. Never logged. */
  apiKey?: string;
  /** @defaultValue OpenAI's API (`https://api.openai.com/v1`) */
  baseUrl?: string;
  /**
   * Retries the SDK makes on 408/409/429/5xx and connection errors before we see the error.
   * @defaultValue 2
   */
  maxRetries?: number;
  /**
   * Jobs `findJob` looks through, newest first. A crashed worker's job is among the most recent.
   * @defaultValue 100
   */
  findScanLimit?: number;
}

function toStatus(job: OpenAI.FineTuning.FineTuningJob): FineTuneJobStatus {
  return {
    id: job.id,
    status: job.status,
    ...(job.fine_tuned_model ? { fineTunedModel: job.fine_tuned_model } : {}),
    ...(job.error?.message
      ? {
          error: {
            message: job.error.message,
            ...(job.error.code ? { code: job.error.code } : {}),
          },
        }
      : {}),
    ...(typeof job.trained_tokens === 'number' ? { trainedTokens: job.trained_tokens } : {}),
  };
}

function toEvent(event: OpenAI.FineTuning.FineTuningJobEvent): FineTuneEvent {
  return { id: event.id, createdAt: event.created_at, level: event.level, message: event.message };
}

function hasTags(job: OpenAI.FineTuning.FineTuningJob, tags: Record<string, string>): boolean {
  return Object.entries(tags).every(([key, value]) => job.metadata?.[key] === value);
}

/**
 * The fine-tuning port over the official `openai` SDK: the Files API for the JSONL datasets and
 * `fine_tuning/jobs` for the job. Works against OpenAI or any server speaking the same protocol.
 */
export class OpenAiFineTuner implements FineTuneProvider {
  readonly name: string;
  private readonly findScanLimit: number;
  /** The SDK and its client, made on the first call: a process that never fine-tunes never loads it. */
  private readonly sdk: () => Promise<{ module: typeof import('openai'); client: OpenAI }>;

  constructor(init: OpenAiFineTunerInit = {}) {
    const baseURL = init.baseUrl ?? OPENAI_DEFAULT_BASE_URL;
    this.name = `openai@${new URL(baseURL).host}`;
    this.findScanLimit = init.findScanLimit ?? 100;
    let loading: Promise<{ module: typeof import('openai'); client: OpenAI }> | undefined;
    this.sdk = () => {
      loading ??= import('openai').then((module) => ({
        module,
        // Everything explicit: left undefined, the SDK would read OPENAI_* environment variables itself.
        client: new module.default({
          baseURL,
          apiKey: init.apiKey ?? 'not-needed',
          adminAPIKey: null,
          organization: null,
          project: null,
          webhookSecret: null,
          maxRetries: init.maxRetries ?? 2,
        }),
      }));
      return loading;
    };
  }

  async uploadTrainingFile(input: {
    filename: string;
    content: string;
  }): Promise<{ fileId: string }> {
    return this.call(`upload ${input.filename}`, async ({ client, module }) => {
      const file = await module.toFile(Buffer.from(input.content, 'utf8'), input.filename, {
        type: 'application/jsonl',
      });
      const created = await client.files.create({ file, purpose: 'fine-tune' });
      return { fileId: created.id };
    });
  }

  async createJob(input: {
    trainingFileId: string;
    validationFileId?: string;
    baseModel: string;
    suffix?: string;
    metadata?: Record<string, string>;
  }): Promise<FineTuneJobStatus> {
    return this.call('create fine-tuning job', async ({ client }) =>
      toStatus(
        await client.fineTuning.jobs.create({
          model: input.baseModel,
          training_file: input.trainingFileId,
          ...(input.validationFileId ? { validation_file: input.validationFileId } : {}),
          ...(input.suffix ? { suffix: input.suffix } : {}),
          ...(input.metadata ? { metadata: input.metadata } : {}),
        }),
      ),
    );
  }

  async getJob(jobId: string): Promise<FineTuneJobStatus> {
    return this.call(`get job ${jobId}`, async ({ client }) =>
      toStatus(await client.fineTuning.jobs.retrieve(jobId)),
    );
  }

  async findJob(metadata: Record<string, string>): Promise<FineTuneJobStatus | undefined> {
    return this.call('list fine-tuning jobs', async ({ client }) => {
      let seen = 0;
      // The server filters by metadata where it can; the tags are checked here again for servers
      // that ignore the filter. Jobs come newest first.
      for await (const job of client.fineTuning.jobs.list({ metadata, limit: 50 })) {
        if (hasTags(job, metadata)) return toStatus(job);
        if (++seen >= this.findScanLimit) break;
      }
      return undefined;
    });
  }

  async listEvents(jobId: string, afterId?: string): Promise<FineTuneEvent[]> {
    return this.call(`list events of ${jobId}`, async ({ client }) => {
      // The API pages newest first; collect until the last event we already saw.
      const newestFirst: FineTuneEvent[] = [];
      for await (const event of client.fineTuning.jobs.listEvents(jobId, { limit: 100 })) {
        if (event.id === afterId) break;
        newestFirst.push(toEvent(event));
      }
      return newestFirst.reverse();
    });
  }

  async cancelJob(jobId: string): Promise<FineTuneJobStatus> {
    return this.call(`cancel job ${jobId}`, async ({ client }) =>
      toStatus(await client.fineTuning.jobs.cancel(jobId)),
    );
  }

  /** Every SDK error becomes ours: 429 → RATE_LIMITED, anything else → PROVIDER_FAILED with the reason. */
  private async call<T>(
    what: string,
    action: (sdk: { module: typeof import('openai'); client: OpenAI }) => Promise<T>,
  ): Promise<T> {
    let APIError: typeof import('openai')['APIError'] | undefined;
    try {
      const sdk = await this.sdk();
      APIError = sdk.module.APIError;
      return await action(sdk);
    } catch (err) {
      const status = APIError && err instanceof APIError ? err.status : undefined;
      throw new SwitchboardError(
        status === 429 ? 'RATE_LIMITED' : 'PROVIDER_FAILED',
        `Fine-tuning provider ${this.name}: ${what} failed: ${describeProviderError(err)}`,
        { cause: err, ...(status ? { details: { status } } : {}) },
      );
    }
  }
}

/** The fine-tuning provider the configuration describes (FINE_TUNE_BASE_URL, OPENAI_API_KEY). */
export function createFineTuneProvider(config: Config['fineTuning']): OpenAiFineTuner {
  if (!config.apiKey && !config.baseUrl) {
    throw new SwitchboardError(
      'CONFIG_INVALID',
      'OPENAI_API_KEY is required to fine-tune on OpenAI (or set FINE_TUNE_BASE_URL to a server that needs no key)',
    );
  }
  return new OpenAiFineTuner({
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
  });
}
