import { memoized, terms } from '@switchboard/text';

/** The distinct terms of a text; sentences of the same chunks recur from question to question. */
const termSet = memoized((text: string): ReadonlySet<string> => new Set(terms(text)), 16_384);

/**
 * How much of the question a piece of text covers. Each content word of the question is weighted
 * by its rarity among the retrieved passages' sentences (log(1 + n / df)): a word every sentence
 * shares ("eco" on the Eco mode page) says little about which sentence answers; a rare one
 * ("turn", "E6") says a lot. Scores are shares of the question's total weight, in [0, 1].
 */
export class QueryWeights {
  readonly #weights = new Map<string, number>();
  readonly #total: number;

  constructor(query: string, texts: readonly string[]) {
    const asked = new Set(terms(query));
    const df = new Map<string, number>();
    for (const text of texts) {
      for (const term of termSet(text)) {
        if (asked.has(term)) df.set(term, (df.get(term) ?? 0) + 1);
      }
    }
    // Words no passage contains cannot tell passages apart, so they carry no weight.
    let total = 0;
    for (const [term, count] of df) {
      const weight = Math.log(1 + texts.length / count);
      this.#weights.set(term, weight);
      total += weight;
    }
    this.#total = total;
  }

  /** Share of the question's weight that `text` contains. */
  score(text: string): number {
    if (this.#total === 0) return 0;
    let sum = 0;
    for (const term of termSet(text)) sum += this.#weights.get(term) ?? 0;
    return sum / this.#total;
  }
}
