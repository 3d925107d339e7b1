import { type ConnectionOptions, Queue, type QueueOptions } from 'bullmq';
import { z } from 'zod';

/** The one queue every sync job goes through; the job name says which processor runs it. */
export const SYNC_QUEUE_NAME = 'switchboard-sync';

const source = z.string().trim().min(1);
const runId = z.string().min(1);

/** Payload schemas, by job name: the single source of truth for producers and workers. */
export const syncJobSchemas = {
  /** One sync run of one source: the parent of its document and deletion jobs. */
  'sync-run': z.strictObject({
    runId,
    source,
    mode: z.enum(['incremental', 'full', 'failed-only']),
    trigger: z.enum(['startup', 'schedule', 'admin', 'change', 'slack']),
    /** Set by the worker only: where the run resumes (the step-job pattern). */
    state: z
      .strictObject({
        step: z.literal('finish'),
        startedAt: z.number(),
        unchanged: z.number().int().nonnegative(),
      })
      .optional(),
  }),
  /**
   * Fetch, ingest and record a batch of documents (a child of a `sync-run`): one index write and
   * batched embedding calls per batch, per-document outcomes.
   */
  'sync-documents': z.strictObject({
    runId,
    source,
    refs: z
      .array(
        z.strictObject({
          id: z.string().min(1),
          fingerprint: z.string(),
          url: z.string().optional(),
        }),
      )
      .min(1)
      .max(500),
    /** The run's mode (`full` skips conditional fetches). @defaultValue 'incremental' */
    mode: z.enum(['incremental', 'full', 'failed-only']).optional(),
  }),
  /** Remove documents the source no longer lists (a child of a `sync-run`). */
  'delete-documents': z.strictObject({ runId, source, docIds: z.array(z.string().min(1)) }),
  /**
   * The removal run of a source taken away (admin API, CLI, sources file): deletes its chunks
   * from the index and its records, and is kept in its run history.
   */
  'remove-source': z.strictObject({
    runId,
    source,
    trigger: z.enum(['startup', 'admin']),
    /** Set by the worker only: how often it waited for a sync run of the source to end. */
    waited: z.number().int().nonnegative().optional(),
  }),
  /**
   * Fired by a job scheduler: starts a run through `triggerSync`, so a schedule firing while a
   * run of that source is going joins it instead of running beside it.
   */
  'sync-scheduled': z.strictObject({
    source,
    mode: z.enum(['incremental', 'full', 'failed-only']),
  }),
} as const;

export type SyncJobName = keyof typeof syncJobSchemas;

/** Name → payload map, inferred from the schemas so the two cannot drift. */
export type SyncJobPayloads = { [N in SyncJobName]: z.infer<(typeof syncJobSchemas)[N]> };

export type SyncJobPayload = SyncJobPayloads[SyncJobName];

export type SyncRunPayload = SyncJobPayloads['sync-run'];

/** The queue, typed by its payloads: `queue.add('sync-run', …)` checks the data at compile time. */
export type SyncQueue = Queue<SyncJobPayload, unknown, SyncJobName>;

export interface CreateSyncQueueOptions {
  connection: ConnectionOptions;
  /** Redis key prefix of the queue (tests use their own). @defaultValue BullMQ's `bull` */
  prefix?: string;
  /** @defaultValue SYNC_QUEUE_NAME */
  name?: string;
}

/** A producer handle on the sync queue (close it when done). */
export function createSyncQueue(options: CreateSyncQueueOptions): SyncQueue {
  const queueOptions: QueueOptions = {
    connection: options.connection,
    ...(options.prefix ? { prefix: options.prefix } : {}),
  };
  return new Queue<SyncJobPayload, unknown, SyncJobName>(
    options.name ?? SYNC_QUEUE_NAME,
    queueOptions,
  );
}

/**
 * Validates a payload against its job name's schema; `undefined` plus the issues when it does
 * not match (the worker turns that into an `UnrecoverableError`: retrying cannot fix data).
 */
export function parseSyncPayload<N extends SyncJobName>(
  name: N,
  data: unknown,
): { ok: true; data: SyncJobPayloads[N] } | { ok: false; issues: string } {
  const result = syncJobSchemas[name].safeParse(data);
  if (result.success) return { ok: true, data: result.data as SyncJobPayloads[N] };
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
  return { ok: false, issues: issues.join('; ') };
}

export function isSyncJobName(name: string): name is SyncJobName {
  return Object.hasOwn(syncJobSchemas, name);
}
