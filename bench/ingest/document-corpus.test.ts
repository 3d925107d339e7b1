import { describe, expect, it } from 'vitest';
import { editDocuments, generateDocuments } from './document-corpus.ts';

describe('generateDocuments / editDocuments', () => {
  it('builds Markdown articles of the requested number of sections, reproducibly', () => {
    const docs = generateDocuments({ documents: 5, sectionsPerDocument: 3 });
    expect(docs.map((d) => d.id)).toEqual(['doc-0', 'doc-1', 'doc-2', 'doc-3', 'doc-4']);
    for (const doc of docs) expect(doc.text.match(/^## /gm)).toHaveLength(3);
    expect(generateDocuments({ documents: 5, sectionsPerDocument: 3 })).toEqual(docs);
  });

  it('edits exactly one section of exactly `count` documents and leaves the input alone', () => {
    const docs = generateDocuments({ documents: 50 });
    const before = structuredClone(docs);
    const { documents, edited } = editDocuments(docs, { count: 4 });
    expect(docs).toEqual(before);
    expect(new Set(edited).size).toBe(4);
    const changed = documents.filter((d, i) => d.text !== docs[i]!.text);
    expect(changed.map((d) => d.id).sort()).toEqual([...edited].sort());
    for (const doc of changed) {
      const old = docs.find((d) => d.id === doc.id)!.text.split('\n\n## ');
      const now = doc.text.split('\n\n## ');
      expect(now.filter((part, i) => part !== old[i])).toHaveLength(1);
    }
  });
});
