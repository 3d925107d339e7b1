import { isStopword, stem, words } from '@switchboard/text';

/** A term at most this share of an intent's requests mention is an option, not the intent's topic. */
const MAX_REQUEST_SHARE = 0.5;
/** Replies repeat the term for at least this share of the requests that mention it… */
const MIN_ECHO_RATE = 0.5;
/** …and for at most this share of the requests that do not. */
const MAX_UNPROMPTED_RATE = 0.05;
/** Requests without the term needed before its absence from their replies means anything. */
const MIN_COUNTER_EXAMPLES = 5;

const PLACEHOLDER = /\{\{[^{}]*\}\}/g;

/**
 * The content features of a text: its terms (stems) and each pair of adjacent terms, so a word
 * that is general on its own ("feel free") can still be specific in a phrase ("free account").
 */
export function contentFeatures(text: string, stems?: Map<string, string>): Set<string> {
  const list: string[] = [];
  for (const word of words(text.replace(PLACEHOLDER, ' '))) {
    if (isStopword(word)) continue;
    let stemmed = stems?.get(word);
    if (stemmed === undefined) {
      stemmed = stem(word);
      stems?.set(word, stemmed);
    }
    list.push(stemmed);
  }
  const out = new Set(list);
  for (let i = 1; i < list.length; i++) out.add(`${list[i - 1]} ${list[i]}`);
  return out;
}

/**
 * The specific content of each approved reply of one intent: terms the replies repeat from the
 * request they were written for, and (almost) never say otherwise. In support data these are
 * the customer's own details echoed back: the tier ("switching to a platinum account"), a
 * person or a city the request named. They are learnt from the data (a term's echo rate when
 * the request mentions it against its rate when it does not), not listed, so they follow any
 * brand's vocabulary. Returns, per reply, the specific features (stems, or two adjacent stems)
 * it states.
 */
export function specificTerms(
  replies: ReadonlyArray<{ instruction: string; response: string }>,
  /** A stem cache to share between calls on the same data (bounded by its vocabulary). */
  stems: Map<string, string> = new Map(),
): string[][] {
  const requests = replies.map((r) => contentFeatures(r.instruction, stems));
  const answers = replies.map((r) => contentFeatures(r.response, stems));
  const asked = new Map<string, number>();
  const echoed = new Map<string, number>();
  const unprompted = new Map<string, number>();
  for (const request of requests) for (const t of request) asked.set(t, (asked.get(t) ?? 0) + 1);
  answers.forEach((answer, i) => {
    for (const t of answer) {
      const counts = requests[i]!.has(t) ? echoed : unprompted;
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
  });
  const n = replies.length;
  const specific = new Set<string>();
  for (const [t, a] of echoed) {
    const c = asked.get(t) ?? 0;
    const without = n - c;
    if (c / n > MAX_REQUEST_SHARE || without < MIN_COUNTER_EXAMPLES) continue;
    if (a / c >= MIN_ECHO_RATE && (unprompted.get(t) ?? 0) / without <= MAX_UNPROMPTED_RATE)
      specific.add(t);
  }
  return answers.map((answer) => [...answer].filter((t) => specific.has(t)));
}

/**
 * Removes the sentences (or list lines) of `text` that mention any of `stems`; used when every
 * approved reply of an intent states something the conversation does not support. Returns the
 * text unchanged when nothing would be left.
 */
export function withoutSentencesMentioning(text: string, stems: readonly string[]): string {
  if (stems.length === 0) return text;
  const drop = new Set(stems);
  const kept = text
    .split('\n')
    .map((line) =>
      (line.match(/[^.!?]+(?:[.!?]+(?=\s|$)|$)\s*/g) ?? [line])
        .filter((sentence) => ![...contentFeatures(sentence)].some((t) => drop.has(t)))
        .join('')
        .trimEnd(),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return kept || text;
}
