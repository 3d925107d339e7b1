import {
  type BrandVoiceModel,
  type InboundMessage,
  type IntentPrediction,
  inSpan,
  type Metrics,
  type Reply,
  type ReplyEvent,
  type Retrieval,
  type Retriever,
  type Tracer,
  withinSpan,
} from '@switchboard/core';

/** Where the answer path reports: a span per step, a count per reply. */
export interface Observers {
  tracer: Tracer;
  metrics: Metrics;
}

/**
 * The reply as a trace (`assistant.reply`, with the steps it runs as children) and as a count
 * (`answered`, once the reply is final). Attributes are the decision's numbers and names, never
 * the customer's words.
 */
export async function* observedReply(
  observers: Observers,
  message: InboundMessage,
  answer: AsyncIterable<ReplyEvent>,
): AsyncGenerator<ReplyEvent> {
  const { tracer, metrics } = observers;
  const span = tracer.startSpan('assistant.reply', { 'switchboard.channel': message.channel });
  try {
    for await (const event of withinSpan(tracer, span, answer)) {
      if (event.type === 'done') {
        span.setAttributes(replyAttributes(event.reply));
        metrics.answered({
          route: event.reply.route,
          channel: message.channel,
          ...(event.reply.handoff ? { handoffReason: event.reply.handoff.reason } : {}),
        });
      }
      yield event;
    }
  } catch (error) {
    span.fail(error);
    throw error;
  } finally {
    span.end();
  }
}

function replyAttributes(reply: Reply) {
  return {
    'switchboard.route': reply.route,
    'switchboard.confidence': reply.confidence,
    'switchboard.reason': reply.decision.reason,
    'switchboard.model': reply.model,
    'switchboard.citations': reply.citations.length,
    'switchboard.handoff_reason': reply.handoff?.reason,
    'switchboard.degraded': reply.degraded?.reasons.join(','),
  };
}

/** The brand-voice classification as a span (`brand.classify`) with the intent it read. */
export function tracedClassify(
  tracer: Tracer,
  brandVoice: BrandVoiceModel,
  query: string,
): IntentPrediction {
  return inSpan(tracer, 'brand.classify', (span) => {
    const prediction = brandVoice.classify(query);
    span.setAttributes({
      'switchboard.intent': prediction.label,
      'switchboard.intent_confidence': prediction.confidence,
    });
    return prediction;
  });
}

/** The retrieval as a span (`retrieval`) with its hit count and evidence. */
export function tracedRetrieve(
  tracer: Tracer,
  retriever: Retriever,
  query: string,
): Promise<Retrieval> {
  return inSpan(tracer, 'retrieval', async (span) => {
    const retrieval = await retriever.retrieve(query);
    span.setAttributes({
      'switchboard.hits': retrieval.hits.length,
      'switchboard.evidence': retrieval.evidence,
    });
    return retrieval;
  });
}
