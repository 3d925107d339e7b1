/**
 * Builds the dev mix of issue 10 from ../shared/data (never copied into the repo), seeded, into
 * `.switchboard/eval/dev-mix/` (gitignored):
 *
 *   - `brand-train.csv`: a seeded, intent-stratified 80 % of the Bitext sample (all its columns);
 *   - `mix.jsonl`, the labelled messages for `switchboard eval hybrid`:
 *     knowledge: the 130 doc2dial-studentaid first questions (gold = their page);
 *     brand: 300 of the other 20 % of Bitext, without `contact_human_agent` (intent kept);
 *     person: the held-out `contact_human_agent` rows;
 *     oos: 300 of hwu64 out-of-scope; smalltalk: 100 of hwu64 small talk;
 *     followup: 200 of doc2dial-studentaid `followups.jsonl` with their history;
 *   - `manifest.json`: the seed, the sources and the counts.
 *
 * The help centre is `doc2dial-studentaid/corpus.jsonl` itself (its path is in the manifest).
 *
 *   npx tsx scripts/build-dev-mix.ts [--shared ../shared] [--out .switchboard/eval/dev-mix] [--seed 7]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseCsv, parseJsonl, seededRandom, shuffleInPlace } from '@switchboard/text';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    shared: { type: 'string', default: join(root, '..', 'shared') },
    out: { type: 'string', default: join(root, '.switchboard', 'eval', 'dev-mix') },
    seed: { type: 'string', default: '7' },
  },
});
const data = join(resolve(values.shared!), 'data');
const out = resolve(values.out!);
const seed = Number(values.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
const random = seededRandom(seed);

const PERSON_INTENT = 'contact_human_agent';
const COUNTS = { brand: 300, oos: 300, smalltalk: 100, followup: 200 };

/** A seeded sample of `n` (all of them when there are fewer), in a seeded order. */
function sample<T>(items: readonly T[], n: number): T[] {
  const copy = [...items];
  shuffleInPlace(copy, random);
  return copy.slice(0, n);
}

function readJsonl<T>(path: string): T[] {
  return parseJsonl(readFileSync(path, 'utf8')).map((line) => {
    if ('error' in line) throw new Error(`${path}:${line.line}: ${line.error}`);
    return line.value as T;
  });
}

interface MixLine {
  id: string;
  kind: string;
  message: string;
  goldDocIds?: string[];
  intent?: string;
  history?: Array<{ role: 'user' | 'assistant'; text: string }>;
}
const mix: MixLine[] = [];

// Bitext: stratified 80 / 20 by intent.
const bitextPath = join(
  data,
  'bitext-customer-support',
  'Bitext_Sample_Customer_Support_Training_Dataset.csv',
);
const [header, ...rows] = parseCsv(readFileSync(bitextPath, 'utf8'));
if (!header) throw new Error(`${bitextPath} is empty`);
const column = (name: string) => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`${bitextPath} has no ${name} column`);
  return i;
};
const [instruction, intent] = [column('instruction'), column('intent')];
const byIntent = new Map<string, string[][]>();
for (const row of rows) byIntent.set(row[intent]!, [...(byIntent.get(row[intent]!) ?? []), row]);
const train: string[][] = [];
const held: string[][] = [];
for (const label of [...byIntent.keys()].sort()) {
  const group = sample(byIntent.get(label)!, Number.POSITIVE_INFINITY);
  const cut = Math.round(group.length * 0.8);
  train.push(...group.slice(0, cut));
  held.push(...group.slice(cut));
}
const quote = (field: string) =>
  /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
const csv = [header, ...train].map((r) => r.map(quote).join(',')).join('\r\n');

const rowId = (row: string[]) => `bitext-${rows.indexOf(row) + 1}`;
for (const row of sample(
  held.filter((r) => r[intent] !== PERSON_INTENT),
  COUNTS.brand,
)) {
  mix.push({ id: rowId(row), kind: 'brand', message: row[instruction]!, intent: row[intent]! });
}
for (const row of held.filter((r) => r[intent] === PERSON_INTENT)) {
  mix.push({ id: rowId(row), kind: 'person', message: row[instruction]!, intent: PERSON_INTENT });
}

// doc2dial-studentaid: every first question, and seeded follow-ups with their history.
const doc2dial = join(data, 'doc2dial-studentaid');
for (const q of readJsonl<{ id: string; question: string; relevant: string[] }>(
  join(doc2dial, 'questions.jsonl'),
)) {
  mix.push({ id: `q-${q.id}`, kind: 'knowledge', message: q.question, goldDocIds: q.relevant });
}
const followups = readJsonl<{
  id: string;
  history: string[];
  question: string;
  relevant: string[];
}>(join(doc2dial, 'followups.jsonl'));
// One dialogue has placeholder turns ("a"): not a message anyone wrote.
const usable = followups.filter(
  (f) =>
    f.question.trim().length > 1 &&
    f.history.every((h) => h.replace(/^\w+:/, '').trim().length > 1),
);
for (const f of sample(usable, COUNTS.followup)) {
  mix.push({
    id: `f-${f.id}`,
    kind: 'followup',
    message: f.question,
    goldDocIds: f.relevant,
    history: f.history.map((h) => {
      const [speaker, ...rest] = h.split(':');
      return { role: speaker === 'user' ? 'user' : 'assistant', text: rest.join(':') };
    }),
  });
}

// hwu64: out of scope and small talk.
const hwu = join(data, 'hwu64-out-of-scope');
const hwuItems = (file: string, kind: string, n: number) =>
  sample(
    readJsonl<{ text: string; topic: string }>(join(hwu, file)).map((t, i) => ({ ...t, i })),
    n,
  ).forEach((t) => {
    mix.push({ id: `${kind}-${t.i + 1}`, kind, message: t.text });
  });
hwuItems('out-of-scope.jsonl', 'oos', COUNTS.oos);
hwuItems('small-talk.jsonl', 'smalltalk', COUNTS.smalltalk);

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'brand-train.csv'), `${csv}\r\n`);
writeFileSync(join(out, 'mix.jsonl'), `${mix.map((m) => JSON.stringify(m)).join('\n')}\n`);
const counts = Object.fromEntries(
  [...new Set(mix.map((m) => m.kind))].map((k) => [k, mix.filter((m) => m.kind === k).length]),
);
const manifest = {
  seed,
  corpus: join(doc2dial, 'corpus.jsonl'),
  brandData: join(out, 'brand-train.csv'),
  mix: join(out, 'mix.jsonl'),
  brandTrainRows: train.length,
  brandHeldOutRows: held.length,
  counts,
  sources: { bitext: bitextPath, doc2dial, hwu64: hwu },
};
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(manifest)}\n`);
