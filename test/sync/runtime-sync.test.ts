import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { openRuntime, type Runtime } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeEnv } from '../support/runtime-env.ts';
import { tempDir } from './fixtures/harness.ts';

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm start runs the sync worker in-process: synced on start and on change', () => {
  let runtime: Runtime;
  let help: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const data = await tempDir('rt-data');
    const docs = await tempDir('rt-help');
    cleanups.push(data.remove, docs.remove);
    help = join(docs.path, 'help');
    await mkdir(help);
    await writeFile(
      join(help, 'pairing.md'),
      '# Pairing\n\n## Pair a sensor\n\nHold the pair button for five seconds.\n',
    );
    await writeFile(join(help, 'battery.md'), '# Battery\n\n## Replace\n\nUse two AA batteries.\n');
    await writeFile(
      join(docs.path, 'faq.jsonl'),
      `${JSON.stringify({ id: 'faq-1', title: 'Warranty', text: 'The warranty lasts two years.' })}\n`,
    );
    await writeFile(
      join(docs.path, 'sources.json'),
      JSON.stringify({
        sources: [{ name: 'faq', kind: 'jsonl', path: 'faq.jsonl', schedule: { every: '1h' } }],
      }),
    );
    const config = loadConfig(
      runtimeEnv(data.path, {
        SWITCHBOARD_KNOWLEDGE_PATH: help,
        SWITCHBOARD_SOURCES: join(docs.path, 'sources.json'),
      }),
    );
    runtime = await openRuntime(config);
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  it('has the knowledge folder indexed when start-up returns, and syncs the sources file too', async () => {
    const docs = new Set(
      (await runtime.index.listChunks({ source: 'default' })).map((c) => c.docId),
    );
    expect([...docs].sort()).toEqual(['battery.md', 'pairing.md']);
    await eventually(async () =>
      (await runtime.index.listChunks({ source: 'faq' })).length > 0 ? true : undefined,
    );
    const listed = await runtime.sync.sources.list();
    expect(listed.map((s) => [s.name, s.origin])).toEqual([
      ['default', 'config'],
      ['faq', 'config'],
    ]);
    expect(listed[1]?.schedule).toEqual({ every: 3_600_000 });
    const schedulers = await runtime.sync.queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['sync-schedule.faq']);
    await expect(runtime.sync.sources.remove('default')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('re-syncs a watched folder when a file changes, and drops a deleted file', async () => {
    await writeFile(
      join(help, 'battery.md'),
      '# Battery\n\n## Replace\n\nUse two AAA lithium batteries.\n',
    );
    await eventually(async () => {
      const hits = await runtime.index.search({ text: 'lithium', limit: 5 });
      return hits.some((h) => h.chunk.docId === 'battery.md') ? true : undefined;
    });
    // The run's summary lands in the history just after its documents are indexed.
    const last = await eventually(async () => {
      const [newest] = await runtime.sync.history.list('default');
      return newest?.trigger === 'change' ? newest : undefined;
    });
    expect(last).toMatchObject({ updated: 1, unchanged: 1, added: 0 });

    await rm(join(help, 'pairing.md'));
    await eventually(async () => {
      const chunks = await runtime.index.listChunks({ docId: 'pairing.md' });
      return chunks.length === 0 ? true : undefined;
    });
  });
});
