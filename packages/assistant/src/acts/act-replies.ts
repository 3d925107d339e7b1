import type { ConversationAct } from './conversation-acts.ts';

export interface ActReplyContext {
  /** Shown as "the <name> assistant"; unset, the replies say "our". */
  companyName?: string;
  /** The assistant's previous answer, for "can you repeat that?". */
  lastAnswer?: string;
}

/**
 * Short, fixed replies to conversation acts. They never claim facts, never cite, and always hand
 * the conversation back to the customer, so a greeting or a "thanks" is answered like a person
 * would and is never mistaken for an unanswered question.
 */
export function actReply(act: ConversationAct, context: ActReplyContext = {}): string {
  const company = context.companyName?.trim();
  const assistant = company ? `the ${company} assistant` : 'the virtual assistant here';
  switch (act) {
    case 'greeting':
      return `Hi! I'm ${assistant}. How can I help you today?`;
    case 'thanks':
      return "You're welcome! Is there anything else I can help you with?";
    case 'goodbye':
      return 'Thanks for getting in touch. Have a great day!';
    case 'acknowledgement':
      return 'Great. Is there anything else I can help you with?';
    case 'bot_question':
      return `I'm ${assistant}, an automated helper. I can answer questions about our products, your orders and your account, and I can bring in a person from our team whenever you ask.`;
    case 'repeat':
      return context.lastAnswer
        ? `Of course, here it is again:\n\n${context.lastAnswer}`
        : 'There is nothing to repeat yet. What can I help you with?';
    case 'not_understood':
      return "Sorry, that wasn't clear. Could you tell me a little more about what you need? If you'd rather talk to a person, just say so.";
    case 'confirm':
      return "I read your messages as you write them, but I may have missed the point. If my last answer didn't fit, tell me again in other words, or ask for a person from our team.";
    case 'chitchat':
      return `I'm here to help with questions about ${company ?? 'our'} products, your orders and your account. What can I help you with?`;
  }
}
