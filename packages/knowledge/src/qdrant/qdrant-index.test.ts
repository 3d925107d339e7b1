import { randomUUID } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';
import type { KnowledgeIndex } from '@switchboard/core';
import { describe } from 'vitest';
import {
  describeKnowledgeIndexConformance,
  type KnowledgeIndexFixture,
} from '../../../../test/conformance/knowledge-index.ts';
import { QdrantIndex } from './qdrant-index.ts';

const url = process.env.QDRANT_URL;
const apiKey = process.env.QDRANT_API_KEY;

/**
 * A fresh index under its own alias `test_<uuid>`; cleanup drops the alias and every versioned
 * collection behind it, even when the test failed.
 */
function qdrantFactory(liveUrl: string, denseDimension?: number) {
  return async (): Promise<KnowledgeIndexFixture> => {
    const collection = `test_${randomUUID()}`;
    const client = new QdrantClient({
      url: liveUrl,
      checkCompatibility: false,
      ...(apiKey ? { apiKey } : {}),
    });
    const open = () =>
      QdrantIndex.open({
        url: liveUrl,
        collection,
        client,
        ...(denseDimension === undefined ? {} : { denseDimension }),
      });
    let index: KnowledgeIndex = await open();
    return {
      index,
      reopen: async () => {
        await index.close();
        index = await open();
        return index;
      },
      cleanup: async () => {
        await index.close();
        const { aliases } = await client.getAliases();
        for (const alias of aliases.filter((a) => a.alias_name === collection)) {
          await client.updateCollectionAliases({
            actions: [{ delete_alias: { alias_name: collection } }],
          });
          await client.deleteCollection(alias.collection_name);
        }
        const { collections } = await client.getCollections();
        for (const { name } of collections.filter((c) => c.name.startsWith(`${collection}_v`))) {
          await client.deleteCollection(name);
        }
      },
    };
  };
}

if (url) {
  describeKnowledgeIndexConformance('qdrant', qdrantFactory(url));
  describeKnowledgeIndexConformance('qdrant', qdrantFactory(url, 8), { dense: true });
} else {
  console.info('Qdrant conformance skipped: set QDRANT_URL to run it against a live server');
  describe.skip('KnowledgeIndex conformance: qdrant (needs QDRANT_URL)', () => {});
}
