import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { silentLogger } from '@switchboard/core';
import { openRuntime, openSyncEngine, type Runtime, type SyncEngine } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runtimeEnv } from '../support/runtime-env.ts';
import { writeHelpCentre } from './help-centre-fixture.ts';

/**
 * Issue 9: the index directory lost while Redis keeps the sync records used to start a server
 * with an empty index, "ok" health and a router fitted on nothing. Now the runtime sees the
 * records/index disagreement, re-syncs the source in full, and is not ready until that is done.
 */
describe('index directory deleted while Redis keeps the sync records', () => {
  let dataDir: string;
  let env: Record<string, string>;
  const opened: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-index-lost-'));
    const knowledge = join(dataDir, 'help');
    await writeHelpCentre(knowledge);
    env = runtimeEnv(dataDir, { SWITCHBOARD_KNOWLEDGE_PATH: knowledge });
  });

  afterAll(async () => {
    for (const part of opened.reverse()) await part.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });

  const ask = (runtime: Runtime, text: string) =>
    runtime.assistant.reply({ conversationId: crypto.randomUUID(), text, channel: 'api' });

  it('/readyz is not ready until the full re-sync finishes, then answers cite documents', async () => {
    const first = await openRuntime(loadConfig(env));
    const healthy = await first.readiness();
    expect(healthy.status).toBe('ok');
    const chunks = (healthy.checks.index as { chunks: number }).chunks;
    expect(chunks).toBeGreaterThan(4);
    const fittedRouter = first.router;
    await first.close();

    await rm(join(dataDir, 'index'), { recursive: true, force: true });
    await expect(stat(join(dataDir, 'index'))).rejects.toThrow();

    // No worker in this process: the re-sync waits in the queue until one starts, so the
    // not-ready state is observed for certain, not raced.
    const config = loadConfig({ ...env, SWITCHBOARD_WORKER: 'off' });
    const second = await openRuntime(config, { waitForSync: false });
    opened.push(second);
    const notReady = await second.readiness();
    expect(notReady.status).toBe('not_ready');
    expect(notReady.checks.index).toMatchObject({ ok: false, chunks: 0, recordedDocuments: 4 });
    expect(notReady.checks.sync).toMatchObject({
      ok: false,
      pending: { default: { mode: 'full', reason: 'index_lost_documents' } },
    });
    expect(notReady.checks.router).toMatchObject({ ok: false });
    expect(second.liveness().status).toBe('ok');
    // Meanwhile chats are answered from what there is, and say so.
    const early = await ask(second, 'How do I descale the burr chamber?');
    expect(early.degraded?.reasons).toContain('knowledge_syncing');

    const worker: SyncEngine = await openSyncEngine({
      config: loadConfig(env),
      redisUrl: inject('redisUrl'),
      index: second.index,
      runWorker: true,
      log: silentLogger,
    });
    opened.push(worker);
    await second.settled;

    const ready = await second.readiness();
    expect(ready.status).toBe('ok');
    expect(ready.checks.index).toMatchObject({ ok: true, chunks });
    const [run] = await second.sync.history.list('default');
    expect(run).toMatchObject({ mode: 'full', trigger: 'startup', failed: [] });
    // Fitted on the re-synced index, which is the index it was first fitted on.
    expect(second.router).toEqual(fittedRouter);

    const reply = await ask(second, 'How do I descale the burr chamber?');
    expect(reply.route).toBe('knowledge');
    expect(reply.degraded).toBeUndefined();
    expect(reply.citations[0]?.docId).toMatch(/descaling/);
    const pairing = await ask(second, 'How do I pair the bluetooth scale?');
    expect(pairing.citations.map((c) => c.docId)).toContain('bluetooth-scale.md');
  }, 120_000);
});
