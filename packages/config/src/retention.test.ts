import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('conversation retention (SWITCHBOARD_RETENTION_DAYS)', () => {
  it('keeps conversations 30 days by default, not 24 hours', () => {
    expect(loadConfig({}).memory).toMatchObject({ retentionDays: 30, ttlSeconds: 30 * 86_400 });
  });

  it('takes a number of days', () => {
    expect(loadConfig({ SWITCHBOARD_RETENTION_DAYS: '90' }).memory).toMatchObject({
      retentionDays: 90,
      ttlSeconds: 90 * 86_400,
    });
  });

  it('refuses a retention that is not a whole number of days from 1 to 3650', () => {
    for (const value of ['0', '1.5', 'forever', '3651'])
      expect(() => loadConfig({ SWITCHBOARD_RETENTION_DAYS: value })).toThrow(
        /SWITCHBOARD_RETENTION_DAYS/,
      );
  });

  it('stops the start when the old MEMORY_TTL_SECONDS is still set, naming its replacement', () => {
    expect(() => loadConfig({ MEMORY_TTL_SECONDS: '86400' })).toThrow(
      /MEMORY_TTL_SECONDS: is no longer read.*SWITCHBOARD_RETENTION_DAYS/,
    );
  });
});
