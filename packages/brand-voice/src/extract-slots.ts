/** Slot names `extractSlots` fills; they match the `{{Order Number}}` / `{{Customer Email}}` groups. */
export const SLOT_NAMES = { orderNumber: 'Order Number', email: 'Customer Email' } as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/** Most specific first: a prefixed code, a `#` number, then a number after "order"/"purchase". */
const ORDER_PATTERNS = [
  /\b([A-Z]{2,5}-\d{3,}[A-Z0-9]*)\b/,
  /#\s?([A-Za-z]{0,4}\d[A-Za-z0-9-]{2,})/,
  /\b(?:order|purchase)\s*(?:number|num|no\.?|id|#)?\s*(?:is|was|:)?\s*#?\s*([A-Za-z]{0,4}\d[A-Za-z0-9-]{2,})\b/i,
];

/**
 * Pulls slot values a reply template can use out of a customer message: an order number
 * (`#12345`, `order 12345`, `order number is 12345`, `ORD-1234`) and an e-mail address.
 */
export function extractSlots(text: string): Record<string, string> {
  const slots: Record<string, string> = {};
  const email = EMAIL.exec(text)?.[0];
  if (email) slots[SLOT_NAMES.email] = email;
  // Order numbers are looked for outside the e-mail address, whose digits are not an order.
  const rest = email ? text.replace(email, ' ') : text;
  for (const pattern of ORDER_PATTERNS) {
    const match = pattern.exec(rest)?.[1];
    if (match) {
      slots[SLOT_NAMES.orderNumber] = match;
      break;
    }
  }
  return slots;
}
