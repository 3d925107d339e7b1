import type { OutgoingHttpHeaders } from 'node:http';
import { toSwitchboardError } from '@switchboard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.ts';

/** One server-sent event: a name and a JSON payload. */
export interface SseMessage {
  event: string;
  data: unknown;
}

/**
 * Answers with server-sent events produced by `produce`. Headers already set on `reply` (e.g.
 * CORS) are kept. When the client goes away, `produce`'s signal aborts so generation stops; a
 * failure after the headers went out is reported in-band as an `error` event.
 */
export async function streamSse(
  request: FastifyRequest,
  reply: FastifyReply,
  produce: (signal: AbortSignal) => AsyncIterable<SseMessage>,
): Promise<void> {
  // Watch the response: the request emits 'close' as soon as its body has been read, long
  // before the answer is done.
  const abort = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined) headers[name] = value;
  reply.hijack();
  reply.raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const send = (event: string, data: unknown) =>
    reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  try {
    for await (const message of produce(abort.signal)) {
      if (abort.signal.aborted) break;
      send(message.event, message.data);
    }
  } catch (err) {
    const error = toSwitchboardError(err);
    if (error.status >= 500) request.log.error({ err, code: error.code }, 'stream failed');
    send('error', errorBody(error));
  } finally {
    reply.raw.end();
  }
}
