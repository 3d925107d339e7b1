import { describe, expect, it } from 'vitest';
import { fillPlaceholderStream } from './placeholder-stream.ts';
import {
  hasTemplateRemnants,
  normaliseTemplateSlots,
  stripTemplateRemnants,
} from './template-slots.ts';

describe('template slots', () => {
  it('reads bracket, single-brace and bracketed placeholders as {{…}}, and Markdown links as text', () => {
    expect(
      normaliseTemplateSlots(
        'Call [Customer Support Phone Number], see [{{Website Name}}], order {Order Number}, [our page](https://x.example/a) [1].',
      ),
    ).toBe(
      'Call {{Customer Support Phone Number}}, see {{Website Name}}, order {{Order Number}}, our page (https://x.example/a) [1].',
    );
  });

  it('the final guard leaves no brace or bracket; citations only when asked', () => {
    const text = 'Stray {{ and } and [ here ] and {{Name} [2].';
    expect(stripTemplateRemnants(text)).toBe('Stray and and here and Name.');
    expect(stripTemplateRemnants(text, { citations: true })).toBe(
      'Stray and and here and Name [2].',
    );
    expect(hasTemplateRemnants(stripTemplateRemnants(text))).toBe(false);
    expect(hasTemplateRemnants('see [2]', { citations: true })).toBe(false);
    expect(hasTemplateRemnants('see [2]')).toBe(true);
  });

  it('streams bracket slots split across tokens, filled or dropped, never shown', async () => {
    async function* tokens() {
      yield* [
        'Call [Customer ',
        'Support Phone',
        ' Number] today. ',
        'It takes [X',
        ' to Y] days. ',
        'Bye.',
      ];
    }
    const chunks: string[] = [];
    for await (const chunk of fillPlaceholderStream(tokens(), {
      profile: { 'Support Phone': '+1 555 0100' },
    }))
      chunks.push(chunk);
    for (const chunk of chunks) expect(chunk).not.toMatch(/[[\]{}]/);
    expect(chunks.join('')).toBe('Call +1 555 0100 today. Bye.');
  });
});
