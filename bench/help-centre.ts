import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SourceDocument } from '@switchboard/core';
import { generateDocuments } from './ingest/document-corpus.ts';

/** Generated articles are filed into this many topic folders, as a help-centre export is. */
const TOPICS = 50;

/**
 * Where an article of `generateDocuments` lives under a help-centre root: `topic-N/doc-i.md`.
 * The path depends on the id only, so an edited article overwrites its own file.
 */
function articleFile(docId: string): string {
  const n = Number(/(\d+)$/.exec(docId)?.[1] ?? 0);
  return join(`topic-${n % TOPICS}`, `${docId}.md`);
}

/** Writes each document as Markdown (an H1 title, then its `##` sections) under `root`. */
export async function writeArticles(
  root: string,
  documents: readonly SourceDocument[],
): Promise<void> {
  const folders = new Set(documents.map((d) => dirname(join(root, articleFile(d.id)))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  for (const doc of documents)
    await writeFile(join(root, articleFile(doc.id)), `# ${doc.title}\n\n${doc.text}\n`);
}

/**
 * A generated help centre of `sections` sections (3 per article, `generateDocuments`, the
 * project's generator) written under `root`; returns the articles.
 */
export async function writeHelpCentre(root: string, sections: number): Promise<SourceDocument[]> {
  const documents = generateDocuments({ documents: Math.ceil(sections / 3) });
  await writeArticles(root, documents);
  return documents;
}
