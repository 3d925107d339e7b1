import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NOT_SMALL_TALK, OFF_TOPIC, type SmallTalkClassifier } from '@switchboard/assistant';
import {
  IntentClassifier,
  type IntentClassifierJSON,
  trainIntentClassifier,
} from '@switchboard/brand-voice';
import { seededRandom, sha256, shuffleInPlace, terms } from '@switchboard/text';
import { writeAtomically } from './write-atomically.ts';

/** One line of the shipped conversation-acts file: `act<TAB>message`. */
export function parseSmallTalkLines(lines: readonly string[]): { act: string; text: string }[] {
  return lines.flatMap((line) => {
    const tab = line.indexOf('\t');
    if (tab <= 0) return [];
    const text = line.slice(tab + 1).trim();
    return text ? [{ act: line.slice(0, tab).trim(), text }] : [];
  });
}

/**
 * The small-talk detector: the intent classifier trained on conversation acts against everything
 * else the assistant sees (brand messages, out-of-scope requests), so "yeah, spot on" or "stop
 * it" is told apart from a question even when no rule names it. Cached on disk by its inputs.
 */
export async function loadOrTrainSmallTalk(options: {
  modelsDir: string;
  acts: readonly { act: string; text: string }[];
  /** Support messages, which are not small talk (brand examples). */
  support: readonly string[];
  /**
   * Requests no support assistant serves (the out-of-scope lines): their own class, so a short
   * command ("volume up", "call me a taxi") is not read as chit-chat for want of support words.
   */
  offTopic: readonly string[];
  seed?: number;
}): Promise<SmallTalkClassifier> {
  const random = seededRandom(options.seed ?? 17);
  const support = [...options.support];
  shuffleInPlace(support, random);
  const negatives = support.slice(0, 1_200);
  // small-talk/4: saved with its vectorised training texts, so a start loads them (no re-vectorising).
  const key = sha256(
    JSON.stringify(['small-talk/4', options.acts, negatives, options.offTopic]),
  ).slice(0, 16);
  const path = join(options.modelsDir, `small-talk-${key}.json`);
  const actVocabulary = new Set(options.acts.flatMap((a) => terms(a.text)));
  const withVocabulary = (classifier: IntentClassifier): SmallTalkClassifier => ({
    predict: (text, predictOptions) => classifier.predict(text, predictOptions),
    actVocabulary,
  });
  try {
    return withVocabulary(
      IntentClassifier.fromJSON(JSON.parse(await readFile(path, 'utf8')) as IntentClassifierJSON),
    );
  } catch {
    // not cached yet
  }
  const classifier = trainIntentClassifier(
    [
      ...options.acts.map((a) => ({ text: a.text, label: a.act })),
      ...negatives.map((text) => ({ text, label: NOT_SMALL_TALK })),
      ...options.offTopic.map((text) => ({ text, label: OFF_TOPIC })),
    ],
    // No pairwise re-ranking: the acts are not near-synonyms, and the experts' dual form costs a
    // dot product with each of the ~2,000 training rows per message.
    { rerankTop: 0 },
  );
  await mkdir(options.modelsDir, { recursive: true });
  await writeAtomically(path, JSON.stringify(classifier.toJSON()));
  return withVocabulary(classifier);
}
