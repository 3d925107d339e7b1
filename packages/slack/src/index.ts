export { type Logger as SlackLogger, LogLevel as SlackLogLevel } from '@slack/bolt';
export { HANDBACK_ACTION, isHandBackCommand } from './agent-desk.ts';
export {
  answerBlocks,
  decodeFeedback,
  encodeFeedback,
  FEEDBACK_ACTION,
  HANDOFF_ACTION,
} from './answer-blocks.ts';
export {
  type AssistantThreadSettings,
  DEFAULT_PROMPTS,
  type SuggestedPrompt,
} from './assistant-greeting.ts';
export { conversationIdOf, placeOf, type SlackPlace } from './conversation-id.ts';
export {
  createSlackChannel,
  type SlackChannel,
  type SlackChannelConfig,
  type SlackChannelOptions,
} from './create-slack-channel.ts';
export {
  customerText,
  SlackCustomerDelivery,
  type SlackCustomerDeliveryOptions,
} from './customer-delivery.ts';
export { SlackHandoffTarget, type SlackHandoffTargetOptions } from './handoff-target.ts';
export type { SlackHttpHandler, SlackHttpRequest } from './http-handler.ts';
export { markdownToMrkdwn, mrkdwnToText } from './mrkdwn.ts';
export { parseSlackBody, type SlackPayloadKind, verifySlackPayload } from './payload-shape.ts';
export type {
  ResyncMode,
  ResyncPort,
  ResyncProgress,
  ResyncSummary,
  SlackAgentDesk,
  SlackAssistant,
  SlackChannelDeps,
  SlackHandoff,
  SlackStateStore,
} from './ports.ts';
export {
  type RedisCommands,
  RedisStateStore,
  type RedisStateStoreOptions,
} from './redis-state-store.ts';
export { MAX_CLOCK_SKEW_SECONDS, verifySlackSignature } from './verify-request.ts';
