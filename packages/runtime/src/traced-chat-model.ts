import type { ChatModel, Tracer } from '@switchboard/core';

/**
 * A chat model whose every call is a span (`llm.chat`, the model id, how much it wrote, failed
 * or not), a child of whatever span is active where the answer is consumed (the reply's).
 */
export function tracedChatModel(model: ChatModel, tracer: Tracer): ChatModel {
  return {
    id: model.id,
    async *stream(messages, options) {
      const span = tracer.startSpan('llm.chat', {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': model.id,
        'switchboard.llm.messages': messages.length,
      });
      let pieces = 0;
      let characters = 0;
      try {
        for await (const piece of model.stream(messages, options)) {
          pieces += 1;
          characters += piece.length;
          yield piece;
        }
      } catch (error) {
        span.fail(error);
        throw error;
      } finally {
        span.setAttributes({
          'switchboard.llm.pieces': pieces,
          'switchboard.llm.characters': characters,
        });
        span.end();
      }
    },
  };
}
