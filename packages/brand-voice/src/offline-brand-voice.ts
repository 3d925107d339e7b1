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
import { scrubApprovedReply } from './scrub/approved-reply.ts';
import { withoutSentencesMentioning } from './specific-terms.ts';

export interface OfflineBrandVoiceInit {
  classifier: IntentClassifier;
  responses: Readonly<Record<string, readonly ApprovedReply[]>>;
  /** Company facts that fill reply templates. */
  profile: CompanyProfile;
  /** Artifact version; the model id is `offline:<version>`. */
  version: string;
  /** True when `responses` went through `scrubApprovedReply` at training; otherwise it runs here. */
  repliesScrubbed?: boolean;
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
  // Slot names may come from the caller: null prototype, so "__proto__" is a slot, not a prototype.
  const slots: Record<string, string> = Object.create(null);
  for (const turn of input.history)
    if (turn.role === 'user') Object.assign(slots, extractSlots(turn.text));
  Object.assign(slots, extractSlots(input.text), input.slots);
  return slots;
}

/**
 * Replies of an artifact trained before replies were scrubbed: scrubbed now, so it cannot show a
 * number from someone else's conversation either (each distinct reply once).
 */
function scrubbedResponses(
  responses: OfflineBrandVoiceInit['responses'],
  profile: CompanyProfile,
): Record<string, ApprovedReply[]> {
  const scrubbed = new Map<string, string>();
  const scrub = (response: string) => {
    let clean = scrubbed.get(response);
    if (clean === undefined) {
      clean = scrubApprovedReply(response, { companyFacts: profile }).text;
      scrubbed.set(response, clean);
    }
    return clean;
  };
  const out: Record<string, ApprovedReply[]> = Object.create(null);
  for (const [intent, replies] of Object.entries(responses))
    out[intent] = replies.map((r) => ({ instruction: r.instruction, response: scrub(r.response) }));
  return out;
}

/**
 * The brand-voice model that runs without any LLM: the intent classifier picks the intent, the
 * approved reply whose instruction is nearest to the query (among those whose specific content
 * the conversation or the profile supports) is chosen, and its placeholders are filled from the
 * company profile and the conversation or dropped with their clause. The text never holds a
 * brace or a bracket (`fillPlaceholders` ends with that guard).
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
    this.selector = new ReplySelector(
      init.repliesScrubbed ? init.responses : scrubbedResponses(init.responses, init.profile),
    );
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
      repliesScrubbed: artifact.repliesScrubbed === true,
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
    // What a reply may repeat: the customer's words in this conversation and the company's facts.
    const context = [
      input.text,
      ...input.history.filter((turn) => turn.role === 'user').map((turn) => turn.text),
      ...Object.values(this.profile),
    ].join('\n');
    const selection = this.selector.select(intent, input.text, context);
    if (!selection) {
      throw new SwitchboardError(
        'INTERNAL',
        `No approved reply for intent ${JSON.stringify(intent)}.`,
      );
    }
    const filled = fillPlaceholders(selection.reply.response, {
      profile: this.profile,
      slots: conversationSlots(input),
    });
    return {
      intent,
      text: withoutSentencesMentioning(filled.text, selection.unsupported),
      instruction: selection.reply.instruction,
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
