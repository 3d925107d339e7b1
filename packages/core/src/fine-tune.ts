/** A remote fine-tuning job as the provider reports it. */
export interface FineTuneJobStatus {
  id: string;
  status: 'validating_files' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** Set once the job succeeded: the model id to serve (e.g. `ft:gpt-4o-mini:acme::abc123`). */
  fineTunedModel?: string;
  error?: { code?: string; message: string };
  trainedTokens?: number;
}

export interface FineTuneEvent {
  id: string;
  /** Epoch seconds, as providers report them. */
  createdAt: number;
  level: string;
  message: string;
}

/**
 * A provider that fine-tunes chat models (OpenAI's Files + fine-tuning API, or one speaking it).
 * Implemented in `@switchboard/providers`; the fine-tuning pipeline only sees this port.
 */
export interface FineTuneProvider {
  readonly name: string;
  uploadTrainingFile(input: { filename: string; content: string }): Promise<{ fileId: string }>;
  createJob(input: {
    trainingFileId: string;
    validationFileId?: string;
    baseModel: string;
    suffix?: string;
    /** Tags stored on the remote job, so `findJob` can recognise it after a crash. */
    metadata?: Record<string, string>;
  }): Promise<FineTuneJobStatus>;
  getJob(jobId: string): Promise<FineTuneJobStatus>;
  /**
   * The most recent job carrying all of these metadata tags, if any. Job creation has no
   * idempotency key, so a worker that crashed between creating a job and recording its id looks
   * for it here before creating another one.
   */
  findJob(metadata: Record<string, string>): Promise<FineTuneJobStatus | undefined>;
  /** Events after `afterId` (oldest first), for progress lines. */
  listEvents(jobId: string, afterId?: string): Promise<FineTuneEvent[]>;
  cancelJob(jobId: string): Promise<FineTuneJobStatus>;
}

/** How good a brand-voice model is on the validation split (what the promotion gate compares). */
export interface BrandEvalMetrics {
  n: number;
  intentAccuracy: number;
  /** Mean ROUGE-L F1 of replies against the approved reference replies. */
  rougeL: number;
  /** Share of replies showing an unfilled `{{placeholder}}`; must be 0 to promote. */
  placeholderLeakage: number;
  /** Share of replies that refuse or deflect instead of answering. */
  refusalRate: number;
}

export type ModelState = 'training' | 'candidate' | 'active' | 'retired' | 'rejected' | 'failed';

/** One brand-voice model version in the registry. */
export interface ModelVersion {
  /** `v1`, `v2`, … in creation order. */
  version: string;
  provider: 'local' | 'openai' | 'openai-compatible' | 'ollama';
  /** Local: the artifact file; remote: the served model id. */
  modelId: string;
  datasetHash: string;
  state: ModelState;
  createdAt: number;
  metrics?: BrandEvalMetrics;
  baseModel?: string;
  /** Remote job id, persisted before anything else so a restart follows the same job. */
  remoteJobId?: string;
  error?: string;
  /** Audit trail: promotions (forced ones say so), rollbacks. */
  history?: Array<{ at: number; event: string }>;
}
