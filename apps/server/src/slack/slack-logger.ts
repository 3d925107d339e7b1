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
