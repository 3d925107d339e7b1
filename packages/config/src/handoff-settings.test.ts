import { isSwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from './config.ts';

const CHATWOOT = {
  CHATWOOT_BASE_URL: 'https://chatwoot.example.com',
  CHATWOOT_API_TOKEN: 'cw-secret-api-token',
  CHATWOOT_ACCOUNT_ID: '3',
  CHATWOOT_INBOX_ID: '11',
  CHATWOOT_WEBHOOK_TOKEN: 'cw-webhook-token-0123456789abcdef',
};

function invalidVariables(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (isSwitchboardError(error)) return (error.details?.variables as string[]) ?? [];
    throw error;
  }
  return [];
}

describe('handoff settings', () => {
  it('holds a handed-off conversation 30 minutes by default, as configured otherwise', () => {
    expect(loadConfig({}).handoff).toEqual({ timeoutMinutes: 30 });
    expect(loadConfig({ HANDOFF_TIMEOUT_MINUTES: '5' }).handoff.timeoutMinutes).toBe(5);
    expect(invalidVariables({ HANDOFF_TIMEOUT_MINUTES: '0' })).toEqual(['HANDOFF_TIMEOUT_MINUTES']);
  });

  it('takes Chatwoot only when all of it is set, and names what is missing', () => {
    expect(loadConfig(CHATWOOT).handoff.chatwoot).toEqual({
      baseUrl: 'https://chatwoot.example.com',
      apiToken: 'cw-secret-api-token',
      accountId: 3,
      inboxId: 11,
      webhookToken: 'cw-webhook-token-0123456789abcdef',
    });
    const { CHATWOOT_INBOX_ID: _inbox, CHATWOOT_WEBHOOK_TOKEN: _token, ...partial } = CHATWOOT;
    expect(invalidVariables(partial).sort()).toEqual([
      'CHATWOOT_INBOX_ID',
      'CHATWOOT_WEBHOOK_TOKEN',
    ]);
    expect(invalidVariables({ ...CHATWOOT, CHATWOOT_WEBHOOK_TOKEN: 'short' })).toEqual([
      'CHATWOOT_WEBHOOK_TOKEN',
    ]);
    expect(
      invalidVariables({ ...CHATWOOT, CHATWOOT_WEBHOOK_TOKEN: `${'a'.repeat(30)}/../x` }),
    ).toEqual(['CHATWOOT_WEBHOOK_TOKEN']);
  });

  it('never puts the Chatwoot or webhook secrets in the start-up summary', () => {
    const config = loadConfig({
      ...CHATWOOT,
      HANDOFF_WEBHOOK_URL: 'https://helpdesk.example.com/hook',
      HANDOFF_WEBHOOK_SECRET: 'webhook-secret-0123456789',
    });
    const summary = JSON.stringify(describeConfig(config));
    expect(summary).toContain('"chatwoot":"on (inbox 11)"');
    for (const secret of ['cw-secret-api-token', 'cw-webhook-token', 'webhook-secret-0123456789'])
      expect(summary).not.toContain(secret);
  });
});
