import { resolve } from 'node:path';
import { SwitchboardError } from '@switchboard/core';
import type { SourceSpec } from '@switchboard/sync';
import { type CommandArgs, formatTable, UsageError } from '../output.ts';
import { followRun } from '../runs/follow-run.ts';
import { describeLastRun } from '../runs/run-summary.ts';
import type { SourceRow } from '../runs/sync-backend.ts';
import { type SyncCliContext, withSyncContext } from '../runs/sync-context.ts';

export type { SyncCliContext } from '../runs/sync-context.ts';

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
      // Several start URLs are comma-separated.
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

/** Where a source's documents come from: its folder, its file or its web address. */
export function targetOf(spec: SourceSpec): string {
  if (spec.kind === 'directory') return spec.root;
  if (spec.kind === 'jsonl') return spec.path;
  return spec.sitemapUrl ?? spec.startUrls?.join(' ') ?? '';
}

/** The sources as a table with a header: name, kind, origin, target, state, last run. */
export function formatSources(rows: SourceRow[]): string {
  return formatTable(
    ['name', 'kind', 'origin', 'target', 'state', 'last run'],
    rows.map((row) => [
      row.name,
      row.kind,
      row.origin,
      targetOf(row),
      row.paused ? 'paused' : 'active',
      describeLastRun(row.lastRun),
    ]),
  );
}

/** `switchboard sources list|add|remove|pause|resume`. */
export async function sourcesCommand(args: CommandArgs, context?: SyncCliContext): Promise<void> {
  if (!context) return withSyncContext((opened) => sourcesCommand(args, opened));
  const { backend, out } = context;
  const json = args.values.json === true;
  const [action, name] = args.positionals;
  switch (action) {
    case 'list': {
      const rows = await backend.list();
      if (json) out.write(`${JSON.stringify(rows)}\n`);
      else out.write(rows.length ? formatSources(rows) : 'no sources\n');
      return;
    }
    case 'add': {
      const spec = await backend.add(specFromArgs(args));
      if (!spec) throw new SwitchboardError('CONFLICT', `A source named "${name}" already exists.`);
      out.write(json ? `${JSON.stringify(spec)}\n` : `added ${spec.name} (${spec.kind})\n`);
      return;
    }
    case 'remove': {
      if (!name) throw new UsageError('sources remove needs a name');
      // The removal run (a worker's job) purges the source's documents and records.
      const run = await backend.remove(name);
      if (args.values.wait !== true) {
        out.write(
          json
            ? `${JSON.stringify({ removed: name, ...run })}\n`
            : `removed ${name}; purging its documents (run ${run.jobId})\n`,
        );
        return;
      }
      const summary = await followRun(backend, name, run.jobId, { pollMs: context.pollMs ?? 500 });
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
      await backend.setPaused(name, action === 'pause');
      out.write(
        json ? `${JSON.stringify({ name, paused: action === 'pause' })}\n` : `${action}d ${name}\n`,
      );
      return;
    }
    default:
      throw new UsageError('sources needs list, add, remove, pause or resume');
  }
}
