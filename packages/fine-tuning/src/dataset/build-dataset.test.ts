import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBrandProfile } from './brand-profile.ts';
import { buildDataset } from './build-dataset.ts';

const profile = parseBrandProfile({
  'Company Name': 'Nimbus Home',
  'Support Email': 'help@nimbus.example',
  'Tone Guide': 'Warm and brief.',
  'Sign-off': '— The Nimbus team',
  'Phrases To Avoid': ['As per our policy', 'Please be advised'],
});

const csv = [
  'instruction,intent,response',
  ...Array.from({ length: 6 }, (_, i) => [
    `where is order ${1000 + i}?,track_order,"Order {{Order Number}} ships in ${i + 1} days; write to help@nimbus.example with questions."`,
    `refund for purchase number ${2000 + i}?,refund,"Refunds for purchase ${2000 + i} take ${i + 3} days to reach your card."`,
  ]).flat(),
].join('\n');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'build-dataset-'));
  await writeFile(join(dir, 'curated.csv'), csv);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const readJsonl = async (path: string) =>
  (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('buildDataset', () => {
  it('writes the OpenAI, chat and instruction formats with the brand system prompt', async () => {
    const built = await buildDataset({
      sources: [
        { kind: 'file', path: join(dir, 'curated.csv') },
        {
          kind: 'examples',
          name: 'harvest',
          examples: [
            { question: 'do you ship abroad?', answer: 'Yes, to 30 countries.', ref: 'c1' },
          ],
        },
      ],
      outDir: join(dir, 'datasets'),
      profile,
      seed: 1,
    });
    expect(built.dir).toBe(join(dir, 'datasets', built.hash));
    expect(built.report.ok).toBe(true);
    expect(built.report.counts).toMatchObject({ examples: 13, train: 11, validation: 2 });

    const openai = await readJsonl(built.paths.openaiTrain);
    expect(openai).toHaveLength(11);
    for (const line of openai) {
      const messages = line.messages as Array<{ role: string; content: string }>;
      expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
      expect(messages[0]!.content).toBe(built.systemPrompt);
    }
    expect(built.systemPrompt).toContain('customer support assistant of Nimbus Home');
    expect(built.systemPrompt).toContain('Tone: Warm and brief.');
    expect(built.systemPrompt).toContain('— The Nimbus team');
    expect(built.systemPrompt).toContain('"As per our policy", "Please be advised"');
    // Order numbers were scrubbed; the company's own address became its placeholder.
    const text = await readFile(built.paths.openaiTrain, 'utf8');
    expect(text).not.toMatch(/100\d|200\d|help@nimbus/);
    expect(text).toContain('{{Support Email}}');

    const validation = await readJsonl(built.paths.openaiValidation);
    expect(validation).toHaveLength(2);
    const chat = await readJsonl(built.paths.train);
    expect(chat[0]).toEqual({ messages: expect.any(Array), intent: expect.any(String) });
    expect(new Set((await readJsonl(built.paths.validation)).map((l) => l.intent))).toEqual(
      new Set(['track_order', 'refund']),
    );
    const instruction = await readJsonl(built.paths.instruction);
    expect(instruction).toHaveLength(11);
    expect(Object.keys(instruction[0]!).sort()).toEqual([
      'input',
      'instruction',
      'intent',
      'output',
    ]);
    expect(instruction).toContainEqual({
      instruction: 'do you ship abroad?',
      input: '',
      output: 'Yes, to 30 countries.',
      intent: 'harvested',
    });
    const report = JSON.parse(await readFile(built.paths.report, 'utf8'));
    expect(report).toMatchObject({ hash: built.hash, systemPrompt: built.systemPrompt, ok: true });
  });

  it('refuses to build when lines have errors, unless told to leave them out', async () => {
    await writeFile(
      join(dir, 'broken.jsonl'),
      `${JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] })}\n`,
    );
    const sources = [
      { kind: 'file' as const, path: join(dir, 'curated.csv') },
      { kind: 'file' as const, path: join(dir, 'broken.jsonl') },
    ];
    await expect(
      buildDataset({ sources, outDir: join(dir, 'datasets'), profile }),
    ).rejects.toMatchObject({ code: 'DATA_INVALID' });
    const built = await buildDataset({
      sources,
      outDir: join(dir, 'datasets'),
      profile,
      allowErrors: true,
    });
    expect(built.report.problems).toContainEqual(
      expect.objectContaining({ source: join(dir, 'broken.jsonl'), line: 1, code: 'role_order' }),
    );
  });
});
