import { ERROR_STATUS, type ErrorCode, SwitchboardError } from '@switchboard/core';
import type { ServerAddress } from './find-server.ts';

/** How long one admin request may take (an `ask` runs the whole assistant). */
const REQUEST_TIMEOUT_MS = 120_000;

const isCatalogued = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code);

/** A refusal of the server as our error: its code when it is one of ours, its message as is. */
function refusal(status: number, body: unknown, what: string): SwitchboardError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : `${what} answered ${status}`;
  const code: ErrorCode = isCatalogued(error?.code)
    ? error.code
    : status === 404
      ? 'NOT_FOUND'
      : status === 409
        ? 'CONFLICT'
        : status < 500
          ? 'BAD_REQUEST'
          : 'INTERNAL';
  return new SwitchboardError(code, message, { details: { status, serverCode: error?.code } });
}

/** The server's admin API (`/admin/api`), authenticated with SWITCHBOARD_ADMIN_TOKEN. */
export class AdminClient {
  readonly baseUrl: string;
  readonly #token: string;

  constructor(server: Required<ServerAddress>) {
    this.baseUrl = server.baseUrl;
    this.#token = server.adminToken;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.baseUrl}/admin/api${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.#token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      // fetch says only "fetch failed"; the reason (refused, reset, timed out) is its cause.
      const reason = (error as { cause?: { message?: string } }).cause?.message;
      throw new SwitchboardError(
        'INTERNAL',
        `the server at ${this.baseUrl} did not answer ${method} ${path}: ${reason ?? (error as Error).message}`,
        { cause: error },
      );
    }
    const parsed: unknown = await res.json().catch(() => null);
    if (res.status === 401)
      throw new SwitchboardError(
        'UNAUTHORIZED',
        `the server at ${this.baseUrl} refused SWITCHBOARD_ADMIN_TOKEN: set the token the server has`,
      );
    // Fastify's own 404 (`{message, error: "Not Found"}`): the route does not exist there, either
    // because the server runs without SWITCHBOARD_ADMIN_TOKEN or because it is an older version.
    if (res.status === 404 && typeof (parsed as { error?: unknown } | null)?.error !== 'object')
      throw new SwitchboardError(
        'NOT_FOUND',
        `the server at ${this.baseUrl} has no ${method} /admin/api${path} (admin API off there, or an older server)`,
      );
    if (!res.ok) throw refusal(res.status, parsed, `${method} ${path}`);
    return parsed as T;
  }
}
