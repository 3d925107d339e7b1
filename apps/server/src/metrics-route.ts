import { createHash, timingSafeEqual } from 'node:crypto';
import { SwitchboardError } from '@switchboard/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface MetricsRouteOptions {
  /** The exposition (Prometheus text format) as of now. */
  render(): Promise<{ contentType: string; body: string }>;
  /**
   * `METRICS_TOKEN`: required as `Authorization: Bearer <token>` from any caller. Absent: only
   * callers on this machine (loopback, not forwarded by a proxy) may scrape.
   */
  token?: string;
}

const isLoopback = (ip: string) => /^(127\.|::1$|::ffff:127\.)/.test(ip);
const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time: the comparison takes as long whatever the presented token is. */
function sameToken(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Throws the 401/403 a caller gets when it may not read the metrics. */
function authorize(request: FastifyRequest, reply: FastifyReply, token: string | undefined): void {
  const presented = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (token !== undefined) {
    if (presented !== undefined && sameToken(presented, token)) return;
    void reply.header('www-authenticate', 'Bearer');
    throw new SwitchboardError(
      'UNAUTHORIZED',
      'A metrics token is required: Authorization: Bearer <METRICS_TOKEN>.',
    );
  }
  const forwarded =
    request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  if (isLoopback(request.ip) && !forwarded) return;
  throw new SwitchboardError(
    'FORBIDDEN',
    'Metrics answer only callers on this machine; set METRICS_TOKEN to scrape from elsewhere.',
  );
}

/**
 * `GET /metrics` for Prometheus. It tells traffic, failures and queue sizes, so it is not
 * public: a bearer token when METRICS_TOKEN is set, else loopback callers only. Never logged.
 */
export async function metricsRoute(
  app: FastifyInstance,
  options: MetricsRouteOptions,
): Promise<void> {
  app.get('/metrics', { logLevel: 'silent' }, async (request, reply) => {
    authorize(request, reply, options.token);
    const { contentType, body } = await options.render();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });
}
