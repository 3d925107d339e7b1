import { seededRandom } from '@switchboard/text';
import { describe, expect, it } from 'vitest';
import { fillPlaceholderStream } from './placeholder-stream.ts';

async function* from(tokens: readonly string[]): AsyncIterable<string> {
  for (const token of tokens) yield token;
}

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

const values = { profile: { 'Support Phone': '+1 555 0100' }, slots: { 'Order Number': '10482' } };

describe('fillPlaceholderStream', () => {
  it('fills a placeholder split across tokens', async () => {
    const chunks = await collect(
      fillPlaceholderStream(
        from([
          'Your order ',
          '{',
          '{Order ',
          'Number',
          '}',
          '} is on its way. ',
          'Call ',
          '{{Support Phone}}',
          '.',
        ]),
        values,
      ),
    );
    expect(chunks.join('')).toBe('Your order 10482 is on its way. Call +1 555 0100.');
    for (const chunk of chunks) expect(chunk).not.toMatch(/[{}]/);
  });

  it('streams text without braces as it arrives', async () => {
    const chunks = await collect(
      fillPlaceholderStream(from(['Hello', ' there.', ' Bye.']), values),
    );
    expect(chunks).toEqual(['Hello', ' there.', ' Bye.']);
  });

  it('removes a sentence that starts with a placeholder it cannot phrase', async () => {
    const chunks = await collect(
      fillPlaceholderStream(
        from(['Thanks. ', '{{Refund ', 'Amount}} was refunded today. ', 'Anything else?']),
        values,
      ),
    );
    expect(chunks.join('')).toBe('Thanks. Anything else?');
  });

  it('drops the rest of a sentence whose start was already streamed', async () => {
    // Text before the first brace has gone out; only the held part can still be removed.
    const chunks = await collect(
      fillPlaceholderStream(
        from(['We refunded ', '{{Refund ', 'Amount}} today. ', 'Anything else?']),
        values,
      ),
    );
    expect(chunks[0]).toBe('We refunded ');
    expect(chunks.join('')).not.toMatch(/[{}]|Amount|today/);
    expect(chunks.join('')).toMatch(/Anything else\?$/);
  });

  it('never yields {{ or }} over random token splits of templates', async () => {
    const random = seededRandom(5);
    const templates = [
      'Order {{Order Number}} ships today. Call {{ support phone }} or visit {{Website Name}}.\n1. Open {{Order Details}}.',
      'Broken {{Order Number} text }} and {{{{ nested {{Zzz}} }}. Done.',
      'No placeholders at all, just text. With two sentences.',
      '{{Unknown}}{{Unknown}}}}{{',
    ];
    for (let i = 0; i < 300; i++) {
      const template = templates[i % templates.length]!;
      const tokens: string[] = [];
      for (let at = 0; at < template.length; ) {
        const size = 1 + Math.floor(random() * 6);
        tokens.push(template.slice(at, at + size));
        at += size;
      }
      const chunks = await collect(fillPlaceholderStream(from(tokens), values));
      expect(chunks.join(''), template).not.toMatch(/\{\{|\}\}/);
      if (i % templates.length === 0) expect(chunks.join('')).toContain('Order 10482 ships today.');
    }
  });
});
