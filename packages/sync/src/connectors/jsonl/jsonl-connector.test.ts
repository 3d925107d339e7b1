import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonlConnector } from './jsonl-connector.ts';

describe('JsonlConnector', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-sync-jsonl-'));
    path = join(dir, 'corpus.jsonl');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const line = (record: object) => JSON.stringify(record);
  async function write(lines: string[], mtime = new Date()): Promise<void> {
    await writeFile(path, lines.join('\n'));
    await utimes(path, mtime, mtime);
  }

  it('keeps fingerprints stable across runs and changes only the edited record', async () => {
    const a = line({ id: 'a', title: 'Alpha', text: 'First.' });
    const b = line({ id: 'b', text: '# Beta\n\nSecond.', url: 'https://x/b' });
    await write([a, b], new Date(1_000_000));
    const first = await new JsonlConnector({ path }).list();
    const again = await new JsonlConnector({ path }).list();
    expect(again).toEqual(first);

    await write([a, line({ id: 'b', text: '# Beta\n\nSecond, edited.' })], new Date(2_000_000));
    const edited = await new JsonlConnector({ path }).list();

    expect(edited.map((r) => r.id)).toEqual(['a', 'b']);
    expect(edited[0]?.fingerprint).toBe(first[0]?.fingerprint);
    expect(edited[1]?.fingerprint).not.toBe(first[1]?.fingerprint);
  });

  it('fetches a record as a document with the listed fingerprint', async () => {
    await write([
      line({ id: 7, text: '# Setup\n\nDo it.', metadata: { lang: 'en', n: { x: 1 } } }),
    ]);
    const connector = new JsonlConnector({ path, source: 'kb' });
    const [ref] = await connector.list();

    expect(await connector.fetch(ref!)).toEqual({
      status: 'fetched',
      fingerprint: ref?.fingerprint,
      document: {
        id: '7',
        title: 'Setup',
        text: '# Setup\n\nDo it.',
        format: 'markdown',
        metadata: { lang: 'en' },
        source: 'kb',
      },
    });
  });

  it('skips bad lines in list, reports them, and refuses them on fetch', async () => {
    await write([
      line({ id: 'ok', text: 'fine' }),
      '{not json',
      line({ id: 'blank', text: '  ' }),
      '[1]',
      line({ id: 'ok', text: 'duplicate' }),
    ]);
    const connector = new JsonlConnector({ path });

    expect((await connector.list()).map((r) => r.id)).toEqual(['ok']);
    expect(connector.problems.map((p) => [p.line, p.reason.split(':')[0]])).toEqual([
      [2, 'invalid JSON'],
      [3, 'empty text'],
      [4, 'line is not a JSON object'],
      [5, 'duplicate id "ok"'],
    ]);
    await expect(connector.fetch({ id: 'blank', fingerprint: 'x' })).rejects.toMatchObject({
      reason: 'unparseable',
    });
    await expect(connector.fetch({ id: 'nope', fingerprint: 'x' })).rejects.toMatchObject({
      reason: 'not_found',
    });
  });

  it('fails the listing with not_found when the file is missing', async () => {
    await expect(new JsonlConnector({ path }).list()).rejects.toMatchObject({
      reason: 'not_found',
      code: 'DATA_INVALID',
    });
  });
});
