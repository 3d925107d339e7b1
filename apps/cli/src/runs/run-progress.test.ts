import type { ActiveRun, SyncRunSummary } from '@switchboard/sync';
import { describe, expect, it } from 'vitest';
import { runProgress, shownProgress } from './run-progress.ts';

const active = (progress: unknown, state = 'active'): ActiveRun => ({
  jobId: 'run-1',
  state,
  progress,
});
const summary = (counts: Partial<SyncRunSummary>): SyncRunSummary =>
  ({
    runId: 'run-1',
    source: 'help',
    mode: 'full',
    trigger: 'admin',
    added: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    failed: [],
    embedded: 0,
    durationMs: 1,
    finishedAt: 1,
    reconcile: { ok: true, missingInIndex: [], orphanedInIndex: [], repaired: false },
    ...counts,
  }) as SyncRunSummary;

/** A terminal that keeps what is written to it. */
function terminal() {
  const written: string[] = [];
  return { written, stream: { isTTY: true, columns: 120, write: (t: string) => written.push(t) } };
}

describe('run progress', () => {
  it('keeps the document counts through the reconciling and done steps', () => {
    let shown = { value: 0, total: 0, unit: 'documents', stage: 'waiting' };
    const seen: string[] = [];
    for (const report of [
      active(0, 'waiting'),
      active({ stage: 'listing', done: 0, total: 0 }),
      active({ stage: 'fetching', done: 20, total: 41 }),
      active({ stage: 'fetching', done: 41, total: 41 }),
      active({ stage: 'reconciling', done: 0, total: 1 }),
      active({ stage: 'done', done: 1, total: 1 }),
    ]) {
      shown = shownProgress(report, shown);
      seen.push(`${shown.value}/${shown.total} ${shown.unit} ${shown.stage}`);
    }
    expect(seen).toEqual([
      '0/0 documents waiting',
      '0/0 documents listing',
      '20/41 documents fetching',
      '41/41 documents fetching',
      '41/41 documents reconciling',
      '41/41 documents done',
    ]);
  });

  it('says batches while a queued run counts its document jobs', () => {
    const shown = shownProgress(
      active({ stage: 'fetching', done: 1, total: 3 }, 'waiting-children'),
      {
        value: 0,
        total: 0,
        unit: 'documents',
        stage: 'listing',
      },
    );
    expect(shown).toEqual({ value: 1, total: 3, unit: 'batches', stage: 'fetching' });
  });

  it('ends the bar on the documents the source listed, with a newline', async () => {
    const { written, stream } = terminal();
    const progress = await runProgress(stream, true);
    progress.update(active({ stage: 'fetching', done: 1, total: 3 }, 'waiting-children'));
    progress.update(active({ stage: 'done', done: 1, total: 1 }));
    progress.finish(
      summary({ added: 38, unchanged: 2, failed: [{ docId: 'x', reason: 'r', message: 'm' }] }),
    );
    const text = written.join('');
    expect(text).toContain('[##############################] 41/41 documents done');
    expect(text).not.toContain('1/1');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('draws nothing off a terminal, or when disabled (--json)', async () => {
    const pipe: string[] = [];
    const json = terminal();
    for (const [stream, enabled] of [
      [{ write: (t: string) => pipe.push(t) }, true],
      [json.stream, false],
    ] as const) {
      const progress = await runProgress(stream, enabled);
      progress.update(active({ stage: 'fetching', done: 1, total: 2 }));
      progress.finish(summary({ added: 2 }));
    }
    expect(pipe).toEqual([]);
    expect(json.written).toEqual([]);
  });
});
