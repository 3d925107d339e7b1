import { type FSWatcher, watch } from 'node:fs';
import type { Logger } from '@switchboard/core';
import type { SyncQueue } from '../jobs/queues.ts';
import { scheduleSync, unscheduleSync } from '../jobs/trigger-sync.ts';
import type { DeclaredSource } from './sources-file.ts';

/**
 * Makes the queue's job schedulers match the declared schedules: creates or updates each one,
 * and removes the schedulers of declared sources that no longer have one. Answers the names of
 * the scheduled sources.
 */
export async function applySchedules(
  queue: SyncQueue,
  declared: DeclaredSource[],
): Promise<string[]> {
  const scheduled: string[] = [];
  for (const { spec, schedule } of declared) {
    if (schedule) {
      await scheduleSync(queue, { source: spec.name, ...schedule });
      scheduled.push(spec.name);
    } else {
      await unscheduleSync(queue, spec.name);
    }
  }
  return scheduled;
}

export interface DirectoryWatch {
  /** Sources being watched. */
  readonly sources: string[];
  close(): void;
}

/**
 * Watches the roots of declared directory sources with `watch: true` and calls `onChange` once
 * per burst of changes (editors write several times per save). The sync run itself finds what
 * changed, so losing an individual event loses nothing.
 */
export function watchDirectories(
  declared: DeclaredSource[],
  onChange: (source: string) => void,
  options: { debounceMs?: number; log?: Logger } = {},
): DirectoryWatch {
  const watchers: FSWatcher[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  const sources: string[] = [];
  for (const { spec, watch: wanted } of declared) {
    if (!wanted || spec.kind !== 'directory') continue;
    const fire = () => {
      clearTimeout(timers.get(spec.name));
      timers.set(
        spec.name,
        setTimeout(() => onChange(spec.name), options.debounceMs ?? 1000),
      );
    };
    try {
      const watcher = watch(spec.root, { recursive: true }, fire);
      watcher.on('error', (err) =>
        options.log?.warn('sync.watch.error', { source: spec.name, message: err.message }),
      );
      watchers.push(watcher);
      sources.push(spec.name);
    } catch (err) {
      options.log?.warn('sync.watch.unavailable', {
        source: spec.name,
        message: (err as Error).message,
      });
    }
  }
  return {
    sources,
    close() {
      for (const watcher of watchers) watcher.close();
      for (const timer of timers.values()) clearTimeout(timer);
    },
  };
}
