import { type CustomerDelivery, SwitchboardError } from '@switchboard/core';
import { CloudAdapter } from 'botbuilder';
import { createAuthentication } from './authentication.ts';
import { keepEntityFields } from './entity-serialization.ts';
import { processRequest } from './http-shim.ts';
import type {
  BotFrameworkDeps,
  BotFrameworkOptions,
  BotFrameworkRequest,
  BotFrameworkResponse,
  BotFrameworkSettings,
} from './ports.ts';
import { proactiveDelivery } from './proactive.ts';
import { RecentReplies } from './recent-replies.ts';
import { createTurnHandler } from './turn-handler.ts';

/** The Bot Framework channel as a web server sees it: one handler for `POST /api/messages`. */
export interface BotFrameworkChannel {
  readonly mode: BotFrameworkSettings['mode'];
  /**
   * Authenticates the activity, runs the turn (the replies go to the activity's `serviceUrl`) and
   * says what to answer the connector.
   * @throws SwitchboardError BAD_REQUEST (not an activity), UNAUTHORIZED (missing or invalid
   *   Bot Framework token), FORBIDDEN (local mode and a non-loopback `serviceUrl`).
   */
  handle(request: BotFrameworkRequest): Promise<BotFrameworkResponse>;
  /**
   * Agents' answers to customers of this channel, as proactive messages (present when
   * `deps.references` keeps the conversation references).
   */
  readonly delivery?: CustomerDelivery;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Local mode has no authentication, so anyone reaching the endpoint could make the bot post to
 * any URL; replies may only go back to a connector on this machine (the Emulator).
 */
function assertLoopbackServiceUrl(body: Record<string, unknown>): void {
  let host = '';
  try {
    host = new URL(String(body.serviceUrl)).hostname;
  } catch {
    // Left empty: refused below.
  }
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new SwitchboardError(
      'FORBIDDEN',
      'In local mode (BOTFRAMEWORK_LOCAL) the bot only replies to a serviceUrl on this machine, as the Emulator uses; set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD for real channels.',
    );
  }
}

/** The SDK's HTTP outcome, with its failures turned into our error catalogue. */
function unauthorized(): SwitchboardError {
  return new SwitchboardError(
    'UNAUTHORIZED',
    'The request does not carry a valid Bot Framework token for this bot.',
  );
}

function toResponse(
  result: BotFrameworkResponse,
  activity: Record<string, unknown>,
): BotFrameworkResponse {
  if (result.status === 401) throw unauthorized();
  if (result.status === 400)
    throw new SwitchboardError('BAD_REQUEST', 'The body is not a Bot Framework activity.');
  // The SDK answers invokes we do not handle with 501; for a client that is a request this bot
  // does not take (a 4xx with the reason), not a server failure.
  if (result.status === 501) {
    const name = typeof activity.name === 'string' ? activity.name.slice(0, 100) : '(no name)';
    throw new SwitchboardError('BAD_REQUEST', `This bot does not handle the invoke "${name}".`, {
      details: { field: 'name' },
    });
  }
  if (result.status === 500)
    throw new SwitchboardError('INTERNAL', `Bot Framework turn failed: ${String(result.body)}`);
  return result;
}

/**
 * Creates the Bot Framework channel (Teams, Web Chat, the Emulator). The only place the
 * botbuilder SDK is used: the Microsoft 365 Agents SDK speaks the same Activity protocol, so
 * swapping SDKs touches this package only.
 */
export function createBotFrameworkChannel(
  deps: BotFrameworkDeps,
  settings: BotFrameworkSettings,
  options: BotFrameworkOptions = {},
): BotFrameworkChannel {
  const log = deps.log ?? (() => {});
  keepEntityFields();
  const adapter = new CloudAdapter(createAuthentication(settings));
  // The turn handler answers its own failures; this only catches errors in the SDK's pipeline.
  adapter.onTurnError = async (_context, error) => {
    log(`bot framework turn error: ${error.message}`);
  };
  const logic = createTurnHandler({
    assistant: deps.assistant,
    feedback: deps.feedback,
    handoff: deps.handoff,
    log,
    clock: deps.clock ?? Date.now,
    ...(deps.references ? { references: deps.references } : {}),
    recent: deps.replies ?? new RecentReplies(),
    maxMessageChars: options.maxMessageChars ?? 4000,
    streamIntervalMs: options.streamIntervalMs ?? 1000,
    informativeText: options.informativeText ?? 'Searching the help centre…',
  });
  const references = deps.references;
  const delivery = references
    ? proactiveDelivery({
        adapter,
        settings,
        references,
        checkServiceUrl: (serviceUrl) => {
          if (settings.mode === 'local') assertLoopbackServiceUrl({ serviceUrl });
        },
      })
    : undefined;
  return {
    mode: settings.mode,
    ...(delivery ? { delivery } : {}),
    async handle(request) {
      const body = request.body;
      if (!isRecord(body) || typeof body.type !== 'string')
        throw new SwitchboardError('BAD_REQUEST', 'The body must be a Bot Framework activity.');
      if (settings.mode === 'local') assertLoopbackServiceUrl(body);
      // The SDK would refuse this too, but prints a stack trace for every such probe; the SDK
      // still verifies every token that is present.
      else if (!request.headers.authorization) throw unauthorized();
      return toResponse(await processRequest(adapter, { ...request, body }, logic), body);
    },
  };
}
