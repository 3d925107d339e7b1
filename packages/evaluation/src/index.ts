export { loadBackgroundMessages } from './background-messages.ts';
export {
  evaluateHybrid,
  type HistoryMode,
  type HybridEvalOptions,
  type HybridEvalReport,
} from './hybrid.ts';
export {
  type FollowUpPair,
  type HybridOutcome,
  type HybridReport,
  scoreHybrid,
} from './hybrid-metrics.ts';
export {
  EXPECTED_ROUTES,
  loadHybridMix,
  MIX_KINDS,
  type MixItem,
  type MixKind,
} from './hybrid-mix.ts';
export { evaluateIntents, type IntentEvalReport, OOS_LABEL } from './intents.ts';
export { loadLabeledTexts } from './labeled-texts.ts';
export { foldToDocuments, hitAtK, mrrAtK, ndcgAtK, percentile } from './ranking-metrics.ts';
export { evaluateRetrieval, type RetrievalEvalReport } from './retrieval.ts';
export {
  type CorpusRecord,
  loadCorpusJsonl,
  loadQuestions,
  type RetrievalQuestion,
} from './retrieval-data.ts';
export { evaluateRouting, type RoutingEvalReport } from './routing.ts';
