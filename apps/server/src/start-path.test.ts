import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { buildOptions } from '../bin/compile.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The npm package an external import names (a bare name, or a path into node_modules). */
function packageOf(path: string): string {
  const nested = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (nested) return nested[1]!;
  return /^(?:@[^/]+\/)?[^/]+/.exec(path)![0];
}

/**
 * The npm packages the compiled server loads as it starts (the static imports reachable from its
 * entry) and those it loads only when a dynamic `import()` runs. The same module graph as tsx's.
 */
async function serverPackages(): Promise<{ atStart: Set<string>; onDemand: Set<string> }> {
  const result = await build({
    ...buildOptions(join(repoRoot, 'dist', 'module-graph')),
    write: false,
  });
  const outputs = result.metafile!.outputs;
  const entry = Object.keys(outputs).find((file) => file.endsWith('/server.js'))!;
  const atStart = new Set<string>();
  const onDemand = new Set<string>();
  const seen = new Set<string>();
  const walk = (file: string, dynamic: boolean) => {
    if (seen.has(`${file}:${dynamic}`)) return;
    seen.add(`${file}:${dynamic}`);
    for (const { path, kind, external } of outputs[file]?.imports ?? []) {
      const later = dynamic || kind === 'dynamic-import';
      if (external) (later ? onDemand : atStart).add(packageOf(path));
      else walk(path, later);
    }
  };
  walk(entry, false);
  return { atStart, onDemand };
}

/** Issue 12: a start without Slack or Teams configured does not pay for loading their SDKs. */
describe('what the server loads at start', () => {
  it('leaves the Slack and Bot Framework SDKs to an import() taken when the channel is on', async () => {
    const { atStart, onDemand } = await serverPackages();
    // The walk found the start path (a vacuous graph would pass the checks below).
    expect([...atStart]).toEqual(expect.arrayContaining(['fastify', 'ioredis', 'bullmq']));
    for (const sdk of ['@slack/bolt', '@slack/web-api', 'botbuilder', 'botframework-connector'])
      expect([...atStart]).not.toContain(sdk);
    expect([...onDemand]).toEqual(expect.arrayContaining(['@slack/bolt', 'botbuilder']));
  }, 60_000);

  it('loads LangChain, the OpenAI SDK, Qdrant, jose and bull-board only when first used', async () => {
    const { atStart, onDemand } = await serverPackages();
    const later = [
      '@langchain/core',
      '@langchain/openai',
      '@langchain/ollama',
      '@langchain/textsplitters',
      'openai',
      '@qdrant/js-client-rest',
      'jose',
      '@bull-board/api',
      '@bull-board/fastify',
    ];
    // apache-arrow and js-tiktoken are required (CommonJS) where they are used, never imported.
    for (const pkg of [...later, 'apache-arrow', 'js-tiktoken'])
      expect([...atStart]).not.toContain(pkg);
    expect([...onDemand]).toEqual(expect.arrayContaining(later));
  }, 60_000);
});
