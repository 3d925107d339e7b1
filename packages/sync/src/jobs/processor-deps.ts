import type { Embedder, KnowledgeIndex, Logger } from '@switchboard/core';
import { UnrecoverableError } from 'bullmq';
import type { Connector } from '../connector.ts';
import type { RecordStore } from '../records/record-store.ts';
import type { SyncQueue } from './queues.ts';
import type { RunHistory } from './run-history.ts';
import type { SourceRegistry } from './source-registry.ts';

/** Retries of one document job: BullMQ's own backoff, so a flaky source never blocks a worker. */
export interface DocumentRetry {
  /** @defaultValue 5 */
  attempts?: number;
  /** First backoff delay in ms, doubling. @defaultValue 1000 */
  delay?: number;
}

export interface SyncProcessorDeps {
  queue: SyncQueue;
  index: KnowledgeIndex;
  records: RecordStore;
  registry: SourceRegistry;
  history: RunHistory;
  embedder?: Embedder;
  documentRetry?: DocumentRetry;
  /** Documents per `sync-documents` child job. @defaultValue DEFAULT_SYNC_BATCH */
  documentBatch?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
  /** Structured events with the run id (`sync.run.*`, `sync.document`). */
  log?: Logger;
  /** Paused sources: schedule firings skip them. */
  isPaused?: (source: string) => Promise<boolean>;
  /** Pauses the whole queue for a while (BullMQ's manual rate limit), when a provider says 429. */
  rateLimit?: (ms: number) => Promise<void>;
}

/** A run of a source no registry knows (removed meanwhile, or never added): retrying cannot help. */
export class UnknownSourceError extends UnrecoverableError {
  constructor(readonly source: string) {
    super(`unknown source "${source}"`);
    this.name = 'UnknownSourceError';
  }
}

export async function connectorOf(registry: SourceRegistry, source: string): Promise<Connector> {
  let connector = registry.get(source);
  if (!connector && registry.refresh) {
    // Added since this worker last looked (admin API, CLI): reload once before giving up.
    await registry.refresh();
    connector = registry.get(source);
  }
  // Retrying cannot make an unknown source appear.
  if (!connector) throw new UnknownSourceError(source);
  return connector;
}
