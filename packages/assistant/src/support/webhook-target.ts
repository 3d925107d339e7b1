import { createHmac } from 'node:crypto';
import type { HandoffRelay, HandoffTarget, HandoffTicket } from '@switchboard/core';
import { SwitchboardError } from '@switchboard/core';

export interface WebhookTargetOptions {
  url: string;
  /** HMAC-SHA256 key; receivers recompute the signature to trust the body. */
  secret: string;
  /** @defaultValue 10_000 */
  timeoutMs?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
}

/**
 * `X-Switchboard-Signature: sha256=<hex HMAC of "<timestamp>.<raw body>">`, with the timestamp
 * in `X-Switchboard-Timestamp` (seconds), so receivers can refuse replays of old deliveries.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Posts each handoff ticket as signed JSON to a URL (a helpdesk, Zapier, your own service). */
export class WebhookHandoffTarget implements HandoffTarget {
  readonly name = 'webhook';
  readonly #o: WebhookTargetOptions;

  constructor(options: WebhookTargetOptions) {
    this.#o = options;
  }

  async deliver(ticket: HandoffTicket): Promise<void> {
    await this.#post(JSON.stringify({ type: 'handoff', ticket }), ticket.id, 'Handoff webhook');
  }

  /**
   * What happened after the ticket, signed the same way: `{"type": "customer_message", …}` when
   * the customer wrote again while a person holds the conversation, `{"type": "handed_back", …}`
   * when it went back to the bot (the customer asked, or nobody answered in time).
   */
  async relay(event: HandoffRelay): Promise<void> {
    const { ref: _ref, ...body } = event;
    await this.#post(
      JSON.stringify(body),
      `${event.type}:${event.conversationId}:${event.at}`,
      'Handoff webhook',
    );
  }

  async #post(body: string, delivery: string, what: string): Promise<void> {
    const timestamp = Math.floor((this.#o.clock ?? Date.now)() / 1000);
    const response = await fetch(this.#o.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-switchboard-timestamp': String(timestamp),
        'x-switchboard-signature': signWebhook(this.#o.secret, timestamp, body),
        'x-switchboard-delivery': delivery,
      },
      body,
      signal: AbortSignal.timeout(this.#o.timeoutMs ?? 10_000),
    });
    if (!response.ok) {
      throw new SwitchboardError(
        'DELIVERY_FAILED',
        `${what} answered ${response.status} ${response.statusText}`,
      );
    }
  }
}
