import type { TopicDetector } from '@switchboard/assistant';
import { IntentClassifier, trainIntentClassifier } from '@switchboard/brand-voice';
import { seededRandom, shuffleInPlace } from '@switchboard/text';

const OFF = 'off_topic';
const ON = 'on_topic';

/** A topic detector over a trained binary classifier (serialisable with the router). */
export function topicDetector(classifier: IntentClassifier): TopicDetector & {
  classifier: IntentClassifier;
} {
  return {
    classifier,
    offTopicProbability(text: string): number {
      if (!text.trim()) return 0;
      const { ranked } = classifier.predict(text, { similarity: false });
      return ranked.find((r) => r.label === OFF)?.probability ?? 0;
    },
  };
}

export function topicDetectorFromJSON(json: unknown): TopicDetector & {
  classifier: IntentClassifier;
} {
  return topicDetector(
    IntentClassifier.fromJSON(json as Parameters<typeof IntentClassifier.fromJSON>[0]),
  );
}

function train(onTopic: readonly string[], offTopic: readonly string[]) {
  return topicDetector(
    trainIntentClassifier(
      [
        ...onTopic.map((text) => ({ text, label: ON })),
        ...offTopic.map((text) => ({ text, label: OFF })),
      ],
      // Pairwise experts re-rank near-synonymous intents; with two classes they would only be a
      // second SVM, costing a dot product with every training row per message.
      { rerankTop: 0 },
    ),
  );
}

/**
 * "Is this about what this company does?": a classifier of the company's own language (its brand
 * messages, questions made from its docs) against requests no support assistant serves. It is
 * fitted per help centre, so a new company's docs move the boundary with them. The off-topic
 * lines are also calibration samples of the router, so their probabilities come out of fold:
 * each is scored by a detector that never saw it.
 */
export function fitTopicDetector(options: {
  onTopic: readonly string[];
  offTopic: readonly string[];
  /** @defaultValue 4 */
  folds?: number;
  seed?: number;
}): {
  detector: ReturnType<typeof topicDetector>;
  /** Out-of-fold off-topic probability of every off-topic line. */
  outOfFold: Map<string, number>;
} {
  const detector = train(options.onTopic, options.offTopic);
  const folds = Math.max(2, options.folds ?? 4);
  const lines = [...new Set(options.offTopic)];
  shuffleInPlace(lines, seededRandom(options.seed ?? 23));
  const outOfFold = new Map<string, number>();
  for (let k = 0; k < folds; k++) {
    const held = lines.filter((_, i) => i % folds === k);
    const kept = lines.filter((_, i) => i % folds !== k);
    if (held.length === 0 || kept.length === 0) continue;
    const fold = train(options.onTopic, kept);
    for (const line of held) outOfFold.set(line, fold.offTopicProbability(line));
  }
  return { detector, outOfFold };
}
