import { h, timeOf } from './dom.ts';
import type { ActiveRun, RunProgress, RunSummary } from './types.ts';

/** "3 added, 0 updated, …": what a finished run did, in one line. */
export function countsOf(run: RunSummary): string {
  if (run.error) return `failed while ${stageOf(run.error.stage)}: ${run.error.message}`;
  if (run.mode === 'remove') return `${run.deleted} documents removed from the index`;
  const failed = Array.isArray(run.failed) ? run.failed.length : 0;
  return `${run.added} added, ${run.updated} updated, ${run.unchanged} unchanged, ${run.deleted} deleted, ${failed} failed`;
}

/** "listing" → "listing the source": the stage a failed run stopped at, in words. */
function stageOf(stage: string): string {
  return stage === 'listing' ? 'listing the source' : stage;
}

/** The last-run cell: when, how, what it did, and its failures behind a disclosure. */
export function lastRunView(run: RunSummary | null): Node {
  if (!run) return h('span', { class: 'muted' }, 'Never run');
  if (run.error) {
    // A failed run changed nothing; its reason is what an admin needs to fix the source.
    return h(
      'div',
      { class: 'last-run' },
      h('div', {}, timeOf(run.finishedAt), ` · ${run.mode} · ${run.trigger}`),
      h('div', { class: 'run-failed' }, `Failed while ${stageOf(run.error.stage)}`),
      h('div', { class: 'counts' }, h('code', {}, run.error.reason), ` ${run.error.message}`),
    );
  }
  const failures = Array.isArray(run.failed) ? run.failed : [];
  const view = h(
    'div',
    { class: 'last-run' },
    h('div', {}, timeOf(run.finishedAt), ` · ${run.mode} · ${run.trigger}`),
    h('div', { class: 'counts' }, countsOf(run)),
  );
  if (failures.length) {
    view.append(
      h(
        'details',
        {},
        h('summary', {}, `${failures.length} failure${failures.length === 1 ? '' : 's'}`),
        h(
          'ul',
          {},
          ...failures.map((f) => h('li', {}, h('code', {}, f.docId), ` ${f.reason}: ${f.message}`)),
        ),
      ),
    );
  }
  return view;
}

// Keyed by the stage the server reports: a Map, so an unknown stage shows as itself.
const STAGES: ReadonlyMap<string, string> = new Map([
  ['listing', 'Listing documents'],
  ['fetching', 'Syncing documents'],
  ['deleting', 'Deleting removed documents'],
  ['reconciling', 'Checking the index'],
  ['done', 'Finishing'],
]);

/**
 * A run in progress: stage, a progress bar of documents done of total, and the documents being
 * synced right now. Before the worker reports, the run is only queued.
 */
export function activeRunView(source: string, run: ActiveRun): Node {
  const progress: RunProgress = typeof run.progress === 'object' ? run.progress : {};
  if (!progress.stage) {
    return h('div', { class: 'run' }, run.state === 'active' ? 'Starting…' : 'Queued…');
  }
  const done = progress.done ?? 0;
  const total = progress.total ?? 0;
  const label = `${STAGES.get(progress.stage) ?? progress.stage}: ${done} of ${total}`;
  // Without a total there is nothing to measure yet: an indeterminate bar (no value).
  const bar = h('progress', { 'aria-label': `Sync progress of ${source}` });
  if (total > 0) {
    bar.max = total;
    bar.value = Math.min(done, total);
  }
  const view = h('div', { class: 'run' }, h('div', {}, label), bar);
  if (progress.current) view.append(h('div', { class: 'current' }, progress.current));
  return view;
}
