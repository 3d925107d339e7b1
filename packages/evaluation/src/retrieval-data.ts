import { readFileSync } from 'node:fs';
import { SwitchboardError } from '@switchboard/core';
import { parseJsonl } from '@switchboard/text';

/** One document of a retrieval-evaluation corpus (`corpus.jsonl`). */
export interface CorpusRecord {
  id: string;
  title?: string;
  text: string;
  url?: string;
  metadata?: Record<string, string | number | boolean>;
}

/** A line of a JSONL file that could not be used, with the reason (1-based line number). */
export interface LineProblem {
  line: number;
  problem: string;
}

/** One evaluation question with the ids of the documents that answer it. */
export interface RetrievalQuestion {
  id: string;
  question: string;
  relevant: string[];
  answer?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SwitchboardError('DATA_INVALID', `Cannot read ${path}`, { cause, details: { path } });
  }
}

/** Validates one corpus line; returns the record or why it was rejected. */
function toCorpusRecord(value: unknown): CorpusRecord | string {
  if (!isObject(value)) return 'not a JSON object';
  const { id, title, text, url, metadata } = value;
  if (typeof id !== 'string' || id === '') return 'id must be a non-empty string';
  if (typeof text !== 'string') return 'text must be a string';
  if (title !== undefined && typeof title !== 'string') return 'title must be a string';
  if (url !== undefined && typeof url !== 'string') return 'url must be a string';
  const record: CorpusRecord = { id, text };
  if (title !== undefined) record.title = title;
  if (url !== undefined) record.url = url;
  if (metadata !== undefined) {
    if (!isObject(metadata)) return 'metadata must be an object';
    const entries = Object.entries(metadata);
    if (!entries.every(([, v]) => isScalar(v))) return 'metadata values must be scalars';
    record.metadata = Object.fromEntries(entries) as Record<string, string | number | boolean>;
  }
  return record;
}

/**
 * Reads a corpus JSONL file. Bad lines (invalid JSON, missing id/text, duplicate ids) are
 * reported in `problems` instead of failing the whole load; a missing file throws DATA_INVALID.
 */
export function loadCorpusJsonl(path: string): {
  records: CorpusRecord[];
  problems: LineProblem[];
} {
  const records: CorpusRecord[] = [];
  const problems: LineProblem[] = [];
  const seen = new Set<string>();
  for (const line of parseJsonl(readText(path))) {
    if ('error' in line) {
      problems.push({ line: line.line, problem: `invalid JSON: ${line.error}` });
      continue;
    }
    const record = toCorpusRecord(line.value);
    if (typeof record === 'string') problems.push({ line: line.line, problem: record });
    else if (seen.has(record.id)) {
      problems.push({ line: line.line, problem: `duplicate id ${record.id}` });
    } else {
      seen.add(record.id);
      records.push(record);
    }
  }
  return { records, problems };
}

/**
 * Reads a questions JSONL file (`{id, question, relevant: string[], answer?}` per line).
 * Questions are the ground truth, so any bad line throws DATA_INVALID naming the line.
 */
export function loadQuestions(path: string): RetrievalQuestion[] {
  return parseJsonl(readText(path)).map((line) => {
    const fail = (problem: string) =>
      new SwitchboardError('DATA_INVALID', `${path}:${line.line}: ${problem}`, {
        details: { path, line: line.line },
      });
    if ('error' in line) throw fail(`invalid JSON: ${line.error}`);
    const value = line.value;
    if (!isObject(value)) throw fail('not a JSON object');
    const { id, question, relevant, answer } = value;
    // Numeric ids are common in CSV-derived sets; keep them as strings.
    if (typeof id !== 'string' && typeof id !== 'number') throw fail('id must be a string');
    if (typeof question !== 'string' || question.trim() === '') throw fail('question is empty');
    if (!Array.isArray(relevant) || relevant.length === 0) {
      throw fail('relevant must be a non-empty array');
    }
    if (!relevant.every((r): r is string => typeof r === 'string')) {
      throw fail('relevant must hold strings');
    }
    if (answer !== undefined && typeof answer !== 'string') throw fail('answer must be a string');
    const out: RetrievalQuestion = { id: String(id), question, relevant };
    if (answer !== undefined) out.answer = answer;
    return out;
  });
}
