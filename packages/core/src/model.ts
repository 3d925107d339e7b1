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
  /**
   * Cosine similarity of the text to the closest training example, in [0, 1]: low means unlike
   * anything the model was trained on (a sign of an out-of-scope message, whatever the label).
   */
  similarity?: number;
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

/** Options of a streamed brand reply. */
export interface ReplyStreamOptions {
  signal?: AbortSignal;
  /**
   * Called when the model abandons what it has streamed so far (its provider stalled or failed
   * mid-answer) and streams its fallback reply after a separator: the reply is then only what
   * follows this call, and the abandoned pieces must not be kept.
   */
  onRestart?: () => void;
}

/** The brand-voice model: classifies common queries and answers them in the company's tone. */
export interface BrandVoiceModel {
  readonly id: string;
  classify(text: string): IntentPrediction;
  /** Streams the reply; never yields an unfilled `{{placeholder}}`. */
  respond(input: BrandReplyInput, options?: ReplyStreamOptions): AsyncIterable<string>;
  /**
   * Writes a grounded answer from retrieved passages in the brand's voice. Absent on the offline
   * model, whose knowledge answers are extractive.
   */
  groundedAnswer?(
    input: { question: string; passages: Array<{ index: number; title: string; text: string }> },
    options?: { signal?: AbortSignal },
  ): AsyncIterable<string>;
}
