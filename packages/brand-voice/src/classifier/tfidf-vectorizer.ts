import { extractFeatures, type FeatureSpec, type TextFeatures } from './features.ts';

/** A sparse vector with strictly increasing indices. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** Everything needed to vectorise new text exactly as the training text was vectorised. */
export interface TfidfState {
  spec: FeatureSpec;
  /** Feature strings; word features occupy `[0, wordFeatureCount)`, character features the rest. */
  vocabulary: string[];
  wordFeatureCount: number;
  idf: Float32Array;
  /** Relative weight of the word view against the character view (each view is L2-normalised first). */
  wordViewWeight: number;
}

export interface TfidfFitOptions {
  spec: FeatureSpec;
  /** Drop features seen in fewer documents; keeps the artifact small at no cost in accuracy. */
  minDf: number;
  wordViewWeight: number;
}

/**
 * Sublinear TF-IDF over two feature views (word n-grams, character n-grams). Each view is
 * L2-normalised on its own so long texts do not let character n-grams drown the word view, then
 * the concatenation is normalised again so every vector has unit length.
 */
export class TfidfVectorizer {
  readonly state: TfidfState;
  private readonly index: Map<string, number>;

  constructor(state: TfidfState) {
    this.state = state;
    this.index = new Map(state.vocabulary.map((feature, i) => [feature, i]));
  }

  static fit(documents: readonly TextFeatures[], options: TfidfFitOptions): TfidfVectorizer {
    const wordDf = new Map<string, number>();
    const charDf = new Map<string, number>();
    for (const doc of documents) {
      for (const f of new Set(doc.word)) wordDf.set(f, (wordDf.get(f) ?? 0) + 1);
      for (const f of new Set(doc.char)) charDf.set(f, (charDf.get(f) ?? 0) + 1);
    }
    const keep = (df: Map<string, number>) =>
      [...df].filter(([, count]) => count >= options.minDf).sort(([a], [b]) => (a < b ? -1 : 1));
    const words = keep(wordDf);
    const chars = keep(charDf);
    const kept = [...words, ...chars];
    const n = documents.length;
    const idf = new Float32Array(kept.length);
    // Smoothed idf, as scikit-learn: as if one extra document contained every feature.
    kept.forEach(([, df], i) => {
      idf[i] = Math.log((1 + n) / (1 + df)) + 1;
    });
    return new TfidfVectorizer({
      spec: options.spec,
      vocabulary: kept.map(([feature]) => feature),
      wordFeatureCount: words.length,
      idf,
      wordViewWeight: options.wordViewWeight,
    });
  }

  get dimension(): number {
    return this.state.vocabulary.length;
  }

  transform(text: string): SparseVector {
    return this.transformFeatures(extractFeatures(text, this.state.spec));
  }

  transformFeatures(features: TextFeatures): SparseVector {
    const counts = new Map<number, number>();
    for (const list of [features.word, features.char]) {
      for (const f of list) {
        const i = this.index.get(f);
        if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
      }
    }
    const indices = Int32Array.from(counts.keys()).sort();
    const values = new Float32Array(indices.length);
    const { idf, wordFeatureCount, wordViewWeight } = this.state;
    let wordNorm = 0;
    let charNorm = 0;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      const v = (1 + Math.log(counts.get(i)!)) * idf[i]!;
      values[k] = v;
      if (i < wordFeatureCount) wordNorm += v * v;
      else charNorm += v * v;
    }
    const wordScale = wordNorm > 0 ? wordViewWeight / Math.sqrt(wordNorm) : 0;
    const charScale = charNorm > 0 ? 1 / Math.sqrt(charNorm) : 0;
    let total = 0;
    for (let k = 0; k < indices.length; k++) {
      const v = values[k]! * (indices[k]! < wordFeatureCount ? wordScale : charScale);
      values[k] = v;
      total += v * v;
    }
    if (total > 0) {
      const scale = 1 / Math.sqrt(total);
      for (let k = 0; k < values.length; k++) values[k] = values[k]! * scale;
    }
    return { indices, values };
  }
}
