import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@switchboard/config';
import { evaluateHybrid, type HybridEvalReport } from '@switchboard/evaluation';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runtimeEnv } from '../support/runtime-env.ts';

/**
 * `switchboard eval hybrid` on a tiny mix, through the real runtime: embedded index, trained
 * brand voice, fitted router, Redis memory and docs-gap log.
 */
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'eval-hybrid');

describe('eval hybrid on a tiny mix', () => {
  let dataDir: string;
  let report: HybridEvalReport;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-hybrid-e2e-'));
    report = await evaluateHybrid({
      config: loadConfig(runtimeEnv(dataDir)),
      mixPath: join(fixtures, 'mix.jsonl'),
      corpusPath: join(fixtures, 'corpus.jsonl'),
      brandDataPath: join(fixtures, 'brand.jsonl'),
      dataDir,
      redisUrl: inject('redisUrl'),
    });
  }, 120_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('asks every message once and scores it in the confusion matrix', () => {
    expect(report.n).toBe(8);
    expect(report.errors).toBe(0);
    const counted = Object.values(report.confusion).flatMap((row) => Object.values(row));
    expect(counted.reduce((a, b) => a + b, 0)).toBe(8);
    expect(Object.keys(report.confusion).sort()).toEqual(
      ['brand', 'followup', 'knowledge', 'oos', 'person', 'smalltalk'].sort(),
    );
    expect(report.routes.slice(0, 3)).toEqual(['brand', 'knowledge', 'handoff']);
  });

  it('measures the assistant as it answers: clear questions routed and cited right', () => {
    expect(report.confusion.person!.handoff).toBe(1);
    expect(report.confusion.brand!.brand).toBe(2);
    expect(report.brand_intent_accuracy).toBe(1);
    expect(report.gold_first.knowledge).toMatchObject({ n: 2, rate: 1 });
    expect(report.docs_gaps_by_kind.person).toBe(0);
  });

  it('asks the follow-up with its conversation and alone, and times every message', () => {
    expect(report.history_mode).toBe('replay');
    expect(report.followups.n).toBe(1);
    expect(report.latency_ms.p50).toBeGreaterThan(0);
    expect(report.latency_ms.p99).toBeGreaterThanOrEqual(report.latency_ms.p50);
    expect(report.thresholds.brand).toBeGreaterThan(0);
  });

  it('leaves nothing behind in the Redis it was lent', async () => {
    const redis = new Redis(inject('redisUrl'));
    try {
      expect(await redis.keys('switchboard-eval-*')).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('runs on a private Redis with seeded history in a temporary data dir', async () => {
    const seeded = await evaluateHybrid({
      config: loadConfig(runtimeEnv(dataDir)),
      mixPath: join(fixtures, 'mix.jsonl'),
      corpusPath: join(fixtures, 'corpus.jsonl'),
      brandDataPath: join(fixtures, 'brand.jsonl'),
      historyMode: 'seed',
    });
    expect(seeded.history_mode).toBe('seed');
    expect(seeded.n).toBe(8);
    expect(seeded.errors).toBe(0);
    // Same data, same fitted models: the messages without history route the same way.
    expect(seeded.confusion.knowledge).toEqual(report.confusion.knowledge);
  }, 120_000);
});
