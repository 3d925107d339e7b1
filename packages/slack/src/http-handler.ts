import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { HTTPReceiver, Logger } from '@slack/bolt';
import { HANDBACK_ACTION } from './agent-desk.ts';
import { describeSlackError } from './answer.ts';
import { FEEDBACK_ACTION, HANDOFF_ACTION } from './answer-blocks.ts';
import { parseSlackBody, type SlackPayloadKind, verifySlackPayload } from './payload-shape.ts';
import { verifySlackSignature } from './verify-request.ts';

export interface SlackHttpRequest {
  /** Header names in lower case, as Node's HTTP server gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received (empty when there was none). */
  rawBody: Buffer;
}

/**
 * How a web server hands Slack's requests to the channel, in two steps so that a refusal is the
 * server's own typed 4xx and only requests that passed reach Bolt, whose code assumes a
 * well-formed payload.
 */
export interface SlackHttpHandler {
  /**
   * Checks the signature (constant time), the timestamp window both ways and the payload's
   * shape, and says what kind of payload it is.
   * @throws SwitchboardError UNAUTHORIZED (signature, timestamp) before BAD_REQUEST (shape), so
   *   unsigned callers learn nothing about parsing.
   */
  verify(request: SlackHttpRequest): SlackPayloadKind;
  /**
   * Hands a request that passed `verify` to Bolt's HTTPReceiver, which checks the signature
   * again and writes the response itself. Never throws; failures are logged.
   */
  dispatch(request: IncomingMessage, response: ServerResponse, rawBody: Buffer): void;
}

const FORM = 'application/x-www-form-urlencoded';

/** The action ids of this app's buttons (answers' feedback and handoff, tickets' hand-back). */
const OWN_ACTIONS: ReadonlySet<string> = new Set([
  FEEDBACK_ACTION,
  HANDOFF_ACTION,
  HANDBACK_ACTION,
]);

/** Called on a body `verifySlackPayload` accepted as block actions. */
function hasOwnAction(body: unknown): boolean {
  const { actions } = body as { actions: Array<{ action_id: string }> };
  return actions.some((action) => OWN_ACTIONS.has(action.action_id));
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function createHttpHandler(options: {
  receiver: HTTPReceiver;
  signingSecret: string;
  clock: () => number;
  logger: Logger;
}): SlackHttpHandler {
  const { receiver, logger } = options;
  return {
    verify({ headers, rawBody }) {
      const contentType = single(headers['content-type']);
      // Slack's ssl_check is not signed; Bolt answers it without reading anything else (it even
      // drops the rest of the form), so it needs no signature here either.
      if (contentType === FORM && parseQuery(rawBody.toString()).ssl_check === '1')
        return 'ssl_check';
      verifySlackSignature({
        signingSecret: options.signingSecret,
        headers,
        rawBody,
        nowMs: options.clock(),
      });
      const body = parseSlackBody(rawBody, contentType);
      const kind = verifySlackPayload(body);
      // Bolt leaves an action no listener takes unanswered for 3 s (then a 404): one this app's
      // buttons never carry is acknowledged at once instead.
      if (kind === 'block_actions' && !hasOwnAction(body)) return 'foreign_action';
      return kind;
    },
    dispatch(request, response, rawBody) {
      // Bolt's receiver reads a body that was already buffered from `rawBody` instead of the
      // (consumed) stream.
      Object.assign(request, { rawBody });
      try {
        receiver.requestListener(request, response);
      } catch (error) {
        logger.error(`slack: the receiver failed: ${describeSlackError(error)}`);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      }
    },
  };
}
