export { type ActReplyContext, actReply } from './acts/act-replies.ts';
export {
  type ActReading,
  type ClassifiedAct,
  type ConversationAct,
  classifiedAct,
  likeliestIsSmallTalk,
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
export { type FollowUpResolution, resolveFollowUp, topicOf } from './followup.ts';
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
