import type { ConversationDetail, ConversationPage, OutcomeReport } from './conversation-types.ts';
import type {
  CandidateState,
  FeedbackEntry,
  GapEntry,
  HarvestCandidate,
  SourceRow,
  SyncMode,
  SyncStatus,
} from './types.ts';

/** An error answer of the admin API (`{ error: { code, message } }`), with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const BASE = '/admin/api';

async function failure(response: Response): Promise<ApiError> {
  let code = 'HTTP_ERROR';
  let message = `The server answered ${response.status}.`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // Not our JSON error body (a proxy's page): the status says enough.
  }
  return new ApiError(response.status, code, message);
}

/**
 * One admin API call. The session cookie goes along on its own (same origin, HttpOnly: this
 * script never sees it). A body is sent as JSON only when there is one: Fastify refuses an
 * empty body declared as JSON.
 */
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const response = await fetch(BASE + path, init);
  if (!response.ok) throw await failure(response);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

const source = (name: string) => `/sources/${encodeURIComponent(name)}`;

/** The admin API calls the page makes. */
export const adminApi = {
  /** Exchanges the token for the session cookie; the token is not kept anywhere. */
  login: (token: string) => call<{ expiresAt: string }>('POST', '/session', { token }),
  logout: () => call<void>('DELETE', '/session'),
  sources: async () => (await call<{ sources: SourceRow[] }>('GET', '/sources')).sources,
  status: () => call<SyncStatus>('GET', '/status'),
  sync: (name: string, mode: SyncMode) =>
    call<{ jobId: string; joined: boolean }>('POST', `${source(name)}/sync`, { mode }),
  setPaused: (name: string, paused: boolean) =>
    call<{ paused: boolean }>('POST', `${source(name)}/${paused ? 'pause' : 'resume'}`),
  feedback: async (limit: number) =>
    (await call<{ feedback: FeedbackEntry[] }>('GET', `/feedback?limit=${limit}`)).feedback,
  gaps: async (limit: number) =>
    (await call<{ gaps: GapEntry[] }>('GET', `/gaps?limit=${limit}`)).gaps,
  harvest: async (state: CandidateState, limit: number) =>
    (
      await call<{ candidates: HarvestCandidate[] }>(
        'GET',
        `/harvest?state=${state}&limit=${limit}`,
      )
    ).candidates,
  review: async (id: string, action: 'accept' | 'reject') =>
    (
      await call<{ candidate: HarvestCandidate }>(
        'POST',
        `/harvest/${encodeURIComponent(id)}/${action}`,
      )
    ).candidate,
};

/** A query string of the non-empty values (the API takes a blank value as not given anyway). */
export function queryString(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The support team's calls: conversations, one transcript, outcomes. */
export const insightsApi = {
  conversations: (query: Record<string, string | undefined>) =>
    call<ConversationPage>('GET', `/conversations${queryString(query)}`),
  conversation: (id: string) =>
    call<ConversationDetail>('GET', `/conversations/${encodeURIComponent(id)}`),
  outcomes: (query: Record<string, string | undefined>) =>
    call<OutcomeReport>('GET', `/outcomes${queryString(query)}`),
};

export type AdminApi = typeof adminApi;
export type InsightsApi = typeof insightsApi;
