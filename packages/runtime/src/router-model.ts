import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  fitRouter,
  type LabelledSignals,
  lexicalSignals,
  type RouterModel,
  readConversationAct,
  syntheticKnowledgeQueries,
} from '@switchboard/assistant';
import { type BrandExample, trainIntentClassifier } from '@switchboard/brand-voice';
import type { Chunk, Retriever } from '@switchboard/core';
import { seededRandom, sha256, shuffleInPlace } from '@switchboard/text';
import { fitTopicDetector, type topicDetector, topicDetectorFromJSON } from './topic-detector.ts';
import { writeAtomically } from './write-atomically.ts';

/** Brand intents that mean the customer wants a person (Bitext and our sample use these names). */
export const DEFAULT_HANDOFF_INTENTS = [
  'contact_human_agent',
  'human_agent',
  'talk_to_agent',
  'speak_to_human',
];

/**
 * Bumped whenever fitting changes, so a router cached by an older version is fitted again (6: the
 * topic detector is saved with its vectorised texts, so loading it does not vectorise them again).
 */
const ROUTER_FORMAT =
  'router/6: peeled, lexical + brand-similarity + off-topic calibrations, fitted topic vectors';

export type FittedTopicDetector = ReturnType<typeof topicDetector>;

export interface RouterFitData {
  examples: readonly BrandExample[];
  chunks: readonly Pick<Chunk, 'text' | 'sectionPath' | 'title'>[];
  outOfScope: readonly string[];
  retriever: Retriever;
  handoffIntents?: string[];
  /** Share of brand examples held out to measure brand confidence on unseen text. @defaultValue 0.2 */
  holdout?: number;
  seed?: number;
}

/** Stratified split by intent: every intent keeps examples on both sides. */
export function stratifiedSplit<T extends { intent: string }>(
  items: readonly T[],
  holdout: number,
  seed: number,
): { train: T[]; test: T[] } {
  const random = seededRandom(seed);
  const byIntent = new Map<string, T[]>();
  for (const item of items) byIntent.set(item.intent, [...(byIntent.get(item.intent) ?? []), item]);
  const train: T[] = [];
  const test: T[] = [];
  for (const group of byIntent.values()) {
    const shuffled = [...group];
    shuffleInPlace(shuffled, random);
    const nTest = group.length >= 3 ? Math.max(1, Math.round(group.length * holdout)) : 0;
    test.push(...shuffled.slice(0, nTest));
    train.push(...shuffled.slice(nTest));
  }
  return { train, test };
}

/**
 * Fits the router on data, never on hand-set numbers: brand confidence is measured on held-out
 * brand examples (from a classifier that did not see them), knowledge evidence on questions made
 * from the docs, and the "neither" side on company-agnostic out-of-scope utterances.
 */
export async function fitRouterFromData(
  data: RouterFitData,
): Promise<{ model: RouterModel; topic: FittedTopicDetector }> {
  const handoffIntents = data.handoffIntents ?? DEFAULT_HANDOFF_INTENTS;
  const seed = data.seed ?? 13;
  const { train, test } = stratifiedSplit(data.examples, data.holdout ?? 0.2, seed);
  const classifier = trainIntentClassifier(train.map((e) => ({ text: e.text, label: e.intent })));
  const count = Math.min(400, Math.max(100, test.length));
  const knowledgeQueries = syntheticKnowledgeQueries(data.chunks, { count, seed });
  // The topic detector learns the company's language from examples the calibration samples are
  // not: the brand examples the classifier trained on, the docs' own headings and sentences (every
  // word the help centre uses), and questions made with another seed.
  const { detector, outOfFold } = fitTopicDetector({
    onTopic: [
      ...train.map((e) => e.text),
      ...docsSentences(data.chunks, 2_000, seed),
      ...syntheticKnowledgeQueries(data.chunks, { count: 2 * count, seed: seed + 1 }),
    ].map((text) => readConversationAct(text).remainder || text),
    offTopic: data.outOfScope.map((text) => readConversationAct(text).remainder || text),
    seed,
  });
  const samples: LabelledSignals[] = [];
  // Each message is seen as the assistant sees it: greetings and politeness wrappers peeled off.
  const add = async (
    text: string,
    route: LabelledSignals['route'],
    expected?: LabelledSignals['expected'],
  ) => {
    const reading = readConversationAct(text);
    if (reading.act) return; // answered as small talk before routing
    const query = reading.remainder;
    const retrieval = await data.retriever.retrieve(query);
    samples.push({
      route,
      ...(expected ? { expected } : {}),
      signals: {
        brand: classifier.predict(query),
        evidence: retrieval.evidence,
        lexical: lexicalSignals(retrieval),
        offTopic: outOfFold.get(query) ?? detector.offTopicProbability(query),
      },
    });
  };
  for (const e of test) {
    if (handoffIntents.includes(e.intent)) await add(e.text, 'handoff', 'person');
    else await add(e.text, 'brand');
  }
  for (const q of knowledgeQueries) await add(q, 'knowledge');
  for (const line of data.outOfScope) await add(line, 'handoff', 'out_of_scope');
  return { model: fitRouter(samples, { handoffIntents }), topic: detector };
}

/** Up to `limit` headings and sentences of the docs, sampled evenly. */
function docsSentences(chunks: RouterFitData['chunks'], limit: number, seed: number): string[] {
  const all = new Set<string>();
  for (const chunk of chunks) {
    const heading = chunk.sectionPath.at(-1) ?? chunk.title;
    if (heading) all.add(heading);
    for (const sentence of chunk.text.split(/(?<=[.!?])\s+|\n+/)) {
      const words = sentence.trim().split(/\s+/).length;
      if (words >= 3 && words <= 40) all.add(sentence.trim());
    }
  }
  const sentences = [...all];
  shuffleInPlace(sentences, seededRandom(seed));
  return sentences.slice(0, limit);
}

/** What the router cache key is made of: the router is fitted again whenever one of these changes. */
export interface RouterKeyParts {
  /** The brand data's hash (the brand-voice artifact's `dataHash`). */
  cacheKey: string;
  /** Ids of every chunk in the index (they derive from each chunk's content fingerprint). */
  indexedChunkIds: readonly string[];
  outOfScope: readonly string[];
  handoffIntents?: string[] | undefined;
}

/**
 * The router's cache key: the same on every process that sees the same brand data, index and
 * out-of-scope set, so a router fitted by one process can serve all of them (see `SharedRouter`).
 */
export function routerCacheKey(parts: RouterKeyParts): string {
  return sha256(
    JSON.stringify([
      ROUTER_FORMAT,
      parts.cacheKey,
      [...parts.indexedChunkIds].sort(),
      parts.outOfScope,
      parts.handoffIntents,
    ]),
  ).slice(0, 16);
}

/**
 * Fits the router once per combination of brand data, indexed chunks and out-of-scope set, cached
 * on disk under `routerCacheKey` (or under `key` when the caller computed it already), so a start
 * with a cached router chunks nothing; `loadChunks` runs only when fitting.
 */
export async function loadOrFitRouter(
  options: Omit<RouterFitData, 'chunks'> &
    ({ indexedChunkIds: readonly string[] } | { key: string }) & {
      modelsDir: string;
      cacheKey: string;
      loadChunks: () => Promise<RouterFitData['chunks']>;
      /**
       * Write the fitted router to the cache. `false` for a provisional router fitted while the
       * index is still being synced (an empty or partial index must never become the cached one).
       * @defaultValue true
       */
      persist?: boolean;
    },
): Promise<{ model: RouterModel; topic: FittedTopicDetector; fitted: boolean }> {
  const key = 'key' in options ? options.key : routerCacheKey(options);
  const path = join(options.modelsDir, `router-${key}.json`);
  const topicPath = join(options.modelsDir, `topic-${key}.json`);
  try {
    const model = JSON.parse(await readFile(path, 'utf8')) as RouterModel;
    const topic = topicDetectorFromJSON(JSON.parse(await readFile(topicPath, 'utf8')));
    return { model, topic, fitted: false };
  } catch {
    // not cached yet
  }
  const fitted = await fitRouterFromData({ ...options, chunks: await options.loadChunks() });
  if (options.persist === false) return { ...fitted, fitted: true };
  await mkdir(options.modelsDir, { recursive: true });
  // The detector first: a router file is only ever found beside its detector.
  await writeAtomically(topicPath, JSON.stringify(fitted.topic.classifier.toJSON()));
  await writeAtomically(path, JSON.stringify(fitted.model, null, 2));
  return { ...fitted, fitted: true };
}

/** A fitted router and its topic detector as one JSON text (how `SharedRouter` stores it in Redis). */
export function routerToText(router: { model: RouterModel; topic: FittedTopicDetector }): string {
  return JSON.stringify({ model: router.model, topic: router.topic.classifier.toJSON() });
}

/**
 * The router `routerToText` wrote. Throws on a text of another shape (a key written by another
 * version), so the caller fits instead of routing with half a model.
 */
export function routerFromText(text: string): { model: RouterModel; topic: FittedTopicDetector } {
  const parsed: unknown = JSON.parse(text);
  const { model, topic } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as {
    model?: Partial<RouterModel>;
    topic?: unknown;
  };
  if (
    typeof model !== 'object' ||
    model === null ||
    typeof model.thresholds !== 'object' ||
    typeof model.knowledgeCalibration !== 'object' ||
    !Array.isArray(model.handoffIntents) ||
    typeof model.fit?.balancedAccuracy !== 'number' ||
    typeof topic !== 'object' ||
    topic === null
  )
    throw new Error('not a stored router');
  return { model: model as RouterModel, topic: topicDetectorFromJSON(topic) };
}
