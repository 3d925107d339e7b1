import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSwitchboardError } from '@switchboard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpusJsonl, loadQuestions } from './retrieval-data.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'retrieval-data-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
}

describe('loadCorpusJsonl', () => {
  it('keeps valid records and reports bad lines by number', () => {
    const path = write('corpus.jsonl', [
      JSON.stringify({
        id: 'a',
        title: 'A',
        text: 'alpha',
        url: 'https://x/a',
        metadata: { p: 'S10' },
      }),
      '{not json',
      JSON.stringify({ id: 'b', text: 'beta' }),
      '',
      JSON.stringify({ id: 'c' }),
      JSON.stringify({ id: 'a', text: 'again' }),
      JSON.stringify({ id: 'd', text: 'x', metadata: { nested: { no: 1 } } }),
    ]);
    const { records, problems } = loadCorpusJsonl(path);
    expect(records).toEqual([
      { id: 'a', title: 'A', text: 'alpha', url: 'https://x/a', metadata: { p: 'S10' } },
      { id: 'b', text: 'beta' },
    ]);
    expect(problems.map((p) => p.line)).toEqual([2, 5, 6, 7]);
    expect(problems[2]?.problem).toContain('duplicate id a');
  });

  it('throws DATA_INVALID for a missing file', () => {
    try {
      loadCorpusJsonl(join(dir, 'missing.jsonl'));
      expect.unreachable();
    } catch (err) {
      expect(isSwitchboardError(err) && err.code).toBe('DATA_INVALID');
    }
  });
});

describe('loadQuestions', () => {
  it('reads questions and turns numeric ids into strings', () => {
    const path = write('questions.jsonl', [
      JSON.stringify({
        id: 37,
        question: 'How do I turn on GPS?',
        relevant: ['s1'],
        answer: 'Tap.',
      }),
      JSON.stringify({ id: 'q2', question: 'Where?', relevant: ['s2', 's3'] }),
    ]);
    expect(loadQuestions(path)).toEqual([
      { id: '37', question: 'How do I turn on GPS?', relevant: ['s1'], answer: 'Tap.' },
      { id: 'q2', question: 'Where?', relevant: ['s2', 's3'] },
    ]);
  });

  it('throws naming the line when relevant is empty', () => {
    const path = write('questions.jsonl', [
      JSON.stringify({ id: 'q1', question: 'ok?', relevant: ['s1'] }),
      JSON.stringify({ id: 'q2', question: 'bad?', relevant: [] }),
    ]);
    expect(() => loadQuestions(path)).toThrow(/:2: relevant must be a non-empty array/);
  });
});
