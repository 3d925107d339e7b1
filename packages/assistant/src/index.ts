export { type ActReplyContext, actReply } from './acts/act-replies.ts';
export {
  type ActReading,
  type ClassifiedAct,
  type ConversationAct,
  NOT_SMALL_TALK,
  OFF_TOPIC,
  peelWrappers,
  readConversationAct,
  readLearnedAct,
  SMALL_TALK_MIN_CONFIDENCE,
  type SmallTalkClassifier,
} from './acts/conversation-acts.ts';
export { citationFor, reconcileCitations } from './answer/citations.ts';
export { type ExtractiveAnswer, extractiveAnswer } from './answer/extractive.ts';
export { Assistant, type AssistantOptions } from './assistant.ts';
export {
  RedisConversationIndex,
  type RedisConversationIndexOptions,
} from './conversations/conversation-index.ts';
export {
  type ConversationDetail,
  ConversationInsights,
  type ConversationInsightsOptions,
  type ConversationPage,
  type ConversationQuery,
  type ConversationSummary,
  type OutcomeQuery,
  type OutcomeReport,
  type RatingFilter,
  type TranscriptTurn,
} from './conversations/conversation-insights.ts';
export type {
  ConversationEvent,
  ConversationRecord,
  TurnContext,
  TurnRating,
} from './conversations/conversation-record.ts';
export { clusterGaps, GAP_SIMILARITY, type GapCluster } from './conversations/gap-clusters.ts';
export {
  CHANNELS,
  decodeCursor,
  encodeCursor,
  isChannel,
  isRoute,
  ROUTES,
} from './conversations/index-codec.ts';
export {
  conversationOutcome,
  ISSUE_OUTCOMES,
  type Issue,
  type IssueHandoffReason,
  type IssueOutcome,
  issuesOf,
  type ResolutionPolicy,
} from './conversations/issues.ts';
export {
  isShareableQuestion,
  type MostAskedCacheOptions,
  type MostAskedOptions,
  MostAskedQuestions,
  mostAskedQuestions,
  normaliseAsked,
} from './conversations/most-asked.ts';
export type { OutcomeBreakdown, OutcomeFigures, OutcomePoint } from './conversations/outcomes.ts';
export { type FollowUpResolution, resolveFollowUp, topicOf } from './followup.ts';
export {
  RedisCustomerAddresses,
  type RedisCustomerAddressesOptions,
} from './handoff/customer-addresses.ts';
export type { ConversationGate, HeldReply } from './handoff/gate.ts';
export {
  type CustomerEventListener,
  RedisLiveEvents,
  type RedisLiveEventsOptions,
} from './handoff/live-events.ts';
export {
  type AgentReplyForReview,
  type ConversationRef,
  HandoffLoop,
  type HandoffLoopOptions,
  type LoopRequestResult,
} from './handoff/loop.ts';
export { type HandoffReplyBody, parseHandoffReplyBody } from './handoff/reply-body.ts';
export {
  type HandoffStateStore,
  RedisHandoffStateStore,
  type RedisHandoffStateStoreOptions,
  type StoredHandoff,
} from './handoff/state-store.ts';
export { backToBotText, isBackToBotCommand, type LoopWording } from './handoff/wording.ts';
export {
  type ConversationStore,
  RedisConversationStore,
  type RedisConversationStoreOptions,
} from './memory/conversation-store.ts';
export {
  chooseRoute,
  decideRoute,
  knowledgeProbability,
  type RouterModel,
  type RouteSignals,
  routeScores,
} from './router/decide.ts';
export {
  brandFeatures,
  knowledgeFeatures,
  type LexicalSignals,
  lexicalSignals,
  type TopicDetector,
} from './router/features.ts';
export { type FitRouterOptions, fitRouter, type LabelledSignals } from './router/fit.ts';
export { syntheticKnowledgeQueries } from './router/synthetic-queries.ts';
export {
  ChatwootCallError,
  type ChatwootSettings,
} from './support/chatwoot/chatwoot-client.ts';
export { ChatwootHandoffTarget, ticketNote } from './support/chatwoot/chatwoot-target.ts';
export {
  type ChatwootWebhookEvent,
  isChatwootToken,
  parseChatwootWebhook,
} from './support/chatwoot/chatwoot-webhook.ts';
export {
  type CustomerKeyedLog,
  type CustomerMatch,
  RedisDocsGapLog,
  RedisFeedbackStore,
  type RedisSupportLogOptions,
} from './support/feedback-store.ts';
export {
  type HandoffRequest,
  type HandoffResult,
  HandoffService,
  type HandoffServiceOptions,
} from './support/handoff.ts';
export {
  signWebhook,
  WebhookHandoffTarget,
  type WebhookTargetOptions,
} from './support/webhook-target.ts';
