import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
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
import { isSwitchboardError, SwitchboardError } from '@switchboard/core';
import { type BrandProfile, buildDataset, loadBrandProfile } from '@switchboard/fine-tuning';
import { sha256 } from '@switchboard/text';
import { writeAtomically } from './write-atomically.ts';

/** The seed of the base model's split: `brand dataset build`'s default, so both make one dataset. */
export const BASE_SPLIT_SEED = 42;

/** The split the base model was trained on, as `brand dataset build` writes it. */
export interface BaseDataset {
  /** The dataset's hash (its folder name under `<dataDir>/datasets/`). */
  hash: string;
  trainPath: string;
  /** Absent when the data was too small to hold any example out (the model then saw everything). */
  validationPath?: string;
}

export interface BrandModelLoad {
  artifact: BrandVoiceArtifact;
  /** The artifact file (the base version's model id in the registry). */
  path: string;
  /** Every usable example of the data file (the router and the small-talk model fit on them). */
  examples: BrandExample[];
  /** Hash of `examples`: keys what is fitted on all of them (the router). */
  dataHash: string;
  /** The seeded split the artifact was trained on (its train part only). */
  dataset: BaseDataset;
  /** True when the artifact was trained now rather than loaded from the cache. */
  trained: boolean;
  problems: Array<{ line: number; reason: string }>;
}

export interface LoadOrTrainBrandModelOptions {
  dataPath: string;
  modelsDir: string;
  /** Where the base split is written: `<dataDir>/datasets`, where `brand dataset build` writes. */
  datasetsDir: string;
  /** The company profile file: its brand fields make the dataset's system prompt (and hash). */
  profilePath: string;
  /** SWITCHBOARD_COMPANY_NAME, which overrides the profile's name. */
  companyName?: string;
  /** Company facts: numbers and contacts in approved replies equal to one stay (see `trainBrandVoice`). */
  companyFacts?: Readonly<Record<string, string>>;
}

/** The profile `brand dataset build` reads; one without a company name still gets a split. */
async function brandProfileOf(o: LoadOrTrainBrandModelOptions): Promise<BrandProfile> {
  try {
    return await loadBrandProfile(o.profilePath, o.companyName);
  } catch (error) {
    if (!isSwitchboardError(error) || error.code !== 'CONFIG_INVALID') throw error;
    return {
      name: o.companyName ?? 'Support',
      phrasesToAvoid: [],
      facts: { ...(o.companyFacts ?? {}) },
    };
  }
}

const exists = async (path: string) => (await stat(path).catch(() => null))?.isFile() === true;

/**
 * The base split of the data file: built once with the seeded splitter of `brand dataset build`
 * (same seed, same profile, hence the same dataset folder), then found again through a small
 * pointer keyed by the file's bytes and the profile, so a warm start does not validate the data
 * again (nor make the base dataset look newer than one built since).
 */
async function baseDataset(o: LoadOrTrainBrandModelOptions): Promise<BaseDataset> {
  const profile = await brandProfileOf(o);
  const bytes = await readFile(o.dataPath).catch(() => Buffer.alloc(0));
  const key = sha256(
    JSON.stringify([
      'base-split-1',
      BASE_SPLIT_SEED,
      createHash('sha256').update(bytes).digest('hex'),
      profile.name,
      profile.toneGuide ?? '',
      profile.signOff ?? '',
      profile.phrasesToAvoid,
      Object.entries(profile.facts).sort(([a], [b]) => a.localeCompare(b)),
    ]),
  ).slice(0, 16);
  const pointer = join(o.modelsDir, `brand-split-${key}.json`);
  const found = await readFile(pointer, 'utf8')
    .then((text) => JSON.parse(text) as Partial<BaseDataset>)
    .catch(() => null);
  if (
    typeof found?.hash === 'string' &&
    typeof found.trainPath === 'string' &&
    (await exists(found.trainPath)) &&
    (found.validationPath === undefined ||
      (typeof found.validationPath === 'string' && (await exists(found.validationPath))))
  ) {
    return found as BaseDataset;
  }
  // Lines with errors are left out, as loading the data file skips them.
  const built = await buildDataset({
    sources: [{ kind: 'file', path: o.dataPath }],
    outDir: o.datasetsDir,
    profile,
    seed: BASE_SPLIT_SEED,
    allowErrors: true,
  });
  const dataset: BaseDataset = {
    hash: built.hash,
    trainPath: built.paths.train,
    ...(built.report.counts.validation > 0 ? { validationPath: built.paths.validation } : {}),
  };
  await mkdir(o.modelsDir, { recursive: true });
  await writeAtomically(pointer, `${JSON.stringify(dataset)}\n`);
  return dataset;
}

/**
 * Customer messages as the split matches them: the dataset build writes identifiers as
 * placeholders ("order 3707955617" → "order {{Order Number}}"), so both become one mark.
 */
function splitKey(text: string, intent: string): string {
  const folded = text
    .toLowerCase()
    .replace(/\{\{[^}]*\}\}|\[[^\]]*\]|\S*\d\S*|\S+@\S+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
  return `${intent}\u0000${folded}`;
}

/**
 * The examples of the data file that are not in the split's validation part, as written in the
 * file. The classifier learns from messages as customers type them: trained on the dataset's
 * scrubbed copies it would never see an order number in training and doubt every message that
 * has one (brand routing on the Bitext dev mix fell from 0.98 to 0.95).
 */
async function rawTrainingExamples(
  examples: readonly BrandExample[],
  dataset: BaseDataset,
): Promise<BrandExample[]> {
  if (dataset.validationPath === undefined) return [...examples];
  const held = (await loadBrandDataset(dataset.validationPath)).examples;
  const heldKeys = new Set(held.map((e) => splitKey(e.text, e.intent)));
  return examples.filter((e) => !heldKeys.has(splitKey(e.text, e.intent)));
}

/**
 * Loads the base brand-voice artifact, training (and caching) it when the data changed. It is
 * trained on the train part of the seeded split `brand dataset build` makes, so its validation
 * part stays unseen: `brand eval` can score the base version, and a candidate trained on the
 * same dataset is compared with it fairly. The cache key hashes the training examples, the
 * company facts and the reply-scrubbing version, so editing any of them retrains.
 */
export async function loadOrTrainBrandModel(
  options: LoadOrTrainBrandModelOptions,
): Promise<BrandModelLoad> {
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
  const dataset = await baseDataset(options);
  const train = await rawTrainingExamples(examples, dataset);
  // As the artifact's `dataHash` was when it was trained on all of them: router caches stay valid.
  const clean = (text: string) => text.replace(/\r\n?/g, '\n').trim();
  const dataHash = sha256(
    JSON.stringify(examples.map((e) => [clean(e.text), clean(e.intent), clean(e.response)])),
  );
  // Replies are scrubbed with the company facts when training, so both are part of the key.
  const companyFacts = options.companyFacts ?? {};
  const key = sha256(
    JSON.stringify([
      APPROVED_REPLY_SCRUB_VERSION,
      Object.entries(companyFacts).sort(([a], [b]) => a.localeCompare(b)),
      train.map((e) => [e.text, e.intent, e.response]),
    ]),
  ).slice(0, 16);
  const path = join(options.modelsDir, `brand-voice-${key}.json`);
  const loaded = { path, examples, dataHash, dataset, problems };
  try {
    return { ...loaded, artifact: await loadArtifact(path), trained: false };
  } catch {
    // Not cached yet (or unreadable): train below.
  }
  const artifact = trainBrandVoice(train, { companyFacts });
  await mkdir(options.modelsDir, { recursive: true });
  await saveArtifact(path, artifact);
  return { ...loaded, artifact, trained: true };
}
