/**
 * `npx tsx scripts/brand-facts-check.ts [--shared ../shared] [--n 300] [--seed 42] [--json]`:
 * do offline brand replies state only facts the customer or the company profile gave?
 *
 * The Bitext sample (../shared/data, never copied into the repo) is split per intent, seeded,
 * 80 % / 20 %; the brand voice is trained on the 80 % exactly as the server trains it, and
 * replies to `--n` held-out messages (not `contact_human_agent`), each classified first. Counted:
 * - `leaked_identifiers`: replies with a 5+ digit number or identifier absent from the message
 *   and the profile;
 * - `brackets_or_placeholders`: replies with any `[`, `]`, `{` or `}`;
 * - `unsupported_specifics`: replies naming a tier, person, place or amount the message and the
 *   profile do not (the lexicon is the data set's own annotated entity values, used here only to
 *   measure; the brand voice never sees it);
 * - `intent_accuracy` of the classifier on the same messages;
 * - `reply_uses_their_number`: of the `gave_a_number` messages with a 5+ digit number, how many
 *   replies repeat it (the customer's own number is welcome).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type BrandExample,
  OfflineBrandVoice,
  parseBitextCsv,
  trainBrandVoice,
} from '@switchboard/brand-voice';
import { parseCsvRecords, seededRandom, shuffleInPlace } from '@switchboard/text';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    shared: { type: 'string', default: join(root, '..', 'shared') },
    n: { type: 'string', default: '300' },
    seed: { type: 'string', default: '42' },
    json: { type: 'boolean', default: false },
    show: { type: 'string', default: '0' },
  },
});
const csvPath = join(
  resolve(values.shared!),
  'data/bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv',
);
const csv = readFileSync(csvPath, 'utf8');
const seed = Number(values.seed);
const profile: Record<string, string> = {};
for (const [key, value] of Object.entries(
  JSON.parse(readFileSync(join(root, 'data/sample/company.json'), 'utf8')) as Record<
    string,
    unknown
  >,
))
  if (typeof value === 'string') profile[key] = value;

// The same rows twice: the brand-voice parser (what the server reads) and the raw records (for
// the annotated entity values, which only this measurement uses).
const examples = parseBitextCsv(csv).examples;
const records = parseCsvRecords(csv);
if (records.length !== examples.length) throw new Error('CSV parsers disagree on the row count');

/** Seeded, intent-stratified 80/20 split of row indices. */
function split(intents: readonly string[]): { train: number[]; test: number[] } {
  const random = seededRandom(seed);
  const byIntent = new Map<string, number[]>();
  intents.forEach((intent, i) => {
    byIntent.set(intent, [...(byIntent.get(intent) ?? []), i]);
  });
  const out = { train: [] as number[], test: [] as number[] };
  for (const intent of [...byIntent.keys()].sort()) {
    const rows = byIntent.get(intent)!;
    shuffleInPlace(rows, random);
    const held = Math.round(rows.length * 0.2);
    out.test.push(...rows.slice(0, held));
    out.train.push(...rows.slice(held));
  }
  return out;
}

const parts = split(examples.map((e) => e.intent));
const train: BrandExample[] = parts.train.sort((a, b) => a - b).map((i) => examples[i]!);
const pool = parts.test.filter((i) => examples[i]!.intent !== 'contact_human_agent');
shuffleInPlace(pool, seededRandom(seed + 1));
const test = pool.slice(0, Number(values.n));

const started = performance.now();
const model = OfflineBrandVoice.fromArtifact(
  trainBrandVoice(train, { companyFacts: profile } as Parameters<typeof trainBrandVoice>[1]),
  profile,
);
const trainSeconds = (performance.now() - started) / 1000;

// --- the measurement lexicon: annotated entity values, by kind ---
const TIER_NOUN =
  '(?:\\s+\\w+)?\\s+(?:account|plan|tier|membership|subscription|package|level)s?\\b';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const entityValues = new Map<string, Set<string>>();
for (const r of records) {
  const type = r.entity_type ?? '';
  const value = (r.entity_value ?? '').trim();
  if (!value || ['order_id', 'invoice_id', 'refund_amount'].includes(type)) continue;
  entityValues.set(type, (entityValues.get(type) ?? new Set()).add(value));
}
/** A tier word is also an ordinary word ("feel free", "standard shipping"): it counts when an
 * account noun follows it, or when it is capitalised as a name. */
function matcher(type: string, value: string): (text: string) => boolean {
  if (type !== 'account_type') {
    const word = new RegExp(`\\b${escapeRegExp(value)}\\b`);
    return (text) => word.test(text);
  }
  const withNoun = new RegExp(`\\b${escapeRegExp(value)}${TIER_NOUN}`, 'i');
  const asName = new RegExp(`\\b${escapeRegExp(value[0]!.toUpperCase() + value.slice(1))}\\b`);
  return (text) => withNoun.test(text) || asName.test(text);
}
const specificPatterns: Array<{ kind: string; value: string; test: (text: string) => boolean }> =
  [];
for (const [type, set] of entityValues)
  for (const value of set) specificPatterns.push({ kind: type, value, test: matcher(type, value) });
const AMOUNT =
  /(?:[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:dollars|usd|euros?|eur|pounds|gbp)\b)/gi;
const IDENTIFIER = /[A-Za-z0-9#-]*\d[A-Za-z0-9#-]*/g;

const digits = (s: string) => s.replace(/\D/g, '');
const profileText = Object.values(profile).join(' \n ');
const supported = (value: string, message: string) => {
  const re = new RegExp(`\\b${escapeRegExp(value)}\\b`, 'i');
  return re.test(message) || re.test(profileText);
};

interface Finding {
  message: string;
  reply: string;
  what: string[];
}
const found = { ids: [] as Finding[], brackets: [] as Finding[], specifics: [] as Finding[] };
let correct = 0;
let gaveNumber = 0;
const replyMs: number[] = [];
let sawOwnNumber = 0;
for (const i of test) {
  const example = examples[i]!;
  const message = example.text;
  const intent = model.classify(message);
  if (intent.label === example.intent) correct++;
  const replyStarted = performance.now();
  const reply = model.reply({ text: message, intent, history: [] }).text;
  replyMs.push(performance.now() - replyStarted);
  const known = `${digits(message)} ${digits(profileText)}`;
  const ids = [...reply.matchAll(IDENTIFIER)]
    .map((m) => m[0])
    .filter((t) => digits(t).length >= 5 && !known.includes(digits(t)));
  if (ids.length) found.ids.push({ message, reply, what: ids });
  const own = message.match(/\d{5,}/)?.[0];
  if (own) {
    gaveNumber++;
    if (digits(reply).includes(own)) sawOwnNumber++;
  }
  const brackets = reply.match(/[[\]{}][^[\]{}]{0,30}/g);
  if (brackets) found.brackets.push({ message, reply, what: brackets });
  const specifics = specificPatterns
    .filter((p) => p.test(reply) && !supported(p.value, message))
    .map((p) => `${p.kind}:${p.value}`);
  const amounts = [...reply.matchAll(AMOUNT)]
    .map((m) => m[0])
    .filter((a) => !` ${digits(message)} ${digits(profileText)}`.includes(` ${digits(a)}`));
  const unsupported = [...specifics, ...amounts.map((a) => `amount:${a}`)];
  if (unsupported.length) found.specifics.push({ message, reply, what: unsupported });
}

const report = {
  n: test.length,
  train: train.length,
  train_seconds: Number(trainSeconds.toFixed(1)),
  intent_accuracy: Number((correct / test.length).toFixed(4)),
  leaked_identifiers: found.ids.length,
  brackets_or_placeholders: found.brackets.length,
  unsupported_specifics: found.specifics.length,
  reply_ms_p50: Number(replyMs.sort((a, b) => a - b)[Math.floor(replyMs.length / 2)]!.toFixed(2)),
  gave_a_number: gaveNumber,
  reply_uses_their_number: sawOwnNumber,
};
if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  for (const [key, value] of Object.entries(report)) process.stdout.write(`${key}: ${value}\n`);
  const show = Number(values.show);
  for (const [name, list] of Object.entries(found))
    for (const f of list.slice(0, show))
      process.stdout.write(
        `\n[${name}] ${f.what.join(', ')}\n  customer: ${f.message}\n  reply: ${f.reply.replace(/\n/g, ' ⏎ ')}\n`,
      );
}
