import type { Logger } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

/** A logger writing into an array, one parsed object per line. */
function capture(level: Parameters<typeof createLogger>[0]['level']) {
  const lines: string[] = [];
  const log = createLogger({
    level,
    process: 'server',
    destination: { write: (line: string) => void lines.push(line) },
  });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, lines, parsed };
}

describe('createLogger', () => {
  it("writes core's (event, fields) calls as one JSON line each: level name, ISO time, process, event, msg", () => {
    const { log, lines, parsed } = capture('info');
    const events: Logger = log;
    events.info('sync.run.finished', { runId: 'run-1', added: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    const [line] = parsed();
    expect(line).toMatchObject({
      level: 'info',
      process: 'server',
      event: 'sync.run.finished',
      msg: 'sync.run.finished',
      runId: 'run-1',
      added: 3,
    });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it('takes a status line as msg, and event names without fields', () => {
    const { log, parsed } = capture('info');
    log.info('server.status', { msg: 'listening at http://127.0.0.1:3000' });
    log.warn('redis.up');
    expect(parsed()).toMatchObject([
      { event: 'server.status', msg: 'listening at http://127.0.0.1:3000' },
      { level: 'warn', event: 'redis.up', msg: 'redis.up' },
    ]);
    expect(Object.keys(parsed()[0] ?? {}).filter((k) => k === 'msg')).toHaveLength(1);
  });

  it("passes pino's own calls (Fastify's request lines) through unchanged", () => {
    const { log, parsed } = capture('info');
    log.info({ reqId: 'req-1', res: { statusCode: 200 } }, 'request completed');
    log.info('Server listening at http://127.0.0.1:3000');
    const [request, plain] = parsed();
    expect(request).toMatchObject({ reqId: 'req-1', msg: 'request completed' });
    expect(request?.event).toBeUndefined();
    expect(plain).toMatchObject({ msg: 'Server listening at http://127.0.0.1:3000' });
    expect(plain?.event).toBeUndefined();
  });

  it('honours the level: at warn no info or debug line, warnings and errors written', () => {
    const { log, parsed } = capture('warn');
    log.debug('a.debug');
    log.info('a.info', { n: 1 });
    log.info({ req: { url: '/api/chat' } }, 'incoming request');
    log.warn('a.warn');
    log.error('a.error', { message: 'boom' });
    expect(parsed().map((l) => l.level)).toEqual(['warn', 'error']);
  });

  it('follows a level changed after start (the apps set LOG_LEVEL once config is read)', () => {
    const { log, parsed } = capture('info');
    log.level = 'error';
    log.warn('dropped');
    log.level = 'silent';
    log.error('dropped too');
    expect(parsed()).toEqual([]);
  });

  it('censors credentials in request headers and fields named like secrets', () => {
    const { log, lines } = capture('info');
    log.info(
      {
        req: {
          method: 'GET',
          headers: {
            authorization: 'Bearer sk-live-secret-1',
            cookie: 'sid=secret-2',
            'x-api-key': 'secret-3',
          },
        },
      },
      'incoming request',
    );
    log.warn('webhook.failed', {
      target: 'helpdesk',
      token: 'secret-4',
      config: { apiKey: 'secret-5' },
    });
    const text = lines.join('');
    for (const secret of ['secret-1', 'secret-2', 'secret-3', 'secret-4', 'secret-5'])
      expect(text).not.toContain(secret);
    expect(JSON.parse(lines[0] ?? '{}').req.headers.authorization).toBe('[redacted]');
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({ target: 'helpdesk', token: '[redacted]' });
  });
});
