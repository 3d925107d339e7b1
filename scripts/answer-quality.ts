/**
 * `npx tsx scripts/answer-quality.ts [--shared ../shared] [--json] [--show N]`: how readable and
 * on-point are the offline (extractive) knowledge answers on real, crawled help pages?
 *
 * The `doc2dial-studentaid` pages (../shared/data, never copied into the repo) are indexed with the
 * real runtime pieces (JSONL loader, chunking, embedded index, `KnowledgeRetriever`); each of the
 * 130 first questions is peeled of its greeting as the assistant does, retrieved, and answered by
 * `extractiveAnswer` exactly as the assistant calls it. Counted:
 * - `debris`: answers with any source debris: a bracket marker that is not one of our citations
 *   (`[3]`, `[edit]`), a link-only line, a navigation label ("share link", "Share this page",
 *   "Print", "On this page", "Skip to", "Back to top"), or an all-caps call to action
 *   ("LEARN HOW TO STAY ELIGIBLE"), or a run of link titles (a line of 8+ mostly capitalised
 *   words without punctuation); `debris_by_kind` splits it;
 * - `words_p50` / `words_p90`: answer length in words (citation markers not counted);
 * - `cut_list`: answers whose last list line is followed, on the source page, by more list lines
 *   that the answer neither shows nor announces ("…and N more");
 * - `preamble`: answers that open with the old canned "Here's what our help centre says";
 * - `gold_cited_first`: the first citation is on the gold page;
 * - `has_gold_sentence`: a proxy for "answers the question", NOT a judgement of correctness. The
 *   gold sentence is the sentence of the gold page (split on . ! ? and line breaks; questions,
 *   fragments under 6 words and mostly capitalised runs of link titles left out) with the highest question-word overlap, each shared word
 *   weighted by log(1 + n / df) over that page's sentences (unstemmed words, no stopwords). An
 *   answer "contains" it when 80 % of its words occur in the answer. Reported over all questions
 *   and over those whose gold page is cited first (`has_gold_sentence_when_cited`). Being lexical,
 *   it favours a lexical selector: read it as "quotes the part of the page that talks about what
 *   was asked", no more.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { extractiveAnswer, readConversationAct } from '@switchboard/assistant';
import {
  EmbeddedIndex,
  ingestDocuments,
  KnowledgeRetriever,
  loadJsonlCorpus,
} from '@switchboard/knowledge';
import { isStopword, parseJsonl, words } from '@switchboard/text';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    shared: { type: 'string', default: join(root, '..', 'shared') },
    json: { type: 'boolean', default: false },
    show: { type: 'string', default: '0' },
  },
});
const dataDir = join(resolve(values.shared!), 'data', 'doc2dial-studentaid');
const corpusPath = join(dataDir, 'corpus.jsonl');

interface Question {
  id: string;
  question: string;
  relevant: string[];
}
const questions = parseJsonl(await readFile(join(dataDir, 'questions.jsonl'), 'utf8')).flatMap(
  (line) => ('value' in line ? [line.value as Question] : []),
);

const DEBRIS: Array<[kind: string, pattern: RegExp]> = [
  ['source_marker', /\[(?:\d+|edit|citation needed|note \d+)\]/gi],
  ['link_only_line', /^\s*(?:[-*]\s*)?(?:\[[^\]]+\]\([^)]+\)\s*)+$|^\s*https?:\/\/\S+\s*$/m],
  [
    'nav_label',
    /\bshare link\b|\bshare this (?:page|article)\b|^\s*print\b|\bon this page\b|\bskip to\b|\bback to top\b/im,
  ],
  ['all_caps_cta', /\b[A-Z]{2,}(?: [A-Z]{2,}){2,}\b/],
];

/** A run of link titles: eight or more words, mostly capitalised, no sentence punctuation. */
function hasTitleCaseRun(text: string): boolean {
  return text.split('\n').some((line) => {
    const tokens = line
      .replace(/\[\d+\]/g, '')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return tokens.length >= 8 && !/[.!?:;,]/.test(line) && mostlyCapitalised(tokens);
  });
}

function mostlyCapitalised(tokens: string[]): boolean {
  return tokens.filter((t) => /^[A-Z]/.test(t)).length >= 0.6 * tokens.length;
}

/** Source bracket numbers are debris only when they are not one of our own citation numbers. */
function debrisKinds(text: string, citationCount: number): string[] {
  const kinds: string[] = [];
  for (const [kind, pattern] of DEBRIS) {
    if (kind === 'source_marker') {
      const foreign = [...text.matchAll(pattern)].some((m) => {
        const n = Number(m[0].slice(1, -1));
        return !(Number.isInteger(n) && n >= 1 && n <= citationCount);
      });
      if (foreign) kinds.push(kind);
    } else if (pattern.test(text)) kinds.push(kind);
  }
  if (hasTitleCaseRun(text)) kinds.push('title_case_run');
  return kinds;
}

const wordCount = (text: string) =>
  text
    .replace(/\[\d+\]/g, '')
    .split(/\s+/)
    .filter(Boolean).length;
const content = (text: string) => words(text).filter((w) => !isStopword(w));

function sentencesOf(page: string): string[] {
  return page
    .split(/\n+|(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => {
      const tokens = s.split(/\s+/);
      return !s.endsWith('?') && tokens.length >= 6 && !mostlyCapitalised(tokens);
    });
}

function goldSentence(question: string, page: string): string | undefined {
  const sentences = sentencesOf(page);
  const df = new Map<string, number>();
  const bags = sentences.map((s) => new Set(content(s)));
  for (const bag of bags) for (const w of bag) df.set(w, (df.get(w) ?? 0) + 1);
  const asked = new Set(content(question));
  let best: string | undefined;
  let bestScore = 0;
  bags.forEach((bag, i) => {
    let score = 0;
    for (const w of asked) if (bag.has(w)) score += Math.log(1 + sentences.length / df.get(w)!);
    if (score > bestScore) {
      bestScore = score;
      best = sentences[i];
    }
  });
  return best;
}

function contains(answer: string, sentence: string): boolean {
  const have = new Map<string, number>();
  for (const w of words(answer)) have.set(w, (have.get(w) ?? 0) + 1);
  const want = words(sentence);
  let found = 0;
  for (const w of want) {
    const n = have.get(w) ?? 0;
    if (n > 0) {
      found++;
      have.set(w, n - 1);
    }
  }
  return want.length > 0 && found / want.length >= 0.8;
}

const LIST_LINE = /^\s*(?:[-*•]\s|\d+[.)]\s|\|)|\s\|\s/;
/** The answer's last list line is followed on the page by list lines it neither shows nor counts. */
function endsInCutList(answer: string, page: string): boolean {
  if (/\band \d+ more\b/i.test(answer)) return false;
  const lines = answer.split('\n').filter((l) => LIST_LINE.test(l));
  const last = lines.at(-1);
  if (!last) return false;
  const probe = content(last.replace(/\[\d+\]/g, '')).join(' ');
  const pageLines = page.split('\n').map((l) => l.trim());
  const at = pageLines.findIndex((l) => probe && content(l).join(' ').includes(probe));
  if (at === -1) return false;
  const next = pageLines.slice(at + 1).find((l) => l);
  return next !== undefined && LIST_LINE.test(next);
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

const directory = await mkdtemp(join(tmpdir(), 'switchboard-answer-quality-'));
const index = await EmbeddedIndex.open({ directory });
try {
  const { documents } = await loadJsonlCorpus(corpusPath);
  const pages = new Map(documents.map((d) => [d.id, d.text]));
  await ingestDocuments({ documents, index });
  const retriever = new KnowledgeRetriever({ index });
  const byKind = new Map<string, number>();
  const lengths: number[] = [];
  let debris = 0;
  let cut = 0;
  let preamble = 0;
  let citedFirst = 0;
  let gold = 0;
  let goldWhenCited = 0;
  let answered = 0;
  const show = Number(values.show);
  for (const q of questions) {
    const query = readConversationAct(q.question).remainder || q.question;
    const retrieval = await retriever.retrieve(query);
    const answer = extractiveAnswer(retrieval.query, retrieval.hits);
    if (!answer.text) continue;
    answered++;
    const kinds = debrisKinds(answer.text, answer.citations.length);
    for (const k of kinds) byKind.set(k, (byKind.get(k) ?? 0) + 1);
    if (kinds.length > 0) debris++;
    lengths.push(wordCount(answer.text));
    if (answer.text.startsWith("Here's what our help centre says")) preamble++;
    const first = answer.citations[0];
    const page = first ? (pages.get(first.docId) ?? '') : '';
    if (endsInCutList(answer.text, page)) cut++;
    const goldId = q.relevant[0] ?? '';
    const isCited = first?.docId === goldId;
    if (isCited) citedFirst++;
    const target = goldSentence(query, pages.get(goldId) ?? '');
    const hasGold = target !== undefined && contains(answer.text, target);
    if (hasGold) gold++;
    if (hasGold && isCited) goldWhenCited++;
    if (answered <= show)
      process.stderr.write(
        `\n### ${q.question}\n(query: ${query}; gold ${goldId}, cited ${first?.docId}; debris: ${kinds.join(',') || '-'})\n` +
          `gold sentence: ${target}\n---\n${answer.text}\n`,
      );
  }
  lengths.sort((a, b) => a - b);
  const share = (n: number, of = answered) => (of ? Number((n / of).toFixed(3)) : 0);
  const report = {
    n: questions.length,
    answered,
    debris: share(debris),
    debris_by_kind: Object.fromEntries([...byKind].map(([k, v]) => [k, share(v)])),
    words_p50: quantile(lengths, 0.5),
    words_p90: quantile(lengths, 0.9),
    cut_list: share(cut),
    preamble: share(preamble),
    gold_cited_first: share(citedFirst),
    has_gold_sentence: share(gold),
    has_gold_sentence_when_cited: share(goldWhenCited, citedFirst),
  };
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else
    for (const [k, v] of Object.entries(report))
      process.stdout.write(`${k}\t${JSON.stringify(v)}\n`);
} finally {
  await index.close();
  await rm(directory, { recursive: true, force: true });
}
