/**
 * Structured events: a name plus fields (ids, counts), one JSON line each when written out. The
 * processes' implementation (`@switchboard/observability`) filters by LOG_LEVEL.
 */
export interface Logger {
  /** Detail for diagnosing (LOG_LEVEL=debug); optional, since most events are info or above. */
  debug?(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/**
 * A logger writing one JSON object per line (`time`, `level`, `event`, then the fields), the
 * shape log shippers parse without configuration. Never pass secrets as fields.
 */
export function jsonLogger(
  write: (line: string) => void,
  base: Record<string, unknown> = {},
  clock: () => number = Date.now,
): Logger {
  const emit =
    (level: string) =>
    (event: string, fields: Record<string, unknown> = {}) =>
      write(
        `${JSON.stringify({ time: new Date(clock()).toISOString(), level, event, ...base, ...fields })}\n`,
      );
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
