import { basename, join, resolve } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { EmbeddedIndex, ingestDocuments } from '@switchboard/knowledge';
import { createEmbedder } from '@switchboard/providers';
import { loadKnowledge } from '@switchboard/runtime';
import { type CommandArgs, printResult, UsageError } from '../output.ts';

/** `switchboard ingest <folder|corpus.jsonl>`: add or update documents in the embedded index. */
export async function ingestCommand({ positionals, values }: CommandArgs): Promise<void> {
  const [path] = positionals;
  if (!path) throw new UsageError('ingest needs a folder or a corpus.jsonl path');
  const config = loadConfig();
  const started = performance.now();
  // Its own source name by default, so the server's start-up sync of SWITCHBOARD_KNOWLEDGE_PATH
  // (source "default") never treats these documents as removed.
  const source =
    typeof values.source === 'string' ? values.source : `cli:${basename(resolve(path))}`;
  const loaded = await loadKnowledge(path, source);
  const index = await EmbeddedIndex.open({ directory: join(config.dataDir, 'index') });
  try {
    const report = await ingestDocuments({
      documents: loaded.documents,
      index,
      ...(config.embeddings
        ? {
            embedder: createEmbedder(config.embeddings, {
              timeouts: config.providerLimits.embeddings,
            }),
          }
        : {}),
    });
    printResult(
      {
        source,
        documents: report.documents,
        chunks: report.chunks,
        added: report.added,
        unchanged: report.unchanged,
        removed: report.removed,
        embedded: report.embedded,
        failed: report.failed,
        skipped: loaded.problems,
        seconds: (performance.now() - started) / 1000,
      },
      values.json === true,
    );
  } finally {
    await index.close();
  }
}
