export {
  describeError,
  ERROR_STATUS,
  type ErrorCode,
  isSwitchboardError,
  SwitchboardError,
  toSwitchboardError,
} from './errors.ts';
export type {
  BrandEvalMetrics,
  FineTuneEvent,
  FineTuneJobStatus,
  FineTuneProvider,
  ModelState,
  ModelVersion,
} from './fine-tune.ts';
export type {
  AgentMessage,
  ConversationMode,
  CustomerDelivery,
  CustomerEvent,
  HandoffActor,
  HandoffAgent,
  HandoffLink,
  HandoffRelay,
  HandoffState,
  HandoffTransition,
} from './handoff-state.ts';
export type {
  Chunk,
  CommitRebuildOptions,
  EmbeddedChunk,
  Embedder,
  KnowledgeIndex,
  Retrieval,
  Retriever,
  ScoredChunk,
  SearchQuery,
  SourceDocument,
} from './knowledge.ts';
export { jsonLogger, type Logger, silentLogger } from './log.ts';
export {
  type Metrics,
  noMetrics,
  type SyncDocumentCounts,
  type SyncRunOutcome,
} from './metrics.ts';
export type {
  BrandReplyInput,
  BrandVoiceModel,
  ChatMessage,
  ChatModel,
  CompanyProfile,
  IntentPrediction,
  IntentScore,
  ReplyStreamOptions,
} from './model.ts';
export type {
  ChannelName,
  Citation,
  DegradedReason,
  HandoffReason,
  InboundMessage,
  Reply,
  ReplyEvent,
  Turn,
} from './reply.ts';
export type { RouteDecision, RouteName, RouteScores, RouteThresholds } from './route.ts';
export { streamWithFallback } from './stream.ts';
export type {
  DocsGapLog,
  Feedback,
  FeedbackStore,
  HandoffDelivery,
  HandoffTarget,
  HandoffTicket,
  UnansweredQuestion,
} from './support.ts';
export {
  inSpan,
  noTracer,
  type SpanAttributes,
  type Tracer,
  type TraceSpan,
  withinSpan,
} from './tracing.ts';
