/**
 * Placeholder vocabulary. Templates from different sources name the same fact differently
 * (Bitext: `{{Customer Support Phone Number}}`, our sample data: `{{Support Phone}}`), so names
 * are grouped; a value for any name of a group fills every name of that group, and a group has a
 * neutral phrase for when no value is known.
 */

/** Lower-case, `_`/`-` as spaces, single spaces, without Bitext's "Anonymized" suffix. */
export function normalisePlaceholderName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ anonymi[sz]ed$/, '');
}

interface PlaceholderGroup {
  names: string[];
  /** Neutral wording used when no value is known; without one, the clause is removed. */
  fallback?: string;
}

const GROUPS: PlaceholderGroup[] = [
  {
    names: [
      'order number',
      'order id',
      'order no',
      'purchase id',
      'purchase number',
      'order reference',
    ],
    fallback: 'your order number',
  },
  {
    names: ['invoice number', 'bill number', 'invoice id'],
    fallback: 'your invoice number',
  },
  { names: ['tracking number', 'tracking id'], fallback: 'your tracking number' },
  // Amounts and other references only the customer can give: without a value, the clause goes.
  { names: ['amount', 'refund amount', 'payment amount', 'order amount', 'total amount'] },
  {
    names: [
      'reference number',
      'reference',
      'transaction id',
      'transaction number',
      'ticket number',
      'case number',
    ],
  },
  { names: ['customer email', 'customer email address'], fallback: 'your e-mail address' },
  { names: ['customer name', 'name field', 'client name', 'first name'] },
  {
    names: ['website name', 'website', 'website or app', 'website/app name', 'online platform'],
    fallback: 'our website',
  },
  {
    names: ['website url', 'company website', 'service website', 'site url', 'url'],
    fallback: 'our website',
  },
  { names: ['mobile app name', 'app name'], fallback: 'our app' },
  { names: ['company name', 'company', 'brand name', 'business name'], fallback: 'our company' },
  {
    names: [
      'customer support phone number',
      'customer service phone number',
      'support phone number',
      'support phone',
      'phone number',
      'contact number',
      'toll free number',
      'complaint phone number',
    ],
    fallback: 'our support phone line',
  },
  {
    names: [
      'customer support email',
      'customer support email address',
      'customer service email',
      'support email',
      'support email address',
      'feedback email address',
      'email address',
      'contact email',
    ],
    fallback: 'our support e-mail address',
  },
  {
    names: [
      'customer support availability',
      'customer support hours',
      'customer service hours',
      'support hours',
      'support team availability',
      'customer assistance hours',
      'operating hours',
      'business hours',
      'opening hours',
    ],
    fallback: 'during our support hours',
  },
  { names: ['live chat', 'chat', 'live chat support'], fallback: 'live chat' },
  {
    names: [
      'returns window',
      'return window',
      'refund period',
      'refund timeframe',
      'return period',
    ],
    fallback: 'the returns window',
  },
  { names: ['refund policy', 'return policy', 'returns policy'], fallback: 'our refund policy' },
  { names: ['response time'], fallback: 'a short time' },
  {
    names: ['refund processing time', 'refund processing time frame'],
    fallback: 'a few business days',
  },
];

const GROUP_BY_NAME = new Map<string, PlaceholderGroup>();
for (const group of GROUPS) for (const name of group.names) GROUP_BY_NAME.set(name, group);

/** The normalised names that share a fact with `name` (itself first). */
export function synonymsOf(name: string): string[] {
  const key = normalisePlaceholderName(name);
  const group = GROUP_BY_NAME.get(key);
  return group ? [key, ...group.names.filter((n) => n !== key)] : [key];
}

export function fallbackPhrase(name: string): string | undefined {
  return GROUP_BY_NAME.get(normalisePlaceholderName(name))?.fallback;
}

/**
 * Names that hold data about a customer, an order or money; these must never be shown as their
 * own label ("your refund of Refund Amount").
 */
const DATA_WORDS =
  /\b(number|id|amount|date|time|name|email|e mail|phone|url|hours|availability|price|total|code|city|address|percentage|days|situation|case|charges|fee|fees|penalty|type|tier|level)\b/;

/** Words after a placeholder that show it names something on screen (a section, a button…). */
const UI_NOUNS =
  /^\s*(section|button|page|tab|option|link|menu|field|area|screen|panel|form|settings|icon|window|portal)\b/i;

/**
 * Bitext templates name screens and buttons as placeholders ("Go to the {{Order History}}
 * section", "click {{Cancel Order}}"): the label itself is the neutral wording there. A name is a
 * label when it is short, does not hold data, or is directly followed by a UI noun.
 */
export function isInterfaceLabel(name: string, textAfter: string): boolean {
  const trimmed = name.trim();
  const words = trimmed.split(/\s+/);
  if (!/^[A-Za-z][A-Za-z &/']{0,40}$/.test(trimmed) || words.length > 4) return false;
  // "[X to Y]", "{{N}}": single-letter words are template variables, never a screen's label.
  if (words.some((word) => /^[A-Za-z]$/.test(word))) return false;
  if (UI_NOUNS.test(textAfter)) return true;
  return !DATA_WORDS.test(normalisePlaceholderName(trimmed)) && /^[A-Z]/.test(trimmed);
}
