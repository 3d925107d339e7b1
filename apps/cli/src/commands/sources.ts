import { resolve } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { SwitchboardError } from '@switchboard/core';
import { declaredSources, syncKeyPrefixes } from '@switchboard/runtime';
import {
  createSyncQueue,
  RedisSourceStore,
  RunHistory,
  type SourceSpec,
  type SyncQueue,
  type SyncRunSummary,
  triggerRemoval,
  waitForRun,
} from '@switchboard/sync';
import { Redis } from 'ioredis';
import { type CommandArgs, UsageError } from '../output.ts';

/** What the sync commands talk to; tests pass their own (own prefix, captured output). */
export interface SyncCliContext {
  queue: SyncQueue;
  sources: RedisSourceStore;
  history: RunHistory;
  out: { write(text: string): unknown };
  /** Progress bars go here, so stdout stays parseable. */
  err: { write(text: string): unknown };
  /** How often `sync --wait` polls its job. @defaultValue 500 */
  pollMs?: number;
}

/** Opens the context on the configured Redis (default BullMQ and key prefixes, like the worker). */
export async function withSyncContext<T>(use: (context: SyncCliContext) => Promise<T>): Promise<T> {
  // BullMQ wants `maxRetriesPerRequest: null` on the connections it uses.
  const config = loadConfig();
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
  const keys = syncKeyPrefixes(config.redis.prefix);
  const queue = createSyncQueue({ connection: redis, prefix: keys.queue });
  try {
    return await use({
      queue,
      // The declared sources too, so `list` shows them and `remove` refuses them.
      sources: new RedisSourceStore({
        redis,
        prefix: keys.sources,
        declared: await declaredSources(config),
      }),
      history: new RunHistory({ redis, prefix: keys.history }),
      out: process.stdout,
      err: process.stderr,
    });
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

const text = (value: string | boolean | undefined) =>
  typeof value === 'string' ? value : undefined;

/** Builds a spec from `add <name> --kind K` and the kind's flags; paths become absolute. */
export function specFromArgs({ positionals, values }: CommandArgs): Record<string, unknown> {
  const [, name] = positionals;
  if (!name) throw new UsageError('sources add needs a name');
  const kind = text(values.kind);
  switch (kind) {
    case 'directory': {
      const root = text(values.root);
      if (!root) throw new UsageError('a directory source needs --root');
      return { name, kind, root: resolve(root) };
    }
    case 'jsonl': {
      const path = text(values.path);
      if (!path) throw new UsageError('a jsonl source needs --path');
      return { name, kind, path: resolve(path) };
    }
    case 'web': {
      const sitemap = text(values.sitemap);
      // CommandArgs flags are single strings: several start URLs are comma-separated.
      const startUrls = (text(values['start-url']) ?? '').split(',').filter(Boolean);
      return {
        name,
        kind,
        ...(sitemap ? { sitemapUrl: sitemap } : {}),
        ...(startUrls.length ? { startUrls } : {}),
      };
    }
    default:
      throw new UsageError('sources add needs --kind directory|jsonl|web');
  }
}

function target(spec: SourceSpec): string {
  if (spec.kind === 'directory') return spec.root;
  if (spec.kind === 'jsonl') return spec.path;
  return spec.sitemapUrl ?? spec.startUrls?.join(' ') ?? '';
}

/** `switchboard sources list|add|remove`. */
export async function sourcesCommand(args: CommandArgs, context?: SyncCliContext): Promise<void> {
  if (!context) return withSyncContext((opened) => sourcesCommand(args, opened));
  const { sources, out } = context;
  const json = args.values.json === true;
  const [action, name] = args.positionals;
  switch (action) {
    case 'list': {
      const [specs, paused] = await Promise.all([sources.list(), sources.pausedNames()]);
      const rows = specs.map((spec) => ({ ...spec, paused: paused.has(spec.name) }));
      if (json) out.write(`${JSON.stringify(rows)}\n`);
      else if (rows.length === 0) out.write('no sources\n');
      for (const row of json ? [] : rows) {
        out.write(
          `${row.name}\t${row.kind}\t${row.origin}\t${target(row)}${row.paused ? '\tpaused' : ''}\n`,
        );
      }
      return;
    }
    case 'add': {
      const spec = await sources.add(specFromArgs(args));
      if (!spec)
        throw new SwitchboardError('BAD_REQUEST', `A source named "${name}" already exists`);
      out.write(json ? `${JSON.stringify(spec)}\n` : `added ${spec.name} (${spec.kind})\n`);
      return;
    }
    case 'remove': {
      if (!name) throw new UsageError('sources remove needs a name');
      if (!(await sources.remove(name)))
        throw new SwitchboardError('NOT_FOUND', `No source named "${name}"`);
      // The removal run (a worker's job) purges the source's documents and records.
      const run = await triggerRemoval(context.queue, { source: name, trigger: 'admin' });
      if (args.values.wait !== true) {
        out.write(
          json
            ? `${JSON.stringify({ removed: name, ...run })}\n`
            : `removed ${name}; purging its documents (run ${run.jobId})\n`,
        );
        return;
      }
      const summary = (await waitForRun(context.queue, run.jobId, {
        pollMs: context.pollMs ?? 500,
      })) as SyncRunSummary;
      out.write(
        json
          ? `${JSON.stringify({ removed: name, ...run, summary })}\n`
          : `removed ${name}: ${summary.deleted} documents purged (run ${run.jobId})\n`,
      );
      return;
    }
    case 'pause':
    case 'resume': {
      if (!name) throw new UsageError(`sources ${action} needs a name`);
      if (!(await sources.setPaused(name, action === 'pause')))
        throw new SwitchboardError('NOT_FOUND', `No source named "${name}"`);
      out.write(
        json ? `${JSON.stringify({ name, paused: action === 'pause' })}\n` : `${action}d ${name}\n`,
      );
      return;
    }
    default:
      throw new UsageError('sources needs list, add, remove, pause or resume');
  }
}
