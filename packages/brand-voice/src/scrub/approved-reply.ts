import { normaliseTemplateSlots } from '../template-slots.ts';
import { PII_PLACEHOLDERS, type ScrubOptions, type ScrubResult, scrubPii } from './pii.ts';

/**
 * Version of the approved-reply scrubbing; caches of models trained on scrubbed replies include
 * it in their key, so a change here retrains them.
 */
export const APPROVED_REPLY_SCRUB_VERSION = 1;

const PLACEHOLDER = /(\{\{[^{}]*\}\})/;
/** A number after "invoice"/"bill"/"receipt", with no "order" in between ("bill with the number #00108"). */
const INVOICE_REFERENCE =
  /\b((?:invoice|bill|receipt)s?\b(?:(?!order|purchase)[^.\n{}]){0,30}?(?:number|no\.?|id|reference|ref)?\s*(?:is|was|:)?\s*)#?\s*([A-Za-z]{0,4}\d[A-Za-z0-9-]{2,})\b/gi;
/** A token with digits in it (`00123842`, `#85632`, `AB-77812`). */
const IDENTIFIER = /(?<![\w#-])#?[A-Za-z0-9-]*\d[A-Za-z0-9-]*(?![\w-])/g;
const DATE_LIKE = /^(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})$/;
const AMOUNT =
  /(?:[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:dollars|usd|euros?|eur|pounds|gbp)\b)/gi;

/** The placeholder a bare reference takes, from the nearest keyword before it in its sentence. */
const REFERENCE_KINDS: Array<[RegExp, string]> = [
  [/\b(?:invoice|bill|receipt)s?\b/gi, 'Invoice Number'],
  [/\btracking\b/gi, 'Tracking Number'],
  [/\b(?:order|purchase|package|parcel|shipment|delivery)s?\b/gi, PII_PLACEHOLDERS.order],
  [/\baccount\b/gi, PII_PLACEHOLDERS.account],
];

const digitsOf = (text: string) => text.replace(/\D/g, '');

function referenceName(before: string): string {
  const sentence = before.slice(Math.max(0, before.search(/[^.!?\n]*$/)));
  let best = { at: -1, name: 'Reference Number' };
  for (const [pattern, name] of REFERENCE_KINDS) {
    for (const m of sentence.matchAll(pattern)) if (m.index > best.at) best = { at: m.index, name };
  }
  return best.name;
}

/** Applies `rewrite` to the text between placeholders only (placeholder names are not data). */
function outsidePlaceholders(text: string, rewrite: (part: string, before: string) => string) {
  let done = '';
  for (const [i, part] of text.split(PLACEHOLDER).entries())
    done += i % 2 === 1 ? part : rewrite(part, done);
  return done;
}

/**
 * Scrubs one approved reply before it is trained on or served: the shared step of `brand dataset
 * build` and of training the brand voice. Bracket slots become `{{…}}` placeholders; personal
 * data becomes placeholders (`scrubPii`); any other reference with five or more digits (an order
 * or invoice number copied from the conversation the reply was written for) becomes `{{Order
 * Number}}`, `{{Invoice Number}}`, … by the keyword before it; and money amounts become
 * `{{Amount}}`. Company facts keep their own values. At serving, each placeholder is filled from
 * the conversation or the profile, or its clause is dropped, so a reply never repeats another
 * customer's number or amount. Idempotent.
 */
export function scrubApprovedReply(text: string, options: ScrubOptions = {}): ScrubResult {
  const facts = Object.values(options.companyFacts ?? {});
  const factDigits = facts.map(digitsOf).filter((d) => d.length > 0);
  const isFact = (value: string) => {
    const digits = digitsOf(value);
    return factDigits.some((d) => d === digits || (digits.length >= 5 && d.includes(digits)));
  };
  // An amount is the company's when a fact states that number as money ("Free Shipping Over": "$50").
  const factAmounts = new Set(
    facts.flatMap((f) => [...f.matchAll(AMOUNT)].map((m) => digitsOf(m[0]))),
  );
  const isFactAmount = (amount: string) => factAmounts.has(digitsOf(amount));
  let invoices = 0;
  const normalised = normaliseTemplateSlots(text).replace(
    INVOICE_REFERENCE,
    (match, prefix: string, value: string) => {
      if (isFact(value)) return match;
      invoices++;
      return `${prefix}{{Invoice Number}}`;
    },
  );
  const { text: scrubbed, counts } = scrubPii(normalised, options);
  counts.order += invoices;
  const out = outsidePlaceholders(scrubbed, (part, before) =>
    part
      .replace(IDENTIFIER, (token, offset: number) => {
        if (digitsOf(token).length < 5 || DATE_LIKE.test(token) || isFact(token)) return token;
        counts.order++;
        return `{{${referenceName(before + part.slice(0, offset))}}}`;
      })
      .replace(AMOUNT, (amount) => (isFactAmount(amount) ? amount : '{{Amount}}')),
  );
  return { text: out, counts };
}
