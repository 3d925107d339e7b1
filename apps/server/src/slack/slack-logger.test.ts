import type { Logger } from '@switchboard/core';
import { SlackLogLevel } from '@switchboard/slack';
import { describe, expect, it } from 'vitest';
import { eventLogger } from './slack-logger.ts';

describe("eventLogger (Bolt's lines through the process logger)", () => {
  it('writes each line as a slack.<level> event at its own level, above the threshold only', () => {
    const written: Array<[string, string, Record<string, unknown> | undefined]> = [];
    const log: Logger = {
      debug: (e, f) => void written.push(['debug', e, f]),
      info: (e, f) => void written.push(['info', e, f]),
      warn: (e, f) => void written.push(['warn', e, f]),
      error: (e, f) => void written.push(['error', e, f]),
    };
    const bolt = eventLogger(log, SlackLogLevel.WARN);
    bolt.setName('bolt-app');
    bolt.info('socket connected');
    bolt.warn('retrying', 3);
    bolt.error('auth failed');
    expect(written).toEqual([
      ['warn', 'slack.warn', { logger: 'bolt-app', msg: 'retrying 3' }],
      ['error', 'slack.error', { logger: 'bolt-app', msg: 'auth failed' }],
    ]);
    bolt.setLevel(SlackLogLevel.DEBUG);
    expect(bolt.getLevel()).toBe(SlackLogLevel.DEBUG);
    bolt.debug('details');
    expect(written.at(-1)).toEqual([
      'debug',
      'slack.debug',
      { logger: 'bolt-app', msg: 'details' },
    ]);
  });
});
