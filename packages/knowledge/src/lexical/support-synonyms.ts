import { termOf } from './analyzer.ts';

/**
 * Words that help centres and their customers use for the same thing ("delete" the customer
 * types, "remove" the manual writes). Each group is symmetric; only everyday support vocabulary
 * is listed, no product or domain terms, so it holds for any help centre; words a manual uses as
 * names ("Display" is a settings page, not another word for "screen") stay out. A synonym matches with
 * a lower weight than the word typed (`synonymWeight`), and only when the index holds it.
 */
const GROUPS: readonly (readonly string[])[] = [
  ['delete', 'remove', 'erase'],
  ['cancel', 'terminate', 'discontinue'],
  ['change', 'modify', 'edit', 'update'],
  ['enable', 'activate'],
  ['disable', 'deactivate'],
  ['setup', 'configure', 'install'],
  ['problem', 'issue', 'trouble'],
  ['fix', 'repair', 'troubleshoot'],
  ['error', 'fault'],
  ['buy', 'purchase'],
  ['refund', 'reimbursement', 'reimburse'],
  ['bill', 'invoice'],
  ['cost', 'price', 'fee'],
  ['ship', 'deliver'],
  ['shipment', 'delivery'],
  ['email', 'mail'],
  ['photo', 'picture', 'image'],
  ['calculate', 'compute', 'determine'],
  ['complain', 'complaint', 'feedback'],
  ['qualify', 'eligible', 'eligibility'],
  ['restore', 'recover'],
  ['phone', 'mobile', 'smartphone'],
  ['money', 'funds'],
  ['password', 'passcode'],
  ['login', 'signin'],
  ['username', 'login'],
  ['subscription', 'membership'],
];

let table: Map<string, string[]> | undefined;

/** The index terms of each word's synonyms (a term maps to the others of its groups). */
export function synonymTable(): ReadonlyMap<string, readonly string[]> {
  if (table) return table;
  table = new Map();
  for (const group of GROUPS) {
    const terms = [...new Set(group.map((word) => termOf(word)))];
    for (const term of terms) {
      const others = table.get(term) ?? [];
      for (const other of terms) if (other !== term && !others.includes(other)) others.push(other);
      table.set(term, others);
    }
  }
  return table;
}
