import type { Logger } from '@switchboard/core';
import { type SlackLogger, SlackLogLevel } from '@switchboard/slack';

const ORDER = [SlackLogLevel.DEBUG, SlackLogLevel.INFO, SlackLogLevel.WARN, SlackLogLevel.ERROR];

/** Bolt's Logger over one line-writer (the server's start-up log), with a level threshold. */
export function lineLogger(write: (line: string) => void, level: SlackLogLevel): SlackLogger {
  let threshold = level;
  let name = 'slack';
  const at =
    (lineLevel: SlackLogLevel) =>
    (...message: unknown[]) => {
      if (ORDER.indexOf(lineLevel) < ORDER.indexOf(threshold)) return;
      write(
        `${name} ${lineLevel}: ${message.map((m) => (typeof m === 'string' ? m : String(m))).join(' ')}`,
      );
    };
  return {
    debug: at(SlackLogLevel.DEBUG),
    info: at(SlackLogLevel.INFO),
    warn: at(SlackLogLevel.WARN),
    error: at(SlackLogLevel.ERROR),
    setLevel: (next) => {
      threshold = next;
    },
    getLevel: () => threshold,
    setName: (next) => {
      name = next;
    },
  };
}

/**
 * Bolt's Logger over the process logger: each line becomes a `slack.<level>` event at its own
 * level (debug lines at info when the logger has no debug), with Bolt's text as `msg`.
 */
export function eventLogger(log: Logger, level: SlackLogLevel): SlackLogger {
  const lines = lineLogger(() => {}, level);
  let name = 'slack';
  const at =
    (lineLevel: SlackLogLevel, write: Logger['info']) =>
    (...message: unknown[]) => {
      if (ORDER.indexOf(lineLevel) < ORDER.indexOf(lines.getLevel())) return;
      const msg = message.map((m) => (typeof m === 'string' ? m : String(m))).join(' ');
      write(`slack.${lineLevel}`, { logger: name, msg });
    };
  return {
    ...lines,
    debug: at(SlackLogLevel.DEBUG, (e, f) => (log.debug ?? log.info).call(log, e, f)),
    info: at(SlackLogLevel.INFO, (e, f) => log.info(e, f)),
    warn: at(SlackLogLevel.WARN, (e, f) => log.warn(e, f)),
    error: at(SlackLogLevel.ERROR, (e, f) => log.error(e, f)),
    setName: (next) => {
      name = next;
    },
  };
}
