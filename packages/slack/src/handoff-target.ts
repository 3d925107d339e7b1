import { type types, webApi } from '@slack/bolt';
import type {
  HandoffDelivery,
  HandoffRelay,
  HandoffTarget,
  HandoffTicket,
  Turn,
} from '@switchboard/core';
import { SwitchboardError } from '@switchboard/core';
import { HANDBACK_ACTION } from './agent-desk.ts';
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

const SPEAKERS: Record<Turn['role'], string> = {
  user: '*Customer*',
  assistant: '*Assistant*',
  agent: '*Agent*',
};

function turnLine(turn: Pick<Turn, 'role' | 'text' | 'at'>): string {
  const who = SPEAKERS[turn.role];
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

/** What agents need on the ticket: the headline, how to answer, and a way to hand back. */
function headlineBlocks(ticket: HandoffTicket): types.KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: ticketHeadline(ticket) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Reply in this thread and the customer gets it. `!bot` or the button hands the conversation back to the assistant.',
        },
      ],
    },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: HANDBACK_ACTION,
          text: { type: 'plain_text', text: 'Hand back to the bot' },
          value: ticket.conversationId,
        },
      ],
    },
  ];
}

const HANDED_BACK: Record<Extract<HandoffRelay, { type: 'handed_back' }>['by'], string> = {
  customer: ':leftwards_arrow_with_hook: The customer went back to the assistant.',
  timeout: ':hourglass: Nobody replied in time: the customer is back with the assistant.',
  agent: ':leftwards_arrow_with_hook: Handed back to the assistant.',
  system: ':leftwards_arrow_with_hook: Handed back to the assistant.',
};

/**
 * Delivers handoff tickets to a Slack channel: a headline message for the team (with a "Hand
 * back to the bot" button), the transcript in its thread (so the channel stays a readable list
 * of tickets), and what the customer writes next in the same thread. Agents answer there.
 */
export class SlackHandoffTarget implements HandoffTarget {
  readonly name = 'slack';
  readonly #client: webApi.WebClient;
  readonly #channel: string;

  constructor(options: SlackHandoffTargetOptions) {
    this.#client = new webApi.WebClient(options.botToken, webClientOptions(options.apiUrl));
    this.#channel = options.channel;
  }

  /** The ticket's thread as the loop links it: `<channel>:<headline ts>`. */
  async deliver(ticket: HandoffTicket): Promise<HandoffDelivery> {
    try {
      const headline = await this.#client.chat.postMessage({
        channel: this.#channel,
        text: ticketHeadline(ticket),
        blocks: headlineBlocks(ticket),
        unfurl_links: false,
      });
      if (!headline.ts) throw new Error('chat.postMessage returned no ts');
      await this.#client.chat.postMessage({
        channel: this.#channel,
        thread_ts: headline.ts,
        text: transcriptText(ticket.transcript),
        unfurl_links: false,
      });
      return { ref: `${this.#channel}:${headline.ts}` };
    } catch (error) {
      throw deliveryFailed('the handoff ticket', error);
    }
  }

  async relay(event: HandoffRelay): Promise<void> {
    const thread = event.ref?.startsWith(`${this.#channel}:`)
      ? event.ref.slice(this.#channel.length + 1)
      : undefined;
    if (!thread) return;
    const text =
      event.type === 'customer_message'
        ? turnLine({ role: 'user', text: event.text, at: event.at })
        : HANDED_BACK[event.by];
    try {
      await this.#client.chat.postMessage({
        channel: this.#channel,
        thread_ts: thread,
        text,
        unfurl_links: false,
      });
    } catch (error) {
      throw deliveryFailed('the customer’s message', error);
    }
  }
}

function deliveryFailed(what: string, error: unknown): SwitchboardError {
  const code = (error as { data?: { error?: unknown } }).data?.error;
  return new SwitchboardError(
    'DELIVERY_FAILED',
    `Slack did not accept ${what}${typeof code === 'string' ? `: ${code}` : ''}`,
    { cause: error },
  );
}
