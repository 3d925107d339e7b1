import { join } from 'node:path';
import type { Config } from '@switchboard/config';
import type { Embedder, KnowledgeIndex, Logger } from '@switchboard/core';
import { EmbeddedIndex, QdrantIndex } from '@switchboard/knowledge';

/**
 * The configured knowledge index: Qdrant when QDRANT_URL is set, else the embedded one under the
 * data directory. Qdrant needs the dense vector size up front; it is read from the embedder by
 * embedding one probe text. `log` receives the embedded index's reports of stored chunks it had
 * to skip (a bad row never stops the index from opening).
 */
export async function openIndex(
  config: Config,
  embedder?: Embedder,
  log?: Logger,
): Promise<KnowledgeIndex> {
  if (config.index.kind === 'embedded') {
    return EmbeddedIndex.open({
      directory: join(config.dataDir, 'index'),
      ...(log ? { log } : {}),
    });
  }
  const denseDimension = embedder
    ? (await embedder.embedQuery('dimension probe')).length
    : undefined;
  return QdrantIndex.open({
    url: config.index.url,
    collection: config.index.collection,
    ...(config.index.apiKey ? { apiKey: config.index.apiKey } : {}),
    ...(denseDimension ? { denseDimension } : {}),
  });
}
