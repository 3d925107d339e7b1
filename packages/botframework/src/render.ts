import type { Citation, Reply } from '@switchboard/core';
import type { Activity, CardAction, Entity } from 'botbuilder';
import { HANDOFF_BUTTON_TITLE, type SwitchboardAction } from './actions.ts';

/** Where a reply goes: Teams renders citation pills and has its own feedback buttons. */
export interface RenderTarget {
  teams: boolean;
  /** The user the suggested actions are for. */
  userId: string;
}

const cut = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

/**
 * Teams' AI-message entity: marks the text as AI-generated and lists the `[n]` citations so Teams
 * shows them as pills (abstract ≤ 160 characters, at most 3 keywords of ≤ 28, as Teams documents).
 */
export function aiMessageEntity(citations: Citation[]): Entity {
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    additionalType: ['AIGeneratedContent'],
    ...(citations.length ? { citation: citations.map(toClaim) } : {}),
  };
}

function toClaim(c: Citation): Record<string, unknown> {
  return {
    '@type': 'Claim',
    position: c.index,
    appearance: {
      '@type': 'DigitalDocument',
      name: cut(c.title, 80),
      abstract: cut(c.snippet, 160),
      ...(c.url ? { url: c.url } : {}),
      ...(c.sectionPath.length
        ? { keywords: c.sectionPath.slice(0, 3).map((k) => cut(k, 28)) }
        : {}),
    },
  };
}

/** A Markdown source list for channels without citation pills (Emulator, Web Chat). */
export function sourcesMarkdown(citations: Citation[]): string {
  if (citations.length === 0) return '';
  const lines = citations.map((c) => {
    const label = [c.title, ...c.sectionPath.slice(-1)].join(' › ');
    return `[${c.index}] ${c.url ? `[${label}](${c.url})` : label}`;
  });
  return `\n\n**Sources**\n\n${lines.join('  \n')}`;
}

function messageBack(title: string, value: SwitchboardAction, displayText = title): CardAction {
  return { type: 'messageBack', title, displayText, text: '', value };
}

/**
 * Buttons under a reply. Teams gets only "Talk to a human" as imBack (its own feedback loop
 * rates messages); elsewhere messageBack buttons carry the rated message id back to us.
 */
function suggestedActions(reply: Reply, target: RenderTarget): Partial<Activity> {
  // The assistant already brought a human in: offering it again would be noise.
  const handedOff = reply.handoff?.reason === 'customer_asked';
  const actions: CardAction[] = target.teams
    ? handedOff
      ? []
      : [{ type: 'imBack', title: HANDOFF_BUTTON_TITLE, value: HANDOFF_BUTTON_TITLE }]
    : [
        messageBack('👍 Helpful', {
          switchboard: 'feedback',
          rating: 'up',
          messageId: reply.messageId,
        }),
        messageBack('👎 Not helpful', {
          switchboard: 'feedback',
          rating: 'down',
          messageId: reply.messageId,
        }),
        ...(handedOff ? [] : [messageBack(HANDOFF_BUTTON_TITLE, { switchboard: 'handoff' })]),
      ];
  return actions.length ? { suggestedActions: { to: [target.userId], actions } } : {};
}

/** The final reply activity: Markdown text with numbered citations, buttons, Teams extras. */
export function renderReply(reply: Reply, target: RenderTarget): Partial<Activity> {
  return {
    type: 'message',
    textFormat: 'markdown',
    text: target.teams ? reply.text : `${reply.text}${sourcesMarkdown(reply.citations)}`,
    ...(target.teams
      ? { entities: [aiMessageEntity(reply.citations)], channelData: { feedbackLoopEnabled: true } }
      : {}),
    ...suggestedActions(reply, target),
  };
}
