import { isSwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from './config.ts';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env, '/srv');
  } catch (err) {
    if (isSwitchboardError(err) && err.code === 'CONFIG_INVALID') return err.message;
    throw err;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('loadConfig', () => {
  it('serves the demo page in development only, unless told otherwise', () => {
    expect(loadConfig({}, '/srv').web.demoPage).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }, '/srv').web.demoPage).toBe(false);
    const on = { NODE_ENV: 'production', SWITCHBOARD_DEMO_PAGE: 'true' };
    expect(loadConfig(on, '/srv').web.demoPage).toBe(true);
    expect(loadConfig({ SWITCHBOARD_DEMO_PAGE: 'no' }, '/srv').web.demoPage).toBe(false);
    expect(configError({ SWITCHBOARD_DEMO_PAGE: 'sometimes' })).toMatch(/SWITCHBOARD_DEMO_PAGE/);
  });

  it('gives working offline defaults with an empty environment', () => {
    const config = loadConfig({}, '/srv');
    expect(config.dataDir).toBe('/srv/.switchboard');
    expect(config.llm).toBeNull();
    expect(config.embeddings).toBeNull();
    expect(config.server.port).toBe(3000);
    expect(config.knowledgePath).toMatch(/data\/sample\/help-centre$/);
  });

  it('limits every provider call by default: a hanging LLM costs at most 10 s', () => {
    const { providerLimits } = loadConfig({}, '/srv');
    expect(providerLimits.chat.firstTokenMs).toBeLessThanOrEqual(10_000);
    expect(providerLimits.embeddings.queryMs).toBeLessThanOrEqual(10_000);
    expect(providerLimits.breaker.failureThreshold).toBeGreaterThanOrEqual(1);
    const tuned = loadConfig(
      { LLM_TIMEOUT_MS: '2500', EMBEDDINGS_TIMEOUT_MS: '800', PROVIDER_BREAKER_FAILURES: '5' },
      '/srv',
    ).providerLimits;
    expect(tuned.chat.firstTokenMs).toBe(2_500);
    expect(tuned.embeddings.queryMs).toBe(800);
    expect(tuned.breaker.failureThreshold).toBe(5);
    expect(configError({ LLM_TIMEOUT_MS: '0' })).toMatch(/LLM_TIMEOUT_MS/);
  });

  it('reads EMBEDDINGS_PROVIDER=local as a model directory on this machine', () => {
    const defaults = loadConfig({ EMBEDDINGS_PROVIDER: 'local' }, '/srv');
    expect(defaults.embeddings).toEqual({
      provider: 'local',
      model: '/srv/.switchboard/models/all-MiniLM-L6-v2',
    });
    const chosen = loadConfig(
      { EMBEDDINGS_PROVIDER: 'local', EMBEDDINGS_MODEL: 'm/minilm' },
      '/srv',
    );
    expect(chosen.embeddings).toEqual({ provider: 'local', model: '/srv/m/minilm' });
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({}, '/srv');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('names the variable and the fix when a value is wrong', () => {
    expect(configError({ PORT: 'eighty' })).toMatch(/PORT/);
    expect(configError({ LLM_PROVIDER: 'gpt' })).toMatch(/LLM_PROVIDER/);
    const message = configError({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'llama3.1' });
    expect(message).toMatch(/LLM_BASE_URL: is required when LLM_PROVIDER=ollama/);
    expect(configError({ LLM_PROVIDER: 'openai', LLM_MODEL: 'gpt-4o-mini' })).toMatch(
      /OPENAI_API_KEY/,
    );
  });

  it('selects Qdrant when QDRANT_URL is set, keeping its key out of the summary', () => {
    expect(loadConfig({}, '/srv').index).toEqual({ kind: 'embedded' });
    const config = loadConfig(
      { QDRANT_URL: 'http://qdrant:6333', QDRANT_API_KEY: 'qk-secret' },
      '/srv',
    );
    expect(config.index).toEqual({
      kind: 'qdrant',
      url: 'http://qdrant:6333',
      apiKey: 'qk-secret',
      collection: 'switchboard',
    });
    expect(JSON.stringify(describeConfig(config))).not.toContain('qk-secret');
    expect(configError({ QDRANT_URL: 'not a url' })).toMatch(/QDRANT_URL/);
  });

  it('enables the admin API only with a long enough token, never logging it', () => {
    expect(loadConfig({}, '/srv').admin).toBeNull();
    expect(configError({ SWITCHBOARD_ADMIN_TOKEN: 'short' })).toMatch(
      /SWITCHBOARD_ADMIN_TOKEN: must be at least 16/,
    );
    const config = loadConfig({ SWITCHBOARD_ADMIN_TOKEN: 'a-very-long-admin-secret' }, '/srv');
    expect(config.admin).toEqual({ token: 'a-very-long-admin-secret' });
    expect(JSON.stringify(describeConfig(config))).not.toContain('a-very-long-admin-secret');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', LLM_PROVIDER: '' }, '/srv').server.port).toBe(3000);
  });

  it('never puts secrets in the log summary', () => {
    const config = loadConfig(
      {
        LLM_PROVIDER: 'openai-compatible',
        LLM_MODEL: 'ft:gpt-4o-mini:acme::x1',
        LLM_BASE_URL: 'http://user:hunter2@localhost:8000/v1',
        OPENAI_API_KEY: 'sk-secret-value',
        REDIS_URL: 'redis://:p4ss@localhost:6379',
      },
      '/srv',
    );
    expect(config.llm?.apiKey).toBe('sk-secret-value');
    const summary = JSON.stringify(describeConfig(config));
    expect(summary).not.toContain('sk-secret-value');
    expect(summary).not.toContain('hunter2');
    expect(summary).not.toContain('p4ss');
    expect(summary).toContain('ft:gpt-4o-mini:acme::x1');
  });
});
