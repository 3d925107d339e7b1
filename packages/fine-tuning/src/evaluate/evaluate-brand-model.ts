import { type BrandExample, fillPlaceholders } from '@switchboard/brand-voice';
import type { BrandEvalMetrics, BrandVoiceModel, CompanyProfile } from '@switchboard/core';
import { isRefusal } from './refusal.ts';
import { rougeL } from './rouge-l.ts';

export interface EvaluateBrandModelOptions {
  /**
   * Company facts that fill the reference replies' placeholders, so a model is compared with the
   * reply the customer would have read (give the profile the model fills its replies with).
   * @defaultValue no facts: reference placeholders stay as their names
   */
  profile?: CompanyProfile;
  /** Replies generated at once (an LLM-backed model waits on the network). @defaultValue 4 */
  concurrency?: number;
  signal?: AbortSignal;
  /** Called after each example, for job progress. */
  onProgress?: (done: number, total: number) => void;
}

/** What one validation example scored; summed into the metrics. */
interface ExampleScore {
  intentCorrect: boolean;
  rouge: number;
  leaked: boolean;
  refused: boolean;
}

/** Anything left of a template placeholder after filling: `{{Name}}` or a stray `{{`/`}}`. */
const LEAK = /\{\{|\}\}/;

async function collect(pieces: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of pieces) text += piece;
  return text;
}

async function scoreExample(
  model: BrandVoiceModel,
  example: BrandExample,
  options: EvaluateBrandModelOptions,
): Promise<ExampleScore> {
  const intent = model.classify(example.text);
  const reply = await collect(
    model.respond(
      { text: example.text, intent, history: [] },
      options.signal ? { signal: options.signal } : undefined,
    ),
  );
  const reference = fillPlaceholders(example.response, { profile: options.profile ?? {} }).text;
  return {
    intentCorrect: intent.label === example.intent,
    rouge: rougeL(reply, reference),
    leaked: LEAK.test(reply),
    refused: isRefusal(reply),
  };
}

/**
 * Scores a brand-voice model (offline or LLM-backed: only the `BrandVoiceModel` contract is used)
 * on validation examples: intent accuracy of `classify`, mean ROUGE-L F1 of `respond` against the
 * approved reply, the share of replies leaking a placeholder, and the share refusing.
 */
export async function evaluateBrandModel(
  model: BrandVoiceModel,
  examples: readonly BrandExample[],
  options: EvaluateBrandModelOptions = {},
): Promise<BrandEvalMetrics> {
  const scores: ExampleScore[] = new Array(examples.length);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let next = 0;
  let done = 0;
  // A small pool instead of Promise.all: an LLM endpoint should not get the whole split at once.
  const lane = async () => {
    while (next < examples.length) {
      const i = next++;
      scores[i] = await scoreExample(model, examples[i]!, options);
      options.onProgress?.(++done, examples.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, examples.length) }, lane));
  const n = scores.length;
  const share = (count: number) => (n === 0 ? 0 : count / n);
  return {
    n,
    intentAccuracy: share(scores.filter((s) => s.intentCorrect).length),
    rougeL: share(scores.reduce((sum, s) => sum + s.rouge, 0)),
    placeholderLeakage: share(scores.filter((s) => s.leaked).length),
    refusalRate: share(scores.filter((s) => s.refused).length),
  };
}
