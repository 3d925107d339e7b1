import type { SourceDocument } from '@switchboard/core';
import { seededRandom } from '@switchboard/text';
import { generateCorpus } from '../corpus.ts';

/**
 * A synthetic help centre of Markdown articles, each a few `##` sections taken from
 * `generateCorpus` (Zipf vocabulary). Every section is shorter than the chunk size, so each one
 * is a chunk: 3 sections per document by default.
 */
export function generateDocuments(options: {
  documents: number;
  sectionsPerDocument?: number;
  seed?: number;
}): SourceDocument[] {
  const perDocument = options.sectionsPerDocument ?? 3;
  const sections = generateCorpus({
    sections: options.documents * perDocument,
    seed: options.seed ?? 42,
  });
  return Array.from({ length: options.documents }, (_, i) => {
    const own = sections.slice(i * perDocument, (i + 1) * perDocument);
    return {
      id: `doc-${i}`,
      title: own[0]?.title ?? `Article ${i}`,
      format: 'markdown' as const,
      text: own.map((s) => `## ${s.title}\n\n${s.text}`).join('\n\n'),
    };
  });
}

/**
 * Copies `documents` with `count` of them (chosen by `seed`) edited: one section's body gets an
 * extra sentence, as when a writer fixes a paragraph. Returns the new list and the edited ids.
 */
export function editDocuments(
  documents: readonly SourceDocument[],
  options: { count: number; seed?: number },
): { documents: SourceDocument[]; edited: string[] } {
  const random = seededRandom(options.seed ?? 11);
  const chosen = new Set<number>();
  const count = Math.min(options.count, documents.length);
  while (chosen.size < count) chosen.add(Math.floor(random() * documents.length));
  const edited: string[] = [];
  const out = documents.map((doc, i) => {
    if (!chosen.has(i)) return doc;
    edited.push(doc.id);
    const parts = doc.text.split('\n\n## ');
    const target = Math.floor(random() * parts.length);
    parts[target] = `${parts[target]} Updated in revision ${i}.`;
    return { ...doc, text: parts.join('\n\n## ') };
  });
  return { documents: out, edited };
}
