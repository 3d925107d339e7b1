import { webApi } from '@slack/bolt';
import type { HandoffTarget, HandoffTicket, Turn } from '@switchboard/core';
import { SwitchboardError } from '@switchboard/core';
import { placeOf } from './conversation-id.ts';
import { escapeMrkdwn, markdownToMrkdwn } from './mrkdwn.ts';
import { webClientOptions } from './web-client.ts';

export interface SlackHandoffTargetOptions {
  botToken: string;
  /** Channel id (C…) that receives the tickets; the bot must be a member. */
  channel: string;
  /** Web API base URL (tests, proxies). @defaultValue Slack's own */
  apiUrl?: string;
}

const REASONS: Record<HandoffTicket['reason'], string> = {
  customer_asked: 'the customer asked for a person',
  low_confidence: 'the assistant was not confident',
  no_docs: 'the docs do not cover it',
  out_of_scope: 'the request is outside what the company does',
  negative_feedback: 'the customer rated an answer down',
};
/** Slack caps message text at 40,000 characters; the newest turns matter most. */
const MAX_TRANSCRIPT = 38_000;

function turnLine(turn: Turn): string {
  const who = turn.role === 'user' ? '*Customer*' : '*Assistant*';
  const time = `<!date^${Math.floor(turn.at / 1000)}^{time}|${new Date(turn.at).toISOString()}>`;
  return `${who} ${time}\n${markdownToMrkdwn(turn.text)}`;
}

export function transcriptText(transcript: Turn[]): string {
  if (transcript.length === 0) return '_No messages were kept for this conversation._';
  const lines = transcript.map(turnLine);
  let text = lines.join('\n\n');
  while (text.length > MAX_TRANSCRIPT && lines.length > 1) {
    lines.shift();
    text = `_…earlier messages left out…_\n\n${lines.join('\n\n')}`;
  }
  return text.slice(-MAX_TRANSCRIPT);
}

export function ticketHeadline(ticket: HandoffTicket): string {
  const customer = ticket.customer;
  const who =
    ticket.channel === 'slack' && customer?.id
      ? `<@${customer.id}>`
      : escapeMrkdwn(customer?.name ?? customer?.email ?? customer?.id ?? 'A customer');
  const place = placeOf(ticket.conversationId);
  const where = place ? ` in <#${place.channel}>` : ` on ${ticket.channel}`;
  return `:raising_hand: ${who} needs a person${where}: ${REASONS[ticket.reason]}. Conversation \`${ticket.conversationId}\`, ticket \`${ticket.id}\`.`;
}

/**
 * Delivers handoff tickets to a Slack channel: a headline message for the team, with the
 * transcript in its thread (so the channel stays a readable list of tickets).
 */
export class SlackHandoffTarget implements HandoffTarget {
  readonly name = 'slack';
  readonly #client: webApi.WebClient;
  readonly #channel: string;

  constructor(options: SlackHandoffTargetOptions) {
    this.#client = new webApi.WebClient(options.botToken, webClientOptions(options.apiUrl));
    this.#channel = options.channel;
  }

  async deliver(ticket: HandoffTicket): Promise<void> {
    try {
      const headline = await this.#client.chat.postMessage({
        channel: this.#channel,
        text: ticketHeadline(ticket),
        unfurl_links: false,
      });
      if (!headline.ts) throw new Error('chat.postMessage returned no ts');
      await this.#client.chat.postMessage({
        channel: this.#channel,
        thread_ts: headline.ts,
        text: transcriptText(ticket.transcript),
        unfurl_links: false,
      });
    } catch (error) {
      const code = (error as { data?: { error?: unknown } }).data?.error;
      throw new SwitchboardError(
        'DELIVERY_FAILED',
        `Slack did not accept the handoff ticket${typeof code === 'string' ? `: ${code}` : ''}`,
        { cause: error },
      );
    }
  }
}
