import { webApi } from '@slack/bolt';
import type { CustomerDelivery, CustomerEvent } from '@switchboard/core';
import { SwitchboardError } from '@switchboard/core';
import { placeOf } from './conversation-id.ts';
import { escapeMrkdwn, markdownToMrkdwn } from './mrkdwn.ts';
import { webClientOptions } from './web-client.ts';

export interface SlackCustomerDeliveryOptions {
  botToken: string;
  /** Web API base URL (tests, proxies). @defaultValue Slack's own */
  apiUrl?: string;
}

/** What the customer reads in their thread: the agent's words under their name, or a notice. */
export function customerText(event: CustomerEvent): string | undefined {
  if (event.type === 'state') return event.text;
  const { agent, text } = event.message;
  const who = agent.name ? `${escapeMrkdwn(agent.name)} from our team` : 'Our team';
  return `*${who}:* ${markdownToMrkdwn(text)}`;
}

/**
 * Brings what agents do to Slack customers: a message in the customer's own thread (or DM) where
 * the conversation started (`chat.postMessage` with its `thread_ts`). State changes without a
 * line for the customer are not posted.
 */
export class SlackCustomerDelivery implements CustomerDelivery {
  readonly channel = 'slack' as const;
  readonly #client: webApi.WebClient;

  constructor(options: SlackCustomerDeliveryOptions) {
    this.#client = new webApi.WebClient(options.botToken, webClientOptions(options.apiUrl));
  }

  async deliver(conversationId: string, event: CustomerEvent): Promise<void> {
    const place = placeOf(conversationId);
    const text = customerText(event);
    if (!place || !text) return;
    try {
      await this.#client.chat.postMessage({
        channel: place.channel,
        text,
        unfurl_links: false,
        ...(place.thread ? { thread_ts: place.thread } : {}),
      });
    } catch (error) {
      const code = (error as { data?: { error?: unknown } }).data?.error;
      throw new SwitchboardError(
        'DELIVERY_FAILED',
        `Slack did not accept the message for the customer${typeof code === 'string' ? `: ${code}` : ''}`,
        { cause: error },
      );
    }
  }
}
