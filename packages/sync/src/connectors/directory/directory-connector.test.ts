import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryConnector } from './directory-connector.ts';

describe('DirectoryConnector', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sb-sync-dir-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function put(path: string, content: string | Uint8Array): Promise<void> {
    const full = join(root, path);
    await mkdir(join(full, '..'), { recursive: true });
    await writeFile(full, content);
  }

  const fingerprints = async (c: DirectoryConnector) =>
    Object.fromEntries((await c.list()).map((r) => [r.id, r.fingerprint]));

  it('lists supported files with stat fingerprints and fetches them as documents', async () => {
    await put('guide/reset.md', '# Reset your password\n\nSteps.');
    await put('faq.html', '<html><head><title>Billing &amp; plans</title></head></html>');
    await put('notes.txt', 'Shipping notes\nWe ship weekly.');
    await put('image.png', 'not text');
    await put('.hidden.md', '# Hidden');
    const connector = new DirectoryConnector({ root, source: 'help' });

    const refs = await connector.list();

    expect(refs.map((r) => r.id)).toEqual(['faq.html', 'guide/reset.md', 'notes.txt']);
    expect(refs[0]?.fingerprint).toMatch(/^\d+(\.\d+)?:\d+$/);
    const result = await connector.fetch(refs[1]!);
    expect(result).toMatchObject({
      status: 'fetched',
      fingerprint: refs[1]?.fingerprint,
      document: { id: 'guide/reset.md', title: 'Reset your password', format: 'markdown' },
    });
    expect(await connector.fetch(refs[0]!)).toMatchObject({
      document: { title: 'Billing & plans', format: 'html', source: 'help' },
    });
  });

  it('changes exactly the edited file fingerprint and drops deleted files', async () => {
    await put('a.md', '# A');
    await put('b.md', '# B');
    await put('c.md', '# C');
    const connector = new DirectoryConnector({ root });
    const before = await fingerprints(connector);

    await put('b.md', '# B, edited');
    await utimes(join(root, 'b.md'), new Date(), new Date(Date.now() + 5000));
    await rm(join(root, 'c.md'));
    const after = await fingerprints(connector);

    expect(Object.keys(after)).toEqual(['a.md', 'b.md']);
    expect(after['a.md']).toBe(before['a.md']);
    expect(after['b.md']).not.toBe(before['b.md']);
  });

  it("lists a large nested tree in walk order with each file's own stat fingerprint", async () => {
    const ids: string[] = [];
    for (let d = 0; d < 3; d++)
      for (let i = 0; i < 500; i++) {
        const id = `part-${d}/sub/page-${String(i).padStart(3, '0')}.md`;
        ids.push(id);
        await put(id, `# Page ${i}\n\n${'x'.repeat(i)}`);
      }
    const refs = await new DirectoryConnector({ root }).list();

    expect(refs.map((r) => r.id)).toEqual(ids);
    for (const ref of [refs[0]!, refs[777]!, refs.at(-1)!]) {
      const info = await stat(join(root, ref.id));
      expect(ref.fingerprint).toBe(`${info.mtimeMs}:${info.size}`);
    }
  });

  it('honours include globs', async () => {
    await put('docs/a.md', '# A');
    await put('docs/deep/b.md', '# B');
    await put('top.md', '# Top');
    await put('docs/c.rst', 'C');
    const connector = new DirectoryConnector({ root, include: ['docs/**/*.{md,rst}'] });

    expect((await connector.list()).map((r) => r.id)).toEqual([
      'docs/a.md',
      'docs/c.rst',
      'docs/deep/b.md',
    ]);
  });

  it('refuses missing, oversized, non-UTF-8 and escaping refs with permanent reasons', async () => {
    await put('big.txt', 'x'.repeat(200));
    await put('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9]));
    const connector = new DirectoryConnector({ root, maxBytes: 100 });
    const fetchId = (id: string) => connector.fetch({ id, fingerprint: 'x' });

    await expect(fetchId('gone.md')).rejects.toMatchObject({ reason: 'not_found' });
    await expect(fetchId('big.txt')).rejects.toMatchObject({
      reason: 'too_large',
      code: 'DATA_INVALID',
    });
    await expect(fetchId('latin1.txt')).rejects.toMatchObject({ reason: 'unparseable' });
    await expect(fetchId('../outside.md')).rejects.toMatchObject({ reason: 'not_found' });
  });

  it('throws DATA_INVALID when the root is missing', async () => {
    const connector = new DirectoryConnector({ root: join(root, 'missing') });
    await expect(connector.list()).rejects.toMatchObject({ code: 'DATA_INVALID' });
  });
});
