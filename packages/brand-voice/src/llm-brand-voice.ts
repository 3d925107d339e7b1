import type {
  BrandReplyInput,
  BrandVoiceModel,
  ChatMessage,
  ChatModel,
  CompanyProfile,
  IntentPrediction,
  ReplyStreamOptions,
} from '@switchboard/core';
import { streamWithFallback } from '@switchboard/core';
import { conversationSlots, type OfflineBrandVoice } from './offline-brand-voice.ts';
import { normalisePlaceholderName } from './placeholder-names.ts';
import { fillPlaceholderStream } from './placeholder-stream.ts';
import type { RemnantOptions } from './template-slots.ts';

export interface LlmBrandVoiceInit {
  /** Supplies the calibrated classifier and the approved reference replies. */
  offline: OfflineBrandVoice;
  chat: ChatModel;
  profile: CompanyProfile;
  /**
   * Replaces the default voice instructions (the reference answer and the rules about
   * placeholders are still appended).
   * @defaultValue a warm, concise, competent support voice in the first person plural
   */
  systemPrompt?: string;
}

function companyName(profile: CompanyProfile): string {
  for (const [key, value] of Object.entries(profile)) {
    if (
      ['company name', 'company', 'brand name'].includes(normalisePlaceholderName(key)) &&
      value.trim()
    ) {
      return value.trim();
    }
  }
  return 'our company';
}

function defaultVoice(company: string): string {
  return [
    `You are the customer support assistant of ${company}. Write as ${company}'s support team:`,
    'warm, concise and competent, in the first person plural ("we"), without exclamation marks or filler.',
    'Use numbered steps when the customer has to do something.',
  ].join(' ');
}

/**
 * The brand-voice model backed by an LLM. Routing still uses the offline classifier's calibrated
 * confidence; the LLM rewrites the selected approved reply for the conversation at hand, or writes
 * grounded answers from retrieved passages. Its output goes through the streaming placeholder
 * filler, so a `{{placeholder}}` the LLM copies or invents never reaches the customer.
 */
export class LlmBrandVoice implements BrandVoiceModel {
  readonly id: string;
  private readonly offline: OfflineBrandVoice;
  private readonly chat: ChatModel;
  private readonly profile: CompanyProfile;
  private readonly voice: string;

  constructor(init: LlmBrandVoiceInit) {
    this.offline = init.offline;
    this.chat = init.chat;
    this.profile = init.profile;
    this.voice = init.systemPrompt ?? defaultVoice(companyName(init.profile));
    this.id = `llm:${init.chat.id}+${init.offline.id}`;
  }

  classify(text: string): IntentPrediction {
    return this.offline.classify(text);
  }

  respond(input: BrandReplyInput, options?: ReplyStreamOptions): AsyncIterable<string> {
    const reference = this.offline.reply(input).text;
    const messages: ChatMessage[] = [
      {
        role: 'system',
        content: [
          this.voice,
          "Answer the customer's last message. Follow the approved reference answer below for every fact,",
          'step and contact detail; adapt its wording to the conversation, and never add policies, prices,',
          'links or contact details that it does not contain, and no plan, product, amount or number the customer',
          'did not mention. Never write template placeholders such as {{Name}} or [Name].',
          '',
          'Approved reference answer:',
          reference,
        ].join('\n'),
      },
      ...input.history.map((turn) => ({ role: turn.role, content: turn.text })),
      { role: 'user', content: input.text },
    ];
    // A provider outage must not silence the brand: fall back to the approved reply itself,
    // also when the provider stalls mid-answer (the caller then keeps only the approved reply).
    return streamWithFallback(
      this.stream(messages, conversationSlots(input), options),
      () => this.offline.respond(input),
      {
        ...(options?.signal ? { signal: options.signal } : {}),
        midStream: true,
        onFallback: (_error, { started }) => {
          if (started) options?.onRestart?.();
        },
      },
    );
  }

  groundedAnswer(
    input: { question: string; passages: Array<{ index: number; title: string; text: string }> },
    options?: { signal?: AbortSignal },
  ): AsyncIterable<string> {
    const passages = input.passages.map((p) => `[${p.index}] ${p.title}\n${p.text}`).join('\n\n');
    const messages: ChatMessage[] = [
      {
        role: 'system',
        content: [
          this.voice,
          'Answer the question using only the numbered passages the user provides. Cite every statement',
          'with the number of its passage in square brackets, e.g. [1] or [2][3]. If the passages do not',
          'contain the answer, say that you could not find it in the documentation and do not guess.',
          'Never write template placeholders such as {{Name}}.',
        ].join('\n'),
      },
      { role: 'user', content: `Passages:\n\n${passages}\n\nQuestion: ${input.question}` },
    ];
    // The only stream allowed to keep bracket syntax: its `[n]` citation markers.
    return this.stream(messages, {}, options, { citations: true });
  }

  /** Every token of the LLM goes through the placeholder filler and its final guard. */
  private stream(
    messages: ChatMessage[],
    slots: Record<string, string>,
    options?: { signal?: AbortSignal },
    remnants: RemnantOptions = {},
  ): AsyncIterable<string> {
    const tokens = this.chat.stream(
      messages,
      options?.signal ? { signal: options.signal } : undefined,
    );
    return fillPlaceholderStream(tokens, { profile: this.profile, slots }, remnants);
  }
}
