export { type BrandModelLoad, loadOrTrainBrandModel } from './brand-model.ts';
export { type BrandVersionLoaderOptions, brandVersionLoader } from './brand-versions.ts';
export { loadCompanyProfile } from './company-profile.ts';
export {
  CustomerData,
  type CustomerDataOptions,
  type CustomerDeletion,
  type CustomerExport,
  type CustomerSubject,
  type ExportedConversation,
  type ExportedIndexEntry,
  parseCustomerSubject,
} from './customer-data.ts';
export { type CustomerStores, customerStores } from './customer-stores.ts';
export {
  configuredHandoffTargets,
  type HandoffParts,
  type OpenHandoffOptions,
  openHandoffLoop,
} from './handoff-loop.ts';
export { compareRecordsWithIndex, type SourceAgreement } from './index-agreement.ts';
export { loadKnowledge } from './knowledge.ts';
export { type OfflineParts, trainOfflineParts } from './offline-parts.ts';
export {
  type BrandVoiceParts,
  type OpenBrandVoiceOptions,
  openBrandVoice,
} from './open-brand-voice.ts';
export { openIndex } from './open-index.ts';
export { type OpenRuntimeOptions, openRuntime, type Runtime } from './open-runtime.ts';
export {
  type GuardProcessOptions,
  guardProcess,
  type ProcessEvents,
  type ProcessFaultCounts,
  ProcessFaults,
  processFaults,
  scrubSecrets,
} from './process-guard.ts';
export { readLines } from './read-lines.ts';
export { type HealthReport, type HealthSources, healthProbes } from './readiness.ts';
export {
  KEPT_IN_REDIS,
  type ReportRedisPersistenceOptions,
  reportRedisPersistence,
} from './redis-persistence.ts';
export {
  announceIndexChange,
  changedTheIndex,
  type RouterKeys,
  routerKeys,
} from './router-keys.ts';
export {
  DEFAULT_HANDOFF_INTENTS,
  fitRouterFromData,
  loadOrFitRouter,
  type RouterFitData,
  type RouterKeyParts,
  routerCacheKey,
  routerFromText,
  routerToText,
  stratifiedSplit,
} from './router-model.ts';
export { type RouterOrigin, SharedRouter, type SharedRouterOptions } from './shared-router.ts';
export { type StartupRun, StartupSync, type StartupSyncOptions } from './startup-sync.ts';
export {
  DEFAULT_SOURCE,
  declaredSources,
  type OpenSyncEngineOptions,
  openSyncEngine,
  type SyncEngine,
  syncKeyPrefixes,
} from './sync-engine.ts';
export {
  RedisTeamsReplies,
  type RedisTeamsRepliesOptions,
  type TeamsReply,
} from './teams-replies.ts';
export {
  modelRegistryPrefix,
  type OpenTrainingEngineOptions,
  openTrainingEngine,
  type TrainingEngine,
} from './training-engine.ts';
export { versionChatConfig } from './version-chat-config.ts';
export {
  openWidgetSuggestions,
  type WidgetSuggestions,
  type WidgetSuggestionsOptions,
} from './widget-suggestions.ts';
