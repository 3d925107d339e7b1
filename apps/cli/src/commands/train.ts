import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadBrandDataset, saveArtifact, trainBrandVoice } from '@switchboard/brand-voice';
import { loadConfig } from '@switchboard/config';
import { type CommandArgs, printResult, UsageError } from '../output.ts';

/** `switchboard train brand-voice --data <file>`: train, report validation metrics, save the artifact. */
export async function trainCommand({ positionals, values }: CommandArgs): Promise<void> {
  const [what] = positionals;
  if (what !== 'brand-voice')
    throw new UsageError('usage: switchboard train brand-voice --data <file.jsonl|file.csv>');
  const config = loadConfig();
  const dataPath = typeof values.data === 'string' ? values.data : config.brandDataPath;
  const { examples, problems } = await loadBrandDataset(dataPath);
  const artifact = trainBrandVoice(examples);
  const directory = join(config.dataDir, 'models');
  await mkdir(directory, { recursive: true });
  const path = join(
    directory,
    `brand-voice-trained-${artifact.version.replace(/[^A-Za-z0-9_-]/g, '-')}.json`,
  );
  await saveArtifact(path, artifact);
  printResult(
    {
      version: artifact.version,
      examples: examples.length,
      intents: new Set(examples.map((e) => e.intent)).size,
      skipped_lines: problems.length,
      validation_accuracy: artifact.metrics.validationAccuracy,
      validation_macro_f1: artifact.metrics.macroF1,
      validation_ece: artifact.metrics.ece,
      train_seconds: artifact.metrics.trainSeconds,
      artifact: path,
    },
    values.json === true,
  );
}
