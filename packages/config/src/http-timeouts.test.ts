import { isSwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('HTTP server time limits', () => {
  it('times out slow clients by default (requests 30 s, headers 10 s, idle keep-alive 72 s)', () => {
    expect(loadConfig({}, '/srv').server.timeouts).toEqual({
      requestMs: 30_000,
      headersMs: 10_000,
      keepAliveMs: 72_000,
    });
    const tuned = loadConfig(
      {
        HTTP_REQUEST_TIMEOUT_MS: '5000',
        HTTP_HEADERS_TIMEOUT_MS: '2000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      },
      '/srv',
    );
    expect(tuned.server.timeouts).toEqual({
      requestMs: 5_000,
      headersMs: 2_000,
      keepAliveMs: 65_000,
    });
  });

  it.each([
    [{ HTTP_REQUEST_TIMEOUT_MS: '0' }, 'HTTP_REQUEST_TIMEOUT_MS'],
    [{ HTTP_HEADERS_TIMEOUT_MS: 'soon' }, 'HTTP_HEADERS_TIMEOUT_MS'],
    [
      { HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' },
      'HTTP_HEADERS_TIMEOUT_MS: must not be larger than HTTP_REQUEST_TIMEOUT_MS',
    ],
  ])('refuses %j, naming the variable', (env, expected) => {
    let message = '';
    try {
      loadConfig(env, '/srv');
    } catch (err) {
      if (isSwitchboardError(err) && err.code === 'CONFIG_INVALID') message = err.message;
    }
    expect(message).toContain(expected);
  });
});
