/**
 * `npx tsx bench/ingest/run-ingest.ts [--documents N]`: the ingestion benchmark alone (the same
 * code `npm run bench` runs, with a private redis-server), printed as JSON lines; handy for
 * profiling (`node --cpu-prof --import tsx bench/ingest/run-ingest.ts`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from '@switchboard/local-redis';
import { ingestBenchResults, runIngestBenchmark } from './ingest-benchmark.ts';

const at = process.argv.indexOf('--documents');
const documents = at >= 0 ? Number(process.argv[at + 1]) : undefined;
const directory = await mkdtemp(join(tmpdir(), 'switchboard-ingest-bench-'));
const redis = await startRedisServer({ directory: join(directory, 'redis') });
try {
  const measurements = await runIngestBenchmark({
    directory,
    redisUrl: redis.url,
    ...(documents !== undefined ? { documents } : {}),
    progress: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  for (const row of ingestBenchResults(measurements))
    process.stdout.write(`${JSON.stringify(row)}\n`);
} finally {
  await redis.stop();
  await rm(directory, { recursive: true, force: true });
}
