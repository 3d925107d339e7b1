import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { SwitchboardError } from '@switchboard/core';
import type { SourceSpec } from '@switchboard/sync';
import { type CommandArgs, type Out, printResult, UsageError } from '../output.ts';
import { adminSyncBackend } from '../runs/admin-backend.ts';
import { followRun } from '../runs/follow-run.ts';
import { documentsOf, type ProgressStream, runProgress } from '../runs/run-progress.ts';
import { AdminClient } from '../server/admin-client.ts';
import { findServer } from '../server/find-server.ts';
import { targetOf } from './sources.ts';

export interface IngestIo {
  out: Out;
  err: ProgressStream;
  /** @defaultValue 500 */
  pollMs?: number;
}

/** The source spec of a folder (directory) or a corpus file (jsonl); a missing path says so. */
export async function ingestSpec(path: string, name: string): Promise<SourceSpec> {
  const absolute = resolve(path);
  const info = await stat(absolute).catch(() => null);
  if (!info)
    throw new SwitchboardError('NOT_FOUND', `${path}: no such folder or corpus.jsonl file`);
  if (info.isDirectory()) return { name, kind: 'directory', root: absolute };
  if (info.isFile()) return { name, kind: 'jsonl', path: absolute };
  throw new SwitchboardError('BAD_REQUEST', `${path}: neither a folder nor a file`);
}

/**
 * Through the running server: the path becomes (or already is) one of its sources and its
 * worker syncs it, so the index keeps one writer. The source stays: `sync` updates it later.
 */
async function ingestThroughServer(
  client: AdminClient,
  spec: SourceSpec,
  json: boolean,
  io: IngestIo,
): Promise<void> {
  const started = performance.now();
  const backend = adminSyncBackend(client);
  const existing = (await backend.list()).find((row) => row.name === spec.name);
  if (existing && (existing.kind !== spec.kind || targetOf(existing) !== targetOf(spec)))
    throw new SwitchboardError(
      'CONFLICT',
      `source "${spec.name}" already syncs ${targetOf(existing)}: pass --source NAME for ${targetOf(spec)}`,
    );
  if (!existing) await backend.add({ ...spec });
  const run = await backend.trigger(spec.name, 'incremental');
  const summary = await followRun(backend, spec.name, run.jobId, {
    progress: await runProgress(io.err, !json),
    pollMs: io.pollMs ?? 500,
  });
  printResult(
    {
      source: spec.name,
      server: client.baseUrl,
      run: run.jobId,
      documents: documentsOf(summary),
      added: summary.added,
      updated: summary.updated,
      unchanged: summary.unchanged,
      removed: summary.deleted,
      embedded: summary.embedded,
      failed: summary.failed.length,
      seconds: (performance.now() - started) / 1000,
    },
    json,
    io.out,
  );
  if (!json)
    io.out.write(
      `kept as source "${spec.name}" of the server: \`switchboard sync ${spec.name}\` updates it, \`switchboard sources remove ${spec.name}\` drops it\n`,
    );
}

/** `switchboard ingest <folder|corpus.jsonl> [--source NAME] [--json]`. */
export async function ingestCommand(
  { positionals, values }: CommandArgs,
  io: IngestIo = { out: process.stdout, err: process.stderr },
): Promise<void> {
  const [path] = positionals;
  if (!path) throw new UsageError('ingest needs a folder or a corpus.jsonl path');
  // Its own source name by default, so the server's start-up sync of SWITCHBOARD_KNOWLEDGE_PATH
  // (source "default") never treats these documents as removed.
  const name = typeof values.source === 'string' ? values.source : `cli:${basename(resolve(path))}`;
  const spec = await ingestSpec(path, name);
  const json = values.json === true;
  const config = loadConfig();
  const server = await findServer(config);
  if (server && !server.adminToken)
    throw new SwitchboardError(
      'CONFIG_INVALID',
      `a server is running at ${server.baseUrl}: ingest goes through its admin API so the index has one writer; set SWITCHBOARD_ADMIN_TOKEN (the server's)`,
    );
  if (server?.adminToken)
    return ingestThroughServer(
      new AdminClient({ baseUrl: server.baseUrl, adminToken: server.adminToken }),
      spec,
      json,
      io,
    );
  // No server: written here (loaded only now: the index and the embedder are heavy).
  const { ingestLocally } = await import('./ingest-local.ts');
  await ingestLocally(config, spec, json, io.out);
}
