import type { SourceDocument } from '@switchboard/core';
import { sha256 } from '@switchboard/text';
import { describe, expect, it } from 'vitest';
import { chunkDocument, chunkFingerprint, chunkId } from './chunk-document.ts';

function doc(
  partial: Partial<SourceDocument> & Pick<SourceDocument, 'text' | 'format'>,
): SourceDocument {
  return { id: 'docs/guide.md', title: 'Guide', ...partial };
}

const MARKDOWN = `# Guide

Intro paragraph.

## Account

### Reset password

Open settings and press reset.

\`\`\`sh
# this is a shell comment, not a heading
reset --now
\`\`\`

### Delete account

Contact support to delete.

## Billing

Invoices arrive monthly.
`;

describe('chunkDocument: Markdown', () => {
  it('builds section paths from nested headings, without the title H1', async () => {
    const chunks = await chunkDocument(
      doc({
        text: MARKDOWN,
        format: 'markdown',
        source: 'help',
        url: 'https://h/guide',
        metadata: { lang: 'en' },
      }),
    );

    expect(chunks.map((c) => c.sectionPath)).toEqual([
      [],
      ['Account', 'Reset password'],
      ['Account', 'Delete account'],
      ['Billing'],
    ]);
    expect(chunks.map((c) => c.position)).toEqual([0, 1, 2, 3]);
    for (const c of chunks) {
      expect(c).toMatchObject({
        docId: 'docs/guide.md',
        title: 'Guide',
        source: 'help',
        url: 'https://h/guide',
        metadata: { lang: 'en' },
      });
      expect(c.hash).toBe(chunkFingerprint(c));
      expect(c.id).toBe(chunkId('docs/guide.md', c.hash));
      expect(c.id).toMatch(/^docs\/guide\.md#[0-9a-f]{16}$/);
    }
  });

  it('keeps # lines inside fenced code in the section text', async () => {
    const chunks = await chunkDocument(doc({ text: MARKDOWN, format: 'markdown' }));

    const reset = chunks.find((c) => c.sectionPath.at(-1) === 'Reset password');
    expect(reset?.text).toContain('# this is a shell comment, not a heading');
    expect(reset?.text).toContain('reset --now');
    expect(
      chunks.some((c) => c.sectionPath.includes('this is a shell comment, not a heading')),
    ).toBe(false);
  });

  it('drops empty sections (a heading directly followed by a sub-heading)', async () => {
    const chunks = await chunkDocument(doc({ text: MARKDOWN, format: 'markdown' }));

    expect(chunks.some((c) => c.sectionPath.length === 1 && c.sectionPath[0] === 'Account')).toBe(
      false,
    );
    expect(chunks.every((c) => c.text.trim() !== '')).toBe(true);
  });

  it('splits long sections with overlap, each piece within maxChars', async () => {
    const sentences = Array.from(
      { length: 40 },
      (_, i) => `Sentence number ${i} explains a detail.`,
    );
    const text = `# Guide\n\n## Long\n\n${sentences.join(' ')}`;

    const chunks = await chunkDocument(doc({ text, format: 'markdown' }), {
      maxChars: 200,
      overlapChars: 60,
    });

    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(200);
      expect(c.sectionPath).toEqual(['Long']);
    }
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1]?.text ?? '';
      const firstWords = chunks[i]?.text.split(' ').slice(0, 3).join(' ') ?? '';
      expect(previous).toContain(firstWords); // the piece starts inside the previous one
    }
    expect(chunks.map((c) => c.text).join(' ')).toContain('Sentence number 39 explains a detail.');
  });

  it('rejects an overlap not smaller than maxChars', async () => {
    await expect(
      chunkDocument(doc({ text: 'x', format: 'text' }), { maxChars: 100, overlapChars: 100 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('chunkDocument: ids', () => {
  it('is deterministic and dedupes identical chunks within one document', async () => {
    const text = '# Guide\n\n## A\n\nSame words.\n\n## A\n\nSame words.\n\n## C\n\nOther words.';
    const first = await chunkDocument(doc({ text, format: 'markdown' }));
    const second = await chunkDocument(doc({ text, format: 'markdown' }));

    expect(second).toEqual(first);
    expect(first.map((c) => c.text)).toEqual(['Same words.', 'Other words.']);
    expect(first.map((c) => c.position)).toEqual([0, 1]);
    expect(new Set(first.map((c) => c.id)).size).toBe(2);
  });

  it('gives a chunk a new id when only its heading changes, and keeps the others', async () => {
    const before = await chunkDocument(
      doc({ text: '# G\n\n## Old name\n\nBody one.\n\n## B\n\nBody two.', format: 'markdown' }),
    );
    const after = await chunkDocument(
      doc({ text: '# G\n\n## New name\n\nBody one.\n\n## B\n\nBody two.', format: 'markdown' }),
    );
    expect(after[0]?.id).not.toBe(before[0]?.id);
    expect(after[0]?.sectionPath.at(-1)).toBe('New name');
    expect(after[1]?.id).toBe(before[1]?.id);
  });

  it('gives the same text a different id in another document', async () => {
    const a = await chunkDocument(doc({ id: 'a', text: 'Same.', format: 'text' }));
    const b = await chunkDocument(doc({ id: 'b', text: 'Same.', format: 'text' }));

    expect(a[0]?.id).toBe(`a#${sha256(`a\u0000${a[0]?.hash}`).slice(0, 16)}`);
    expect(a[0]?.id).not.toBe(b[0]?.id);
  });
});

const HTML = `<!doctype html>
<html><head><title>Router help</title><style>.x { color: red }</style>
<script>var secret = "<b>tracking</b>"; document.write('<p>injected</p>');</script></head>
<body>
<nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<h1>Router help</h1>
<p>Welcome to the <b>router</b> guide.<br>Read carefully.</p>
<h2 id="setup">Setup</h2>
<ul><li>Plug in the <em>cable</em></li><li>Press power
  <ul><li>Wait for the light</li></ul></li></ul>
<h3>Advanced</h3>
<table><tr><th>Light</th><th>Meaning</th></tr><tr><td>Green</td><td>Online &amp; ready</td></tr></table>
<script>alert("inline script")</script>
<h2><a name="reset"></a>Reset</h2>
<div>Hold the button <span>ten seconds</span>.</div>
<pre>line 1
  line 2</pre>
<footer>Copyright ACME</footer>
</body></html>`;

describe('chunkDocument: HTML', () => {
  const page = (): SourceDocument => ({
    id: 'router.html',
    title: 'Router help',
    text: HTML,
    format: 'html',
    url: 'https://help/router.html#old',
  });

  it('walks headings into sections with anchors and never keeps markup', async () => {
    const chunks = await chunkDocument(page());

    expect(chunks.map((c) => c.sectionPath)).toEqual([
      [],
      ['Setup'],
      ['Setup', 'Advanced'],
      ['Reset'],
    ]);
    expect(chunks.map((c) => c.url)).toEqual([
      'https://help/router.html#old',
      'https://help/router.html#setup',
      'https://help/router.html#old',
      'https://help/router.html#reset',
    ]);
    for (const c of chunks) expect(c.text).not.toMatch(/<\/?[a-z][^>]*>/i);
  });

  it('renders paragraphs, list items and table rows as text', async () => {
    const chunks = await chunkDocument(page());
    const [intro, setup, advanced, reset] = chunks.map((c) => c.text);

    expect(intro).toBe('Welcome to the router guide.\nRead carefully.');
    expect(setup).toBe('- Plug in the cable\n\n- Press power\n\n  - Wait for the light');
    expect(advanced).toBe('Light | Meaning\nGreen | Online & ready');
    expect(reset).toBe('Hold the button ten seconds.\n\nline 1\n  line 2');
  });

  it('drops script, style, nav and footer content', async () => {
    const all = (await chunkDocument(page())).map((c) => c.text).join('\n');

    for (const hidden of [
      'secret',
      'tracking',
      'injected',
      'inline script',
      'color: red',
      'About us',
      'Copyright',
    ]) {
      expect(all).not.toContain(hidden);
    }
  });
});

describe('chunkDocument: plain text', () => {
  it('packs paragraphs into chunks without a section path', async () => {
    const text = 'First paragraph here.\n\n\n\nSecond paragraph.\r\n\r\nThird.';
    const chunks = await chunkDocument(doc({ id: 'n.txt', text, format: 'text' }), {
      maxChars: 30,
      overlapChars: 0,
    });

    expect(chunks.map((c) => c.text)).toEqual([
      'First paragraph here.',
      'Second paragraph.\n\nThird.',
    ]);
    expect(chunks.every((c) => c.sectionPath.length === 0)).toBe(true);
  });

  it('returns no chunks for whitespace', async () => {
    expect(await chunkDocument(doc({ text: ' \n\n ', format: 'text' }))).toEqual([]);
  });
});
