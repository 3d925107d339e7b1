export { type BotFrameworkChannel, createBotFrameworkChannel } from './channel.ts';
export type {
  BotFrameworkDeps,
  BotFrameworkOptions,
  BotFrameworkRequest,
  BotFrameworkResponse,
  BotFrameworkSettings,
  ConversationReferences,
  HandoffPort,
  StreamingAssistant,
} from './ports.ts';
export { teamsText } from './proactive.ts';
