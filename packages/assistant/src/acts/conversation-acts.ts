import type { IntentPrediction } from '@switchboard/core';
import { isStopword, terms, words } from '@switchboard/text';

/**
 * Conversation acts: what a message does besides (or instead of) asking something. A message that
 * is only an act ("hi", "ok thanks!", "are you a bot?") gets a short conversational reply and is
 * never a docs gap; an act wrapped around a question ("Hi, I was wondering if you could tell me
 * how to …") is peeled off so routing and retrieval see the question alone.
 */
export type ConversationAct =
  | 'greeting'
  | 'thanks'
  | 'goodbye'
  | 'acknowledgement'
  | 'bot_question'
  | 'repeat'
  | 'not_understood'
  | 'confirm'
  | 'chitchat';

/** The label of "not a conversation act" in a small-talk classifier: a support question. */
export const NOT_SMALL_TALK = 'not_small_talk';
/** The label of a request no support assistant serves ("volume up", "call me a taxi"). */
export const OFF_TOPIC = 'off_topic';

/** A learned reader of conversation acts, for what the rules do not name ("yeah, spot on"). */
export interface SmallTalkClassifier {
  predict(text: string, options?: { similarity?: boolean }): IntentPrediction;
  /**
   * The terms (`terms` of @switchboard/text) of the conversation acts it was trained on. Small
   * talk has a small vocabulary: a message with several content words outside it carries a topic
   * ("…student loan delinquency. What can you tell me about that?"), however chatty its wording.
   */
  actVocabulary?: ReadonlySet<string>;
}

/** Content words outside the acts' vocabulary from which a message is read as carrying a topic. */
const TOPIC_WORDS = 4;

/** Below this calibrated probability a message is read as a question, not as small talk. */
export const SMALL_TALK_MIN_CONFIDENCE = 0.6;

const ACTS: ReadonlySet<string> = new Set<ConversationAct>([
  'greeting',
  'thanks',
  'goodbye',
  'acknowledgement',
  'bot_question',
  'repeat',
  'not_understood',
  'confirm',
  'chitchat',
]);

/** How a small-talk classifier reads a message: the likeliest act and the three readings' odds. */
export interface ClassifiedAct {
  act: ConversationAct;
  /** P(small talk): the acts' probabilities together. */
  probability: number;
  /** P(a support question). */
  support: number;
  /** P(a request no support assistant serves). */
  offTopic: number;
}

/** Reads the likeliest act in a message and how likely small talk is at all. */
export function readLearnedAct(
  classifier: SmallTalkClassifier | undefined,
  text: string,
): ClassifiedAct | undefined {
  if (!classifier || !text.trim()) return undefined;
  const vocabulary = classifier.actVocabulary;
  if (vocabulary) {
    const novel = new Set(terms(text).filter((t) => !vocabulary.has(t)));
    if (novel.size >= TOPIC_WORDS) return undefined;
  }
  const { ranked } = classifier.predict(text, { similarity: false });
  const best = ranked.find((r) => ACTS.has(r.label));
  if (!best) return undefined;
  // Small talk is one question (is this an act at all?) before another (which act?): the acts'
  // probabilities add up against the two other readings.
  const support = ranked.find((r) => r.label === NOT_SMALL_TALK)?.probability ?? 0;
  const offTopic = ranked.find((r) => r.label === OFF_TOPIC)?.probability ?? 0;
  return {
    act: best.label as ConversationAct,
    probability: Math.max(0, 1 - support - offTopic),
    support,
    offTopic,
  };
}

export interface ActReading {
  /** The act the message performs when it asks nothing else; undefined for a real question. */
  act?: ConversationAct;
  /** The message with greetings and politeness wrappers removed ('' when nothing is left). */
  remainder: string;
  /** True when something was removed. */
  peeled: boolean;
  /**
   * True when only acknowledgements or closers were removed ("yes, …", "thanks a lot, Olly",
   * "retry please"): the whole message may then be the act, as it is typed.
   */
  acknowledged?: boolean;
}

// Openers and closers that carry no question. Each is tried at the start (or end) of the message
// repeatedly, so "Hello! Good morning, I'd like to know how …" loses both greetings and the wrapper.
const GREETING =
  /^(?:hi+|hello+|hey+|hiya|howdy|greetings|yo|good\s+(?:morning|afternoon|evening|day)|dear\s+(?:team|sir|madam|sir\s+or\s+madam|support(?:\s+team)?|all)|(?:i\s+)?hope\s+(?:you(?:'re|\s+are)|this\s+(?:message\s+)?finds\s+you|all\s+is)\s+(?:doing\s+)?(?:well|good|great|fine)(?:\s+(?:today|in\s+these\s+(?:times|days)|these\s+days))?)(?:\s+(?:there|team|all|everyone|guys|folks|support))?\b[\s,.!:;-]*/i;
const ACK_OPENER =
  /^(?:ok(?:ay)?|alright|all\s+right|right|sure|great|perfect|cool|fine|got\s+(?:it|that)|i\s+see|understood|thanks?(?:\s+you)?(?:\s+(?:so\s+much|a\s+lot|very\s+much))?|thx|yes|yeah|yep|no|nope|well|so|oh|ah|hmm+|um+|sorry|wait|oops|whoa|damn|shit|ugh)\b[\s,.!:;-]+/i;
const WRAPPER = new RegExp(
  [
    // "I was wondering if you could tell me", "could you please help me with"
    String.raw`^(?:i\s+(?:was|am|'m)\s+wondering\s+(?:if|whether)\s+)?(?:you\s+)?(?:can|could|would|will)\s+(?:you\s+)?(?:please\s+)?(?:kindly\s+)?(?:tell|inform|show|explain\s+to|let)\s+me(?:\s+know)?(?:\s+(?:something|anything|a\s+(?:bit|little)(?:\s+more)?|a\s+few\s+things))?(?:\s+(?:about|regarding|on))?\s+`,
    String.raw`^(?:i\s+(?:was|am|'m)\s+wondering\s+(?:if|whether)\s+)?(?:you\s+)?(?:can|could|would|will)\s+(?:you\s+)?(?:please\s+)?(?:help|assist)\s+me(?:\s+(?:with|on|regarding|about|to))?\s+`,
    String.raw`^(?:can|could|would|will)\s+(?:you\s+)?(?:please\s+)?(?:give|provide|send)\s+me\s+(?:some\s+|more\s+)?(?:info(?:rmation)?|details|help)\s+(?:about|on|regarding|for|with)\s+`,
    // "I would like / I need / I want (some) information about", "I'd like to know"
    String.raw`^i(?:'d|\s+would|\s+want(?:ed)?|\s+need(?:ed)?|\s+am\s+looking(?:\s+for)?|'m\s+looking(?:\s+for)?|\s+am\s+here\s+for|'m\s+here\s+for|\s+have|'ve\s+got|\s+got)\s+(?:to\s+)?(?:like\s+)?(?:to\s+)?(?:get\s+|have\s+|ask\s+(?:for\s+)?|receive\s+|find\s+|some\s+|more\s+|a\s+(?:little\s+)?|the\s+)*(?:info(?:rmation)?|details|help|assistance|questions?|clarification|guidance|know(?:ledge)?|understand|learn|find\s+out|ask|some\s+questions?)(?:\s+(?:more|some))?(?:\s+(?:about|on|regarding|concerning|with|for|of|in\s+regards?\s+to|related\s+to|if|whether))?\s+`,
    String.raw`^i\s+(?:was|am|'m)\s+wondering\s+(?:about\s+|if\s+|whether\s+)?`,
    String.raw`^(?:please|kindly|quick\s+question|one\s+more\s+question|another\s+question|a\s+question)\b[\s,.:;!-]*`,
    // "(I have a question) that you might be able to help me with, can I …"
    String.raw`^(?:that\s+)?(?:you\s+)?(?:might|may|could|can)\s+(?:be\s+able\s+to\s+)?help\s+(?:me\s+)?(?:with|on)\s*[,.:;!-][\s,.:;!-]*`,
    String.raw`^(?:sorry\s+to\s+(?:bother|trouble)\s+you|excuse\s+me|pardon\s+me)\b[\s,.!:;-]*`,
    String.raw`^(?:my\s+question\s+is|i\s+have\s+a\s+question(?:\s+(?:about|regarding|on))?)\b[\s,:;-]*`,
  ].join('|'),
  'i',
);
const CLOSER =
  /[\s,.!;-]*(?:(?:thanks?|thank\s+you|thx|cheers|many\s+thanks)(?:\s+(?:so\s+much|a\s+lot|very\s+much|in\s+advance))?|please|in\s+advance|regards|best\s+regards|kind\s+regards|(?:and\s+)?i(?:'d|\s+would)\s+(?:really\s+)?appreciate\s+(?:it|any|some|your)(?:\s+(?:help|answers?|info(?:rmation)?|advice|guidance))?|any\s+help\s+(?:is|would\s+be)\s+(?:much\s+|greatly\s+|really\s+)?appreciated|(?:perhaps|maybe|hopefully|i\s+hope)\s+you\s+(?:can|could)\s+help(?:\s+me)?(?:\s+(?:with\s+(?:that|this|it)|out))?|(?:can|could)\s+you\s+help(?:\s+me)?(?:\s+(?:with\s+(?:that|this)|out))?\??)[\s.!]*$/i;

/** Characters at the end of a message where a closer is looked for (closers are short). */
const CLOSER_TAIL = 200;

// Whole-message acts, tested on the message as typed (lower-cased, punctuation folded).
const WHOLE: ReadonlyArray<readonly [ConversationAct, RegExp]> = [
  [
    'bot_question',
    /^(?:are|r)\s+(?:you|u)\s+(?:a\s+|an\s+)?(?:real\s+)?(?:bot|robot|human|person|machine|ai|computer|chat\s*bot|live\s+agent|real)\b|^am\s+i\s+(?:talking|chatting|speaking)\s+(?:to|with)\s+(?:a\s+)?(?:real\s+)?(?:bot|robot|human|person|machine|computer)\b|^(?:who|what)\s+(?:are|r)\s+(?:you|u)\b|^what(?:'s|\s+is)\s+your\s+name\b|^what\s+can\s+(?:you|u)\s+(?:do|help)\b|^how\s+can\s+(?:you|u)\s+help\b|^is\s+this\s+a\s+(?:bot|robot|human|person|real\s+person)\b/,
  ],
  [
    'greeting',
    /^(?:how\s+(?:are|r)\s+(?:you|u)|how(?:'s|\s+is)\s+it\s+going|how\s+are\s+things|what's\s+up|whats\s+up|sup|nice\s+to\s+meet\s+you)\b/,
  ],
  [
    'goodbye',
    /^(?:bye|goodbye|good\s+bye|bye\s+bye|see\s+(?:you|ya)|(?:i(?:'ll|\s+will|\s+would|'d)\s+)?(?:talk|speak|chat)\s+(?:to\s+you\s+|with\s+you\s+)?(?:later|soon)|have\s+a\s+(?:good|nice|great)\s+(?:day|one|evening|weekend)|good\s+night|that(?:'s|\s+is)\s+(?:all|it)|nothing\s+else|i'm\s+done|im\s+done|i\s+am\s+done)\b/,
  ],
  [
    'repeat',
    /^(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:repeat|say\s+(?:that|it)\s+again|come\s+again|one\s+more\s+time)\b|^what\s+did\s+you\s+(?:just\s+)?say\b|^pardon\??$/,
  ],
  [
    'not_understood',
    /^(?:i\s+)?(?:(?:do\s*n[o']?t|did\s*n[o']?t|dont|didnt|can\s*n?[o']?t|cant|couldn't|couldnt)\s+(?:understand|get\s+(?:it|that|this|you|what\s+you|the\s+last(?:\s+(?:sentence|message|answer|reply|part|bit|one))?)|follow)|(?:please\s+)?(?:further\s+explain|explain\s+(?:further|more|better|in\s+more\s+detail))|(?:i\s+)?(?:have\s+no\s+idea|(?:do\s*n[o']?t|dont)\s+know)\s+(?:about\s+|regarding(?:\s+to)?\s+|for\s+)?(?:what|which(?:\s+one)?)\s+to\s+(?:do|choose|select|pick)|(?:that\s+)?(?:makes|made)\s+no\s+sense|what\s+do\s+you\s+mean|i'm\s+confused|im\s+confused|i\s+am\s+confused|(?:please\s+)?explain\s+(?:that|it|again|yourself)|huh|what\?*)\b/,
  ],
  [
    // "check my last question", "did you get that right?": the customer doubts they were understood.
    'confirm',
    /^(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?(?:check|confirm|verify|double[\s-]?check|re-?check)\s+(?:(?:my|the|that|this)\s+)?(?:last\s+|previous\s+)?(?:question|command|instruction|message|request|details?|input|sentence)s?\b|^did\s+(?:you|u)\s+(?:get|understand|catch|hear)\s+(?:(?:my|the|that)\s+(?:last\s+)?(?:question|command|instruction|message|request)|that|it|me|what\s+i\s+(?:said|meant))(?:\s+(?:right|correctly))?\b/,
  ],
  [
    // "that's not what I asked", "I didn't ask for this": a miss, said without naming what is wanted.
    'not_understood',
    /^(?:i\s+)?(?:did\s*n[o']?t|didnt|did\s+not)\s+ask\s+(?:for\s+)?(?:this|that|it)\b|^(?:this|that|it)(?:'s|\s+is|\s+was)\s+not\s+(?:what\s+i\s+(?:asked(?:\s+for)?|wanted|meant|said)|the\s+right\s+(?:one|answer|thing|command|reply))\b/,
  ],
  [
    // "does not matter to me", "any one is fine", "it was wonderful": agreement without a request.
    'acknowledgement',
    /^(?:it\s+)?(?:does\s*n[o']?t|doesnt|does\s+not)\s+matter\b|^(?:it|this|that)(?:'s|\s+is)\s+(?:not\s+important|unimportant)\b|^(?:i\s+)?(?:do\s*n[o']?t|dont|do\s+not|would\s*n[o']?t|wouldnt|would\s+not)\s+mind(?:\s+(?:for\s+)?(?:any|either|which)(?:\s+one|\s+of\s+them)?)?\b|^(?:any|either)(?:\s+one|\s+of\s+them|\s+option)?\s+(?:is|will\s+be|would\s+be|works)(?:\s+(?:fine|good|ok(?:ay)?|great))?\b|^(?:i\s+have\s+)?no\s+preference\b|^(?:it|this|that)(?:'s|\s+is|\s+was)\s+(?:(?:really|very|so|just)\s+)?(?:wonderful|great|awesome|amazing|perfect|excellent|brilliant|fantastic|lovely|helpful|useful)\b/,
  ],
  [
    'chitchat',
    /^(?:(?:please\s+)?tell\s+(?:me\s+)?(?:a\s+)?(?:joke|story|something\s+(?:funny|interesting))|(?:you(?:'re|\s+are)|ur|u\s+r)\s+(?:great|awesome|amazing|funny|smart|clever|helpful|the\s+best|useless|stupid|dumb|annoying|terrible|bad|wrong|cool|nice|kind)|i\s+(?:love|like|hate)\s+(?:you|u)|(?:never\s*mind|nevermind|forget\s+(?:it|that)|whatever|anything\s+(?:is|will\s+be)\s+(?:fine|ok(?:ay)?)|i\s+don'?t\s+care|doesn'?t\s+matter|no\s+worries|no\s+problem)|(?:please\s+)?(?:stop|shut\s+up|be\s+quiet|let'?s\s+start\s+over|start\s+over|(?:let\s+us|lets)\s+start\s+over)|(?:good|nice|well\s+done|great)\s+(?:job|work|answer|one|bot)|lol|haha+|wow|ugh)\b/,
  ],
];

const THANKS_ONLY =
  /^(?:(?:thanks?|thank\s+you|thx|ty|cheers|many\s+thanks|much\s+appreciated|appreciate\s+(?:it|that|your\s+help))\b\W*)+$/;
const ACK_ONLY =
  /^(?:(?:ok(?:ay)?|k|alright|all\s+right|right|sure|great|perfect|cool|fine|good|nice|awesome|excellent|got\s+(?:it|that)|i\s+see|understood|noted|makes\s+sense|that\s+(?:helps|helped|works|worked)|yes|yeah|yep|yup|no|nope|not\s+really|sounds\s+good|will\s+do|i\s+will|i\s+did|done)\b\W*)+$/;

/** Words that never make a message a question on their own. */
const FILLER = new Set(
  'hi hello hey ok okay thanks thank you please so well oh ah yes no yeah sure great cool just really very much lot'.split(
    ' ',
  ),
);

function normalise(text: string): string {
  return text.toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
}

function hasContent(text: string): boolean {
  return words(text).some((w) => w.length > 1 && !isStopword(w) && !FILLER.has(w));
}

/** Strips greetings, acknowledgements and politeness wrappers from both ends of a message. */
export function peelWrappers(text: string): {
  text: string;
  peeledKinds: Set<'greeting' | 'ack' | 'wrapper' | 'closer'>;
} {
  const kinds = new Set<'greeting' | 'ack' | 'wrapper' | 'closer'>();
  let rest = text.trim();
  for (let guard = 0; guard < 8; guard++) {
    const before = rest;
    for (const [kind, pattern] of [
      ['greeting', GREETING],
      ['ack', ACK_OPENER],
      ['wrapper', WRAPPER],
    ] as const) {
      const match = pattern.exec(rest);
      // Never peel the whole message: "Hi" alone is an act, not an empty question.
      if (match && match[0].length > 0 && match[0].length < rest.length) {
        rest = rest.slice(match[0].length).trimStart();
        kinds.add(kind);
      }
    }
    // Only the tail can hold a closer, and CLOSER is not anchored at the start: run over a whole
    // long message it would try every position (quadratic; seconds on a 70,000-character post).
    const from = Math.max(0, rest.length - CLOSER_TAIL);
    const closer = CLOSER.exec(rest.slice(from));
    if (closer && from + closer.index > 0) {
      rest = rest.slice(0, from + closer.index).trimEnd();
      kinds.add('closer');
    }
    if (rest === before) break;
  }
  return { text: rest, peeledKinds: kinds };
}

/** A name the message is addressed to, after a comma at its end ("…, Olly."). */
const VOCATIVE = /^,?\s*[a-z]+[.!?]*$/;

/**
 * The act of a message made only of acts ("that's all, have a nice day", "are you a bot or what"):
 * each act is removed from the front in turn; a few leftover words without content are allowed.
 */
function chainedAct(text: string): ConversationAct | undefined {
  let rest = text;
  let first: ConversationAct | undefined;
  for (let guard = 0; guard < 4 && rest; guard++) {
    const found = WHOLE.find(([, pattern]) => pattern.test(rest));
    if (!found) break;
    first ??= found[0];
    rest = rest.replace(found[1], '').replace(/^[\s,.!?;:-]+/, '');
  }
  if (!first) return undefined;
  // "does not matter for me, Olly": who it is for, and the assistant's name, ask nothing.
  rest = rest.replace(/^(?:for|to)\s+(?:me|us)\b[\s,.!?]*/, '').replace(VOCATIVE, '');
  return rest.length <= 12 && !hasContent(rest) ? first : undefined;
}

/** Reads the conversation act of a message and the question it wraps, if any. */
export function readConversationAct(text: string): ActReading {
  const whole = normalise(text).replace(/[.!?,;:]+$/g, '');
  if (!whole) return { act: 'acknowledgement', remainder: '', peeled: false };
  if (THANKS_ONLY.test(whole)) return { act: 'thanks', remainder: '', peeled: false };
  if (ACK_ONLY.test(whole)) return { act: 'acknowledgement', remainder: '', peeled: false };

  const { text: rest, peeledKinds } = peelWrappers(text);
  const peeled = peeledKinds.size > 0;
  const acknowledged = peeled && !peeledKinds.has('greeting') && !peeledKinds.has('wrapper');
  const restNorm = normalise(rest).replace(/[.!?,;:]+$/g, '');
  const chained = chainedAct(restNorm);
  if (chained) return { act: chained, remainder: '', peeled };
  if (
    !hasContent(rest) ||
    (GREETING.test(`${restNorm} `) && !hasContent(restNorm.replace(GREETING, '')))
  ) {
    const act: ConversationAct =
      peeledKinds.has('greeting') || GREETING.test(`${whole} `)
        ? 'greeting'
        : /thank|thx|cheers|appreciat/.test(whole)
          ? 'thanks'
          : 'acknowledgement';
    return { act, remainder: '', peeled };
  }
  return { remainder: rest, peeled, ...(acknowledged ? { acknowledged } : {}) };
}
