import type { Chunk, ScoredChunk } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { type ExtractiveAnswer, extractiveAnswer } from './extractive.ts';

function hit(id: string, text: string, extra: Partial<Chunk> = {}, score = 1): ScoredChunk {
  return {
    chunk: {
      id,
      docId: id.split('#')[0] ?? id,
      title: 'Help',
      sectionPath: [],
      text,
      hash: id,
      position: 0,
      ...extra,
    },
    score,
    lexical: score,
  };
}

/** Every citation is a supplied chunk, and every [n] in the text is a citation. */
function expectValidCitations(answer: ExtractiveAnswer, hits: readonly ScoredChunk[]) {
  const ids = new Set(hits.map((h) => h.chunk.id));
  const numbers = new Set(answer.citations.map((c) => c.index));
  expect(answer.citations.length).toBeGreaterThan(0);
  for (const c of answer.citations) expect(ids.has(c.chunkId)).toBe(true);
  for (const m of answer.text.matchAll(/\[(\d+)\]/g)) expect(numbers.has(Number(m[1]))).toBe(true);
  for (const n of numbers) expect(answer.text).toContain(`[${n}]`);
}

const words = (text: string) =>
  text
    .replace(/\[\d+\]/g, '')
    .split(/\s+/)
    .filter(Boolean).length;

const REFUND_PAGE = [
  'Home > Help Centre > Billing > Refunds',
  'Share this page',
  'Print',
  'On this page',
  'Overview Eligibility How to request Timing',
  '',
  'Refunds are handled by our billing team in Dublin.[3] Every order has a receipt.[4]',
  '',
  'share link To request a refund, open Orders, pick the order and choose Request refund.[5] The refund reaches your card within 5 working days. LEARN MORE ABOUT REFUNDS',
  '',
  '- [Pricing](https://example.test/pricing)',
  '- [Contact us](https://example.test/contact)',
  'Related articles',
  'Cancel An Order Change Your Plan Update Payment Details Download Invoices Billing Help',
].join('\n');

const CODES = [
  ['E1', 'No power on R', 'Check the breaker and the furnace fuse.'],
  ['E2', 'No continuous power', 'Connect a C-wire or install the Power Adapter.'],
  ['E3', 'Wiring mismatch', 'Compare the wires with the equipment settings.'],
  ['E4', 'Sensor fault', 'Restart the thermostat.'],
  ['E5', 'Cannot join Wi-Fi', 'Check the Wi-Fi password.'],
  ['E6', 'No internet', 'Restart your router and allow port 443.'],
  ['E7', 'Room Sensor offline', 'Replace the sensor battery.'],
  ['E8', 'System not responding', 'Check the furnace is running.'],
  ['E9', 'Firmware update failed', 'Leave it powered; it retries the next night.'],
].map((cells) => cells.join(' | '));
const HEADER = 'Code | Name | What to do';

/** The error-code table as the chunker leaves it: split across two chunks that overlap by a row. */
function codeTableHits(): ScoredChunk[] {
  const part = { docId: 'codes.html', title: 'Error codes', sectionPath: ['Error code table'] };
  return [
    hit('codes.html#1', [HEADER, ...CODES.slice(0, 5)].join('\n'), { ...part, position: 1 }, 1),
    hit('wifi.md#1', 'Wi-Fi problems show E5 on the screen.', {}, 0.5),
    hit('codes.html#2', CODES.slice(4).join('\n'), { ...part, position: 2 }, 0.9),
    hit(
      'codes.html#0',
      'When the thermostat detects a problem, the screen shows an error code.',
      { ...part, sectionPath: [], position: 0 },
      0.8,
    ),
  ];
}

describe('answer selection', () => {
  it('debris stripped: link lists, share labels and source [3] markers go; our citations stay', () => {
    const hits = [hit('refunds.md#1', REFUND_PAGE)];
    const answer = extractiveAnswer('how do I request a refund', hits);
    expect(answer.text).toContain('open Orders, pick the order and choose Request refund');
    for (const debris of [
      'Home >',
      'Share',
      'share link',
      'Print',
      'On this page',
      'Pricing',
      'Contact us',
      'Related',
      'LEARN MORE',
      'Cancel An Order',
      '[3]',
      '[4]',
      '[5]',
      '](',
    ])
      expect(answer.text).not.toContain(debris);
    expect(answer.text).toMatch(/\[1\]/);
    expectValidCitations(answer, hits);
    expect(answer.citations[0]?.snippet.startsWith('Refunds are handled by our billing team')).toBe(
      true,
    );
  });

  it('strips [edit], footnote marks and source numbers even where they match our own', () => {
    const hits = [
      hit(
        'a.md#1',
        'Resetting [edit]\nHold the button for ten seconds to reset it.[1]² It restarts.[2]',
      ),
    ];
    const answer = extractiveAnswer('how do I reset it', hits);
    expect(answer.text).not.toContain('[edit]');
    expect(answer.text).not.toContain('²');
    expect(answer.text).not.toContain('[2]');
    expect(answer.text.match(/\[1\]/g)).toHaveLength(1);
    expectValidCitations(answer, hits);
  });

  it('list kept whole: a 9-code table split over two chunks comes back whole, once each', () => {
    const hits = codeTableHits();
    const answer = extractiveAnswer('what do the error codes mean', hits);
    for (const [code] of CODES.map((row) => row.split(' | '))) {
      expect(answer.text.match(new RegExp(`\\| ${code} \\|`, 'g'))).toHaveLength(1);
    }
    expect(answer.text).not.toMatch(/more codes/);
    expect(answer.citations[0]?.docId).toBe('codes.html');
    expectValidCitations(answer, hits);
  });

  it('list kept whole: over the hard cap it says honestly how many more the page has', () => {
    const items = Array.from(
      { length: 20 },
      (_, i) => `- Model T${i + 1} supports the scheduling feature`,
    );
    const hits = [hit('models.md#1', ['Supported models:', ...items].join('\n'))];
    const answer = extractiveAnswer('which models support scheduling', hits, { maxItems: 12 });
    const shown = answer.text.split('\n').filter((l) => l.startsWith('- Model'));
    expect(shown).toHaveLength(12);
    expect(answer.text).toMatch(/…and 8 more items on that page \[1\]\./);
    expectValidCitations(answer, hits);
  });

  it('a question about one code gets its row, not the whole table', () => {
    const hits = codeTableHits();
    const answer = extractiveAnswer('what does error E6 mean', hits);
    expect(answer.text).toContain('| E6 | No internet |');
    expect(answer.text).not.toContain('| E1 |');
    expectValidCitations(answer, hits);
  });

  it('numbered steps stay whole and in order', () => {
    const steps = [
      '1. Open the app.',
      '2. Tap Settings and then Eco temperatures.',
      '3. Drag the markers.',
      '4. Tap Save.',
    ];
    const hits = [hit('eco.md#1', ['You can change them at any time:', ...steps].join('\n'))];
    const answer = extractiveAnswer('how do I change eco temperatures', hits);
    expect(answer.text).toContain(steps.join('\n').replace('4. Tap Save.', '4. Tap Save [1].'));
  });

  it('picks the answering sentence, not the first one, from any retrieved chunk of the page', () => {
    const hits = [
      hit(
        'billing.md#0',
        'Billing runs on the first of each month. Invoices are in your account.',
        {
          position: 0,
        },
      ),
      hit('other.md#0', 'Refund policies differ by country.', {}, 0.3),
      hit(
        'billing.md#1',
        'Plans renew automatically. To cancel a plan, open Account and tap Cancel plan. Prices include tax.',
        { position: 1 },
        0.9,
      ),
    ];
    const answer = extractiveAnswer('how can I cancel my plan', hits);
    expect(answer.text.startsWith('To cancel a plan, open Account and tap Cancel plan')).toBe(true);
    expect(answer.text).not.toContain('Billing runs');
    expect(answer.citations[0]).toMatchObject({ index: 1, chunkId: 'billing.md#1' });
    expectValidCitations(answer, hits);
  });

  it('no canned preamble: the answer opens with the page’s own words', () => {
    const hits = [hit('eco.md#1', 'To turn Eco mode on, tap the leaf icon on the home screen.')];
    const answer = extractiveAnswer('how do I turn on eco mode', hits);
    expect(answer.text).not.toMatch(/help centre says|Here's what/i);
    expect(answer.text).toBe('To turn Eco mode on, tap the leaf icon on the home screen [1].');
  });

  it('≤ 120 words for prose, even when every sentence matches or one sentence runs on', () => {
    const sentence = (i: number) =>
      `Eco mode saves energy in case ${i} by lowering the heating setpoint while nobody is at home during the day.`;
    const many = [hit('eco.md#1', Array.from({ length: 30 }, (_, i) => sentence(i)).join(' '))];
    const long = [
      hit('eco.md#2', `Eco mode saves energy ${'and keeps the house safe '.repeat(60)}.`),
    ];
    for (const hits of [many, long]) {
      const answer = extractiveAnswer('does eco mode save energy', hits);
      expect(words(answer.text)).toBeLessThanOrEqual(121);
      expectValidCitations(answer, hits);
    }
  });

  it('a chunk cut mid-sentence is joined with the next one, not quoted twice', () => {
    const first =
      'Deferment pauses payments. You must file a request with your servicer before the';
    const second =
      'You must file a request with your servicer before the due date to pause payments.';
    const hits = [
      hit('d.md#0', first.padEnd(950, ' '), { position: 0 }),
      hit('d.md#1', second, { position: 1 }, 0.9),
    ];
    const answer = extractiveAnswer('how do I file a request to pause payments', hits);
    expect(answer.text.match(/You must file/g)).toHaveLength(1);
    expect(answer.text).toContain('before the due date');
  });

  it('the first citation stays on the top hit’s page, even when another page words it better', () => {
    const hits = [
      hit('top.md#0', 'Our thermostat supports schedules. Schedules run every day.'),
      hit('other.md#0', 'To delete a schedule, open Schedules and tap Delete schedule.', {}, 0.99),
    ];
    const answer = extractiveAnswer('how do I delete a schedule', hits);
    expect(answer.citations[0]).toMatchObject({ index: 1, docId: 'top.md' });
    expectValidCitations(answer, hits);
  });

  it('keeps content that only looks like furniture: a capitalised warning, a list of names', () => {
    const text = [
      'What is in the box:',
      '- Nimbus Smart Thermostat T2 Room Sensor Power Adapter PA1 Mounting Plate And Screws',
      '',
      'CAUTION: TURN OFF THE POWER AT THE BREAKER BEFORE WIRING THE BOX.',
    ].join('\n');
    const hits = [hit('box.md#0', text)];
    expect(extractiveAnswer('what is in the box', hits).text).toContain(
      'Mounting Plate And Screws',
    );
    expect(extractiveAnswer('turn off the power before wiring', hits).text).toContain(
      'CAUTION: TURN OFF THE POWER',
    );
  });
});
