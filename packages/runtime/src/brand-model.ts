import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  APPROVED_REPLY_SCRUB_VERSION,
  type BrandExample,
  type BrandVoiceArtifact,
  loadArtifact,
  loadBrandDataset,
  saveArtifact,
  trainBrandVoice,
} from '@switchboard/brand-voice';
import { SwitchboardError } from '@switchboard/core';
import { sha256 } from '@switchboard/text';

export interface BrandModelLoad {
  artifact: BrandVoiceArtifact;
  /** The artifact file (the base version's model id in the registry). */
  path: string;
  examples: BrandExample[];
  /** True when the artifact was trained now rather than loaded from the cache. */
  trained: boolean;
  problems: Array<{ line: number; reason: string }>;
}

/**
 * Loads the brand-voice artifact trained on exactly this data, training (and caching) it when the
 * data changed. The cache key hashes the examples, the company facts and the reply-scrubbing
 * version, so editing any of them retrains.
 */
export async function loadOrTrainBrandModel(options: {
  dataPath: string;
  modelsDir: string;
  /** Company facts: numbers and contacts in approved replies equal to one stay (see `trainBrandVoice`). */
  companyFacts?: Readonly<Record<string, string>>;
}): Promise<BrandModelLoad> {
  const { examples, problems } = await loadBrandDataset(options.dataPath);
  if (examples.length === 0) {
    throw new SwitchboardError(
      'DATA_INVALID',
      `No usable training examples in ${options.dataPath}`,
      {
        details: { problems: problems.slice(0, 5) },
      },
    );
  }
  // Replies are scrubbed with the company facts when training, so both are part of the key.
  const companyFacts = options.companyFacts ?? {};
  const key = sha256(
    JSON.stringify([
      APPROVED_REPLY_SCRUB_VERSION,
      Object.entries(companyFacts).sort(([a], [b]) => a.localeCompare(b)),
      examples.map((e) => [e.text, e.intent, e.response]),
    ]),
  ).slice(0, 16);
  const path = join(options.modelsDir, `brand-voice-${key}.json`);
  try {
    return { artifact: await loadArtifact(path), path, examples, trained: false, problems };
  } catch {
    // Not cached yet (or unreadable): train below.
  }
  const artifact = trainBrandVoice(examples, { companyFacts });
  await mkdir(options.modelsDir, { recursive: true });
  await saveArtifact(path, artifact);
  return { artifact, path, examples, trained: true, problems };
}
