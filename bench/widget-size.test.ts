import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { describeBaseline, webchatBaseline, widgetSizeResults } from './widget-size.ts';

const recorded = JSON.parse(
  readFileSync(fileURLToPath(new URL('./webchat-bundle-size.json', import.meta.url)), 'utf8'),
);

describe('the botframework-webchat baseline', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('is the recorded figures, dated, when the package is not installed', async () => {
    const baseline = await webchatBaseline({ packageDir: join(tmpdir(), 'no-such-webchat') });
    expect(baseline).toEqual({
      version: recorded.version,
      source: 'recorded',
      measured: recorded.measured,
      bundles: recorded.bundles,
    });
    expect(baseline.measured).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(describeBaseline(baseline)).toContain(`as recorded on ${recorded.measured}`);
  });

  it('is measured in the run, gzipped at level 9, when the package is installed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-webchat-'));
    dirs.push(dir);
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'package.json'), JSON.stringify({ version: '9.9.9' }));
    const full = 'window.WebChat = {};\n'.repeat(500);
    await writeFile(join(dir, 'dist', 'webchat.js'), full);
    await writeFile(join(dir, 'dist', 'webchat-minimal.js'), 'x');
    const baseline = await webchatBaseline({ packageDir: dir });
    expect(baseline.source).toBe('live');
    expect(baseline.version).toBe('9.9.9');
    expect(baseline.bundles['webchat.js']).toEqual({
      bytes: full.length,
      gzipBytes: gzipSync(full, { level: 9 }).length,
    });
    expect(describeBaseline(baseline)).toContain('measured in this run');
  });

  it('gives one row per bundle, each our gzipped widget over theirs, and logs its source', async () => {
    const lines: string[] = [];
    const rows = await widgetSizeResults({
      packageDir: join(tmpdir(), 'no-such-webchat'),
      log: (line) => lines.push(line),
    });
    expect(rows.map((r) => r.name)).toEqual([
      'widget_gzip_kb_vs_webchat',
      'widget_gzip_kb_vs_webchat_minimal',
    ]);
    expect(rows[0]!.baseline).toBeCloseTo(recorded.bundles['webchat.js'].gzipBytes / 1024, 6);
    expect(rows[0]!.ratio).toBeCloseTo(rows[0]!.value / rows[0]!.baseline!, 9);
    expect(lines).toEqual([expect.stringContaining(`recorded on ${recorded.measured}`)]);
  });
});
