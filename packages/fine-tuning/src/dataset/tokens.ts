import { createRequire } from 'node:module';
import type { Tiktoken } from 'js-tiktoken/lite';
import type { ChatTurn } from './types.ts';

let encoder: Tiktoken | undefined;

/** The encoder, loaded on first use: its ranks are megabytes a server that never counts tokens skips. */
function o200kEncoder(): Tiktoken {
  const require = createRequire(import.meta.url);
  const { Tiktoken } = require('js-tiktoken/lite') as typeof import('js-tiktoken/lite');
  // The CommonJS build exports the ranks object itself (the ES build's default export).
  const ranks =
    require('js-tiktoken/ranks/o200k_base') as typeof import('js-tiktoken/ranks/o200k_base')['default'];
  return new Tiktoken(ranks);
}

/** Tokens of a text under `o200k_base` (the GPT-4o / 4.1 family); ranks ship with js-tiktoken. */
export function countTokens(text: string): number {
  // Building the encoder parses ~200k ranks (about 2 s), so it is done once, on first use.
  encoder ??= o200kEncoder();
  // Empty special-token lists: "<|endoftext|>" in a reply is ordinary text, not an error.
  return encoder.encode(text, [], []).length;
}

/**
 * Tokens of a chat example as OpenAI counts them for training: each message costs its content
 * plus 3 tokens of framing, and the reply is primed with 3 more (OpenAI cookbook's counting).
 */
export function chatTokens(messages: readonly ChatTurn[], systemPromptTokens = 0): number {
  const framing = 3;
  let total = 3 + (systemPromptTokens > 0 ? systemPromptTokens + framing : 0);
  for (const m of messages) total += framing + countTokens(m.content);
  return total;
}

/**
 * USD per 1M training tokens, from OpenAI's published fine-tuning prices (openai.com/api/pricing,
 * checked 2025). Assumption: prices change; treat the estimate as an order of magnitude and
 * check the page before a large run. Billed tokens = training-file tokens × epochs.
 */
export const TRAINING_PRICE_PER_MILLION: Readonly<Record<string, number>> = {
  'gpt-4.1-nano-2025-04-14': 1.5,
  'gpt-4o-mini-2024-07-18': 3,
  'gpt-4.1-mini-2025-04-14': 5,
  'gpt-3.5-turbo-0125': 8,
  'gpt-4.1-2025-04-14': 25,
  'gpt-4o-2024-08-06': 25,
};

/** The base model the estimate assumes when none is named (the cheapest widely used one). */
export const DEFAULT_BASE_MODEL = 'gpt-4o-mini-2024-07-18';
/** OpenAI picks epochs automatically; 3 is what it typically chooses for a few thousand examples. */
export const DEFAULT_EPOCHS = 3;

export interface CostEstimate {
  baseModel: string;
  epochs: number;
  trainingTokens: number;
  billedTokens: number;
  /** Null when the base model is not in the price table. */
  usd: number | null;
  assumption: string;
}

export function estimateCost(
  trainingTokens: number,
  baseModel = DEFAULT_BASE_MODEL,
  epochs = DEFAULT_EPOCHS,
): CostEstimate {
  // The model name is user input: only own entries are prices ("constructor" is not a model).
  const price = Object.hasOwn(TRAINING_PRICE_PER_MILLION, baseModel)
    ? TRAINING_PRICE_PER_MILLION[baseModel]
    : undefined;
  const billed = trainingTokens * epochs;
  return {
    baseModel,
    epochs,
    trainingTokens,
    billedTokens: billed,
    usd: price === undefined ? null : Math.round(((billed * price) / 1e6) * 100) / 100,
    assumption: `${price === undefined ? 'no price known' : `$${price}`} per 1M training tokens × ${epochs} epochs (OpenAI's published price; check before a large run)`,
  };
}
