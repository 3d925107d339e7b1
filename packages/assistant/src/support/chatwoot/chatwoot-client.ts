import { SwitchboardError } from '@switchboard/core';

/** Where the Chatwoot Application API is and how to call it (CHATWOOT_* settings). */
export interface ChatwootSettings {
  /** e.g. `https://chatwoot.example.com` (self-hosted) or `https://app.chatwoot.com`. */
  baseUrl: string;
  /** An agent's access token (contacts cannot be made with a bot's), sent as `api_access_token`. Never logged. */
  apiToken: string;
  accountId: number;
  /** The API-channel inbox handed-off conversations are created in. */
  inboxId: number;
  /** Per request. @defaultValue 10_000 */
  timeoutMs?: number;
}

/** A refused call, with Chatwoot's HTTP status: "already exists" (422) is not a failure. */
export class ChatwootCallError extends SwitchboardError {
  constructor(
    readonly httpStatus: number,
    what: string,
  ) {
    super('DELIVERY_FAILED', `Chatwoot refused ${what}: HTTP ${httpStatus}`);
  }
}

/**
 * The few Application API calls the handoff target makes
 * (`/api/v1/accounts/{account_id}/…`, header `api_access_token`), each with a time limit.
 */
export class ChatwootClient {
  readonly #s: ChatwootSettings;

  constructor(settings: ChatwootSettings) {
    this.#s = settings;
  }

  get inboxId(): number {
    return this.#s.inboxId;
  }

  /** `POST`/`GET` under the account; answers the parsed JSON body. */
  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const base = this.#s.baseUrl.replace(/\/+$/, '');
    const url = `${base}/api/v1/accounts/${this.#s.accountId}${path}`;
    // Messages name the route, never its query (a customer's identifier) or the token.
    const route = `${method} ${path.split('?')[0]}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          api_access_token: this.#s.apiToken,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#s.timeoutMs ?? 10_000),
      });
    } catch (error) {
      // The URL names the account only; the token is in a header and never in the message.
      throw new SwitchboardError(
        'DELIVERY_FAILED',
        `Chatwoot unreachable (${route}): ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (!response.ok) throw new ChatwootCallError(response.status, route);
    return (await response.json()) as T;
  }
}
