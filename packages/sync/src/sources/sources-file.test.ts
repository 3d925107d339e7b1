import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSourcesFile, parseEvery } from './sources-file.ts';

describe('sources file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-sources-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const write = async (content: unknown) => {
    const path = join(dir, 'sources.json');
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('reads specs, schedules and watch flags, resolving paths against the file', async () => {
    const path = await write({
      sources: [
        { name: 'help', kind: 'directory', root: 'help', watch: true, schedule: { every: '15m' } },
        {
          name: 'site',
          kind: 'web',
          sitemapUrl: 'https://help.example/sitemap.xml',
          schedule: { cron: '0 */6 * * *' },
        },
        { name: 'faq', kind: 'jsonl', path: '/srv/faq.jsonl' },
      ],
    });
    expect(await loadSourcesFile(path)).toEqual([
      {
        spec: { name: 'help', kind: 'directory', root: join(dir, 'help') },
        watch: true,
        schedule: { every: 900_000 },
      },
      {
        spec: { name: 'site', kind: 'web', sitemapUrl: 'https://help.example/sitemap.xml' },
        schedule: { pattern: '0 */6 * * *' },
      },
      { spec: { name: 'faq', kind: 'jsonl', path: '/srv/faq.jsonl' } },
    ]);
  });

  it('names the entry and the field of every problem', async () => {
    await expect(loadSourcesFile(await write('{not json'))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    await expect(loadSourcesFile(await write({ items: [] }))).rejects.toThrow(
      /expected \{"sources"/,
    );
    await expect(
      loadSourcesFile(await write({ sources: [{ name: 'w', kind: 'web' }] })),
    ).rejects.toThrow(/entry 1: .*sitemapUrl/);
    const twice = {
      sources: [
        { name: 'a', kind: 'jsonl', path: 'x' },
        { name: 'a', kind: 'jsonl', path: 'y' },
      ],
    };
    await expect(loadSourcesFile(await write(twice))).rejects.toThrow(
      /entry 2: duplicate name "a"/,
    );
    const badEvery = {
      sources: [{ name: 'a', kind: 'jsonl', path: 'x', schedule: { every: 'soon' } }],
    };
    await expect(loadSourcesFile(await write(badEvery))).rejects.toThrow(/schedule.every "soon"/);
  });

  it('parses durations', () => {
    expect(parseEvery('30s')).toBe(30_000);
    expect(parseEvery('1.5h')).toBe(5_400_000);
    expect(parseEvery(60_000)).toBe(60_000);
    expect(() => parseEvery('10ms')).toThrow(/at least 1s/);
  });
});
