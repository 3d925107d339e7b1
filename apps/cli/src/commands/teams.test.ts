import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli-process.ts';

describe('switchboard teams package (as a user runs it)', () => {
  let dir: string;
  const env = (extra: Record<string, string>) => ({
    SWITCHBOARD_DATA_DIR: join(dir, 'data'),
    MICROSOFT_APP_PASSWORD: 'secret-value',
    ...extra,
  });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-teams-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the zip for the configured app id and host', async () => {
    const out = join(dir, 'app.zip');
    const result = await runCli(
      ['teams', 'package', '--out', out, '--app-version', '1.2.3', '--json'],
      env({
        MICROSOFT_APP_ID: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
        PUBLIC_URL: 'https://help.nimbus.example',
        TEAMS_TERMS_URL: 'https://nimbus.example/legal/terms',
      }),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ written: out, version: '1.2.3' });
    const manifest = JSON.parse(
      new TextDecoder().decode(unzipSync(await readFile(out))['manifest.json']),
    );
    expect(manifest).toMatchObject({
      id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      version: '1.2.3',
      validDomains: ['help.nimbus.example'],
      developer: {
        privacyUrl: 'https://help.nimbus.example/privacy',
        termsOfUseUrl: 'https://nimbus.example/legal/terms',
      },
    });
  });

  it('says what is missing or wrong in one line and exits non-zero', async () => {
    const noUrl = await runCli(
      ['teams', 'package', '--out', join(dir, 'x.zip')],
      env({ MICROSOFT_APP_ID: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' }),
    );
    expect(noUrl.code).not.toBe(0);
    expect(noUrl.stderr.split('\n')[0]).toMatch(/^switchboard: teams package needs PUBLIC_URL/);
    const badId = await runCli(
      ['teams', 'package', '--out', join(dir, 'y.zip')],
      env({ MICROSOFT_APP_ID: 'my-bot', PUBLIC_URL: 'https://help.nimbus.example' }),
    );
    expect(badId.code).toBe(1);
    expect(badId.stderr.trim().split('\n')).toHaveLength(1);
    expect(badId.stderr).toMatch(/\/id must match pattern/);
  });
});
