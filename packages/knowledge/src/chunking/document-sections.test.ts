import type { SourceDocument } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk-document.ts';
import { documentSections, overlapLength } from './document-sections.ts';

const doc = (text: string, format: SourceDocument['format'] = 'markdown'): SourceDocument => ({
  id: 'guide.md',
  title: 'Guide',
  text,
  format,
});

describe('documentSections', () => {
  it('puts a Markdown document back together section by section', async () => {
    const chunks = await chunkDocument(
      doc(
        '# Guide\n\nIntro line.\n\n## Pair\n\nHold the button.\n\n- one\n- two\n\n## Reset\n\nUnplug it.',
      ),
    );

    expect(documentSections(chunks)).toEqual([
      { path: [], text: 'Intro line.' },
      { path: ['Pair'], text: 'Hold the button.\n\n- one\n- two' },
      { path: ['Reset'], text: 'Unplug it.' },
    ]);
  });

  it('shows the overlap between pieces of a split section once', async () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`);
    const text = `${words.slice(0, 60).join(' ')}\n\n${words.slice(60).join(' ')}`;
    const chunks = await chunkDocument(doc(text, 'text'), { maxChars: 200, overlapChars: 60 });
    expect(chunks.length).toBeGreaterThan(3);
    // The splitter really repeats text between pieces: the raw concatenation has duplicates.
    expect(
      chunks
        .map((c) => c.text)
        .join(' ')
        .split(' ').length,
    ).toBeGreaterThan(120);

    const [section, ...rest] = documentSections(chunks);

    expect(rest).toEqual([]);
    expect(section?.text.split(/\s+/)).toEqual(words);
  });

  it('keeps text that only looks like an overlap', () => {
    expect(overlapLength('Turn it off', 'off.')).toBe(0); // "off" vs "off." is not a whole word
    expect(overlapLength('Press reset', 'reset the hub')).toBe(5);
    expect(overlapLength('Press preset', 'reset the hub')).toBe(0); // not at a word start
    expect(overlapLength('', 'x')).toBe(0);
  });

  it('starts a new section when the heading trail changes, even back to an earlier one', () => {
    const chunk = (position: number, sectionPath: string[], text: string) => ({
      id: `d#${position}`,
      docId: 'd',
      title: 'D',
      sectionPath,
      text,
      hash: 'h',
      position,
    });
    expect(
      documentSections([chunk(0, ['A'], 'a1'), chunk(1, ['B'], 'b1'), chunk(2, ['A'], 'a2')]),
    ).toEqual([
      { path: ['A'], text: 'a1' },
      { path: ['B'], text: 'b1' },
      { path: ['A'], text: 'a2' },
    ]);
  });
});
