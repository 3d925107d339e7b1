import {
  ApiError,
  type ChatEvent,
  type HandoffAnswer,
  type HandoffView,
  type LiveEvent,
  type Rating,
  type Session,
  type Turn,
} from './protocol.ts';
import { readSse } from './sse.ts';

export interface WidgetApiOptions {
  /** Origin (and optional path) of the Switchboard server. */
  server: string;
  /** The host site's identity token for a logged-in user, if any. */
  identityToken?: string;
  /** Where the conversation (id and grant) is remembered across reloads. */
  storageKey: string;
}

async function failure(response: Response): Promise<ApiError> {
  let code = 'HTTP_ERROR';
  let message = response.statusText;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // Not our JSON error body (a proxy page); the status says enough.
  }
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    code,
    message,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

/**
 * What reopens a conversation: its id and the grant the server issued with it; and the ratings
 * this browser gave its answers, by message id, so a rated answer stays rated after a reload.
 */
interface StoredConversation {
  conversationId: string;
  grant?: string;
  ratings?: Record<string, Rating>;
}

/** Ratings kept per conversation: the newest this many (a long conversation stays small). */
const MAX_RATINGS = 100;

function storedConversation(key: string): StoredConversation | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null') as Partial<StoredConversation>;
    if (typeof value?.conversationId !== 'string') return undefined;
    return {
      conversationId: value.conversationId,
      ...(typeof value.grant === 'string' ? { grant: value.grant } : {}),
      ...(value.ratings && typeof value.ratings === 'object' ? { ratings: value.ratings } : {}),
    };
  } catch {
    // Storage blocked (privacy mode, sandboxed frame): history is per page then. A bare id
    // stored by an older widget is not JSON and proves nothing: a new conversation starts.
    return undefined;
  }
}

function storeConversation(key: string, conversation: StoredConversation | undefined): void {
  try {
    if (conversation) localStorage.setItem(key, JSON.stringify(conversation));
    else localStorage.removeItem(key);
  } catch {
    // See storedConversation.
  }
}

/**
 * The widget's client of /api/widget. It holds a short-lived session token in memory only and
 * renews it (for the same conversation) shortly before it expires or when the server says 401.
 */
export class WidgetApi {
  readonly #o: WidgetApiOptions;
  #session: Promise<Session> | undefined;

  constructor(options: WidgetApiOptions) {
    this.#o = options;
  }

  #url(path: string): string {
    return `${this.#o.server.replace(/\/+$/, '')}/api/widget/${path}`;
  }

  #openSession(stored: StoredConversation | undefined): Promise<Response> {
    return fetch(this.#url('session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        // The ratings stay in this browser: the server wants only what proves the conversation.
        ...(stored ? { conversationId: stored.conversationId, grant: stored.grant } : {}),
        ...(this.#o.identityToken ? { identity: this.#o.identityToken } : {}),
      }),
    });
  }

  async #newSession(): Promise<Session> {
    const key = this.#o.storageKey;
    let stored = storedConversation(key);
    let response = await this.#openSession(stored);
    if (stored && response.status === 404) {
      // The conversation expired (or this grant does not open it): start a new one.
      stored = undefined;
      storeConversation(key, undefined);
      response = await this.#openSession(undefined);
    }
    if (!response.ok) throw await failure(response);
    const session = (await response.json()) as Session;
    const grant = session.grant ?? stored?.grant;
    const ratings = stored?.conversationId === session.conversationId && stored.ratings;
    storeConversation(key, {
      conversationId: session.conversationId,
      ...(grant ? { grant } : {}),
      ...(ratings ? { ratings } : {}),
    });
    return session;
  }

  async #token(renew = false): Promise<string> {
    const current =
      this.#session && !renew ? await this.#session.catch(() => undefined) : undefined;
    if (current && current.expiresAt - Date.now() > 30_000) return current.token;
    this.#session = this.#newSession();
    return (await this.#session).token;
  }

  /** A request with the session token, retried once with a fresh token after a 401. */
  async #send(path: string, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.#token(attempt > 0);
      const response = await fetch(this.#url(path), {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${token}` },
      });
      if (response.ok) return response;
      if (response.status !== 401 || attempt > 0) throw await failure(response);
    }
  }

  #post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    return this.#send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  }

  /**
   * The conversation so far (empty for a new one), who answers it now, and for a new one the
   * server's suggested first questions (unchecked: `parseSuggestions` reads them).
   */
  async transcript(): Promise<{ turns: Turn[]; handoff: HandoffView; suggestions?: unknown }> {
    const response = await this.#send('conversation', { method: 'GET' });
    const body = (await response.json()) as {
      turns: Turn[];
      handoff?: HandoffView;
      suggestions?: unknown;
    };
    return { ...body, handoff: body.handoff ?? { mode: 'bot' } };
  }

  /** What agents do, live, until `signal` aborts or the server ends the stream. */
  async *events(signal: AbortSignal): AsyncGenerator<LiveEvent> {
    const response = await this.#send('events', { method: 'GET', signal });
    if (!response.body) throw new ApiError(502, 'NO_STREAM', 'The event stream is missing.');
    for await (const { event, data } of readSse(response.body)) {
      const payload = JSON.parse(data) as Record<string, unknown>;
      if (event === 'state') yield { type: 'state', state: payload as unknown as HandoffView };
      else if (event === 'message')
        yield {
          type: 'message',
          message: payload as Extract<LiveEvent, { type: 'message' }>['message'],
        };
    }
  }

  /** Back to the assistant: answers the line that says so. */
  async endHandoff(): Promise<{ mode: 'bot'; text?: string }> {
    const response = await this.#post('handoff/end', {});
    return (await response.json()) as { mode: 'bot'; text?: string };
  }

  /** Sends a message and yields the answer as it is produced. */
  async *chat(message: string, signal?: AbortSignal): AsyncGenerator<ChatEvent> {
    const response = await this.#post('chat', { message }, signal);
    if (!response.body) throw new ApiError(502, 'NO_STREAM', 'The answer stream is missing.');
    for await (const { event, data } of readSse(response.body)) {
      const payload = JSON.parse(data) as Record<string, unknown>;
      if (event === 'error') {
        const error = (payload as { error?: { code?: string; message?: string } }).error;
        throw new ApiError(500, error?.code ?? 'INTERNAL', error?.message ?? 'The answer failed.');
      }
      if (event === 'meta' || event === 'delta' || event === 'done')
        yield { type: event, ...payload } as ChatEvent;
    }
  }

  /** Records a rating on the server, then in this browser (see `rating`). */
  async feedback(messageId: string, rating: Rating, reason?: string): Promise<void> {
    await this.#post('feedback', { messageId, rating, ...(reason ? { reason } : {}) });
    const stored = storedConversation(this.#o.storageKey);
    if (!stored) return;
    const ratings = Object.entries(stored.ratings ?? {}).filter(([id]) => id !== messageId);
    ratings.push([messageId, rating]);
    stored.ratings = Object.fromEntries(ratings.slice(-MAX_RATINGS));
    storeConversation(this.#o.storageKey, stored);
  }

  /** The rating this browser gave an answer of the current conversation, if any. */
  rating(messageId: string): Rating | undefined {
    const ratings = storedConversation(this.#o.storageKey)?.ratings;
    // Own keys only: an id such as "constructor" must not find Object.prototype's.
    const value = ratings && Object.hasOwn(ratings, messageId) ? ratings[messageId] : undefined;
    return value === 'up' || value === 'down' ? value : undefined;
  }

  async handoff(): Promise<HandoffAnswer> {
    const response = await this.#post('handoff', {});
    return (await response.json()) as HandoffAnswer;
  }
}
