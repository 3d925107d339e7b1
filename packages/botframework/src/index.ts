export { type BotFrameworkChannel, createBotFrameworkChannel } from './channel.ts';
export type {
  BotFrameworkDeps,
  BotFrameworkOptions,
  BotFrameworkRequest,
  BotFrameworkResponse,
  BotFrameworkSettings,
  HandoffPort,
  StreamingAssistant,
} from './ports.ts';
