export { evaluateIntents, type IntentEvalReport } from './intents.ts';
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
