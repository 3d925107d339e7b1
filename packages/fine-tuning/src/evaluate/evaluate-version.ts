import { join } from 'node:path';
import {
  type BrandExample,
  loadArtifact,
  loadBrandDataset,
  OfflineBrandVoice,
} from '@switchboard/brand-voice';
import type { CompanyProfile } from '@switchboard/core';
import { SwitchboardError } from '@switchboard/core';
import type {
  EvaluateVersionOn,
  LoadVersionModel,
  RegisteredVersion,
} from '../registry/registry-types.ts';
import { evaluateBrandModel } from './evaluate-brand-model.ts';

/** Reads a validation split; an unreadable or empty one is DATA_INVALID (nothing to score on). */
export async function readValidationSplit(path: string): Promise<BrandExample[]> {
  const { examples, problems } = await loadBrandDataset(path);
  if (examples.length === 0) {
    throw new SwitchboardError('DATA_INVALID', `No usable validation examples in ${path}.`, {
      details: { problems: problems.slice(0, 5) },
    });
  }
  return examples;
}

/**
 * Where a version's validation split is: the path it was registered with, else the split of its
 * dataset under `<dataDir>/datasets/<hash>/` (as `brand dataset build` writes it).
 */
export function validationPathOf(version: RegisteredVersion, dataDir: string): string {
  return (
    version.validationPath ?? join(dataDir, 'datasets', version.datasetHash, 'validation.jsonl')
  );
}

/** Loads the offline model of a `local` version (its artifact file). */
export async function loadLocalVersion(
  version: RegisteredVersion,
  profile: CompanyProfile,
): Promise<OfflineBrandVoice> {
  if (version.provider !== 'local') {
    throw new SwitchboardError(
      'BAD_REQUEST',
      `${version.version} is served by ${version.provider}, not a local artifact.`,
    );
  }
  return OfflineBrandVoice.fromArtifact(await loadArtifact(version.modelId), profile);
}

/** The gate's `evaluateOn`: loads the version's model and scores it on the given split. */
export function versionEvaluator(options: {
  load: LoadVersionModel;
  profile: CompanyProfile;
}): EvaluateVersionOn {
  return async (version, validationPath) =>
    evaluateBrandModel(await options.load(version), await readValidationSplit(validationPath), {
      profile: options.profile,
    });
}
