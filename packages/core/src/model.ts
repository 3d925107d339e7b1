export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A text-generation model; streaming is the primitive, a full answer is the concatenation. */
export interface ChatModel {
  readonly id: string;
  stream(messages: ChatMessage[], options?: { signal?: AbortSignal }): AsyncIterable<string>;
}

export interface IntentScore {
  label: string;
  /** Calibrated probability in [0, 1]. */
  probability: number;
}

export interface IntentPrediction {
  label: string;
  /** Calibrated probability of `label`. */
  confidence: number;
  /** Top labels, best first. */
  ranked: IntentScore[];
}

/** Facts about the company used to fill reply templates ({{Website Name}} etc.). */
export type CompanyProfile = Readonly<Record<string, string>>;

export interface BrandReplyInput {
  text: string;
  intent: IntentPrediction;
  history: ReadonlyArray<{ role: 'user' | 'assistant'; text: string }>;
  /** Values known from the conversation (e.g. an order number the customer gave). */
  slots?: Readonly<Record<string, string>>;
}

/** The brand-voice model: classifies common queries and answers them in the company's tone. */
export interface BrandVoiceModel {
  readonly id: string;
  classify(text: string): IntentPrediction;
  /** Streams the reply; never yields an unfilled `{{placeholder}}`. */
  respond(input: BrandReplyInput, options?: { signal?: AbortSignal }): AsyncIterable<string>;
  /**
   * Writes a grounded answer from retrieved passages in the brand's voice. Absent on the offline
   * model, whose knowledge answers are extractive.
   */
  groundedAnswer?(
    input: { question: string; passages: Array<{ index: number; title: string; text: string }> },
    options?: { signal?: AbortSignal },
  ): AsyncIterable<string>;
}
