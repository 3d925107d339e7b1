import type { RouterModel, TopicDetector } from '@switchboard/assistant';
import {
  type BrandExample,
  loadBrandDataset,
  OfflineBrandVoice,
  trainBrandVoice,
} from '@switchboard/brand-voice';
import type { CompanyProfile } from '@switchboard/core';
import {
  chunkDocument,
  EmbeddedIndex,
  ingestDocuments,
  KnowledgeRetriever,
} from '@switchboard/knowledge';
import { loadKnowledge } from './knowledge.ts';
import { readLines } from './read-lines.ts';
import { fitRouterFromData } from './router-model.ts';

export interface OfflineParts {
  examples: BrandExample[];
  brandVoice: OfflineBrandVoice;
  index: EmbeddedIndex;
  retriever: KnowledgeRetriever;
  router: RouterModel;
  /** The topic detector fitted with the router. */
  topic: TopicDetector;
}

/**
 * Trains every offline part from files, with no caching: the brand-voice model, an embedded index
 * of the docs in `indexDirectory`, and the router fitted on both. For evaluations and benchmarks,
 * which must measure a fresh build; the server uses `openRuntime`, which caches each part.
 * The caller closes `index`.
 */
export async function trainOfflineParts(options: {
  brandDataPath: string;
  knowledgePath: string;
  outOfScopePath: string;
  indexDirectory: string;
  profile?: CompanyProfile;
}): Promise<OfflineParts> {
  const { examples } = await loadBrandDataset(options.brandDataPath);
  const brandVoice = OfflineBrandVoice.fromArtifact(
    trainBrandVoice(examples),
    options.profile ?? {},
  );
  const index = await EmbeddedIndex.open({ directory: options.indexDirectory });
  const { documents } = await loadKnowledge(options.knowledgePath);
  await ingestDocuments({ documents, index });
  const retriever = new KnowledgeRetriever({ index });
  const chunks = (await Promise.all(documents.map((d) => chunkDocument(d)))).flat();
  const { model: router, topic } = await fitRouterFromData({
    examples,
    chunks,
    outOfScope: await readLines(options.outOfScopePath),
    retriever,
  });
  return { examples, brandVoice, index, retriever, router, topic };
}
