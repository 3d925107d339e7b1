import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { responseIntent } from './chat-jsonl.ts';
import { loadBrandDataset } from './load-brand-dataset.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'brand-dataset-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const chat = (messages: Array<[string, string]>, intent?: string) =>
  JSON.stringify({
    messages: messages.map(([role, content]) => ({ role, content })),
    ...(intent ? { intent } : {}),
  });

describe('loadBrandDataset (chat JSONL)', () => {
  it('loads good lines and reports each bad one with its line number', async () => {
    const lines = [
      chat(
        [
          ['user', 'where is my order'],
          ['assistant', 'It is on its way.'],
        ],
        'track_order',
      ),
      '{"messages": [oops',
      chat(
        [
          ['system', 'Be nice.'],
          ['user', 'hi'],
          ['assistant', 'Hello!'],
          ['user', 'refund please'],
          ['assistant', 'Sure, refunds take 5 days.'],
        ],
        'refund',
      ),
      chat([
        ['user', 'x'],
        ['bot', 'y'],
      ]),
      '',
      chat([
        ['user', '   '],
        ['assistant', 'Something'],
      ]),
      chat([
        ['assistant', 'Hi'],
        ['user', 'anyone there?'],
      ]),
      JSON.stringify({
        messages: [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: 'b' },
        ],
        intent: 7,
      }),
    ];
    const { examples, problems } = await loadBrandDataset(
      await file('data.jsonl', lines.join('\n')),
    );
    expect(examples).toEqual([
      { text: 'where is my order', response: 'It is on its way.', intent: 'track_order' },
      // Multi-turn: the last user turn and the assistant turn after it.
      { text: 'refund please', response: 'Sure, refunds take 5 days.', intent: 'refund' },
    ]);
    expect(problems.map((p) => p.line)).toEqual([2, 4, 6, 7, 8]);
    expect(problems[0]!.reason).toMatch(/invalid JSON/);
    expect(problems[1]!.reason).toMatch(/unknown role "bot"/);
    expect(problems[2]!.reason).toMatch(/empty user text/);
    expect(problems[3]!.reason).toMatch(/not followed by an assistant/);
    expect(problems[4]!.reason).toMatch(/intent/);
  });

  it('labels lines without an intent by their reply, so identical replies form one class', async () => {
    const lines = [
      chat([
        ['user', 'reset password'],
        ['assistant', 'Use the reset link.'],
      ]),
      chat([
        ['user', 'forgot my password'],
        ['assistant', 'Use the reset link.'],
      ]),
      chat([
        ['user', 'cancel my order'],
        ['assistant', 'Open Orders and press Cancel.'],
      ]),
    ];
    const { examples } = await loadBrandDataset(await file('data.jsonl', lines.join('\r\n')));
    expect(examples[0]!.intent).toBe(examples[1]!.intent);
    expect(examples[0]!.intent).not.toBe(examples[2]!.intent);
    expect(examples[0]!.intent).toBe(responseIntent('Use the reset link.'));
    expect(examples[0]!.intent).toMatch(/^response:[0-9a-f]{12}$/);
  });
});

describe('loadBrandDataset (Bitext CSV)', () => {
  it('reads instruction/intent/response with multi-line quoted replies and numbers problem rows', async () => {
    const csv = [
      'flags,instruction,category,intent,response',
      'B,cancel order 123,ORDER,cancel_order,"Sure.\r\n\r\n1. Open {{Order History}}.\r\n2. Press ""Cancel""."',
      'B,where is my refund,REFUND,track_refund,"Refunds take 5 days."',
      'B,,REFUND,track_refund,"No instruction here."',
      'B,too short',
      'B,"a question, with a comma",ACCOUNT,recover_password,"Use the\nreset link."',
    ].join('\r\n');
    const { examples, problems } = await loadBrandDataset(await file('bitext.CSV', `${csv}\r\n`));
    expect(examples).toEqual([
      {
        text: 'cancel order 123',
        intent: 'cancel_order',
        response: 'Sure.\n\n1. Open {{Order History}}.\n2. Press "Cancel".',
      },
      { text: 'where is my refund', intent: 'track_refund', response: 'Refunds take 5 days.' },
      {
        text: 'a question, with a comma',
        intent: 'recover_password',
        response: 'Use the\nreset link.',
      },
    ]);
    // The first record spans lines 2-5, so the bad records start on lines 7 and 8.
    expect(problems).toEqual([
      { line: 7, reason: 'empty instruction' },
      { line: 8, reason: 'expected 5 columns, found 2' },
    ]);
  });

  it('reports missing columns once, on the header line', async () => {
    const { examples, problems } = await loadBrandDataset(
      await file('x.csv', 'text,label\nhi,greet\n'),
    );
    expect(examples).toEqual([]);
    expect(problems).toEqual([
      { line: 1, reason: 'missing column(s): instruction, intent, response' },
    ]);
  });
});

describe('loadBrandDataset errors', () => {
  it('rejects unknown extensions and unreadable files with DATA_INVALID', async () => {
    await expect(loadBrandDataset(await file('data.txt', 'hello'))).rejects.toMatchObject({
      code: 'DATA_INVALID',
    });
    await expect(loadBrandDataset(join(dir, 'missing.jsonl'))).rejects.toMatchObject({
      code: 'DATA_INVALID',
    });
  });
});
