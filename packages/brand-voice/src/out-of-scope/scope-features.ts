import type { IntentPrediction } from '@switchboard/core';
import { words } from '@switchboard/text';
import { extractFeatures } from '../classifier/features.ts';
import { vectoriseTrainingTexts } from '../classifier/intent-classifier.ts';
import type { ResolvedClassifierOptions } from '../classifier/options.ts';
import { indexRows, type RowIndex, rowDotProducts } from '../classifier/sparse-matrix.ts';
import type { TfidfVectorizer } from '../classifier/tfidf-vectorizer.ts';

/** Names of the features, in vector order (kept in the fitted model to catch a mismatch). */
export const SCOPE_FEATURES = [
  'confidence',
  'margin',
  'nearest',
  'intent_affinity',
  'intent_gap',
  'unknown_words',
  'unknown_trigrams',
  'length',
  'background',
] as const;

const TRIGRAMS = { wordNgrams: [1, 1], charNgrams: [3, 3], stemWords: false } as const;
/** Messages longer than this many words count as this long (the feature saturates). */
const LENGTH_CAP = 20;
/** How many of the predicted intent's closest examples the affinity averages. */
const AFFINITY_NEIGHBOURS = 3;

/**
 * What a message is compared with: the in-scope examples (text + intent) and background messages
 * that are out of scope for any company (small talk, trivia). One TF-IDF space (the classifier's
 * word and character n-grams) over both, so nearest-neighbour similarities are comparable.
 */
export class ScopeReference {
  private readonly vectorizer: TfidfVectorizer;
  private readonly rows: RowIndex;
  private readonly labels: readonly string[];
  private readonly inScopeRows: number;
  private readonly knownWords: Set<string>;
  private readonly knownTrigrams: Set<string>;

  constructor(input: {
    examples: ReadonlyArray<{ text: string; label: string }>;
    background: readonly string[];
    options: ResolvedClassifierOptions;
  }) {
    const texts = [...input.examples.map((e) => e.text), ...input.background];
    const { vectorizer, x } = vectoriseTrainingTexts(texts, input.options);
    this.vectorizer = vectorizer;
    this.rows = indexRows(x, vectorizer.dimension);
    this.labels = input.examples.map((e) => e.label);
    this.inScopeRows = input.examples.length;
    this.knownWords = new Set(input.examples.flatMap((e) => words(e.text)));
    this.knownTrigrams = new Set(
      input.examples.flatMap((e) => extractFeatures(e.text, TRIGRAMS).char),
    );
  }

  /** The feature vector of `text` given the classifier's `prediction` for it (see SCOPE_FEATURES). */
  features(prediction: IntentPrediction, text: string): number[] {
    const similarity = rowDotProducts(this.rows, this.vectorizer.transform(text));
    let nearest = 0;
    let nearestOther = 0;
    let background = 0;
    const ofIntent: number[] = [];
    similarity.forEach((s, row) => {
      if (row >= this.inScopeRows) background = Math.max(background, s);
      else {
        nearest = Math.max(nearest, s);
        if (this.labels[row] === prediction.label) ofIntent.push(s);
        else nearestOther = Math.max(nearestOther, s);
      }
    });
    ofIntent.sort((a, b) => b - a);
    const top = ofIntent.slice(0, AFFINITY_NEIGHBOURS);
    const messageWords = words(text);
    const trigrams = extractFeatures(text, TRIGRAMS).char;
    return [
      prediction.confidence,
      prediction.confidence - (prediction.ranked[1]?.probability ?? 0),
      nearest,
      top.length ? top.reduce((a, b) => a + b, 0) / top.length : 0,
      (ofIntent[0] ?? 0) - nearestOther,
      unknownShare(messageWords, this.knownWords),
      unknownShare(trigrams, this.knownTrigrams),
      Math.min(messageWords.length, LENGTH_CAP) / LENGTH_CAP,
      background,
    ];
  }
}

/** Share of `items` not in `known`; a message with none counts as wholly unknown. */
function unknownShare(items: readonly string[], known: ReadonlySet<string>): number {
  if (items.length === 0) return 1;
  return items.filter((item) => !known.has(item)).length / items.length;
}
