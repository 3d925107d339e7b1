import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLabeledTexts } from './labeled-texts.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'labeled-texts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  await writeFile(join(dir, name), content);
  return join(dir, name);
}

describe('loadLabeledTexts', () => {
  it('reads CSV with a label or category column (BANKING77 layout)', async () => {
    const banking = await file(
      'train.csv',
      'text,category\n"Hi, is my card here?",card_arrival\nWhy was I charged?,card_payment_fee_charged\n',
    );
    expect(await loadLabeledTexts(banking)).toEqual([
      { text: 'Hi, is my card here?', label: 'card_arrival' },
      { text: 'Why was I charged?', label: 'card_payment_fee_charged' },
    ]);
    const plain = await file('test.csv', 'label,text\ngreet,hello\n');
    expect(await loadLabeledTexts(plain)).toEqual([{ text: 'hello', label: 'greet' }]);
  });

  it('reads CSV with a sentence column and a trailing empty column (HINT3 layout)', async () => {
    const hint3 = await file('hint3.csv', 'sentence,label,\nUnable play,NO_NODES_DETECTED,\n');
    expect(await loadLabeledTexts(hint3)).toEqual([
      { text: 'Unable play', label: 'NO_NODES_DETECTED' },
    ]);
  });

  it('reads JSONL of {text, label}', async () => {
    const path = await file(
      'x.jsonl',
      '{"text":"hello","label":"greet"}\n\n{"text":"bye","label":"oos"}\n',
    );
    expect(await loadLabeledTexts(path)).toEqual([
      { text: 'hello', label: 'greet' },
      { text: 'bye', label: 'oos' },
    ]);
  });

  it('fails loudly on bad records, missing columns and unknown formats', async () => {
    await expect(
      loadLabeledTexts(await file('a.jsonl', '{"text":"x","label":"y"}\n{"text":"x"}\n')),
    ).rejects.toThrow(/line 2/);
    await expect(
      loadLabeledTexts(await file('b.csv', 'utterance,label\nx,y\n')),
    ).rejects.toMatchObject({ code: 'DATA_INVALID' });
    await expect(loadLabeledTexts(await file('c.csv', 'text,label\nx,\n'))).rejects.toThrow(
      /record 1/,
    );
    await expect(loadLabeledTexts(await file('d.txt', 'x'))).rejects.toMatchObject({
      code: 'DATA_INVALID',
    });
  });
});
