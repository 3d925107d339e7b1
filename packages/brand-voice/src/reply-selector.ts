import { terms } from '@switchboard/text';

/** An approved reply and the customer instruction it answered. */
export interface ApprovedReply {
  instruction: string;
  response: string;
}

type TermVector = Map<string, number>;

interface IntentReplies {
  replies: ApprovedReply[];
  vectors: TermVector[];
  /** Used when the query shares no term with any instruction: the intent's most reused reply. */
  usual: ApprovedReply;
}

function mostReused(replies: readonly ApprovedReply[]): ApprovedReply {
  const counts = new Map<string, number>();
  let best = replies[0]!;
  for (const reply of replies) {
    const count = (counts.get(reply.response) ?? 0) + 1;
    counts.set(reply.response, count);
    if (count > (counts.get(best.response) ?? 0)) best = reply;
  }
  return best;
}

/**
 * Picks, within an intent, the approved reply whose instruction is most similar to the query
 * (TF-IDF cosine over stemmed content terms, IDF over all instructions), so "cancel order #123
 * I placed by mistake" gets the reply written for the most similar request.
 */
export class ReplySelector {
  private readonly idf = new Map<string, number>();
  private readonly byIntent = new Map<string, IntentReplies>();

  constructor(responses: Readonly<Record<string, readonly ApprovedReply[]>>) {
    const all = Object.values(responses).flat();
    const df = new Map<string, number>();
    for (const reply of all)
      for (const t of new Set(terms(reply.instruction))) df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, count] of df) this.idf.set(t, Math.log((1 + all.length) / (1 + count)) + 1);
    for (const [intent, replies] of Object.entries(responses)) {
      if (replies.length === 0) continue;
      this.byIntent.set(intent, {
        replies: [...replies],
        vectors: replies.map((r) => this.vector(r.instruction)),
        usual: mostReused(replies),
      });
    }
  }

  has(intent: string): boolean {
    return this.byIntent.has(intent);
  }

  private vector(text: string): TermVector {
    const tf = new Map<string, number>();
    for (const t of terms(text)) tf.set(t, (tf.get(t) ?? 0) + 1);
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

  /** The best reply for `query` within `intent`, or undefined for an intent without replies. */
  select(intent: string, query: string): ApprovedReply | undefined {
    const entry = this.byIntent.get(intent);
    if (!entry) return undefined;
    const q = this.vector(query);
    let best = -1;
    let bestScore = 0;
    entry.vectors.forEach((v, i) => {
      let score = 0;
      for (const [t, w] of q) score += w * (v.get(t) ?? 0);
      if (score > bestScore + 1e-12) {
        bestScore = score;
        best = i;
      }
    });
    return best >= 0 ? entry.replies[best] : entry.usual;
  }
}
