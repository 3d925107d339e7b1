/**
 * `npx tsx bench/ingest/run-ingest.ts [--documents N] [--langchain-batch-size N]`: the ingestion
 * benchmark alone (the same code `npm run bench` runs), printed as JSON lines; handy for
 * profiling (`node --cpu-prof --import tsx bench/ingest/run-ingest.ts`) and what-ifs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestBenchResults, runIngestBenchmark } from './ingest-benchmark.ts';

const option = (name: string): number | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : undefined;
};
const documents = option('--documents') ?? 10_000;
const langchainBatchSize = option('--langchain-batch-size');
const directory = await mkdtemp(join(tmpdir(), 'switchboard-ingest-bench-'));
try {
  const measurements = await runIngestBenchmark({
    directory,
    documents,
    ...(langchainBatchSize !== undefined ? { langchainBatchSize } : {}),
    progress: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  for (const row of ingestBenchResults(measurements))
    process.stdout.write(`${JSON.stringify(row)}\n`);
} finally {
  await rm(directory, { recursive: true, force: true });
}
