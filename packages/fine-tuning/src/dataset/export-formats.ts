import { answerOf, type DatasetRecord } from './types.ts';

/** The dataset's own chat JSONL (train.jsonl / validation.jsonl): what `loadBrandDataset` reads. */
export function toChatLine(record: DatasetRecord): string {
  return JSON.stringify({ messages: record.messages, intent: record.intent });
}

/** OpenAI chat fine-tuning format: the brand system prompt, then the conversation. */
export function toOpenAiLine(record: DatasetRecord, systemPrompt: string): string {
  return JSON.stringify({
    messages: [{ role: 'system', content: systemPrompt }, ...record.messages],
  });
}

/**
 * Alpaca-style instruction/response for open-model trainers: the customer's last message is the
 * instruction, earlier turns (if any) the input, the approved reply the output.
 */
export function toInstructionLine(record: DatasetRecord): string {
  const history = record.messages.slice(0, -2);
  return JSON.stringify({
    instruction: record.messages.at(-2)?.content ?? '',
    input: history
      .map((m) => `${m.role === 'user' ? 'Customer' : 'Agent'}: ${m.content}`)
      .join('\n'),
    output: answerOf(record),
    intent: record.intent,
  });
}

export const jsonl = (lines: readonly string[]) => (lines.length ? `${lines.join('\n')}\n` : '');
