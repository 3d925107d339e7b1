/**
 * Converts the E-Manual QA data (Galaxy S10 manual + 50 expert questions) into the retrieval
 * evaluation format: `corpus.jsonl` (one record per manual section) and `questions.jsonl`.
 *
 *   npx tsx scripts/emanual-to-jsonl.ts [--shared ../shared] [--out .switchboard/eval/emanual] [--distractors]
 *
 * Only each section's `text` paragraphs (and titles) are exported: `t5_para`/`t5_text` contain
 * generated questions and would inflate retrieval scores.
 * With `--distractors`, the sections of the 38 other Samsung manuals are added (ids prefixed by
 * the manual name) and the default output folder becomes `.switchboard/eval/emanual-distractors`.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SwitchboardError } from '@switchboard/core';
import { parseCsvRecords } from '@switchboard/text';

interface ManualSection {
  id: string;
  title: string;
  text: string[];
  section_url?: string;
  section_hierarchy: string;
}

interface CorpusRecord {
  id: string;
  title: string;
  text: string;
  url?: string;
  metadata: { product: string; path: string };
}

interface QuestionRecord {
  id: string;
  question: string;
  relevant: string[];
  answer: string;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv: string[]): { shared: string; out: string; distractors: boolean } {
  let shared = resolve(repoRoot, '../shared');
  let out: string | undefined;
  let distractors = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--distractors') distractors = true;
    else if (arg === '--shared' || arg === '--out') {
      const value = argv[++i];
      if (!value) throw new SwitchboardError('BAD_REQUEST', `${arg} needs a value`);
      if (arg === '--shared') shared = resolve(value);
      else out = resolve(value);
    } else throw new SwitchboardError('BAD_REQUEST', `Unknown argument: ${arg}`);
  }
  const defaultOut = distractors
    ? '.switchboard/eval/emanual-distractors'
    : '.switchboard/eval/emanual';
  return { shared, out: out ?? resolve(repoRoot, defaultOut), distractors };
}

function readManual(path: string): Record<string, ManualSection> {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SwitchboardError('DATA_INVALID', `${path} is not an object of sections`);
  }
  const sections = parsed as Record<string, ManualSection>;
  for (const [key, section] of Object.entries(sections)) {
    if (!Array.isArray(section.text) || typeof section.section_hierarchy !== 'string') {
      throw new SwitchboardError('DATA_INVALID', `${path}: section ${key} lacks text/hierarchy`, {
        details: { section: key },
      });
    }
  }
  return sections;
}

/** Titles along `section_hierarchy` ("section_0>section_5"), root first. */
function breadcrumb(sections: Record<string, ManualSection>, section: ManualSection): string[] {
  return section.section_hierarchy
    .split('>')
    .map((id) => sections[id.trim()]?.title.trim() ?? '')
    .filter((title) => title !== '');
}

function toRecords(options: {
  sections: Record<string, ManualSection>;
  product: string;
  idPrefix: string;
}): CorpusRecord[] {
  const { sections, product, idPrefix } = options;
  return Object.entries(sections).map(([key, section]) => {
    const path = breadcrumb(sections, section).join(' > ');
    const record: CorpusRecord = {
      id: `${idPrefix}${key}`,
      title: path,
      text: section.text.join('\n'),
      metadata: { product, path },
    };
    if (section.section_url) record.url = section.section_url;
    return record;
  });
}

/**
 * The gold section(s) of a question: sections whose breadcrumb equals `section_path` (49/50).
 * Otherwise sections whose own title equals the last path element; when several do, keep those
 * sharing the most other path elements (the manual moved a page, not renamed it).
 */
function relevantSections(records: CorpusRecord[], sectionPath: string): string[] {
  const wanted = sectionPath.split('>').map((part) => part.trim());
  const exact = records.filter((r) => r.metadata.path === wanted.join(' > '));
  if (exact.length > 0) return exact.map((r) => r.id);
  const leaf = wanted.at(-1);
  const byLeaf = records.filter((r) => r.metadata.path.split(' > ').at(-1) === leaf);
  const shared = (r: CorpusRecord) =>
    r.metadata.path.split(' > ').filter((part) => wanted.includes(part)).length;
  const best = Math.max(0, ...byLeaf.map(shared));
  return byLeaf.filter((r) => shared(r) === best).map((r) => r.id);
}

function toJsonl(rows: unknown[]): string {
  return `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
}

function main(): void {
  const { shared, out, distractors } = parseArgs(process.argv.slice(2));
  const dataDir = join(shared, 'data', 'emanual-qa');
  const s10 = toRecords({
    sections: readManual(join(dataDir, 's10_manual_corpus.json')),
    product: 'Galaxy S10',
    idPrefix: '',
  });
  const corpus = [...s10];
  if (distractors) {
    const otherDir = join(dataDir, 'other_emanuals_corpus');
    for (const file of readdirSync(otherDir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const manual = basename(file, '.json');
      const sections = readManual(join(otherDir, file));
      corpus.push(
        ...toRecords({ sections, product: manual.replace(/_/g, ' '), idPrefix: `${manual}/` }),
      );
    }
  }

  const rows = parseCsvRecords(readFileSync(join(dataDir, 's10_50_questions.csv'), 'utf8'));
  let fallbacks = 0;
  const questions: QuestionRecord[] = rows.map((row) => {
    const sectionPath = row.section_path ?? '';
    const relevant = relevantSections(s10, sectionPath);
    if (relevant.length === 0) {
      throw new SwitchboardError('DATA_INVALID', `No section matches "${sectionPath}"`, {
        details: { questionId: row.question_id },
      });
    }
    if (!s10.some((r) => r.metadata.path === sectionPath.split('>').join(' > '))) fallbacks++;
    return {
      id: row.question_id ?? '',
      question: row.question ?? '',
      relevant,
      answer: row.answer ?? '',
    };
  });

  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'corpus.jsonl'), toJsonl(corpus));
  writeFileSync(join(out, 'questions.jsonl'), toJsonl(questions));
  console.log(
    `wrote ${out}: ${corpus.length} corpus records (${s10.length} S10, ${corpus.length - s10.length} distractors), ` +
      `${questions.length} questions (${questions.length - fallbacks} exact path, ${fallbacks} by section title)`,
  );
}

main();
