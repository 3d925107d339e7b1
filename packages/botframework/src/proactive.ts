import type { CustomerDelivery, CustomerEvent } from '@switchboard/core';
import { SwitchboardError } from '@switchboard/core';
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { BotFrameworkSettings, ConversationReferences } from './ports.ts';

/** What the customer reads in Teams: the agent's words under their name, or a notice. */
export function teamsText(event: CustomerEvent): string | undefined {
  if (event.type === 'state') return event.text;
  const { agent, text } = event.message;
  return `**${agent.name ? `${agent.name} from our team` : 'Our team'}:** ${text}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stored reference, read back: only what was saved from an authenticated turn has this shape. */
function asReference(value: unknown): Partial<ConversationReference> | undefined {
  if (!isRecord(value) || typeof value.serviceUrl !== 'string') return undefined;
  const conversation = value.conversation;
  if (!isRecord(conversation) || typeof conversation.id !== 'string') return undefined;
  return value as Partial<ConversationReference>;
}

export interface ProactiveOptions {
  adapter: CloudAdapter;
  settings: BotFrameworkSettings;
  references: ConversationReferences;
  /** Local mode only answers connectors on this machine; checked again before sending. */
  checkServiceUrl: (serviceUrl: unknown) => void;
}

/**
 * Agents' answers to Teams (and Web Chat, the Emulator) customers: a proactive message in the
 * conversation, through the reference kept from the customer's last message
 * (`continueConversationAsync`). Sent as a new message in the conversation, not a reply to the
 * continuation event the SDK makes up.
 */
export function proactiveDelivery(o: ProactiveOptions): CustomerDelivery {
  const appId = o.settings.mode === 'authenticated' ? o.settings.appId : '';
  return {
    channel: 'botframework',
    async deliver(conversationId, event) {
      const text = teamsText(event);
      if (!text) return;
      const reference = asReference(await o.references.load(conversationId));
      if (!reference)
        throw new SwitchboardError(
          'DELIVERY_FAILED',
          'No conversation reference is kept for this Bot Framework conversation.',
        );
      o.checkServiceUrl(reference.serviceUrl);
      await o.adapter.continueConversationAsync(appId, reference, async (context) => {
        context.onSendActivities(async (_context, activities, next) => {
          for (const activity of activities) delete activity.replyToId;
          return next();
        });
        await context.sendActivity({ type: 'message', text, textFormat: 'markdown' });
      });
    },
  };
}
