import type {
  Assistant,
  ConversationStore,
  HandoffLoop,
  RedisLiveEvents,
} from '@switchboard/assistant';
import type { FeedbackStore } from '@switchboard/core';
import type { ConversationOwners, RateLimiter } from '@switchboard/web-channel';
import type { WidgetBundle } from '@switchboard/widget';
import type { ArticleSource } from './articles.ts';

/** How people can be reached when a handoff found no target (from the company profile). */
export interface FallbackContact {
  email?: string;
  phone?: string;
  hours?: string;
  url?: string;
}

/** Everything the web channel needs; `webOptionsFrom` builds it from config and the runtime. */
export interface WebOptions {
  assistant: Pick<Assistant, 'stream'>;
  memory: Pick<ConversationStore, 'load'>;
  feedback: Pick<FeedbackStore, 'record'>;
  /** The handoff loop: bring a person in, read the state, go back to the bot. */
  handoff: Pick<HandoffLoop, 'request' | 'state' | 'handBack'>;
  /** What agents do, live (`GET /api/widget/events`); absent, that route does not exist. */
  live?: Pick<RedisLiveEvents, 'subscribe'>;
  /** How often a quiet live stream says it is still there (ms). @defaultValue 20_000 */
  heartbeatMs?: number;
  /** Longest a live stream stays open before the widget reconnects (ms). @defaultValue 300_000 */
  maxLiveStreamMs?: number;
  limiter: RateLimiter;
  /** Who owns each widget conversation (Redis): a session opens only its own. */
  owners: Pick<ConversationOwners, 'create' | 'canOpen' | 'touch'>;
  /** Signs widget session tokens. */
  sessionSecret: string;
  /** Verifies identity tokens minted by host backends; absent, identified users are refused. */
  identitySecret?: string;
  sessionTtlSeconds: number;
  /** Origins besides the server's own that may embed the widget. */
  allowedOrigins: readonly string[];
  /** The server's public base URL (links in answers); default: the origin each request reached. */
  publicUrl?: string;
  rateLimits: { perSessionPerMinute: number; perIpPerMinute: number };
  maxMessageChars: number;
  contact?: FallbackContact;
  /** Conversation retention, stated on `/privacy`; absent, `/privacy` and `/terms` do not exist. */
  retentionDays?: number;
  /** The company name on help pages. @defaultValue 'Help centre' */
  siteName?: string;
  /**
   * Suggested first questions for a new conversation (sent with its empty transcript); called
   * per request, so answer from memory. @defaultValue none
   */
  suggestions?: () => readonly string[];
  /** The browser bundle; called per request, so cache inside (see `webOptionsFrom`). */
  widget(): Promise<WidgetBundle>;
  /** The demo product page at `/`; absent, `/` does not exist. */
  demoPage?(): Promise<string>;
  demoAvatar?(): Promise<string>;
  /** Help articles for citations without a URL, served at `/help/<docId>`. */
  articles?: ArticleSource;
  /** @defaultValue Date.now */
  clock?: () => number;
}
