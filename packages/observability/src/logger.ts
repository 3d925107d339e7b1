import type { Logger } from '@switchboard/core';
import { type DestinationStream, type LevelWithSilent, pino } from 'pino';

/** Which program wrote a line: every line carries it, so one log stream can hold all three. */
export type ProcessName = 'server' | 'worker' | 'cli';

export interface CreateLoggerOptions {
  /** The lowest level written (`LOG_LEVEL`); `silent` writes nothing. */
  level: LevelWithSilent;
  process: ProcessName;
  /**
   * Where lines go: a stream, or a file descriptor (1 stdout, 2 stderr). Written synchronously,
   * so the last lines before `process.exit` are not lost. @defaultValue 1 (stdout)
   */
  destination?: DestinationStream | number;
}

/**
 * The one logger of a process: a pino instance, so Fastify takes it as its `loggerInstance`
 * (request lines, same format), that also speaks core's `Logger` (`info(event, fields)`).
 */
export type ProcessLogger = pino.Logger & Logger;

/**
 * Paths pino censors wherever they appear in a line: credentials in request or response headers
 * and fields named like a secret. Values are replaced, the keys stay (so a reader sees that a
 * header was sent).
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-slack-signature"]',
  'req.headers["x-switchboard-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.authorization',
  '*.apiKey',
  '*.password',
  '*.secret',
  '*.token',
  'apiKey',
  'password',
  'secret',
  'token',
];

/** An event name as the project writes them: `sync.run.finished`, `redis.down`. */
const EVENT_NAME = /^[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Turns core's `(event, fields)` call into pino's `(object, message)`: the event name becomes
 * the `event` field and, unless the fields carry a `msg`, the message. Calls in pino's own shape
 * (Fastify's `({ req }, 'incoming request')`, a plain message) pass through unchanged.
 */
function eventStyle(args: unknown[]): unknown[] {
  const [first, second] = args;
  if (typeof first !== 'string') return args;
  if (args.length === 1) return EVENT_NAME.test(first) ? [{ event: first }, first] : args;
  if (args.length !== 2 || !isPlainObject(second)) return args;
  const { msg, ...fields } = second;
  return [{ event: first, ...fields }, typeof msg === 'string' ? msg : first];
}

/**
 * The JSON logger of server, worker and CLI: one object per line with `level` (a name, as log
 * shippers expect), `time` (ISO 8601), `process`, `event` for the project's own events, and
 * `msg`. Secrets in the known places are censored (REDACTED_PATHS).
 */
export function createLogger(options: CreateLoggerOptions): ProcessLogger {
  const destination =
    typeof options.destination === 'object'
      ? options.destination
      : pino.destination({ dest: options.destination ?? 1, sync: true });
  return pino(
    {
      level: options.level,
      base: { process: options.process },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, eventStyle(args) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
