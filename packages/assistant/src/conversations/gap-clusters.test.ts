import type { UnansweredQuestion } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { clusterGaps } from './gap-clusters.ts';

let at = 1_000;
const gap = (question: string, channel: UnansweredQuestion['channel'] = 'web') =>
  ({
    conversationId: `c${at}`,
    question,
    reason: 'no_docs',
    channel,
    at: at++,
  }) as UnansweredQuestion;

describe('docs gaps grouped by similar question', () => {
  it('groups near-duplicates (case, punctuation, stopwords, inflection) and counts them', () => {
    const clusters = clusterGaps([
      gap('Can the thermostat run on solar power?'),
      gap('can thermostat run on solar power', 'slack'),
      gap('Can the THERMOSTAT run on SOLAR power??'),
      gap('How do I reset my hub?'),
      gap('how to reset the hub', 'slack'),
      gap('Does the hub support Zigbee?'),
    ]);
    expect(clusters.map((c) => [c.question, c.count])).toEqual([
      ['Can the THERMOSTAT run on SOLAR power??', 3],
      ['how to reset the hub', 2],
      ['Does the hub support Zigbee?', 1],
    ]);
    const [solar, reset] = clusters;
    expect(solar?.variants).toEqual(['can thermostat run on solar power']);
    expect(solar?.channels).toEqual([
      { channel: 'web', count: 2 },
      { channel: 'slack', count: 1 },
    ]);
    expect(reset?.variants).toEqual(['How do I reset my hub?']);
    expect(reset?.reasons).toEqual([{ reason: 'no_docs', count: 2 }]);
  });

  it('keeps different questions that share a word apart', () => {
    const clusters = clusterGaps([
      gap('Does the thermostat work with solar panels?'),
      gap('Can the thermostat run on solar power?'),
      gap('What is the thermostat warranty?'),
    ]);
    expect(clusters).toHaveLength(3);
    expect(clusters.every((c) => c.count === 1)).toBe(true);
  });

  it('groups questions of stopwords only, and property-named words, by their words', () => {
    const clusters = clusterGaps([
      gap('what is this'),
      gap('What is this?'),
      gap('constructor __proto__ toString'),
    ]);
    expect(clusters.map((c) => c.count)).toEqual([2, 1]);
    expect(clusterGaps([])).toEqual([]);
  });
});
