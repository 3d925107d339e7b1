import type { IntentPrediction, Retrieval } from '@switchboard/core';

/** What the lexical side saw, beyond the best hit's coverage. */
export interface LexicalSignals {
  /** Best raw lexical (BM25F) score among the hits; 0 without lexical hits. */
  topScore: number;
  /** Second-best raw lexical score: a topic the docs cover has several passages about it. */
  secondScore: number;
}

/** Lexical signals of a retrieval (hits fused with dense results keep their raw lexical score). */
export function lexicalSignals(retrieval: Pick<Retrieval, 'hits'>): LexicalSignals {
  let topScore = 0;
  let secondScore = 0;
  for (const hit of retrieval.hits) {
    const score = hit.lexical ?? 0;
    if (score > topScore) {
      secondScore = topScore;
      topScore = score;
    } else if (score > secondScore) secondScore = score;
  }
  return { topScore, secondScore };
}

/**
 * Features of "the docs answer this". Raw BM25F scores grow with every query word a passage
 * matches, so unlike coverage they do not shrink when a customer adds words of their own; the
 * calibration fitted per help centre turns them into a probability.
 */
export function knowledgeFeatures(
  evidence: number,
  lexical: LexicalSignals | undefined,
  offTopic?: number,
): number[] {
  const top = Math.log1p(lexical?.topScore ?? 0);
  const second = Math.log1p(lexical?.secondScore ?? 0);
  const features = [evidence, top, evidence * top, second];
  // Words in common with some passage are not enough when the message is about something else
  // entirely ("turn off the lights in my room" shares "room" with a page on room and board).
  return offTopic === undefined ? features : [...features, offTopic, offTopic * top];
}

/**
 * Reads how far a message is from what the company does: P(no support assistant serves this),
 * from a detector fitted on the company's own language against off-topic requests.
 */
export interface TopicDetector {
  offTopicProbability(text: string): number;
}

/**
 * Features of "the brand-voice model knows this": its calibrated confidence is closed-set (some
 * intent always wins), so it is paired with how close the message is to anything it was trained on.
 */
export function brandFeatures(
  brand: Pick<IntentPrediction, 'confidence' | 'similarity'>,
): number[] {
  const similarity = brand.similarity ?? 1;
  return [brand.confidence, similarity, brand.confidence * similarity];
}
