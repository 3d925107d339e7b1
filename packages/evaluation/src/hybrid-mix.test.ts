import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHybridMix, parseMixItem } from './hybrid-mix.ts';

const dirs: string[] = [];
async function file(lines: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mix-'));
  dirs.push(dir);
  const path = join(dir, 'mix.jsonl');
  await writeFile(path, lines);
  return path;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('mix files', () => {
  it('reads every kind, with gold documents, intents and history', async () => {
    const path = await file(
      [
        '{"id":"k1","kind":"knowledge","message":"How do I apply?","goldDocIds":["d1"]}',
        '{"id":"b1","kind":"brand","message":"cancel my order","intent":"cancel_order"}',
        '{"id":"s1","kind":"smalltalk","message":"thanks!"}',
        '{"id":"f1","kind":"followup","message":"and then?","goldDocIds":["d1"],"history":[{"role":"user","text":"How do I apply?"},{"role":"assistant","text":"Fill in the form."}]}',
      ].join('\n'),
    );
    const items = await loadHybridMix(path);
    expect(items.map((i) => i.kind)).toEqual(['knowledge', 'brand', 'smalltalk', 'followup']);
    expect(items[3]!.history).toHaveLength(2);
    expect(items[1]!.intent).toBe('cancel_order');
  });

  it('names the line of a bad item or a repeated id', async () => {
    await expect(
      loadHybridMix(
        await file(
          '{"id":"a","kind":"oos","message":"x"}\n{"id":"a","kind":"oos","message":"y"}\n',
        ),
      ),
    ).rejects.toThrow(/:2: repeated id "a"/);
    await expect(
      loadHybridMix(await file('{"id":"a","kind":"weather","message":"x"}\n')),
    ).rejects.toThrow(/:1: kind must be one of/);
    await expect(loadHybridMix(await file('\n'))).rejects.toThrow(/no items/);
  });

  it('rejects knowledge without gold documents and malformed history', () => {
    expect(parseMixItem({ id: 'k', kind: 'knowledge', message: 'q' })).toMatch(/goldDocIds/);
    expect(
      parseMixItem({ id: 'f', kind: 'followup', message: 'q', goldDocIds: ['d'], history: [{}] }),
    ).toMatch(/history turns/);
    expect(parseMixItem({ id: 'o', kind: 'oos', message: '   ' })).toMatch(/message/);
    expect(parseMixItem({ id: 'constructor', kind: 'oos', message: 'hi' })).toMatchObject({
      id: 'constructor',
    });
  });
});
