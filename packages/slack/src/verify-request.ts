import { createHmac, timingSafeEqual } from 'node:crypto';
import { SwitchboardError } from '@switchboard/core';

/** How far a request's timestamp may be from our clock, either way (Slack's own rule: 5 minutes). */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface SlackSignatureInput {
  signingSecret: string;
  /** Header names in lower case, as Node's HTTP server gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received: Slack signs bytes, not a re-serialised object. */
  rawBody: Buffer;
  nowMs: number;
  /** @defaultValue MAX_CLOCK_SKEW_SECONDS */
  maxSkewSeconds?: number;
}

/**
 * The canonical decimal form only, so the digits we sign over are the digits Bolt's own check
 * (`Number(header)`) signs over: `0100` or `1e9` would verify here and fail there, or the reverse.
 */
const TIMESTAMP = /^[1-9][0-9]{0,11}$/;
const SIGNATURE = /^v0=([0-9a-f]{64})$/;

function header(headers: SlackSignatureInput['headers'], name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

function refuse(message: string): SwitchboardError {
  return new SwitchboardError('UNAUTHORIZED', message);
}

/**
 * Checks Slack's request signature (`v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}`) and that
 * the timestamp is within the skew window in the past *and* the future: Bolt only refuses old
 * timestamps, so a captured request re-signed for later would otherwise replay. The digests are
 * compared in constant time; the only early exits depend on the shape of the headers, which the
 * sender already knows.
 * @throws SwitchboardError UNAUTHORIZED with the reason.
 */
export function verifySlackSignature(input: SlackSignatureInput): void {
  const timestamp = header(input.headers, 'x-slack-request-timestamp');
  const signature = header(input.headers, 'x-slack-signature');
  if (!timestamp || !TIMESTAMP.test(timestamp))
    throw refuse('X-Slack-Request-Timestamp must be one header of Unix seconds.');
  const skew = Math.abs(Math.floor(input.nowMs / 1000) - Number(timestamp));
  const window = input.maxSkewSeconds ?? MAX_CLOCK_SKEW_SECONDS;
  if (skew > window)
    throw refuse(`The request timestamp is more than ${window} s away from the server's clock.`);
  const provided = signature ? SIGNATURE.exec(signature)?.[1] : undefined;
  if (!provided) throw refuse('X-Slack-Signature must be one header of the form v0=<hex digest>.');
  const expected = createHmac('sha256', input.signingSecret)
    .update(`v0:${timestamp}:`)
    .update(input.rawBody)
    .digest();
  if (!timingSafeEqual(Buffer.from(provided, 'hex'), expected))
    throw refuse('The Slack signature does not match this request.');
}
