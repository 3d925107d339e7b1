export { ApiKeyRing, type NamedKeyHash } from './api-keys.ts';
export {
  type ConversationOwner,
  ConversationOwners,
  type ConversationOwnersOptions,
  type IssuedConversation,
  isWebConversationId,
  type OwnerProof,
  type OwnerRedis,
} from './conversation-owners.ts';
export {
  type FailureThrottleOptions,
  type FailureThrottleRedis,
  RedisFailureThrottle,
} from './failure-throttle.ts';
export {
  type Identity,
  type IdentityClaims,
  MAX_IDENTITY_TTL_SECONDS,
  type MintIdentityTokenOptions,
  mintIdentityToken,
  verifyIdentityToken,
} from './identity-token.ts';
export {
  bearerToken,
  type CitationLinker,
  checkMessage,
  isConversationId,
  type WidgetCitation,
  type WidgetTurn,
  widgetCitations,
  widgetTranscript,
} from './messages.ts';
export { createOriginPolicy, normalizeOrigin, type OriginPolicy } from './origin-policy.ts';
export {
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitRedis,
  RedisRateLimiter,
  type RedisRateLimiterOptions,
} from './rate-limiter.ts';
export {
  createSessionToken,
  type SessionClaims,
  type SessionTokenOptions,
  verifySessionToken,
} from './session-token.ts';
export { type SharedSecretRedis, sharedSessionSecret } from './shared-session-secret.ts';
