import type { Config } from '@switchboard/config';
import { createLogger, type ProcessLogger } from '@switchboard/observability';

/**
 * The CLI's log events (start-up progress, registry events) as JSON lines on stderr, at
 * LOG_LEVEL like the server's; stdout keeps the command's own output (answers, tables, --json).
 */
export function cliLogger(config: Config): ProcessLogger {
  return createLogger({ level: config.server.logLevel, process: 'cli', destination: 2 });
}
