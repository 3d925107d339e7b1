import type { ChannelName, HandoffReason, UnansweredQuestion } from '@switchboard/core';
import { terms, words } from '@switchboard/text';

/** Docs-gap questions that ask the same thing, counted together. */
export interface GapCluster {
  /** The wording asked most often (the newest among equals). */
  question: string;
  count: number;
  /** Other wordings in the group, most frequent first (at most 5). */
  variants: string[];
  reasons: Array<{ reason: HandoffReason; count: number }>;
  channels: Array<{ channel: ChannelName; count: number }>;
  firstAt: number;
  lastAt: number;
}

/** Two questions whose content words overlap at least this much (Jaccard) are one group. */
export const GAP_SIMILARITY = 0.5;
const MAX_VARIANTS = 5;

/** The question's content terms (stemmed, no stopwords); its plain words when it has none. */
function termSet(question: string): Set<string> {
  const content = terms(question);
  return new Set(content.length > 0 ? content : words(question));
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}

interface Group {
  seed: Set<string>;
  entries: UnansweredQuestion[];
}

function counted<K>(keys: K[]): Array<{ key: K; count: number }> {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count);
}

function summarise(group: Group): GapCluster {
  // Wordings compared case- and punctuation-blind; shown as the newest asked.
  const byWording = new Map<string, UnansweredQuestion[]>();
  for (const entry of group.entries) {
    const key = words(entry.question).join(' ');
    byWording.set(key, [...(byWording.get(key) ?? []), entry]);
  }
  const wordings = [...byWording.values()]
    .map((entries) => ({
      text: entries.reduce((a, b) => (b.at > a.at ? b : a)).question.trim(),
      count: entries.length,
      lastAt: Math.max(...entries.map((e) => e.at)),
    }))
    .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
  const times = group.entries.map((e) => e.at);
  return {
    question: wordings[0]?.text ?? '',
    count: group.entries.length,
    variants: wordings.slice(1, 1 + MAX_VARIANTS).map((w) => w.text),
    reasons: counted(group.entries.map((e) => e.reason)).map(({ key, count }) => ({
      reason: key,
      count,
    })),
    channels: counted(group.entries.map((e) => e.channel)).map(({ key, count }) => ({
      channel: key,
      count,
    })),
    firstAt: Math.min(...times),
    lastAt: Math.max(...times),
  };
}

/**
 * Groups docs-gap questions that ask the same thing: each question joins the first group whose
 * seed question shares at least half of their content terms (token-set Jaccard on stems without
 * stopwords, so "How do I reset the hub?" and "how to reset my hub" are one group). Groups come
 * most asked first, then most recent.
 */
export function clusterGaps(questions: readonly UnansweredQuestion[]): GapCluster[] {
  const groups: Group[] = [];
  const newestFirst = [...questions].sort((a, b) => b.at - a.at);
  for (const entry of newestFirst) {
    const set = termSet(entry.question);
    let best: Group | undefined;
    let bestScore = 0;
    for (const group of groups) {
      const score = jaccard(set, group.seed);
      if (score >= GAP_SIMILARITY && score > bestScore) {
        best = group;
        bestScore = score;
      }
    }
    if (best) best.entries.push(entry);
    else groups.push({ seed: set, entries: [entry] });
  }
  return groups.map(summarise).sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
}
