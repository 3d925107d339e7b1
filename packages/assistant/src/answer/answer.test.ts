import type { Chunk, ScoredChunk } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { reconcileCitations } from './citations.ts';
import { extractiveAnswer } from './extractive.ts';
import { streamPieces } from './messages.ts';

function hit(
  id: string,
  docId: string,
  text: string,
  score: number,
  extra: Partial<Chunk> = {},
): ScoredChunk {
  return {
    chunk: {
      id,
      docId,
      title: docId.replace('.md', ''),
      sectionPath: ['Steps'],
      text,
      hash: id,
      position: 0,
      ...extra,
    },
    score,
  };
}

const LONG = [
  'Nimbus thermostats ship with Eco mode off.',
  'Eco mode lowers the heating setpoint when nobody is home.',
  'To turn Eco mode on, open the app and tap Eco.',
  'Choose the temperatures you want to use while away.',
  'The display shows a leaf while Eco mode is active.',
  'Energy reports show how much Eco mode saved.',
  'Schedules still run while Eco mode is on.',
  'Geofencing can switch Eco mode automatically.',
  'You can turn Eco mode off at any time from the same screen.',
].join(' ');

describe('extractiveAnswer', () => {
  it('cites only retrieved chunks and every citation appears in the text', () => {
    const hits = [
      hit('eco#1', 'eco.md', LONG, 1),
      hit('sched#1', 'schedules.md', 'Schedules run daily.', 0.9),
    ];
    const answer = extractiveAnswer('how do I turn on eco mode', hits);
    const retrievedIds = new Set(hits.map((h) => h.chunk.id));
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) {
      expect(retrievedIds.has(c.chunkId)).toBe(true);
      expect(answer.text).toContain(`[${c.index}]`);
    }
    const markers = [...answer.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(new Set(markers)).toEqual(new Set(answer.citations.map((c) => c.index)));
  });

  it('quotes the sentences of a long passage that match the question', () => {
    const answer = extractiveAnswer('how do I turn eco mode on in the app', [
      hit('eco#1', 'eco.md', LONG, 1),
    ]);
    expect(answer.text).toContain('open the app and tap Eco');
    expect(answer.text).not.toContain('Geofencing can switch');
  });

  it('adds a second source only when it is nearly as good and from another document', () => {
    const weak = extractiveAnswer('eco', [
      hit('a#1', 'a.md', 'Eco text.', 1),
      hit('b#1', 'b.md', 'Other.', 0.2),
    ]);
    expect(weak.citations).toHaveLength(1);
    const sameDoc = extractiveAnswer('eco', [
      hit('a#1', 'a.md', 'Eco text.', 1),
      hit('a#2', 'a.md', 'More.', 0.99),
    ]);
    expect(sameDoc.citations).toHaveLength(1);
  });

  it('returns nothing without hits', () => {
    expect(extractiveAnswer('anything', [])).toEqual({ text: '', citations: [] });
  });
});

describe('reconcileCitations', () => {
  const passages = [
    hit('a#1', 'a.md', 'A', 1, { url: 'https://h/a' }),
    hit('b#1', 'b.md', 'B', 0.5),
  ];

  it('drops markers that point at no passage and keeps valid ones', () => {
    const { text, citations } = reconcileCitations(
      'Do this [1]. Also that [7]. And [2].',
      passages,
    );
    expect(text).toBe('Do this [1]. Also that. And [2].');
    expect(citations.map((c) => [c.index, c.chunkId, c.url])).toEqual([
      [1, 'a#1', 'https://h/a'],
      [2, 'b#1', undefined],
    ]);
  });

  it('lists each cited passage once', () => {
    expect(reconcileCitations('[2] then [2] again', passages).citations).toHaveLength(1);
  });
});

describe('streamPieces', () => {
  it('splits text into pieces that join back exactly', () => {
    const text = 'One two three four  five\nsix seven.';
    const pieces = [...streamPieces(text, 2)];
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe(text);
  });
});
