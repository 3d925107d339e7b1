/** The five kinds of personal data the scrubber replaces with placeholders. */
export type PiiKind = 'email' | 'phone' | 'card' | 'account' | 'order';

export type PiiCounts = Record<PiiKind, number>;

export const emptyPiiCounts = (): PiiCounts => ({
  email: 0,
  phone: 0,
  card: 0,
  account: 0,
  order: 0,
});

/**
 * The placeholder each kind of personal data becomes. Names are chosen for how the serving side
 * fills them: `Customer Email` and `Order Number` take the values the customer typed (slot
 * extraction), the others have no value and are removed with their clause, so a model never
 * repeats a customer's card or phone number.
 */
export const PII_PLACEHOLDERS: Readonly<Record<PiiKind, string>> = {
  email: 'Customer Email',
  phone: 'Customer Phone Number',
  card: 'Card Number',
  account: 'Account Number',
  order: 'Order Number',
};

export interface ScrubResult {
  text: string;
  counts: PiiCounts;
}

export interface ScrubOptions {
  /**
   * Company facts (`{"Support Phone": "+1 555 0100"}`): an e-mail address or phone number equal
   * to one of them is the company's own, so it becomes `{{Support Phone}}` and is not counted.
   */
  companyFacts?: Readonly<Record<string, string>>;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** A number after "order"/"purchase" (the keyword stays), a `#1234` reference, or `ORD-1234`. */
const ORDER_AFTER_KEYWORD =
  /\b((?:order|purchase)(?:\s*(?:number|num|no\.?|id|reference|ref))?\s*(?:is|was|:)?\s*)#?\s*([A-Za-z]{0,4}\d[A-Za-z0-9-]{2,})\b/gi;
/** "the order with the number 123…": an order/purchase mentioned shortly before a number noun. */
const ORDER_IN_CONTEXT =
  /\b((?:order|purchase)\b[^.\n{}]{0,40}?\b(?:number|no\.?|id|reference|ref)\s*(?:is|was|:)?\s*)#?\s*([A-Za-z]{0,4}\d[A-Za-z0-9-]{2,})\b/gi;
const ORDER_REFERENCE = /(?:#\s?\d{4,}[A-Za-z0-9-]*|\b[A-Z]{2,5}-\d{3,}[A-Z0-9]*\b)/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const ACCOUNT_AFTER_KEYWORD =
  /\b((?:account|acct|a\/c)(?:\s*(?:number|num|no\.?))?\s*(?:is|:)?\s*)#?\s*(\d[\d -]{4,22}\d)\b/gi;
const PHONE = /(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}\b/g;
const DATE_LIKE = /^(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})$/;

/** Issuer prefixes of the major card networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro). */
const CARD_PREFIX = /^(?:4|5[0-9]|2[2-7]|3[0478]|6)/;
/** A placeholder wrapped around a raw value, e.g. `{{113542617735902}}` in generated data. */
const WRAPPED = /\{\{\s*([^{}]*?)\s*\}\}/g;
const ROLE_MAILBOX =
  /^(?:support|help|helpdesk|info|contact|service|customerservice|care|billing|sales|hello|team|no-?reply)@/i;
const RAW_IDENTIFIER = /^(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{6,}$/;
const digitsOf = (text: string) => text.replace(/\D/g, '');

/** The Luhn checksum every payment card number passes (and most random digit runs fail). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function isValidIban(candidate: string): boolean {
  const iban = candidate.replace(/\s/g, '');
  if (iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

function looksLikePhone(match: string): boolean {
  const digits = digitsOf(match).length;
  if (DATE_LIKE.test(match.trim())) return false;
  return match.trimStart().startsWith('+')
    ? digits >= 8 && digits <= 15
    : digits >= 9 && digits <= 15;
}

/**
 * Replaces e-mail addresses, phone numbers, payment card numbers (Luhn-checked), IBAN and
 * account numbers, and order references with placeholders, and counts each kind. Order matters:
 * an order number is recognised by its keyword before its digits could pass for a card or phone.
 */
export function scrubPii(text: string, options: ScrubOptions = {}): ScrubResult {
  const counts = emptyPiiCounts();
  // A raw value inside braces becomes the placeholder itself, not "{{{{Order Number}}}}".
  const unwrapped = text.replace(WRAPPED, (match, inner: string) => {
    const scrubbed = scrubPlain(inner, options);
    if (!/^\{\{[^{}]+\}\}$/.test(scrubbed.text)) {
      // A bare identifier where a name belongs is a leaked reference; most often an order's.
      if (!RAW_IDENTIFIER.test(inner)) return match;
      counts.order++;
      return `{{${PII_PLACEHOLDERS.order}}}`;
    }
    addCounts(counts, scrubbed.counts);
    return scrubbed.text;
  });
  const rest = scrubPlain(unwrapped, options);
  addCounts(counts, rest.counts);
  return { text: rest.text, counts };
}

function scrubPlain(text: string, options: ScrubOptions): ScrubResult {
  const counts = emptyPiiCounts();
  const own = new Map<string, string>();
  for (const [key, value] of Object.entries(options.companyFacts ?? {})) {
    if (value.includes('@')) own.set(value.trim().toLowerCase(), key);
    else if (digitsOf(value).length >= 7) own.set(digitsOf(value), key);
  }
  const mark = (kind: PiiKind) => {
    counts[kind]++;
    return `{{${PII_PLACEHOLDERS[kind]}}}`;
  };
  let out = text.replace(EMAIL, (m) => {
    const key = own.get(m.toLowerCase());
    if (key) return `{{${key}}}`;
    // support@…, help@…: a company mailbox, not a person's address.
    return ROLE_MAILBOX.test(m) ? '{{Support Email}}' : mark('email');
  });
  out = out.replace(ORDER_AFTER_KEYWORD, (_m, prefix: string) => `${prefix}${mark('order')}`);
  out = out.replace(ORDER_IN_CONTEXT, (_m, prefix: string) => `${prefix}${mark('order')}`);
  out = out.replace(ORDER_REFERENCE, () => mark('order'));
  out = out.replace(IBAN, (m) => (isValidIban(m) ? mark('account') : m));
  out = out.replace(CARD, (m) =>
    CARD_PREFIX.test(m) && passesLuhn(digitsOf(m)) ? mark('card') : m,
  );
  out = out.replace(ACCOUNT_AFTER_KEYWORD, (_m, prefix: string) => `${prefix}${mark('account')}`);
  out = out.replace(PHONE, (m) => {
    if (!looksLikePhone(m)) return m;
    const key = own.get(digitsOf(m));
    return key ? `{{${key}}}` : mark('phone');
  });
  return { text: out, counts };
}

export function addCounts(into: PiiCounts, more: PiiCounts): void {
  for (const kind of Object.keys(into) as PiiKind[]) into[kind] += more[kind];
}

export const totalPii = (counts: PiiCounts): number =>
  Object.values(counts).reduce((sum, n) => sum + n, 0);
