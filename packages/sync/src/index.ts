export type {
  Connector,
  DocumentRef,
  FetchOptions,
  FetchResult,
  FetchValidators,
  ListOptions,
} from './connector.ts';
export {
  DEFAULT_DIRECTORY_INCLUDE,
  DirectoryConnector,
  type DirectoryConnectorOptions,
} from './connectors/directory/directory-connector.ts';
export {
  JsonlConnector,
  type JsonlConnectorOptions,
} from './connectors/jsonl/jsonl-connector.ts';
export type { CorpusProblem } from './connectors/jsonl/parse-corpus.ts';
export { WebConnector, type WebConnectorOptions } from './connectors/web/web-connector.ts';
export {
  isPermanentSourceError,
  isTransientSourceError,
  PermanentSourceError,
  type PermanentSourceReason,
  parseRetryAfter,
  TransientSourceError,
} from './errors.ts';
export { createGlobMatcher } from './glob.ts';
export {
  type CreateSyncQueueOptions,
  createSyncQueue,
  isSyncJobName,
  parseSyncPayload,
  SYNC_QUEUE_NAME,
  type SyncJobName,
  type SyncJobPayload,
  type SyncJobPayloads,
  type SyncQueue,
  type SyncRunPayload,
  syncJobSchemas,
} from './jobs/queues.ts';
export {
  removalDeduplicationId,
  type TriggerRemovalOptions,
  triggerRemoval,
} from './jobs/remove-source.ts';
export {
  type RunError,
  RunHistory,
  type RunHistoryOptions,
  type RunMode,
  type SyncRunSummary,
} from './jobs/run-history.ts';
export {
  createSourceRegistry,
  type SourceRegistry,
} from './jobs/source-registry.ts';
export type {
  DeleteJobResult,
  DocumentJobResult,
  DocumentRetry,
  DocumentsJobResult,
} from './jobs/sync-processor.ts';
export {
  type CreateSyncWorkerOptions,
  createSyncWorker,
  type SyncWorker,
} from './jobs/sync-worker.ts';
export {
  addSyncJob,
  runDeduplicationId,
  type ScheduleSyncOptions,
  scheduleSync,
  type TriggeredRun,
  type TriggerSyncOptions,
  triggerSync,
  unscheduleSync,
} from './jobs/trigger-sync.ts';
export { type WaitForRunOptions, waitForRun } from './jobs/wait-for-run.ts';
export { MemoryRecordStore } from './records/memory-record-store.ts';
export {
  type DocumentRecord,
  type DocumentRecordError,
  type RecordStore,
  RedisRecordStore,
  type RedisRecordStoreOptions,
} from './records/record-store.ts';
export {
  defaultSleep,
  type FetchWithRetryOptions,
  fetchWithRetry,
  type RetryPolicy,
  type Sleep,
} from './run/fetch-with-retry.ts';
export { type PlanSyncOptions, planSync, type SyncMode, type SyncPlan } from './run/plan-sync.ts';
export { type ReconcileOptions, type ReconcileReport, reconcile } from './run/reconcile.ts';
export {
  type RunSyncOptions,
  runSync,
  type SyncFailure,
  type SyncProgress,
  type SyncSummary,
} from './run/run-sync.ts';
export {
  type ConnectorDependencies,
  createConnector,
  parseSourceSpec,
  type SourceSpec,
  sourceSpecSchema,
} from './source-spec.ts';
export {
  applySchedules,
  type DirectoryWatch,
  watchDirectories,
} from './sources/keep-current.ts';
export {
  type ListedSource,
  RedisSourceStore,
  type RedisSourceStoreOptions,
} from './sources/redis-source-store.ts';
export {
  type DeclaredSource,
  loadSourcesFile,
  parseEvery,
  type SourceSchedule,
} from './sources/sources-file.ts';
export {
  type ActiveRun,
  activeRunOf,
  type SourceStatus,
  type SyncStatus,
  syncStatus,
} from './sources/sync-status.ts';
