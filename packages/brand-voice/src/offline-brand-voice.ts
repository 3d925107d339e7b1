import type {
  BrandReplyInput,
  BrandVoiceModel,
  CompanyProfile,
  IntentPrediction,
} from '@switchboard/core';
import { SwitchboardError } from '@switchboard/core';
import type { BrandVoiceArtifact } from './artifact.ts';
import { IntentClassifier } from './classifier/intent-classifier.ts';
import { extractSlots } from './extract-slots.ts';
import { fillPlaceholders } from './placeholders.ts';
import { type ApprovedReply, ReplySelector } from './reply-selector.ts';

export interface OfflineBrandVoiceInit {
  classifier: IntentClassifier;
  responses: Readonly<Record<string, readonly ApprovedReply[]>>;
  /** Company facts that fill reply templates. */
  profile: CompanyProfile;
  /** Artifact version; the model id is `offline:<version>`. */
  version: string;
}

/** The reply chosen for one input, before streaming. */
export interface SelectedReply {
  intent: string;
  /** Approved reply with placeholders filled. */
  text: string;
  /** The training instruction the reply was written for. */
  instruction: string;
  filled: string[];
  unresolved: string[];
}

/** Splits text into word-sized chunks whose concatenation is exactly the text. */
export function wordChunks(text: string): string[] {
  return text.split(/(?<=\s)(?=\S)/).filter((chunk) => chunk !== '');
}

/** Slots from the customer's turns (latest wins), then the caller's explicit slots. */
export function conversationSlots(input: BrandReplyInput): Record<string, string> {
  const slots: Record<string, string> = {};
  for (const turn of input.history)
    if (turn.role === 'user') Object.assign(slots, extractSlots(turn.text));
  Object.assign(slots, extractSlots(input.text), input.slots);
  return slots;
}

/**
 * The brand-voice model that runs without any LLM: the intent classifier picks the intent, the
 * approved reply whose instruction is nearest to the query is chosen, and its placeholders are
 * filled from the company profile and the conversation.
 */
export class OfflineBrandVoice implements BrandVoiceModel {
  readonly id: string;
  readonly classifier: IntentClassifier;
  readonly profile: CompanyProfile;
  private readonly selector: ReplySelector;

  constructor(init: OfflineBrandVoiceInit) {
    this.id = `offline:${init.version}`;
    this.classifier = init.classifier;
    this.profile = init.profile;
    this.selector = new ReplySelector(init.responses);
  }

  static fromArtifact(
    artifact: BrandVoiceArtifact,
    profile: CompanyProfile = {},
  ): OfflineBrandVoice {
    return new OfflineBrandVoice({
      classifier: IntentClassifier.fromJSON(artifact.classifier),
      responses: artifact.responses,
      profile,
      version: artifact.version,
    });
  }

  classify(text: string): IntentPrediction {
    return this.classifier.predict(text);
  }

  /** Chooses and fills the reply; `respond` streams exactly this text. */
  reply(input: BrandReplyInput): SelectedReply {
    const candidates = [input.intent.label, ...input.intent.ranked.map((r) => r.label)];
    let intent = candidates.find((label) => this.selector.has(label));
    intent ??= this.classify(input.text).label;
    const approved = this.selector.select(intent, input.text);
    if (!approved) {
      throw new SwitchboardError(
        'INTERNAL',
        `No approved reply for intent ${JSON.stringify(intent)}.`,
      );
    }
    const filled = fillPlaceholders(approved.response, {
      profile: this.profile,
      slots: conversationSlots(input),
    });
    return {
      intent,
      text: filled.text,
      instruction: approved.instruction,
      filled: filled.filled,
      unresolved: filled.unresolved,
    };
  }

  async *respond(
    input: BrandReplyInput,
    options?: { signal?: AbortSignal },
  ): AsyncIterable<string> {
    for (const chunk of wordChunks(this.reply(input).text)) {
      options?.signal?.throwIfAborted();
      yield chunk;
    }
  }
}
