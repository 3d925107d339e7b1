export { type BotFrameworkChannel, createBotFrameworkChannel } from './channel.ts';
export type {
  BotFrameworkDeps,
  BotFrameworkOptions,
  BotFrameworkRequest,
  BotFrameworkResponse,
  BotFrameworkSettings,
  ConversationReferences,
  HandoffPort,
  SentReplies,
  SentReply,
  StreamingAssistant,
} from './ports.ts';
export { teamsText } from './proactive.ts';
export {
  TEAMS_MANIFEST_VERSION,
  type TeamsAppSettings,
  teamsManifest,
  validateTeamsManifest,
} from './teams-app/teams-manifest.ts';
export { buildTeamsPackage, type TeamsPackage } from './teams-app/teams-package.ts';
