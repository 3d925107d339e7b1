import { sha256 } from '@switchboard/text';
import { ARTIFACT_FORMAT, type BrandVoiceArtifact } from './artifact.ts';
import type { IntentClassifierOptions } from './classifier/options.ts';
import { trainIntentClassifier } from './classifier/train-intent-classifier.ts';
import type { BrandExample } from './dataset/types.ts';
import type { ApprovedReply } from './reply-selector.ts';
import { scrubApprovedReply } from './scrub/approved-reply.ts';

export interface TrainBrandVoiceOptions {
  /** Options of the intent classifier (see `IntentClassifierOptions`). */
  classifier?: IntentClassifierOptions;
  /**
   * Clock for `createdAt` and the version.
   * @defaultValue `() => new Date()`
   */
  now?: () => Date;
  /**
   * Company facts (the company profile): numbers and contacts equal to one of them are the
   * company's own and stay in the approved replies; every other number or identifier becomes a
   * placeholder (see `scrubApprovedReply`).
   * @defaultValue `{}`
   */
  companyFacts?: Readonly<Record<string, string>>;
}

/** Order-preserving canonical form (training depends on order): trimmed, LF line endings. */
function dataHash(examples: readonly BrandExample[]): string {
  const clean = (s: string) => s.replace(/\r\n?/g, '\n').trim();
  return sha256(
    JSON.stringify(examples.map((e) => [clean(e.text), clean(e.intent), clean(e.response)])),
  );
}

/**
 * Trains the offline brand-voice model: the intent classifier (with calibrated confidence and
 * held-out metrics) plus the approved replies grouped by intent for reply selection. Replies are
 * scrubbed as `brand dataset build` scrubs them, so an order number, invoice number or amount
 * from the conversation a reply was written for is never shown to another customer.
 */
export function trainBrandVoice(
  examples: readonly BrandExample[],
  options: TrainBrandVoiceOptions = {},
): BrandVoiceArtifact {
  const started = performance.now();
  const classifier = trainIntentClassifier(
    examples.map((e) => ({ text: e.text, label: e.intent })),
    options.classifier,
  );
  const trainSeconds = (performance.now() - started) / 1000;
  // Intent names come from the data: null prototype, so an intent called "constructor" or
  // "__proto__" gets its own list instead of finding Object.prototype's members.
  const responses: Record<string, ApprovedReply[]> = Object.create(null);
  for (const e of examples) {
    const list = responses[e.intent] ?? [];
    const response = scrubApprovedReply(e.response, {
      companyFacts: options.companyFacts ?? {},
    }).text;
    list.push({ instruction: e.text, response });
    responses[e.intent] = list;
  }
  const hash = dataHash(examples);
  const createdAt = (options.now?.() ?? new Date()).toISOString();
  const v = classifier.validation;
  return {
    format: ARTIFACT_FORMAT,
    version: `${createdAt}-${hash.slice(0, 8)}`,
    createdAt,
    dataHash: hash,
    metrics: {
      validationAccuracy: v?.accuracy ?? 0,
      macroF1: v?.macroF1 ?? 0,
      ece: v?.ece ?? 0,
      n: examples.length,
      nValidation: v?.nValidation ?? 0,
      trainSeconds,
    },
    classifier: classifier.toJSON(),
    responses,
    repliesScrubbed: true,
  };
}
