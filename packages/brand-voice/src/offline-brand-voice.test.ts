import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARTIFACT_FORMAT, loadArtifact, saveArtifact } from './artifact.ts';
import { SUPPORT_EXAMPLES } from './fixtures/support-examples.ts';
import { OfflineBrandVoice, wordChunks } from './offline-brand-voice.ts';
import { trainBrandVoice } from './train.ts';

const profile = { 'Website Name': 'Nimbus Home', 'Customer Support Phone Number': '+1 555 0100' };
const artifact = trainBrandVoice(SUPPORT_EXAMPLES, { now: () => new Date('2026-01-02T03:04:05Z') });

async function reply(
  model: OfflineBrandVoice,
  text: string,
  history: Array<{ role: 'user' | 'assistant'; text: string }> = [],
) {
  const chunks: string[] = [];
  for await (const chunk of model.respond({ text, intent: model.classify(text), history }))
    chunks.push(chunk);
  return chunks;
}

describe('trainBrandVoice', () => {
  it('produces a versioned artifact with validation metrics and replies per intent', () => {
    expect(artifact.format).toBe(ARTIFACT_FORMAT);
    expect(artifact.createdAt).toBe('2026-01-02T03:04:05.000Z');
    expect(artifact.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(artifact.version).toBe(`2026-01-02T03:04:05.000Z-${artifact.dataHash.slice(0, 8)}`);
    expect(artifact.metrics.n).toBe(SUPPORT_EXAMPLES.length);
    expect(artifact.metrics.nValidation).toBeGreaterThan(0);
    expect(Object.keys(artifact.responses).sort()).toEqual([
      'refund',
      'reset_password',
      'track_order',
    ]);
    expect(artifact.responses.track_order).toHaveLength(11);
    // Same data, same hash; the hash follows the data.
    expect(trainBrandVoice(SUPPORT_EXAMPLES).dataHash).toBe(artifact.dataHash);
    expect(trainBrandVoice(SUPPORT_EXAMPLES.slice(1)).dataHash).not.toBe(artifact.dataHash);
  });
});

describe('OfflineBrandVoice', () => {
  const model = OfflineBrandVoice.fromArtifact(artifact, profile);

  it('has an id from the artifact version and classifies with the trained classifier', () => {
    expect(model.id).toBe(`offline:${artifact.version}`);
    expect(model.classify('please refund my money').label).toBe('refund');
  });

  it('picks the approved reply whose instruction is nearest and fills it from profile and message', async () => {
    const late = await reply(model, 'order #10482 is late and still not delivered');
    expect(late.join('')).toBe(
      'We are sorry order 10482 is late. Call us on +1 555 0100 and we will chase the courier.',
    );
    const onTime = await reply(model, 'where is my order 10482?');
    expect(onTime.join('')).toBe(
      'Your order 10482 is on its way. Track it any time on Nimbus Home.',
    );
    // Without an order number the neutral wording stands in.
    const vague = await reply(model, 'track my package');
    expect(vague.join('')).toBe('Your order is on its way. Track it any time on Nimbus Home.');
  });

  it('takes slots from earlier customer turns and streams word-sized chunks', async () => {
    const chunks = await reply(model, 'when will my parcel arrive', [
      { role: 'user', text: 'hi, it is about order number 55501' },
      { role: 'assistant', text: 'Happy to help.' },
    ]);
    expect(chunks.join('')).toBe(
      'Your order 55501 is on its way. Track it any time on Nimbus Home.',
    );
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.trim().split(/\s+/)).toHaveLength(1);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const stream = model.respond(
      { text: 'refund', intent: model.classify('refund'), history: [] },
      { signal: controller.signal },
    );
    await expect(async () => {
      for await (const _ of stream) {
        // consume
      }
    }).rejects.toThrow();
  });

  it('splits text into chunks that join back exactly', () => {
    const text = ' Hello  there,\nfriend. ';
    expect(wordChunks(text).join('')).toBe(text);
  });
});

describe('artifact files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brand-artifact-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('saves and loads an artifact that answers the same', async () => {
    const path = join(dir, 'models', 'brand.json');
    await saveArtifact(path, artifact);
    const loaded = await loadArtifact(path);
    expect(loaded).toEqual(JSON.parse(JSON.stringify(artifact)));
    const restored = OfflineBrandVoice.fromArtifact(loaded, profile);
    const text = 'my delivery is overdue, order #777';
    expect(restored.classify(text)).toEqual(
      OfflineBrandVoice.fromArtifact(artifact, profile).classify(text),
    );
  });

  it('rejects foreign or broken files with DATA_INVALID and missing ones with NOT_FOUND', async () => {
    await writeFile(
      join(dir, 'other.json'),
      JSON.stringify({ ...artifact, format: 'something-else/1' }),
    );
    await writeFile(join(dir, 'broken.json'), '{"format":');
    await expect(loadArtifact(join(dir, 'other.json'))).rejects.toMatchObject({
      code: 'DATA_INVALID',
    });
    await expect(loadArtifact(join(dir, 'broken.json'))).rejects.toMatchObject({
      code: 'DATA_INVALID',
    });
    await expect(loadArtifact(join(dir, 'none.json'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
