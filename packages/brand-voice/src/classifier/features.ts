import { memoized, stem, words } from '@switchboard/text';

/** Which n-grams the classifier sees. Two views: words (meaning) and characters (typos, morphology). */
export interface FeatureSpec {
  /** Word n-gram range, inclusive. */
  wordNgrams: readonly [number, number];
  /** Character n-gram range inside word boundaries (like scikit-learn's `char_wb`), inclusive. */
  charNgrams: readonly [number, number];
  /** Porter-stem words before building word n-grams. */
  stemWords: boolean;
}

/**
 * Names what `extractFeatures` produces. A model saves its vectorised training texts with this
 * (see `FittedFormJSON`): change how features are extracted and bump it, so saved vectors are
 * made again instead of being mixed with queries vectorised the new way. (Loading also re-checks
 * a sample of rows, which catches a change made without the bump.)
 */
export const FEATURES_VERSION = 'features/1';

/** Raw (un-weighted) features of one text, split by view so each view can be normalised apart. */
export interface TextFeatures {
  word: string[];
  char: string[];
}

/** Word n-grams, prefixed `w:` so they never collide with character n-grams. */
function wordNgrams(tokens: readonly string[], [minN, maxN]: readonly [number, number]): string[] {
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      out.push(`w:${tokens.slice(i, i + n).join(' ')}`);
    }
  }
  return out;
}

/**
 * Character n-grams of each space-padded word, following scikit-learn's `char_wb` analyser: a word
 * shorter than n contributes itself once, so short words still have a feature.
 */
function charWbNgrams(
  tokens: readonly string[],
  [minN, maxN]: readonly [number, number],
): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let n = minN; n <= maxN; n++) {
      if (padded.length <= n) {
        out.push(padded);
        break;
      }
      for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
    }
  }
  return out;
}

export function extractFeatures(text: string, spec: FeatureSpec): TextFeatures {
  // The brand, small-talk and topic classifiers read each message with the same spec: the
  // message's n-grams are made once (per spec) and shared. Callers never mutate them.
  return memoForSpec(spec)(text);
}

const memos = new Map<string, (text: string) => TextFeatures>();

function memoForSpec(spec: FeatureSpec): (text: string) => TextFeatures {
  const key = JSON.stringify([spec.wordNgrams, spec.charNgrams, spec.stemWords]);
  let memo = memos.get(key);
  if (!memo) {
    memo = memoized((text) => computeFeatures(text, spec), 64);
    memos.set(key, memo);
  }
  return memo;
}

function computeFeatures(text: string, spec: FeatureSpec): TextFeatures {
  const tokens = words(text);
  const wordTokens = spec.stemWords ? tokens.map(stem) : tokens;
  return {
    word: wordNgrams(wordTokens, spec.wordNgrams),
    char: charWbNgrams(tokens, spec.charNgrams),
  };
}
