import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDirectory } from './load-directory.ts';

describe('loadDirectory', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sb-load-dir-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function put(path: string, content: string | Uint8Array): Promise<void> {
    const full = join(root, path);
    await mkdir(join(full, '..'), { recursive: true });
    await writeFile(full, content);
  }

  it('loads Markdown, HTML and text recursively with POSIX ids and titles', async () => {
    await put('guide/reset.md', '```sh\n# not a title\n```\n# Reset your password\n\nSteps.');
    await put(
      'guide/deep/page.html',
      '<html><head><title>Billing &amp; plans</title></head><body><h1>Other</h1></body></html>',
    );
    await put('faq.htm', '<body><h1>Refunds</h1><p>Within 30 days.</p></body>');
    await put('notes.txt', '\n\n  Shipping notes  \nWe ship weekly.');
    await put('untitled.md', 'Just a paragraph.');

    const { documents, problems } = await loadDirectory(root, { source: 'help' });

    expect(problems).toEqual([]);
    const byId = Object.fromEntries(documents.map((d) => [d.id, d]));
    expect(Object.keys(byId).sort()).toEqual([
      'faq.htm',
      'guide/deep/page.html',
      'guide/reset.md',
      'notes.txt',
      'untitled.md',
    ]);
    expect(byId['guide/reset.md']).toMatchObject({
      title: 'Reset your password',
      format: 'markdown',
      source: 'help',
    });
    expect(byId['guide/deep/page.html']).toMatchObject({
      title: 'Billing & plans',
      format: 'html',
    });
    expect(byId['faq.htm']?.title).toBe('Refunds');
    expect(byId['notes.txt']).toMatchObject({ title: 'Shipping notes', format: 'text' });
    expect(byId['untitled.md']?.title).toBe('untitled.md');
  });

  it('skips dotfiles, node_modules and other extensions silently', async () => {
    await put('.hidden.md', '# Hidden');
    await put('.git/config.md', '# Git');
    await put('node_modules/pkg/readme.md', '# Dependency');
    await put('image.png', 'not text');
    await put('kept.md', '# Kept');

    const { documents, problems } = await loadDirectory(root);

    expect(documents.map((d) => d.id)).toEqual(['kept.md']);
    expect(problems).toEqual([]);
  });

  it('reports empty, oversized and non-UTF-8 files and still loads the rest', async () => {
    await put('empty.md', '  \n\n ');
    await put('big.txt', 'x'.repeat(2000));
    await put('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    await put('good.txt', 'Fine');

    const { documents, problems } = await loadDirectory(root, { maxBytes: 1000 });

    expect(documents.map((d) => d.id)).toEqual(['good.txt']);
    const reasons = Object.fromEntries(problems.map((p) => [p.path, p.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['big.txt', 'empty.md', 'latin1.txt']);
    expect(reasons['big.txt']).toMatch(/over 1000/);
    expect(reasons['latin1.txt']).toMatch(/UTF-8/);
    expect(reasons['empty.md']).toMatch(/empty/);
  });

  it('honours include, with or without the dot', async () => {
    await put('a.md', '# A');
    await put('b.txt', 'B');

    const { documents } = await loadDirectory(root, { include: ['txt'] });

    expect(documents.map((d) => d.id)).toEqual(['b.txt']);
  });

  it('throws DATA_INVALID when the root cannot be read', async () => {
    await expect(loadDirectory(join(root, 'missing'))).rejects.toMatchObject({
      code: 'DATA_INVALID',
    });
  });
});
