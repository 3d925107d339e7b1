import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SwitchboardError } from '@switchboard/core';
import type { IntentClassifierJSON } from './classifier/intent-classifier.ts';
import type { ApprovedReply } from './reply-selector.ts';

export const ARTIFACT_FORMAT = 'switchboard.brand-voice/1';

export interface BrandVoiceMetrics {
  /** Accuracy on the held-out validation split (0 when the data was too small to hold any out). */
  validationAccuracy: number;
  macroF1: number;
  /** Expected calibration error of the confidence on the validation split (10 bins). */
  ece: number;
  /** Training examples. */
  n: number;
  nValidation: number;
  trainSeconds: number;
}

/** Everything the offline brand-voice model needs, as plain JSON. */
export interface BrandVoiceArtifact {
  format: typeof ARTIFACT_FORMAT;
  /** `<createdAt>-<first 8 hex of dataHash>`; part of the model id (`offline:<version>`). */
  version: string;
  createdAt: string;
  /** sha256 of the normalised training data. */
  dataHash: string;
  metrics: BrandVoiceMetrics;
  classifier: IntentClassifierJSON;
  /** Approved replies per intent, with the instruction each one answered. */
  responses: Record<string, ApprovedReply[]>;
  /** Set when `responses` were scrubbed at training; older artifacts are scrubbed when loaded. */
  repliesScrubbed?: true;
}

/** Writes the artifact atomically: a temporary file in the same folder, then a rename. */
export async function saveArtifact(path: string, artifact: BrandVoiceArtifact): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(artifact));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function invalid(path: string, reason: string, cause?: unknown): SwitchboardError {
  return new SwitchboardError('DATA_INVALID', `Invalid brand-voice artifact ${path}: ${reason}`, {
    cause,
    details: { path },
  });
}

/** Reads and checks an artifact; a missing file is `NOT_FOUND`, anything malformed `DATA_INVALID`. */
export async function loadArtifact(path: string): Promise<BrandVoiceArtifact> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SwitchboardError(
      missing ? 'NOT_FOUND' : 'DATA_INVALID',
      `Cannot read brand-voice artifact ${path}.`,
      {
        cause,
        details: { path },
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw invalid(path, 'not JSON', cause);
  }
  const artifact = value as Partial<BrandVoiceArtifact> | null;
  if (artifact?.format !== ARTIFACT_FORMAT) {
    throw invalid(
      path,
      `format is ${JSON.stringify(artifact?.format)}, expected ${ARTIFACT_FORMAT}`,
    );
  }
  if (typeof artifact.version !== 'string' || typeof artifact.dataHash !== 'string') {
    throw invalid(path, 'missing version or dataHash');
  }
  if (typeof artifact.classifier !== 'object' || artifact.classifier === null)
    throw invalid(path, 'missing classifier');
  if (typeof artifact.responses !== 'object' || artifact.responses === null)
    throw invalid(path, 'missing responses');
  if (typeof artifact.metrics !== 'object' || artifact.metrics === null)
    throw invalid(path, 'missing metrics');
  return artifact as BrandVoiceArtifact;
}
