import { terms } from '@switchboard/text';
import { contentFeatures, specificTerms } from './specific-terms.ts';

/** An approved reply and the customer instruction it answered. */
export interface ApprovedReply {
  instruction: string;
  response: string;
}

/** The reply chosen for a query, and what in it the conversation does not support. */
export interface Selection {
  reply: ApprovedReply;
  /**
   * Specific terms (stems) of the reply that neither the conversation nor the company profile
   * mention; non-empty only when every approved reply of the intent has some. The caller drops
   * the sentences holding them.
   */
  unsupported: string[];
}

type TermVector = Map<string, number>;

const AMOUNT =
  /(?:[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:dollars|usd|euros?|eur|pounds|gbp)\b)/gi;

/**
 * Amounts and numbers of three or more digits become shared terms: a request that gives an
 * order number (or an amount) is most like the requests that gave one, whose replies use it.
 */
function withNumberShapes(text: string): string {
  return text.replace(AMOUNT, ' amountref ').replace(/\S*\d{3,}\S*/g, ' numberref ');
}

interface IntentReplies {
  replies: ApprovedReply[];
  vectors: TermVector[];
  /** Per reply, the specific terms it states (see `specificTerms`). */
  specifics: string[][];
  /** Per reply, how many approved replies of the intent share its text. */
  reuse: number[];
}

function reuseCounts(replies: readonly ApprovedReply[]): number[] {
  const counts = new Map<string, number>();
  for (const r of replies) counts.set(r.response, (counts.get(r.response) ?? 0) + 1);
  return replies.map((r) => counts.get(r.response)!);
}

/**
 * Picks, within an intent, the approved reply whose instruction is most similar to the query
 * (TF-IDF cosine over stemmed content terms, IDF over all instructions), so "cancel order #123
 * I placed by mistake" gets the reply written for the most similar request. Only replies whose
 * specific content (a tier, a name, a place the reply echoes from the request it was written
 * for) is supported by the conversation or the profile are eligible: a customer asking about
 * their Pro account never reads about "switching to a platinum account".
 */
export class ReplySelector {
  private readonly idf = new Map<string, number>();
  private readonly byIntent = new Map<string, IntentReplies>();

  constructor(responses: Readonly<Record<string, readonly ApprovedReply[]>>) {
    const all = Object.values(responses).flat();
    const df = new Map<string, number>();
    for (const reply of all)
      for (const t of new Set(terms(withNumberShapes(reply.instruction))))
        df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, count] of df) this.idf.set(t, Math.log((1 + all.length) / (1 + count)) + 1);
    const stems = new Map<string, string>();
    for (const [intent, replies] of Object.entries(responses)) {
      if (replies.length === 0) continue;
      this.byIntent.set(intent, {
        replies: [...replies],
        vectors: replies.map((r) => this.vector(r.instruction)),
        specifics: specificTerms(replies, stems),
        reuse: reuseCounts(replies),
      });
    }
  }

  has(intent: string): boolean {
    return this.byIntent.has(intent);
  }

  private vector(text: string): TermVector {
    const tf = new Map<string, number>();
    for (const t of terms(withNumberShapes(text))) tf.set(t, (tf.get(t) ?? 0) + 1);
    const out: TermVector = new Map();
    let norm = 0;
    for (const [t, count] of tf) {
      const w = (1 + Math.log(count)) * (this.idf.get(t) ?? 0);
      if (w > 0) {
        out.set(t, w);
        norm += w * w;
      }
    }
    for (const [t, w] of out) out.set(t, w / Math.sqrt(norm));
    return out;
  }

  /**
   * The best reply for `query` within `intent`, or undefined for an intent without replies.
   * `context` is everything the customer and the company said that a reply may repeat (the
   * query, earlier customer turns, the profile's values); it defaults to the query.
   */
  select(intent: string, query: string, context: string = query): Selection | undefined {
    const entry = this.byIntent.get(intent);
    if (!entry) return undefined;
    const q = this.vector(query);
    const known = contentFeatures(context);
    const candidates = entry.replies.map((_, i) => {
      let score = 0;
      for (const [t, w] of q) score += w * (entry.vectors[i]!.get(t) ?? 0);
      const specifics = entry.specifics[i]!;
      return {
        i,
        score,
        specifics: specifics.length,
        missing: specifics.filter((t) => !known.has(t)),
        reuse: entry.reuse[i]!,
      };
    });
    // Ranked by: fewest unsupported specifics, then similarity, then fewest specifics (a general
    // reply beats an equally similar specific one), then reuse (the intent's usual wording).
    const chosen = candidates.reduce((best, c) => {
      if (c.missing.length !== best.missing.length)
        return c.missing.length < best.missing.length ? c : best;
      if (Math.abs(c.score - best.score) > 1e-12) return c.score > best.score ? c : best;
      if (c.specifics !== best.specifics) return c.specifics < best.specifics ? c : best;
      return c.reuse > best.reuse ? c : best;
    });
    return { reply: entry.replies[chosen.i]!, unsupported: chosen.missing };
  }
}
