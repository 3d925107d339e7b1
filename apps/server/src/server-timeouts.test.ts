import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reply, ReplyEvent } from '@switchboard/core';
import { ApiKeyRing, RedisRateLimiter } from '@switchboard/web-channel';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { buildApp } from './app.ts';

const KEY = 'timeouts-test-key-0123456789abcdefghij';
const TIMEOUTS = { requestMs: 1_200, headersMs: 600, keepAliveMs: 5_000 };
/** The answer takes longer than the request timeout to stream. */
const PIECES = ['One ', 'piece ', 'every ', 'half ', 'a ', 'second.'];

/** Sends the request line, then one header byte every 100 ms until the server hangs up. */
function slowHeaders(port: number): Promise<{ closedAfterMs: number; received: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const header =
      'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    let sent = 0;
    const drip = setInterval(() => {
      if (!socket.writable) return;
      socket.write(header[sent % header.length] ?? 'a');
      sent += 1;
    }, 100);
    socket.on('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n'));
    socket.on('data', (data) => {
      received += data.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(drip);
      resolve({ closedAfterMs: Date.now() - started, received });
    });
    // A safety net so a failing test ends: far beyond any limit under test.
    setTimeout(() => socket.destroy(), 15_000).unref();
  });
}

describe('HTTP server time limits (a real socket)', () => {
  const test = useTestRedis();
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    async function* stream(): AsyncGenerator<ReplyEvent> {
      yield { type: 'meta', conversationId: 'c', messageId: 'm' } as ReplyEvent;
      for (const text of PIECES) {
        await sleep(300);
        yield { type: 'delta', text };
      }
      yield { type: 'done', reply: { text: PIECES.join('') } as Reply } as ReplyEvent;
    }
    app = await buildApp({
      assistant: { stream, reply: async () => ({}) as Reply },
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 200,
      timeouts: TIMEOUTS,
      api: {
        keys: new ApiKeyRing([
          { name: 'test', sha256: createHash('sha256').update(KEY).digest('hex') },
        ]),
        limiter: new RedisRateLimiter({ redis: test.redis, prefix: test.prefix }),
        perKeyPerMinute: 100,
        allowLoopback: false,
      },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('cuts off a client that sends its headers byte by byte, within the header timeout', async () => {
    const { closedAfterMs, received } = await slowHeaders(port);
    // The header timeout (600 ms) plus the sweep interval (150 ms) and scheduling slack, far
    // below the 15 s the client would keep dripping for.
    expect(closedAfterMs).toBeGreaterThanOrEqual(TIMEOUTS.headersMs - 50);
    expect(closedAfterMs).toBeLessThan(TIMEOUTS.requestMs + 2_000);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('still answers a normal request on the same server', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
  });

  it('lets a streamed answer run past the request timeout (only receiving the request counts)', async () => {
    const started = Date.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/chat?stream=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ message: 'stream slowly please' }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(Date.now() - started).toBeGreaterThan(TIMEOUTS.requestMs);
    const deltas = [...text.matchAll(/event: delta\ndata: (.*)\n/g)].map(
      (m) => (JSON.parse(m[1] ?? '{}') as { text: string }).text,
    );
    expect(deltas.join('')).toBe(PIECES.join(''));
    expect(text).toContain('event: done');
  });
});
