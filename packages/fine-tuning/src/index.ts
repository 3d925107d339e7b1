export {
  type BrandProfile,
  brandSystemPrompt,
  loadBrandProfile,
  parseBrandProfile,
} from './dataset/brand-profile.ts';
export {
  type BuildDatasetOptions,
  type BuiltDataset,
  buildDataset,
  type DatasetSource,
  type ExampleInput,
} from './dataset/build-dataset.ts';
export { formatReport } from './dataset/format-report.ts';
export { readDatasetFile, type SourceRead } from './dataset/read-sources.ts';
export type { ValidationReport } from './dataset/report.ts';
export { type Split, stratifiedSplit } from './dataset/split.ts';
export { estimateCost, TRAINING_PRICE_PER_MILLION } from './dataset/tokens.ts';
export type { DatasetRecord, LineProblem, PiiCounts, PiiKind } from './dataset/types.ts';
export {
  type ValidatedDataset,
  type ValidateOptions,
  validateDataset,
} from './dataset/validate-dataset.ts';
export {
  type EvaluateBrandModelOptions,
  evaluateBrandModel,
} from './evaluate/evaluate-brand-model.ts';
export {
  loadLocalVersion,
  readValidationSplit,
  validationPathOf,
  versionEvaluator,
} from './evaluate/evaluate-version.ts';
export { type GateDecision, gateDecision } from './evaluate/gate.ts';
export { isRefusal, REFUSAL_PATTERNS } from './evaluate/refusal.ts';
export { lcsLength, rougeL, rougeTokens } from './evaluate/rouge-l.ts';
export { type AgentReply, harvestAgentReply, parseAgentReply } from './harvest/agent-reply.ts';
export {
  type CitedDocument,
  type DocumentEvidence,
  documentEvidenceKeyPrefix,
  type HelpfulDocument,
  RedisDocumentEvidence,
  type RedisDocumentEvidenceOptions,
} from './harvest/document-evidence.ts';
export {
  type FeedbackHarvest,
  type HarvestFromFeedbackDeps,
  HarvestingFeedbackStore,
  harvestFromFeedback,
} from './harvest/harvest-from-feedback.ts';
export {
  harvestKeyPrefix,
  normaliseQuestion,
  RedisHarvestStore,
  type RedisHarvestStoreOptions,
} from './harvest/harvest-store.ts';
export {
  CANDIDATE_STATES,
  type CandidateSource,
  type CandidateState,
  type HarvestCandidate,
  type HarvestStore,
  type NewCandidate,
} from './harvest/harvest-types.ts';
export {
  createRemoteEvaluator,
  createRemoteVersionLoader,
  type RemoteVersionModelOptions,
} from './jobs/fine-tune-evaluate.ts';
export { type FollowOptions, followRemoteJob } from './jobs/fine-tune-follow.ts';
export {
  cancelTraining,
  type FineTuneOpenAiDeps,
  type FineTuneOpenAiPayload,
  type FineTuneOpenAiResult,
  type FineTuneVersions,
  processFineTuneOpenAi,
} from './jobs/fine-tune-openai.ts';
export {
  type FineTuneRunSnapshot,
  FineTuneRunState,
  fineTuneRunPrefix,
} from './jobs/fine-tune-run-state.ts';
export {
  processTrainLocal,
  type TrainingProgress,
  type TrainLocalDeps,
  type TrainLocalResult,
} from './jobs/train-local.ts';
export {
  createTrainingQueue,
  isTrainingJobName,
  TRAINING_QUEUE_NAME,
  type TrainingJobName,
  type TrainingJobPayloads,
  type TrainingQueue,
  trainingJobSchemas,
} from './jobs/training-queue.ts';
export {
  type CreateTrainingWorkerOptions,
  createTrainingWorker,
  type TrainingWorker,
} from './jobs/training-worker.ts';
export { RedisModelRegistry, type RedisModelRegistryOptions } from './registry/model-registry.ts';
export type {
  ActiveChanged,
  EvaluateVersionOn,
  LoadVersionModel,
  NewVersion,
  PromotionResult,
  RegisteredVersion,
  VersionUpdate,
} from './registry/registry-types.ts';
export {
  SwitchableBrandVoice,
  type SwitchableBrandVoiceOptions,
} from './switchable-brand-voice.ts';
