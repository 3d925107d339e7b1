import type { KnowledgeIndex } from '@switchboard/core';
import { type DocumentSection, documentSections } from '@switchboard/knowledge';

/** A help page: one indexed document, put back together from its chunks. */
export interface HelpArticle {
  docId: string;
  title: string;
  sections: DocumentSection[];
}

/** Looks up a knowledge document by id, for the help pages citations link to. */
export interface ArticleSource {
  get(docId: string): Promise<HelpArticle | undefined>;
}

/** Longer ids are never looked up: no source makes them, and a URL should not make us scan. */
export const MAX_DOC_ID_LENGTH = 2048;

/**
 * Articles read from the index itself, so every source (directory, JSONL corpus, web, one added
 * at run time) has pages, and a page shows what the assistant cites, not a copy on disk that may
 * differ. The id is only ever a lookup key.
 */
export function indexArticles(index: Pick<KnowledgeIndex, 'getDocumentChunks'>): ArticleSource {
  return {
    async get(docId) {
      if (docId.length > MAX_DOC_ID_LENGTH) return undefined;
      const chunks = await index.getDocumentChunks(docId);
      const first = chunks[0];
      if (!first) return undefined;
      return { docId, title: first.title, sections: documentSections(chunks) };
    },
  };
}

/** A dot segment (`.`, `..`) or an empty one would be rewritten or dropped by browsers. */
const UNSAFE_SEGMENT = /(^|\/)\.{0,2}(\/|$)/;

/**
 * The help page of a document: `/help/<docId>` with each path segment encoded, readable for the
 * usual ids (`guides/wifi.md`); ids a path cannot carry intact go in the query instead.
 */
export function articlePath(docId: string): string {
  if (UNSAFE_SEGMENT.test(docId)) return `/help?doc=${encodeURIComponent(docId)}`;
  return `/help/${docId.split('/').map(encodeURIComponent).join('/')}`;
}
