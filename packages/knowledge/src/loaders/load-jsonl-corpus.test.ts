import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadJsonlCorpus } from './load-jsonl-corpus.ts';

describe('loadJsonlCorpus', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-load-jsonl-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function corpus(content: string | Uint8Array): Promise<string> {
    const path = join(dir, 'corpus.jsonl');
    await writeFile(path, content);
    return path;
  }

  it('loads good lines, infers the format and keeps flat metadata', async () => {
    const path = await corpus(
      [
        JSON.stringify({ id: 'a', title: 'Alpha', text: 'Plain words.', url: 'https://x/a' }),
        '',
        JSON.stringify({
          id: 7,
          text: '# Setup\n\n## Step one\nDo it.',
          metadata: { lang: 'en', n: 2, nested: { x: 1 } },
        }),
      ].join('\r\n'),
    );

    const { documents, problems } = await loadJsonlCorpus(path, { source: 'kb' });

    expect(problems).toEqual([]);
    expect(documents).toEqual([
      {
        id: 'a',
        title: 'Alpha',
        text: 'Plain words.',
        format: 'text',
        url: 'https://x/a',
        source: 'kb',
      },
      {
        id: '7',
        title: 'Setup',
        text: '# Setup\n\n## Step one\nDo it.',
        format: 'markdown',
        metadata: { lang: 'en', n: 2 },
        source: 'kb',
      },
    ]);
  });

  it('reports bad lines with their line numbers and loads the rest', async () => {
    const good = JSON.stringify({ id: 'ok', text: 'fine' });
    const bytes = Buffer.concat([
      Buffer.from(
        [
          good, // 1
          '{not json', // 2
          JSON.stringify({ text: 'no id' }), // 3
          JSON.stringify({ id: 'blank', text: '   ' }), // 4
          JSON.stringify({ id: 'ok', text: 'again' }), // 5
          '[1, 2]', // 6
          JSON.stringify({ id: 'big', text: 'y'.repeat(500) }), // 7
          '', // ends line 7
        ].join('\n'),
      ),
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), // 8: invalid UTF-8
      Buffer.from(JSON.stringify({ id: 'last', text: 'still loaded' })), // 9, no final newline
    ]);
    const path = await corpus(bytes);

    const { documents, problems } = await loadJsonlCorpus(path, { maxBytes: 200 });

    expect(documents.map((d) => d.id)).toEqual(['ok', 'last']);
    expect(problems.map((p) => [p.line, p.reason.split(':')[0]])).toEqual([
      [2, 'invalid JSON'],
      [3, 'missing id'],
      [4, 'empty text'],
      [5, 'duplicate id "ok"'],
      [6, 'line is not a JSON object'],
      [7, 'line is 522 bytes, over 200'],
      [8, 'not valid UTF-8'],
    ]);
    expect(problems.every((p) => p.path === path)).toBe(true);
  });

  it('throws DATA_INVALID when the file is missing', async () => {
    await expect(loadJsonlCorpus(join(dir, 'nope.jsonl'))).rejects.toMatchObject({
      code: 'DATA_INVALID',
    });
  });
});
