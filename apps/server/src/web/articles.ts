import type { SourceDocument } from '@switchboard/core';
import { loadKnowledge } from '@switchboard/runtime';

/** Looks up a knowledge document by id, for the help pages citations link to. */
export interface ArticleSource {
  get(docId: string): Promise<SourceDocument | undefined>;
}

/**
 * Articles read from the knowledge path, loaded on first use and re-read after `ttlMs`, so pages
 * follow edits without a restart and nothing is held for a server nobody asks.
 */
export function knowledgeArticles(path: string, ttlMs = 60_000): ArticleSource {
  let cached: { at: number; documents: Promise<Map<string, SourceDocument>> } | undefined;
  const load = async () => {
    const { documents } = await loadKnowledge(path);
    return new Map(documents.map((d) => [d.id, d]));
  };
  return {
    async get(docId) {
      if (!cached || Date.now() - cached.at > ttlMs) {
        cached = { at: Date.now(), documents: load() };
        cached.documents.catch(() => {
          cached = undefined;
        });
      }
      return (await cached.documents).get(docId);
    },
  };
}

/** `/help/<docId>` with each path segment encoded. */
export function articlePath(docId: string): string {
  return `/help/${docId.split('/').map(encodeURIComponent).join('/')}`;
}
