/** Slot names `extractSlots` fills; they match the placeholder groups of the same names. */
export const SLOT_NAMES = {
  orderNumber: 'Order Number',
  invoiceNumber: 'Invoice Number',
  email: 'Customer Email',
  amount: 'Amount',
} as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/** A number after "invoice"/"bill"/"receipt" (`bill #00108`, `invoice number is 12345`). */
const INVOICE =
  /\b(?:invoice|bill|receipt)s?\s*(?:number|num|no\.?|id|#)?\s*(?:is|was|:)?\s*#?\s*([A-Za-z]{0,4}\d[A-Za-z0-9-]{2,})\b/i;

/** Most specific first: a prefixed code, a `#` number, then a number after "order"/"purchase". */
const ORDER_PATTERNS = [
  /\b([A-Z]{2,5}-\d{3,}[A-Z0-9]*)\b/,
  /#\s?([A-Za-z]{0,4}\d[A-Za-z0-9-]{2,})/,
  /\b(?:order|purchase)\s*(?:number|num|no\.?|id|#)?\s*(?:is|was|:)?\s*#?\s*([A-Za-z]{0,4}\d[A-Za-z0-9-]{2,})\b/i,
];

/** `$12`, `€ 9.99`, `1,200 dollars`: the amount as the customer wrote it. */
const AMOUNT =
  /(?:[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:dollars|usd|euros?|eur|pounds|gbp)\b)/i;

/**
 * Pulls slot values a reply template can use out of a customer message: an order number
 * (`#12345`, `order 12345`, `order number is 12345`, `ORD-1234`), an invoice number
 * (`bill #00108`), an amount (`$12`) and an e-mail address.
 */
export function extractSlots(text: string): Record<string, string> {
  const slots: Record<string, string> = {};
  const email = EMAIL.exec(text)?.[0];
  if (email) slots[SLOT_NAMES.email] = email;
  // Each value is looked for in what is left once the ones before it are taken out, so the
  // digits of an e-mail address or an invoice number are never read as an order number.
  let rest = email ? text.replace(email, ' ') : text;
  const invoice = INVOICE.exec(rest);
  if (invoice?.[1]) {
    slots[SLOT_NAMES.invoiceNumber] = invoice[1];
    rest = rest.replace(invoice[0], ' ');
  }
  for (const pattern of ORDER_PATTERNS) {
    const match = pattern.exec(rest)?.[1];
    if (match) {
      slots[SLOT_NAMES.orderNumber] = match;
      rest = rest.replace(match, ' ');
      break;
    }
  }
  const amount = AMOUNT.exec(rest)?.[0];
  if (amount) slots[SLOT_NAMES.amount] = amount.trim();
  return slots;
}
