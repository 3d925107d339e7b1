import type { CustomerEvent, HandoffState } from '@switchboard/core';
import type { SessionClaims } from '@switchboard/web-channel';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type SseMessage, streamSse } from '../sse.ts';
import { enforceLimit } from './guards.ts';
import type { WebOptions } from './web-options.ts';

const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

/** The state as the widget shows it: the mode and the agent's name, nothing internal. */
export function widgetHandoffState(state: HandoffState | null) {
  const name = state?.mode === 'agent' ? state.agent?.name : undefined;
  return { mode: state?.mode ?? 'bot', ...(name ? { agent: { name } } : {}) };
}

/** A loop event as a server-sent event for the widget. */
function widgetEvent(event: CustomerEvent): SseMessage {
  if (event.type === 'agent_message') {
    const { id, text, at, agent } = event.message;
    return {
      event: 'message',
      data: { id, text, at, agent: agent.name ? { name: agent.name } : {} },
    };
  }
  return {
    event: 'state',
    data: { ...widgetHandoffState(event.state), ...(event.text ? { text: event.text } : {}) },
  };
}

type Session = (request: FastifyRequest, reply: FastifyReply) => SessionClaims;

/**
 * The widget's side of the handoff loop, inside the widget API's context (its origin and rate
 * limit hooks apply): ask for a person, go back to the bot, and follow what agents do live. The
 * live stream (`GET /events`) starts with the current state and lasts while a person is asked
 * for or holds the conversation (at most `maxLiveStreamMs`, then the widget reconnects); for a
 * conversation with the bot it sends the state and ends.
 */
export async function widgetHandoffRoutes(
  app: FastifyInstance,
  options: WebOptions,
  session: Session,
): Promise<void> {
  const { limiter, rateLimits } = options;

  app.post('/handoff', { schema: { body: emptyBody } }, async (request, reply) => {
    const claims = session(request, reply);
    await enforceLimit(limiter, reply, `session:${claims.sid}`, rateLimits.perSessionPerMinute);
    const customer = claims.userId
      ? {
          id: claims.userId,
          ...(claims.name ? { name: claims.name } : {}),
          ...(claims.email ? { email: claims.email } : {}),
        }
      : undefined;
    const result = await options.handoff.request({
      conversationId: claims.conversationId,
      reason: 'customer_asked',
      channel: 'web',
      ...(customer ? { customer } : {}),
    });
    for (const failure of result.failed)
      request.log.warn({ target: failure.target, error: failure.message }, 'handoff target failed');
    const delivered = result.delivered.length > 0;
    return {
      delivered,
      ...(result.ticketId ? { ticketId: result.ticketId } : {}),
      ...widgetHandoffState(delivered ? result.state : null),
      // Without anyone to bring in, how to reach people instead (the company's contact details).
      ...(delivered || !options.contact ? {} : { contact: options.contact }),
    };
  });

  // The customer's "back to the assistant": ends the hold and answers the line that says so.
  app.post('/handoff/end', { schema: { body: emptyBody } }, async (request, reply) => {
    const claims = session(request, reply);
    await enforceLimit(limiter, reply, `session:${claims.sid}`, rateLimits.perSessionPerMinute);
    const ended = await options.handoff.handBack({
      conversationId: claims.conversationId,
      by: 'customer',
    });
    return ended ? { mode: 'bot', text: ended.text } : { mode: 'bot' };
  });

  const live = options.live;
  if (!live) return;
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const maxStreamMs = options.maxLiveStreamMs ?? 300_000;
  const streams = new Set<AbortController>();
  // A live stream never ends on its own: close them all so the server can stop.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.abort();
  });

  app.get('/events', async (request, reply) => {
    const claims = session(request, reply);
    const { conversationId } = claims;
    // Says that this stream stays open on purpose (clients and tests must not wait for its end).
    void reply.header('x-switchboard-stream', 'live');
    await streamSse(request, reply, async function* (signal) {
      const stop = new AbortController();
      streams.add(stop);
      const queue: CustomerEvent[] = [];
      let wake: (() => void) | undefined;
      const onAbort = () => wake?.();
      signal.addEventListener('abort', onAbort);
      stop.signal.addEventListener('abort', onAbort);
      const unsubscribe = await live.subscribe(conversationId, (event) => {
        queue.push(event);
        wake?.();
      });
      try {
        // Subscribed first, then the state: nothing that happens in between is missed.
        const state = widgetHandoffState(await options.handoff.state(conversationId));
        yield { event: 'state', data: state };
        // Nobody is asked for or holding the conversation: nothing to follow, the stream ends.
        if (state.mode === 'bot') return;
        // Streams are recycled now and then (proxies cut long ones); the widget reconnects.
        const recycle = setTimeout(() => stop.abort(), maxStreamMs);
        stop.signal.addEventListener('abort', () => clearTimeout(recycle));
        while (!signal.aborted && !stop.signal.aborted) {
          if (queue.length === 0) {
            await new Promise<void>((resolve) => {
              const t = setTimeout(resolve, heartbeatMs);
              wake = () => {
                clearTimeout(t);
                resolve();
              };
            });
            wake = undefined;
            if (queue.length === 0 && !signal.aborted && !stop.signal.aborted)
              yield { event: 'ping', data: {} };
          }
          for (let event = queue.shift(); event; event = queue.shift()) {
            yield widgetEvent(event);
            // Back with the bot: the stream ends, the widget closes its side too.
            if (event.type === 'state' && event.state.mode === 'bot') return;
          }
        }
      } finally {
        stop.abort();
        unsubscribe();
        streams.delete(stop);
        signal.removeEventListener('abort', onAbort);
      }
    });
  });
}
