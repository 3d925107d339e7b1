export {
  ARTIFACT_FORMAT,
  type BrandVoiceArtifact,
  type BrandVoiceMetrics,
  loadArtifact,
  saveArtifact,
} from './artifact.ts';
export {
  CLASSIFIER_FORMAT,
  IntentClassifier,
  type IntentClassifierJSON,
  type ValidationReport,
} from './classifier/intent-classifier.ts';
export { accuracy, expectedCalibrationError, macroF1 } from './classifier/metrics.ts';
export { DEFAULT_CLASSIFIER_OPTIONS, type IntentClassifierOptions } from './classifier/options.ts';
export { trainIntentClassifier } from './classifier/train-intent-classifier.ts';
export { parseBitextCsv } from './dataset/bitext-csv.ts';
export { parseChatJsonl, responseIntent } from './dataset/chat-jsonl.ts';
export { loadBrandDataset } from './dataset/load-brand-dataset.ts';
export type { BrandDataset, BrandExample, DatasetProblem } from './dataset/types.ts';
export { extractSlots, SLOT_NAMES } from './extract-slots.ts';
export { LlmBrandVoice, type LlmBrandVoiceInit } from './llm-brand-voice.ts';
export {
  OfflineBrandVoice,
  type OfflineBrandVoiceInit,
  type SelectedReply,
} from './offline-brand-voice.ts';
export {
  fitOutOfScopeDetector,
  type OutOfScopeDetectorOptions,
} from './out-of-scope/fit-out-of-scope-detector.ts';
export {
  OutOfScopeDetector,
  type ScopeSimulationReport,
} from './out-of-scope/out-of-scope-detector.ts';
export {
  fallbackPhrase,
  isInterfaceLabel,
  normalisePlaceholderName,
  synonymsOf,
} from './placeholder-names.ts';
export { fillPlaceholderStream } from './placeholder-stream.ts';
export { type FilledText, fillPlaceholders, type PlaceholderValues } from './placeholders.ts';
export type { ApprovedReply, Selection } from './reply-selector.ts';
export { APPROVED_REPLY_SCRUB_VERSION, scrubApprovedReply } from './scrub/approved-reply.ts';
export {
  addCounts,
  emptyPiiCounts,
  isValidIban,
  PII_PLACEHOLDERS,
  type PiiCounts,
  type PiiKind,
  passesLuhn,
  type ScrubOptions,
  type ScrubResult,
  scrubPii,
  totalPii,
} from './scrub/pii.ts';
export { specificTerms } from './specific-terms.ts';
export {
  hasTemplateRemnants,
  normaliseTemplateSlots,
  type RemnantOptions,
  stripTemplateRemnants,
} from './template-slots.ts';
export { type TrainBrandVoiceOptions, trainBrandVoice } from './train.ts';
