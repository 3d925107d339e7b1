import { type Citation, SwitchboardError, type Turn } from '@switchboard/core';

/** A conversation id a client may hand back: what the server issues (UUIDs) and similar ids. */
export function isConversationId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_.:-]{8,128}$/.test(value);
}

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header ?? '')?.[1];
}

/**
 * A customer message as the assistant should get it: trimmed, not empty, not too long.
 * @throws SwitchboardError BAD_REQUEST (empty) or PAYLOAD_TOO_LARGE (over `maxChars`).
 */
export function checkMessage(text: string, maxChars: number): string {
  const trimmed = text.trim();
  if (!trimmed)
    throw new SwitchboardError('BAD_REQUEST', 'message must not be empty', {
      details: { field: 'message' },
    });
  if (trimmed.length > maxChars)
    throw new SwitchboardError(
      'PAYLOAD_TOO_LARGE',
      `message is longer than ${maxChars} characters`,
      {
        details: { field: 'message', maxChars },
      },
    );
  return trimmed;
}

/** A citation as the widget shows it: number, title, link. */
export interface WidgetCitation {
  index: number;
  title: string;
  url?: string;
}

/** A transcript turn as the widget restores it. */
export interface WidgetTurn {
  role: Turn['role'];
  text: string;
  at: number;
  /** Assistant turns: the message id feedback refers to (agent turns: their own id). */
  id?: string;
  citations?: WidgetCitation[];
  /** Agent turns: the name of the person from the team, when the helpdesk told it. */
  agent?: { name?: string };
}

/** Gives citations without a URL one (e.g. a help page on this server), or none. */
export type CitationLinker = (citation: Citation) => string | undefined;

export function widgetCitations(citations: readonly Citation[], link: CitationLinker) {
  return citations.map((c): WidgetCitation => {
    const url = c.url ?? link(c);
    return { index: c.index, title: c.title, ...(url ? { url } : {}) };
  });
}

/** The transcript for the widget: what was said, with ids and links, no routing internals. */
export function widgetTranscript(turns: readonly Turn[], link: CitationLinker): WidgetTurn[] {
  return turns.map((t) => ({
    role: t.role,
    text: t.text,
    at: t.at,
    ...(t.id ? { id: t.id } : {}),
    ...(t.citations?.length ? { citations: widgetCitations(t.citations, link) } : {}),
    // The agent's name only: ids and the helpdesk they wrote from stay on the server.
    ...(t.role === 'agent' ? { agent: t.agent?.name ? { name: t.agent.name } : {} } : {}),
  }));
}
