import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Config, loadConfig } from '@switchboard/config';
import type { Reply } from '@switchboard/core';
import { openRuntime, type Runtime } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { propertyNameText } from '../support/property-names.ts';
import { runtimeEnv } from '../support/runtime-env.ts';

const SAMPLE_HELP = resolve(import.meta.dirname, '../../data/sample/help-centre');

const CONSTRUCTOR_PAGE = `# Constructor mode

Constructor mode builds a heating schedule from scratch, one block at a time.

## Turn on constructor mode

Open the app, go to Schedule and choose Constructor. Drag blocks onto the week, then save.

## Words the schedule editor shows

${propertyNameText()}.
`;

// Issue 9: a message containing "constructor" got 503 INDEX_UNAVAILABLE; a help page containing
// it was reported as added, and after a restart the server could not open its index and did not
// start. Through the runtime `npm start` opens: real embedded index, real Redis, real sync.
describe('issue 9: "constructor" in a message and in a document, across a restart', () => {
  let dataDir: string;
  let config: Config;
  let runtime: Runtime | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-issue9-'));
    const help = join(dataDir, 'help');
    await cp(SAMPLE_HELP, help, { recursive: true });
    await writeFile(join(help, 'features', 'constructor-mode.md'), CONSTRUCTOR_PAGE);
    // A page that cannot be read (not UTF-8): skipped and reported, never blocks the rest.
    await writeFile(join(help, 'features', 'broken.md'), Buffer.from([0x23, 0x20, 0xff, 0xfe]));
    // Profile keys named like properties are facts, not prototype lookups.
    const profile = join(dataDir, 'company.json');
    await writeFile(
      profile,
      '{"Company Name": "Nimbus Home", "__proto__": "P", "constructor": "C", "toString": "T"}',
    );
    config = loadConfig(
      runtimeEnv(dataDir, {
        SWITCHBOARD_KNOWLEDGE_PATH: help,
        SWITCHBOARD_COMPANY_PROFILE: profile,
      }),
    );
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const ask = (text: string): Promise<Reply> => {
    if (!runtime) throw new Error('no runtime');
    return runtime.assistant.reply({ conversationId: crypto.randomUUID(), text, channel: 'api' });
  };

  async function expectConstructorFound(): Promise<void> {
    const hits = await runtime!.index.search({ text: 'constructor mode', limit: 3 });
    expect(hits[0]?.chunk.docId).toBe('features/constructor-mode.md');
    const reply = await ask('How do I turn on constructor mode?');
    expect(reply.route).toBe('knowledge');
    expect(reply.citations.map((c) => c.docId)).toContain('features/constructor-mode.md');
    // Every property name in one message: answered, whatever the route.
    const odd = await ask(`constructor __proto__ ${propertyNameText()}`);
    expect(odd.text.length).toBeGreaterThan(0);
  }

  it('indexes the page, answers messages containing the word, and reports the bad page', async () => {
    runtime = await openRuntime(config);
    await runtime.settled;
    await expectConstructorFound();
    const [run] = await runtime.sync.history.list('default');
    expect(run?.failed.map((f) => f.docId)).toEqual(['features/broken.md']);
    expect(run?.failed[0]?.message).toMatch(/UTF-8/);
    expect(runtime.profile.constructor).toBe('C');
  }, 180_000);

  it('opens the same index again after a restart and still finds the page', async () => {
    const before = await runtime!.index.count();
    await runtime!.close();
    runtime = undefined;
    runtime = await openRuntime(config);
    await runtime.settled;
    expect(await runtime.index.count()).toBe(before);
    await expectConstructorFound();
    expect((await runtime.readiness()).status).toBe('ok');
  }, 180_000);
});
