import type { Config } from '@switchboard/config';

/** A running Switchboard server the CLI talks to instead of opening the index itself. */
export interface ServerAddress {
  /** `http://127.0.0.1:3000` or PUBLIC_URL, without a trailing slash. */
  baseUrl: string;
  /** SWITCHBOARD_ADMIN_TOKEN, when configured: the admin API needs it. */
  adminToken?: string;
}

/** How long a server may take to answer `/healthz` before the CLI works without it. */
export const PROBE_TIMEOUT_MS = 1_000;

/** The loopback address of HOST:PORT (a server listening on every address answers there too). */
function localBase(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '[::]';
  const name = wildcard
    ? '127.0.0.1'
    : host.includes(':') && !host.startsWith('[')
      ? `[${host}]`
      : host;
  return `http://${name}:${port}`;
}

/** Where a server of this configuration would answer: HOST:PORT first, then PUBLIC_URL. */
export function serverCandidates(config: Config): string[] {
  const candidates = [localBase(config.server.host, config.server.port)];
  if (config.web.publicUrl && !candidates.includes(config.web.publicUrl))
    candidates.push(config.web.publicUrl);
  return candidates;
}

async function answers(baseUrl: string, timeoutMs: number): Promise<string> {
  const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
  await res.body?.cancel();
  // Liveness answers 200 while the process runs; anything else is not a Switchboard server.
  if (res.status !== 200) throw new Error(`${baseUrl}/healthz answered ${res.status}`);
  return baseUrl;
}

/**
 * The server of this configuration when one answers its liveness check within `timeoutMs`
 * (every candidate is probed at once), else null: the caller then works locally.
 */
export async function findServer(
  config: Config,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ServerAddress | null> {
  try {
    const baseUrl = await Promise.any(serverCandidates(config).map((c) => answers(c, timeoutMs)));
    return { baseUrl, ...(config.admin ? { adminToken: config.admin.token } : {}) };
  } catch {
    return null;
  }
}
